"""What render/reportlab_private.py relies on in ReportLab, pinned against the installed release.

Each function there uses something ReportLab does not promise to keep. Each test here fails
if an upgrade removes or changes it, so an upgrade is noticed here rather than as a PDF
that quietly comes out different. The last test keeps every such use in that one module.
"""

from __future__ import annotations

import ast
import binascii
import hashlib
import os
import re
from io import BytesIO
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from factsheet.render import reportlab_private
from factsheet.render.reportlab_private import (
    PAGE,
    Destination,
    Indirect,
    Name,
    PdfObjects,
    Stream,
    pdfa_streams,
    set_document_id,
    source_date_epoch_hidden,
)

RENDER = Path(reportlab_private.__file__).parent
DIGEST = hashlib.md5(b"a briefing", usedforsecurity=False).digest()


def page(text: str = "a page") -> Canvas:
    canvas = Canvas(BytesIO(), invariant=1, pageCompression=0)
    canvas.setTitle("the same title")
    canvas.drawString(72, 72, text)
    return canvas


def trailer_id(data: bytes) -> list[bytes]:
    pair: Any = PdfReader(BytesIO(data)).trailer["/ID"]  # pypdf types it as any PDF object
    return [value.original_bytes for value in pair]


def test_reportlab_keeps_the_document_id_where_set_document_id_puts_it() -> None:
    canvas = page()
    assert canvas._doc._ID is None, "ReportLab no longer keeps a not-yet-made /ID in _ID"
    set_document_id(canvas, b"\x01" * 16)
    assert canvas._doc.ID() is canvas._doc._ID, "ID() no longer returns a preset _ID"


def test_set_document_id_makes_the_digest_both_halves_of_the_trailer_id() -> None:
    canvas = page()
    set_document_id(canvas, DIGEST)
    data = canvas.getpdfdata()
    half = b"<" + binascii.hexlify(DIGEST) + b">"
    # The trailer holds the bytes as given, spelled as ReportLab spells its own /ID.
    assert b"trailer\n<<\n/ID \n[" + half + half + b"]\n\n/Info " in data
    assert trailer_id(data) == [DIGEST, DIGEST]


def test_without_it_reportlab_gives_different_pages_one_id() -> None:
    """Why set_document_id exists: invariant mode derives /ID from metadata alone."""
    first, second = page("one text").getpdfdata(), page("another").getpdfdata()
    assert first != second
    assert trailer_id(first) == trailer_id(second)
    assert trailer_id(first) != [DIGEST, DIGEST]


def test_reportlab_reads_source_date_epoch_unchecked_when_a_canvas_is_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Why source_date_epoch_hidden exists: a value that is not whole seconds raises."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not seconds")
    with pytest.raises(ValueError):
        Canvas(BytesIO(), invariant=1)


def test_source_date_epoch_is_hidden_while_the_canvas_is_made_and_then_restored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not seconds")
    with source_date_epoch_hidden():
        assert "SOURCE_DATE_EPOCH" not in os.environ
        Canvas(BytesIO(), invariant=1)
    assert os.environ["SOURCE_DATE_EPOCH"] == "not seconds"
    with pytest.raises(RuntimeError), source_date_epoch_hidden():
        raise RuntimeError
    assert os.environ["SOURCE_DATE_EPOCH"] == "not seconds"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    with source_date_epoch_hidden():
        pass
    assert "SOURCE_DATE_EPOCH" not in os.environ


