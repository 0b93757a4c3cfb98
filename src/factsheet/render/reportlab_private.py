"""Every place the renderer relies on ReportLab beyond its public API, and why.

ReportLab 5.1 has no public way to do what these functions do. Keeping each in one named
function here gives an upgrade one file to check, and tests/test_reportlab_private.py pins
each against the installed ReportLab: if a release renames or drops what is used here, a
test fails, rather than a build quietly producing different bytes.

The tagged PDF/UA and PDF/A objects (structure tree, link annotations, XMP, output intent)
are described by the other render modules as plain values: ``dict`` for a dictionary,
``list`` for an array, ``str`` for a text string, :class:`Name`, numbers and booleans, with
:class:`Indirect`, :class:`Stream`, :class:`Destination` and :data:`PAGE` for what only
ReportLab's object model can write. :class:`PdfObjects` turns them into that model.
"""

from __future__ import annotations

import binascii
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas


def set_document_id(canvas: Canvas, digest: bytes) -> None:
    """Make ``digest`` both halves of the trailer's /ID.

    ReportLab derives /ID from the title, author, subject, keywords and the time stamp, so
    in invariant mode two briefings that share those share an /ID; it has no way to be
    given one. ``PDFDocument.ID()`` returns ``_ID`` as it is when it is set, and the
    trailer writes those bytes verbatim: two hex strings in brackets, between newlines, as
    ReportLab spells its own (without the comment it adds after it).
    """
    half = b"<" + binascii.hexlify(digest) + b">"
    canvas._doc._ID = b"\n[" + half + half + b"]\n"


@contextmanager
def source_date_epoch_hidden() -> Iterator[None]:
    """Hide SOURCE_DATE_EPOCH from ReportLab while a canvas is made, then restore it.

    A canvas reads the variable itself when it is created (``reportlab.lib.utils.TimeStamp``)
    and converts it with ``int()``, unchecked: a value that is not whole seconds raises
    inside ``Canvas()``. The caller has already read and checked it and sets the creation
    date with ``Canvas.setDateFormatter``, so ReportLab's own reading is never wanted.
    """
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved


# --- plain values for the PDF objects ReportLab cannot make on its own ----------------------


class Name(str):
    """A PDF name, such as ``/StructElem``; written without its slash here."""


# Plain classes rather than dataclasses: making a dataclass costs a build a few hundred
# microseconds at import, and these need nothing a dataclass adds.


class Indirect:
    """A dictionary written as an indirect object; the same instance is the same object."""

    __slots__ = ("value",)

    def __init__(self, value: dict[str, Any]) -> None:
        self.value = value


class Stream:
    """A stream object: its dictionary (without /Length and /Filter) and its data."""

    __slots__ = ("compress", "data", "dictionary")

    def __init__(self, dictionary: dict[str, Any], data: bytes, compress: bool = True) -> None:
        self.dictionary = dictionary
        self.data = data
        self.compress = compress


