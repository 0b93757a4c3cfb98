"""The renderer's entry: ``fit`` the content on the page (layout.py), then ``draw`` it.

``draw`` decides nothing about sizes or places: it paints the layout ``fit`` measured and
returns the PDF's bytes, the same bytes for the same inputs. It paints a tagged PDF/UA-1,
PDF/A-2b page: every text in a structure element (tagging.py) in reading order, every
decoration an artifact, and the document's metadata and output intent (metadata.py).
"""

from __future__ import annotations

from io import BytesIO

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from ..styles import Style
from .content import PageContent
from .document_id import document_digest
from .flow import FlowItem
from .layout import DoesNotFit, Layout, fit
from .metadata import describe
from .reportlab_private import pdfa_streams, set_document_id, source_date_epoch_hidden
from .tagging import BlockMarks, Tagger

__all__ = ["DoesNotFit", "Layout", "draw", "fit"]
PDF_VERSION = (1, 7)


def draw(
    content: PageContent,
    layout: Layout,
    style: Style,
    paper: str,
    epoch: int,
    fingerprint: bytes = b"",
) -> bytes:
    """Paint the fitted layout and return the PDF bytes: same inputs, same bytes."""
    geometry, faces = layout.geometry, layout.faces
    buffer = BytesIO()
    with source_date_epoch_hidden():
        canvas = Canvas(
            buffer,
            pagesize=geometry.size,
            invariant=1,
            pageCompression=1,
            initialFontName=faces.regular,
            initialFontSize=layout.sizes.body,
            lang=content.language,
            pdfVersion=PDF_VERSION,
        )
    set_document_id(canvas, document_digest(style, paper, epoch, fingerprint))
    pdfa_streams(canvas)
    catalog = describe(canvas, content, epoch)
    tags = Tagger(canvas, content.language)
    _draw_header(canvas, layout, style, tags)
    if layout.timeline is not None:
        layout.timeline.draw(canvas, geometry.left, layout.timeline_top, style, tags)
    _draw_columns(canvas, layout, tags)
    layout.footer.draw(canvas, geometry.left, geometry.right, geometry.bottom, style, tags)
    tags.finish(catalog)
    canvas.save()
    return buffer.getvalue()


def _draw_header(canvas: Canvas, layout: Layout, style: Style, tags: Tagger) -> None:
    """The band across the top, bleeding off the edges (a rule instead, when the band is
    white), and its text inside the margins: the title (H1), then a paragraph a line."""
    geometry, colours = layout.geometry, style.spec.colours
    with tags.artifact():
        if colours.band.lower() != "#ffffff":
            canvas.setFillColor(HexColor(colours.band))
            canvas.rect(
                0, layout.band_bottom, geometry.width, layout.header_height, stroke=0, fill=1
            )
        else:
            canvas.setStrokeColor(HexColor(colours.rule))
            canvas.setLineWidth(0.8)
            canvas.line(geometry.left, layout.band_bottom, geometry.right, layout.band_bottom)
    y = layout.header_top
    for number, line in enumerate(layout.header):
        line.draw(canvas, geometry.left, y, tags.block(tags.add("H1" if number == 0 else "P")))
        y -= line.height


def _structure(layout: Layout, tags: Tagger) -> dict[int, BlockMarks]:
    """Each column item's structure element, made in reading order: column one top to
    bottom, then column two. A heading is an H2; the items after it are one list (L), each
    an LI holding its label (Lbl: the bullet, or a source's number) and its body (LBody)."""
    marks: dict[int, BlockMarks] = {}
    items: list[FlowItem] = list(layout.items)
    current = None
    for index in (index for column in layout.columns for index in column):
        item = items[index]
        if item.heading:
            lang = tags.foreign(item.lang) if item.lang else None
            marks[index] = tags.block(tags.add("H2", lang=lang))
            current = None
            continue
        if current is None:
            current = tags.add("L")
        entry = tags.add("LI", current)
        label = tags.add("Lbl", entry)
        marks[index] = tags.block(tags.add("LBody", entry), label)
    return marks


def _draw_columns(canvas: Canvas, layout: Layout, tags: Tagger) -> None:
    geometry = layout.geometry
    marks = _structure(layout, tags)
    for number, column in enumerate(layout.columns):
        x = geometry.left + number * (geometry.column_width + geometry.gap)
        y = layout.column_top
        for position, index in enumerate(column):
            item = layout.items[index]
            if position:
                y -= item.space_before + layout.extra[index]
            if item.anchor:
                canvas.bookmarkHorizontal(item.anchor, x, y + 2)
            if item.outline:
                canvas.addOutlineEntry(item.outline, item.anchor, level=0)
            item.text.draw(canvas, x, y, marks[index])
            y -= item.height
