"""Fit a briefing on one page: the largest type, within legible limits, that fills it.

``fit`` measures everything ``draw`` (page.py) needs, and each thing once: the fonts are
registered and the page geometry and header built once; each body size tried is measured
once; the columns are balanced only for the size that is kept.

The body size is the largest, in quarter points from the style's ``max_body`` down to its
``min_body``, at which the columns fit above the footer. When even ``max_body`` leaves room,
the lines are loosened a little (the leadings, up to 0.2 more) and the columns' gaps take
what is left (each at most a line more, packing.spread), so no one gap grows huge. A briefing
that cannot fit at ``min_body`` fails with DoesNotFit, and one that obviously cannot (its
text alone needs more room than the page has) fails before anything is laid out.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm

from ..styles import Sizes, Style
from .content import PageContent
from .estimate import lower_bound_over
from .flow import SOURCES_LIST, FlowItem, TypeSizes, flow_items
from .fonts import FaceNames, register_style_fonts
from .footer import Footer, measure_footer
from .packing import Columns, balance, overflow, spread
from .text import Run, TextBlock, TextStyle
from .timeline import Timeline, measure_timeline

PAPERS = {"a4": A4, "letter": LETTER}
STEP = 0.25
LOOSEN = (0.2, 0.15, 0.1, 0.05)  # leading added when the largest body size leaves room
INK_ASCENT = 0.93  # accented capitals reach this high (DejaVu: 0.928 em)
BAND_PAD = 7.0  # under the header's last line, inside the band
BAND_GAP, TIMELINE_GAP = 10.0, 8.0  # under the band; under the timeline


class DoesNotFit(Exception):
    """The content needs more room than the page has at the smallest legible sizes."""

    def __init__(self, over_mm: float, sizes: TypeSizes, longest: list[tuple[str, float]]) -> None:
        super().__init__(f"{over_mm:.0f} mm over")
        self.over_mm = over_mm
        self.sizes = sizes
        self.longest = longest


class PageGeometry:
    """Paper size, margins and columns, in points."""

    def __init__(self, style: Style, paper: str) -> None:
        spec = style.spec
        self.size: tuple[float, float] = PAPERS[paper]
        self.width: float = self.size[0]
        self.height: float = self.size[1]
        margins = spec.margins_mm
        self.left, self.right = margins.left * mm, self.width - margins.right * mm
        self.top, self.bottom = self.height - margins.top * mm, margins.bottom * mm
        self.inner = self.right - self.left
        self.gap = spec.column_gap_mm * mm
        self.columns = spec.columns
        self.column_width = (self.inner - self.gap * (self.columns - 1)) / self.columns


@dataclass(frozen=True)
class Layout:
    """The page as ``draw`` paints it: every text measured, every item placed."""

    faces: FaceNames
    geometry: PageGeometry
    sizes: TypeSizes
    header: tuple[TextBlock, ...]
    header_top: float  # the top of the header's first line: its ink stays below the margin
    band_bottom: float  # the band bleeds off the top edge down to here
    timeline: Timeline | None
    items: tuple[FlowItem, ...]
    columns: Columns
    column_top: float
    footer: Footer
    extra: tuple[float, ...]  # space added before each item, to fill the page

    @property
    def header_height(self) -> float:
        return self.geometry.height - self.band_bottom

    @property
    def timeline_top(self) -> float:
        return self.band_bottom - BAND_GAP


@dataclass(frozen=True)
class _Attempt:
    """The page measured at one body size: the flow and how far it overflows its room."""

    sizes: TypeSizes
    timeline: Timeline | None
    items: tuple[FlowItem, ...]
    column_top: float
    room: float  # the height the columns may take
    over: float  # points by which the flow exceeds that room; 0 when it fits


def _header(content: PageContent, style: Style, faces: FaceNames, width: float) -> list[TextBlock]:
    """The title, the subtitle, and the dateline: 'As of …', the author, the marking."""
    sizes, on_band = style.spec.sizes, style.spec.colours.band_text
    lines = [
        TextBlock([Run(content.title, "bold")], TextStyle(faces, sizes.title, 1.15, on_band), width)
    ]
    if content.subtitle:
        subtitle = TextStyle(faces, sizes.subtitle, 1.3, on_band)
        lines.append(TextBlock([Run(content.subtitle)], subtitle, width))
    separator = "  \u00b7  "
    runs = [Run(f"{content.wording.as_of} {content.as_of}", lang=content.own_lang)]
    if content.author:
        runs.append(Run(separator + content.author))
    if content.audience:
        runs += [Run(separator), Run(content.audience.upper(), "bold")]
    lines.append(TextBlock(runs, TextStyle(faces, sizes.dateline, 1.45, on_band), width))
    return lines


def _candidates(sizes: Sizes) -> list[float]:
    """The style's largest body size first, then quarter points down to (and ending at)
    the floor."""
    steps = max(0, math.floor((sizes.max_body - sizes.min_body) / STEP + 1e-9))
    candidates = [sizes.max_body - i * STEP for i in range(steps + 1)]
    if candidates[-1] > sizes.min_body:
        candidates.append(sizes.min_body)
    return candidates


def fit(content: PageContent, style: Style, paper: str) -> Layout:
    """Largest type sizes, in steps of a quarter point, at which everything fits."""
    faces = register_style_fonts(style)
    geometry = PageGeometry(style, paper)
    header = _header(content, style, faces, geometry.inner)
    header_top = geometry.top - header[0].style.size * (INK_ASCENT - header[0].style.ascent)
    band_bottom = header_top - sum(line.height for line in header) - BAND_PAD
    flow_top = band_bottom - BAND_GAP
    footer = measure_footer(content, style, faces, geometry.inner)
    flow_bottom = geometry.bottom + footer.height
    floor = TypeSizes.scaled(style, style.spec.sizes.min_body)
    over, longest = lower_bound_over(content, faces, floor, geometry, flow_top - flow_bottom)
    if over > 0:
        raise DoesNotFit(over / mm, floor, longest)

    def measure(body: float) -> _Attempt:
        sizes = TypeSizes.scaled(style, body)
        timeline = measure_timeline(
            content.milestones,
            geometry.inner,
            (sizes.heading, sizes.timeline),
            style,
            faces,
            content.wording,
            content.own_lang,
        )
        top = flow_top
        if timeline is not None:
            top -= timeline.height + TIMELINE_GAP
        room = top - flow_bottom
        items = tuple(flow_items(content, style, faces, sizes, geometry.column_width))
        return _Attempt(sizes, timeline, items, top, room, overflow(items, geometry.columns, room))

    candidates = _candidates(style.spec.sizes)
    kept = _largest_that_fits(candidates, measure)
    if kept.sizes.body == candidates[0]:
        kept = _loosened(kept, style, geometry.columns)
    columns = balance(kept.items, geometry.columns, kept.room)
    return Layout(
        faces=faces,
        geometry=geometry,
        sizes=kept.sizes,
        header=tuple(header),
        header_top=header_top,
        band_bottom=band_bottom,
        timeline=kept.timeline,
        items=kept.items,
        columns=columns,
        column_top=kept.column_top,
        footer=footer,
        extra=tuple(spread(kept.items, columns, kept.room, [_line(i) for i in kept.items])),
    )


def _largest_that_fits(candidates: list[float], measure: Callable[[float], _Attempt]) -> _Attempt:
    """Binary search over sizes in falling order; raise DoesNotFit if even the last overflows."""
    first = measure(candidates[0])
    if first.over <= 0:
        return first
    smallest = measure(candidates[-1]) if len(candidates) > 1 else first
    if smallest.over > 0:
        raise DoesNotFit(smallest.over / mm, smallest.sizes, _longest(smallest.items))
    low, high = 0, len(candidates) - 1  # candidates[high] fits, candidates[low] does not
    best = smallest
    while high - low > 1:
        middle = (low + high) // 2
        attempt = measure(candidates[middle])
        if attempt.over > 0:
            low = middle
        else:
            high, best = middle, attempt
    return best


def _loosened(attempt: _Attempt, style: Style, columns: int) -> _Attempt:
    """The attempt with the loosest leading (of LOOSEN) that still fits. Leading changes
    no line break, so the lines are kept and only the heights change."""
    for loosen in LOOSEN:
        sizes = TypeSizes.scaled(style, attempt.sizes.body, loosen)
        items = tuple(_releaded(item, sizes) for item in attempt.items)
        if overflow(items, columns, attempt.room) <= 0:
            return replace(attempt, sizes=sizes, items=items)
    return attempt


def _releaded(item: FlowItem, sizes: TypeSizes) -> FlowItem:
    if item.heading:
        return item
    leading = sizes.sources_leading if item.section == SOURCES_LIST else sizes.leading
    return replace(item, text=item.text.with_leading(leading))


def _line(item: FlowItem) -> float:
    """How far the gap before ``item`` may grow: one line of its own type."""
    return item.text.style.size * item.text.style.leading


def _longest(items: tuple[FlowItem, ...]) -> list[tuple[str, float]]:
    """The three tallest sections (the sources list counts as one), in millimetres."""
    heights: dict[str, float] = {}
    for item in items:
        if item.section:
            heights[item.section] = heights.get(item.section, 0.0) + item.height
    ranked = sorted(heights.items(), key=lambda pair: -pair[1])
    return [(name, height / mm) for name, height in ranked[:3]]
