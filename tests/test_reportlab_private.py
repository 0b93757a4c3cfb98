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
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from factsheet.render import reportlab_private
from factsheet.render.reportlab_private import set_document_id, source_date_epoch_hidden

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
