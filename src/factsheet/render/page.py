"""The renderer's entry: ``fit`` the content on the page (layout.py), then ``draw`` it.

``draw`` decides nothing about sizes or places: it paints the layout ``fit`` measured and
returns the PDF's bytes, the same bytes for the same inputs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from io import BytesIO

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from .. import __version__
from ..diagnostics import plural
from ..styles import Style
from .content import PageContent
from .document_id import document_digest
from .layout import DoesNotFit, Layout, fit
from .reportlab_private import set_document_id, source_date_epoch_hidden

__all__ = ["DoesNotFit", "Layout", "draw", "fit"]


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
        )
    canvas.setDateFormatter(_creation_date(epoch))
    set_document_id(canvas, document_digest(style, paper, epoch, fingerprint))
    _describe(canvas, content)
    _draw_header(canvas, layout, style)
    if layout.timeline is not None:
        layout.timeline.draw(canvas, geometry.left, layout.band_bottom - 10, style)
    _draw_columns(canvas, layout)
    _draw_footer(canvas, content, style, layout)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _creation_date(epoch: int) -> Callable[..., str]:
    """A formatter for ``Canvas.setDateFormatter``: ``epoch`` in UTC, as a PDF date.

    ReportLab calls it with its own clock's year, month, day, hour, minute and second,
    which are ignored.
    """
    year, month, day, hour, minute, second = time.gmtime(epoch)[:6]
    text = f"D:{year:04d}{month:02d}{day:02d}{hour:02d}{minute:02d}{second:02d}+00'00'"
    return lambda *_clock: text


def _describe(canvas: Canvas, content: PageContent) -> None:
    """The document information dictionary and how a viewer titles the window."""
    canvas.setTitle(content.title)
    canvas.setAuthor(content.author or "factsheet")
    canvas.setSubject(content.subtitle or f"Briefing as of {content.as_of}")
    canvas.setKeywords(", ".join(["briefing", *(s.heading for s in content.sections)]))
    canvas.setCreator(f"factsheet {__version__}")
    canvas.setProducer(f"factsheet {__version__}")
    canvas.setViewerPreference("DisplayDocTitle", "true")


def _draw_header(canvas: Canvas, layout: Layout, style: Style) -> None:
    """The band across the top (a rule instead, when the band is white) and its text."""
    geometry, colours = layout.geometry, style.spec.colours
    if colours.band.lower() != "#ffffff":
        canvas.setFillColor(HexColor(colours.band))
        canvas.rect(0, layout.band_bottom, geometry.width, layout.header_height, stroke=0, fill=1)
    else:
        canvas.setStrokeColor(HexColor(colours.rule))
        canvas.setLineWidth(0.8)
        canvas.line(geometry.left, layout.band_bottom, geometry.right, layout.band_bottom)
    y = geometry.height - 9
    for line in layout.header:
        line.draw(canvas, geometry.left, y)
        y -= line.height


def _draw_columns(canvas: Canvas, layout: Layout) -> None:
    geometry = layout.geometry
    for number, column in enumerate(layout.columns):
        x = geometry.left + number * (geometry.column_width + geometry.gap)
        y = layout.column_top
        for position, index in enumerate(column):
            item = layout.items[index]
            if position:
                y -= item.space_before
            if item.anchor:
                canvas.bookmarkHorizontal(item.anchor, x, y + 2)
            if item.outline:
                canvas.addOutlineEntry(item.outline, item.anchor, level=0)
            item.text.draw(canvas, x, y)
            y -= item.height


def _draw_footer(canvas: Canvas, content: PageContent, style: Style, layout: Layout) -> None:
    spec, geometry = style.spec, layout.geometry
    canvas.setStrokeColor(HexColor(spec.colours.rule))
    canvas.setLineWidth(0.6)
    line_y = geometry.bottom + spec.sizes.footer * 1.6
    canvas.line(geometry.left, line_y, geometry.right, line_y)
    sources = len(content.sources)
    left = (
        f"{plural(content.fact_count, 'fact')} \u00b7 {plural(sources, 'source')} \u00b7 "
        f"checked {content.checked}"
    )
    canvas.setFillColor(HexColor(spec.colours.muted))
    canvas.setFont(layout.faces.regular, spec.sizes.footer)
    canvas.drawString(geometry.left, geometry.bottom, left)
    canvas.drawRightString(geometry.right, geometry.bottom, f"factsheet {__version__}")
