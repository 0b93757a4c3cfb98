"""Fit a briefing on one page: the largest type sizes, within legible limits, that fit.

``fit`` measures everything ``draw`` (page.py) needs, and each thing once: the fonts are
registered and the page geometry and header built once; each type size tried is measured
once; the columns are balanced only for the size that is kept.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm

from ..styles import Sizes, Style
from .content import PageContent
from .flow import FlowItem, TypeSizes, flow_items
from .fonts import FaceNames, register_style_fonts
from .packing import Columns, balance, overflow
from .text import ENGLISH, Run, TextBlock, TextStyle
from .timeline import Timeline, measure_timeline

PAPERS = {"a4": A4, "letter": LETTER}
STEP = 0.25


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
        self.footer = spec.sizes.footer * 2.6


@dataclass(frozen=True)
class Layout:
    """The page as ``draw`` paints it: every text measured, every item placed."""

    faces: FaceNames
    geometry: PageGeometry
    sizes: TypeSizes
    header: tuple[TextBlock, ...]
    header_height: float  # of the band at the top, which holds the header
    timeline: Timeline | None
    items: tuple[FlowItem, ...]
    columns: Columns
    column_top: float

    @property
    def band_bottom(self) -> float:
        return self.geometry.height - self.header_height


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
    runs = [Run(f"As of {content.as_of}", lang=ENGLISH)]
    if content.author:
        runs.append(Run(separator + content.author))
    if content.audience:
        runs += [Run(separator), Run(content.audience.upper(), "bold")]
    lines.append(TextBlock(runs, TextStyle(faces, sizes.footer + 1.5, 1.45, on_band), width))
    return lines


def _candidates(sizes: Sizes) -> list[float]:
    """The style's own body size first, then quarter points down to (and ending at) the floor."""
    steps = max(0, math.floor((sizes.body - sizes.min_body) / STEP + 1e-9))
    candidates = [sizes.body - i * STEP for i in range(steps + 1)]
    if candidates[-1] > sizes.min_body:
        candidates.append(sizes.min_body)
    return candidates


def fit(content: PageContent, style: Style, paper: str) -> Layout:
    """Largest type sizes, in steps of a quarter point, at which everything fits."""
    faces = register_style_fonts(style)
    geometry = PageGeometry(style, paper)
    header = _header(content, style, faces, geometry.inner)
    header_height = sum(line.height for line in header) + 14

    def measure(body: float) -> _Attempt:
        sizes = TypeSizes.scaled(style, body)
        timeline = measure_timeline(
            content.milestones, geometry.inner, sizes.timeline, style, faces
        )
        top = geometry.height - header_height - 10
        if timeline is not None:
            top -= timeline.height + 8
        room = top - geometry.bottom - geometry.footer
        items = tuple(flow_items(content, style, faces, sizes, geometry.column_width))
        return _Attempt(sizes, timeline, items, top, room, overflow(items, geometry.columns, room))

    kept = _largest_that_fits(_candidates(style.spec.sizes), measure)
    return Layout(
        faces=faces,
        geometry=geometry,
        sizes=kept.sizes,
        header=tuple(header),
        header_height=header_height,
        timeline=kept.timeline,
        items=kept.items,
        columns=balance(kept.items, geometry.columns, kept.room),
        column_top=kept.column_top,
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


def _longest(items: tuple[FlowItem, ...]) -> list[tuple[str, float]]:
    """The three tallest sections (the sources list counts as one), in millimetres."""
    heights: dict[str, float] = {}
    for item in items:
        if item.section:
            heights[item.section] = heights.get(item.section, 0.0) + item.height
    ranked = sorted(heights.items(), key=lambda pair: -pair[1])
    return [(name, height / mm) for name, height in ranked[:3]]
