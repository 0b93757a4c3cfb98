"""Lay a briefing out on one page, shrinking type within legible limits, and draw it."""

from __future__ import annotations

import hashlib
import math
import os
from dataclasses import dataclass
from io import BytesIO

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import DummyDoc, PDFText
from reportlab.pdfgen.canvas import Canvas

from .. import __version__
from ..diagnostics import plural
from ..styles import Style
from .blocks import Block, Sizes, column_blocks
from .content import PageContent
from .fonts import FaceNames, register_style_fonts
from .packing import Columns, overflow, pack
from .text import Run, TextBlock, TextStyle
from .timeline import Timeline, measure_timeline

PAPERS = {"a4": A4, "letter": LETTER}
STEP = 0.25


class DoesNotFit(Exception):
    """The content needs more room than the page has at the smallest legible sizes."""

    def __init__(self, over_mm: float, sizes: Sizes, longest: list[tuple[str, float]]) -> None:
        super().__init__(f"{over_mm:.0f} mm over")
        self.over_mm = over_mm
        self.sizes = sizes
        self.longest = longest


@dataclass
class Layout:
    sizes: Sizes
    header: list[TextBlock]
    header_height: float
    timeline: Timeline | None
    blocks: list[Block]
    columns: Columns
    column_top: float
    column_width: float


class PageGeometry:
    def __init__(self, style: Style, paper: str) -> None:
        spec = style.spec
        self.width, self.height = PAPERS[paper]
        margins = spec.margins_mm
        self.left, self.right = margins.left * mm, self.width - margins.right * mm
        self.top, self.bottom = self.height - margins.top * mm, margins.bottom * mm
        self.inner = self.right - self.left
        self.gap = spec.column_gap_mm * mm
        self.columns = spec.columns
        self.column_width = (self.inner - self.gap * (self.columns - 1)) / self.columns
        self.footer = spec.sizes.footer * 2.6


def _header(content: PageContent, style: Style, faces: FaceNames, width: float) -> list[TextBlock]:
    sizes, on_band = style.spec.sizes, style.spec.colours.band_text
    lines = [
        TextBlock([Run(content.title, "bold")], TextStyle(faces, sizes.title, 1.15, on_band), width)
    ]
    if content.subtitle:
        lines.append(
            TextBlock(
                [Run(content.subtitle)], TextStyle(faces, sizes.subtitle, 1.3, on_band), width
            )
        )
    separator = "  \u00b7  "
    runs = [Run(f"As of {content.as_of}")]
    if content.author:
        runs.append(Run(separator + content.author))
    if content.audience:
        runs += [Run(separator), Run(content.audience.upper(), "bold")]
    lines.append(TextBlock(runs, TextStyle(faces, sizes.footer + 1.5, 1.45, on_band), width))
    return lines


def _layout(
    content: PageContent, style: Style, faces: FaceNames, geometry: PageGeometry, body: float
) -> tuple[Layout, float]:
    sizes = Sizes.scaled(style, body)
    header = _header(content, style, faces, geometry.inner)
    header_height = sum(line.height for line in header) + 14
    timeline = measure_timeline(content.milestones, geometry.inner, sizes.timeline, style, faces)
    top = geometry.height - header_height - 10
    if timeline is not None:
        top -= timeline.height + 8
    available = top - geometry.bottom - geometry.footer
    blocks = column_blocks(content, style, faces, sizes, geometry.column_width)
    over = overflow(blocks, geometry.columns, available)
    columns = pack(blocks, geometry.columns, available) if over <= 0 else []
    return Layout(
        sizes, header, header_height, timeline, blocks, columns or [], top, geometry.column_width
    ), over


def fit(content: PageContent, style: Style, paper: str) -> Layout:
    """Largest type sizes, in steps of a quarter point, at which everything fits."""
    faces = register_style_fonts(style)
    geometry = PageGeometry(style, paper)
    sizes = style.spec.sizes
    # The style's own size first, then quarter points down to (and always ending at) the floor.
    steps = max(0, math.floor((sizes.body - sizes.min_body) / STEP + 1e-9))
    candidates = [sizes.body - i * STEP for i in range(steps + 1)]
    if candidates[-1] > sizes.min_body:
        candidates.append(sizes.min_body)
    layout, over = _layout(content, style, faces, geometry, candidates[0])
    if over <= 0:
        return layout
    smallest, over = _layout(content, style, faces, geometry, candidates[-1])
    if over > 0:
        raise DoesNotFit(over / mm, smallest.sizes, _longest(smallest.blocks))
    low, high = 0, len(candidates) - 1  # candidates[high] fits, candidates[low] does not
    best = smallest
    while high - low > 1:
        middle = (low + high) // 2
        attempt, over = _layout(content, style, faces, geometry, candidates[middle])
        if over > 0:
            low = middle
        else:
            high, best = middle, attempt
    return best