class Destination:
    """A place in the document named by ``Canvas.bookmarkHorizontal``; a link's /Dest."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


class _Page:
    """The one page being drawn, as a reference (a structure element's /Pg)."""


PAGE = _Page()


class PdfObjects:
    """Writes plain values into one canvas's document, each :class:`Indirect` once.

    ReportLab has no public object model: ``pdfdoc`` is undocumented, and a canvas keeps its
    document (``_doc``), its page's annotations (``_annotationrefs``) and its bookmarks
    (``_bookmarkReference``) private. The catalog and page dictionaries write only the keys
    their class lists in ``__NoDefault__`` (a catalog drops /OutputIntents, a page drops
    /StructParents and /Tabs); an instance's own list widens it for that object alone.

    Values are written by :class:`_Literal`, in one pass when the file is written, rather
    than as a tree of ``pdfdoc`` objects: a page's structure tree has hundreds of small
    dictionaries, and ReportLab's own objects cost several milliseconds to make and format.
    """

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.doc = canvas._doc
        self.page = self.doc.thisPageRef()
        self.refs: dict[int, Any] = {}

    def convert(self, value: Any) -> Any:
        """``value`` as something ReportLab's writer accepts: a reference for an indirect
        object, otherwise an object that writes ``value`` where it stands."""
        if isinstance(value, Indirect | Stream):
            return self._reference(value)
        if not isinstance(value, _VALUES):
            raise TypeError(f"no PDF object for {value!r}")
        return _Literal(self, value)

    def _reference(self, value: Indirect | Stream) -> Any:
        known = self.refs.get(id(value))
        if known is not None:
            return known
        if isinstance(value, Stream):
            entries = {k: self.convert(v) for k, v in value.dictionary.items()}
            made: Any = pdfdoc.PDFStream(pdfdoc.PDFDictionary(entries), value.data)
            made.filters = [pdfdoc.PDFZCompress] if value.compress else None
        else:
            made = _Literal(self, value.value)
        self.refs[id(value)] = reference = self.doc.Reference(made)
        return reference

    def write(self, value: Any, document: Any) -> bytes:
        """The PDF syntax of ``value``; references are resolved as the file is written."""
        kind = type(value)  # the commonest kinds first: this runs for every value written
        if kind is dict:
            return b"<<" + b"".join(self._entry(k, v, document) for k, v in value.items()) + b">>"
        if kind is Name:
            return _name(value)
        if kind is int:
            return b"%d" % value
        if kind is Indirect or kind is Stream:
            reference: bytes = self._reference(value).format(document)
            return reference
        if kind is list or kind is tuple:
            return b"[" + b" ".join([self.write(item, document) for item in value]) + b"]"
        if kind is str:
            return _text_string(value)
        if kind is bool:
            return b"true" if value else b"false"
        if kind is float:
            return (b"%.4f" % value).rstrip(b"0").rstrip(b".")
        if value is PAGE:
            page: bytes = self.page.format(document)
            return page
        if kind is Destination:
            destination: bytes = self.canvas._bookmarkReference(value.name).format(document)
            return destination
        raise TypeError(f"no PDF object for {value!r}")

    def _entry(self, key: str, value: Any, document: Any) -> bytes:
        return _name(key) + b" " + self.write(value, document)

    def annotate(self, annotation: Indirect) -> None:
        """Put ``annotation`` in the current page's /Annots."""
        self.canvas._annotationrefs.append(self.convert(annotation))

    def set_catalog(self, entries: Mapping[str, Any]) -> None:
        catalog = self.doc.Catalog
        catalog.__NoDefault__ = [*catalog.__NoDefault__, *entries]
        for key, value in entries.items():
            setattr(catalog, key, self.convert(value))

    def set_last_page(self, entries: Mapping[str, Any]) -> None:
        """Set entries of the page ``showPage`` made last; a value of None removes one."""
        page = self.doc.Pages.pages[-1]
        page.__NoDefault__ = [*page.__NoDefault__, *entries]
        for key, value in entries.items():
            setattr(page, key, None if value is None else self.convert(value))


_VALUES = (str, int, float, list, tuple, dict, Destination, _Page)


class _Literal(pdfdoc.PDFObject):  # type: ignore[misc]  # ReportLab is untyped
    """A plain value, written by :meth:`PdfObjects.write` when ReportLab writes the file."""

    def __init__(self, objects: PdfObjects, value: Any) -> None:
        self.objects = objects
        self.value = value

    def format(self, document: Any) -> bytes:
        return self.objects.write(self.value, document)


@cache
def _name(name: str) -> bytes:
    """``/Name``, escaped as PDF names are (a page writes the same few names many times)."""
    written: str = pdfdoc.PDFName(name)
    return written.encode("ascii")


def _text_string(text: str) -> bytes:
    """A PDF text string: literal when it is printable ASCII, else UTF-16BE with its BOM."""
    if text.isascii() and text.isprintable():
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return b"(" + escaped.encode("ascii") + b")"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


# --- the file's syntax, as PDF/A asks for it --------------------------------------------------

_ENDSTREAM = b"endstream\n"
_FLAG = "factsheet_pdfa_streams"
_original_stream_format: Callable[..., bytes] | None = None


def _stream_format(stream: Any, document: Any) -> bytes:
    assert _original_stream_format is not None
    if not getattr(document, _FLAG, False):
        return _original_stream_format(stream, document)
    if stream.filters:
        stream.filters = [f for f in stream.filters if f is not pdfdoc.PDFBase85Encode]
    data = _original_stream_format(stream, document)
    if not data.endswith(_ENDSTREAM):
        raise RuntimeError("ReportLab no longer ends a stream with 'endstream'")
    return data[: -len(_ENDSTREAM)] + b"\n" + _ENDSTREAM


def pdfa_streams(canvas: Canvas) -> None:
    """Write every stream of this canvas's document as PDF/A wants: an end-of-line before
    ``endstream`` (not counted in /Length), and no ASCII85 layer on the page content.

    ``PDFStream.format`` writes ``endstream`` straight after the data, and a page stream of
    a compressed canvas gets ASCII85 on top of Flate while ``rl_config.useA85`` is set (its
    default). The method is wrapped once per process; the wrapper changes nothing for
    documents that did not ask for it.
    """
    global _original_stream_format
    if _original_stream_format is None:
        _original_stream_format = pdfdoc.PDFStream.format
        pdfdoc.PDFStream.format = _stream_format
    setattr(canvas._doc, _FLAG, True)
