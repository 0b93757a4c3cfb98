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
from dataclasses import dataclass
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


@dataclass(eq=False)
class Indirect:
    """A dictionary written as an indirect object; the same instance is the same object."""

    value: dict[str, Any]


@dataclass(eq=False)
class Stream:
    """A stream object: its dictionary (without /Length and /Filter) and its data."""

    dictionary: dict[str, Any]
    data: bytes
    compress: bool = True


@dataclass(frozen=True)
class Destination:
    """A place in the document named by ``Canvas.bookmarkHorizontal``; a link's /Dest."""

    name: str


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
    """

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.doc = canvas._doc
        self.page = self.doc.thisPageRef()
        self.refs: dict[int, Any] = {}

    def convert(self, value: Any) -> Any:
        if isinstance(value, Name):
            return pdfdoc.PDFName(value)
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str):
            return pdfdoc.PDFString(value)
        if isinstance(value, int | float):
            return value
        if isinstance(value, list | tuple):
            return pdfdoc.PDFArray([self.convert(item) for item in value])
        if isinstance(value, dict):
            return pdfdoc.PDFDictionary({k: self.convert(v) for k, v in value.items()})
        if isinstance(value, Indirect | Stream):
            return self._reference(value)
        if isinstance(value, Destination):
            return self.canvas._bookmarkReference(value.name)
        if value is PAGE:
            return self.page
        raise TypeError(f"no PDF object for {value!r}")

    def _reference(self, value: Indirect | Stream) -> Any:
        known = self.refs.get(id(value))
        if known is not None:
            return known
        if isinstance(value, Stream):
            made = pdfdoc.PDFStream(self.convert(value.dictionary), value.data)
            made.filters = [pdfdoc.PDFZCompress] if value.compress else []
            self.refs[id(value)] = reference = self.doc.Reference(made)
            return reference
        dictionary = pdfdoc.PDFDictionary()
        # Registered before it is filled, so that objects may refer to each other in a cycle.
        self.refs[id(value)] = reference = self.doc.Reference(dictionary)
        dictionary.dict.update({k: self.convert(v) for k, v in value.value.items()})
        return reference

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