def _private_uses(path: Path) -> list[str]:
    """``x._name`` on anything but ``self``, and imports of ReportLab's PDF object model."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and not (isinstance(node.value, ast.Name) and node.value.id in {"self", "cls"})
        ):
            found.append(f"{path.name}:{node.lineno} .{node.attr}")
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "reportlab.pdfbase.pdfdoc"
        ):
            found.append(f"{path.name}:{node.lineno} from {node.module}")
    return found


def test_no_other_render_module_reaches_into_reportlab() -> None:
    others = sorted(p for p in RENDER.glob("*.py") if p.name != "reportlab_private.py")
    assert others, "the render package moved"
    assert [use for path in others for use in _private_uses(path)] == []
    assert _private_uses(RENDER / "reportlab_private.py"), "the check no longer sees a use"


# --- the tagged PDF/UA, PDF/A objects -------------------------------------------------------


def saved(canvas: Canvas) -> pikepdf.Pdf:
    canvas.save()
    buffer = canvas._filename
    assert isinstance(buffer, BytesIO)
    return pikepdf.open(BytesIO(buffer.getvalue()))


def test_reportlab_has_no_public_way_to_these_entries() -> None:
    """Why PdfObjects exists: the catalog and page write only keys their class lists, and
    linkRect refuses the key every tagged link needs."""
    canvas = Canvas(BytesIO(), invariant=1)
    canvas.setCatalogEntry("OutputIntents", [{"S": "/GTS_PDFA1"}])
    canvas.drawString(72, 72, "a page")
    canvas.showPage()
    page = canvas._doc.Pages.pages[-1]
    page.StructParents = 0
    with saved(canvas) as pdf:
        assert "/OutputIntents" not in pdf.Root
        assert "/StructParents" not in pdf.pages[0].obj
        assert pdf.pages[0].obj.Trans == pikepdf.Dictionary()  # an empty transition
    linked = Canvas(BytesIO(), invariant=1)
    linked.bookmarkPage("somewhere")
    linked.linkRect("", "somewhere", (0, 0, 10, 10), StructParent=1)
    with pytest.raises(ValueError, match="StructParent"):
        linked.getpdfdata()


def test_pdf_objects_write_catalog_page_and_annotation_entries() -> None:
    canvas = Canvas(BytesIO(), invariant=1)
    objects = PdfObjects(canvas)
    canvas.bookmarkHorizontal("target", 72, 500)
    canvas.drawString(72, 72, "a page")
    link = Indirect({"Type": Name("Annot"), "Subtype": Name("Link"), "Rect": [0, 0, 9, 9]})
    link.value["Dest"] = Destination("target")
    objects.annotate(link)
    element = Indirect({"S": Name("Link"), "Text": "Ωμέγα", "Page": PAGE})
    element.value["K"] = [{"Type": Name("OBJR"), "Obj": link}, 0, 1.5, True, False]
    element.value["Self"] = element  # a cycle is one object referring to itself
    canvas.showPage()
    objects.set_last_page({"StructParents": 0, "Tabs": Name("S"), "Trans": None})
    profile = Stream({"N": 3}, b"profile bytes")
    objects.set_catalog({"OutputIntents": [{"DestOutputProfile": profile}], "Element": element})
    with saved(canvas) as pdf:
        page = pdf.pages[0].obj
        assert (int(page.StructParents), str(page.Tabs), "/Trans" in page) == (0, "/S", False)
        annotation = page.Annots[0]
        assert annotation.Dest[0].objgen == page.objgen
        written = pdf.Root.Element
        assert written.Self.objgen == written.objgen
        assert written.K[0].Obj.objgen == annotation.objgen
        assert list(written.K)[1:] == [0, 1.5, True, False]
        assert (str(written.Text), written.Page.objgen, str(written.S)) == (
            "Ωμέγα",
            page.objgen,
            "/Link",
        )
        stream = pdf.Root.OutputIntents[0].DestOutputProfile
        assert stream.read_bytes() == b"profile bytes"
        assert stream.Filter == "/FlateDecode" or list(stream.Filter) == ["/FlateDecode"]
    with pytest.raises(TypeError):
        objects.convert(object())


def raw_streams(data: bytes) -> list[tuple[bytes, bytes]]:
    """(dictionary, the bytes between 'stream' + EOL and 'endstream') of every stream."""
    return re.findall(rb"(<<(?:(?!>>\s*stream).)*>>)\s*stream\r?\n(.*?)endstream", data, re.S)


def test_reportlab_writes_endstream_right_after_the_data_and_ascii85_pages() -> None:
    """Why pdfa_streams exists: PDF/A wants an end-of-line before endstream."""
    canvas = Canvas(BytesIO(), invariant=1, pageCompression=1)
    canvas.drawString(72, 72, "a page")
    data = canvas.getpdfdata()
    streams = raw_streams(data)
    assert streams and any(not body.endswith(b"\n") for _dictionary, body in streams)
    assert any(b"ASCII85Decode" in dictionary for dictionary, _body in streams)


def test_pdfa_streams_end_each_stream_with_an_eol_that_length_does_not_count() -> None:
    canvas = Canvas(BytesIO(), invariant=1, pageCompression=1)
    pdfa_streams(canvas)
    canvas.drawString(72, 72, "a page")
    data = canvas.getpdfdata()
    streams = raw_streams(data)
    assert streams
    for dictionary, body in streams:
        length = re.search(rb"/Length (\d+)", dictionary)
        assert length is not None and body.endswith(b"\n")
        assert int(length[1]) == len(body) - 1
        assert b"ASCII85Decode" not in dictionary
    # Other documents in the same process are written as ReportLab writes them.
    other = Canvas(BytesIO(), invariant=1, pageCompression=1)
    other.drawString(72, 72, "a page")
    assert any(b"ASCII85Decode" in d for d, _body in raw_streams(other.getpdfdata()))