def _longest(blocks: list[Block]) -> list[tuple[str, float]]:
    heights: dict[str, float] = {}
    for block in blocks:
        if block.section:
            heights[block.section] = heights.get(block.section, 0.0) + block.height
    ranked = sorted(heights.items(), key=lambda item: -item[1])
    return [(name, height / mm) for name, height in ranked[:3]]


def _document_id(content: PageContent, style: Style, paper: str, fingerprint: bytes) -> bytes:
    digest = hashlib.md5(usedforsecurity=False)
    for part in (__version__, paper, style.name, repr(style.spec), repr(content)):
        digest.update(part.encode())
    digest.update(fingerprint)
    ident: bytes = PDFText(digest.digest(), enc="raw").format(DummyDoc())
    return b"\n[" + ident + ident + b"]\n"


def draw(
    content: PageContent,
    layout: Layout,
    style: Style,
    paper: str,
    epoch: int,
    fingerprint: bytes = b"",
) -> bytes:
    """Draw the fitted layout and return the PDF bytes: same inputs, same bytes."""
    faces = register_style_fonts(style)
    geometry = PageGeometry(style, paper)
    colours = style.spec.colours
    buffer = BytesIO()
    # ReportLab reads SOURCE_DATE_EPOCH itself, unchecked; the caller has already turned
    # it into ``epoch``, so it is hidden while the canvas is made.
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        canvas = Canvas(
            buffer,
            pagesize=PAPERS[paper],
            invariant=1,
            pageCompression=1,
            initialFontName=faces.regular,
            initialFontSize=layout.sizes.body,
            lang=content.language,
        )
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    stamp = canvas._doc._timeStamp
    _set_time(stamp, epoch)
    canvas._doc._ID = _document_id(content, style, paper, fingerprint)
    canvas.setTitle(content.title)
    canvas.setAuthor(content.author or "factsheet")
    canvas.setSubject(content.subtitle or f"Briefing as of {content.as_of}")
    canvas.setKeywords(", ".join(["briefing", *(s.heading for s in content.sections)]))
    canvas.setCreator(f"factsheet {__version__}")
    canvas.setProducer(f"factsheet {__version__}")
    canvas.setViewerPreference("DisplayDocTitle", "true")

    band_bottom = geometry.height - layout.header_height
    if colours.band.lower() != "#ffffff":
        canvas.setFillColor(HexColor(colours.band))
        canvas.rect(0, band_bottom, geometry.width, layout.header_height, stroke=0, fill=1)
    else:
        canvas.setStrokeColor(HexColor(colours.rule))
        canvas.setLineWidth(0.8)
        canvas.line(geometry.left, band_bottom, geometry.right, band_bottom)
    y = geometry.height - 9
    for line in layout.header:
        line.draw(canvas, geometry.left, y)
        y -= line.height

    if layout.timeline is not None:
        layout.timeline.draw(canvas, geometry.left, band_bottom - 10, style)
    _draw_columns(canvas, layout, geometry)
    _draw_footer(canvas, content, style, faces, geometry)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _set_time(stamp: object, epoch: int) -> None:
    import time

    moment = time.gmtime(epoch)
    stamp.t, stamp.lt, stamp.YMDhms = epoch, moment, tuple(moment)[:6]  # type: ignore[attr-defined]
    stamp.dhh = stamp.dmm = 0  # type: ignore[attr-defined]
    stamp.tzname = "UTC"  # type: ignore[attr-defined]


def _draw_columns(canvas: Canvas, layout: Layout, geometry: PageGeometry) -> None:
    for number, column in enumerate(layout.columns):
        x = geometry.left + number * (geometry.column_width + geometry.gap)
        y = layout.column_top
        for position, index in enumerate(column):
            block = layout.blocks[index]
            if position:
                y -= block.space_before
            if block.anchor:
                canvas.bookmarkHorizontal(block.anchor, x, y + 2)
            if block.outline:
                canvas.addOutlineEntry(block.outline, block.anchor, level=0)
            block.text.draw(canvas, x, y)
            y -= block.height


def _draw_footer(
    canvas: Canvas, content: PageContent, style: Style, faces: FaceNames, geometry: PageGeometry
) -> None:
    spec = style.spec
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
    canvas.setFont(faces.regular, spec.sizes.footer)
    canvas.drawString(geometry.left, geometry.bottom, left)
    canvas.drawRightString(geometry.right, geometry.bottom, f"factsheet {__version__}")
