"""A cheap lower bound of the room a briefing needs, to refuse an obviously overfull page
before laying it out.

Each fact's text and each source's title, address and note are measured once, whole, at the
smallest sizes: a line holds at most a column's width of it (a break drops one space), so
a text of width w needs at least ceil((w + space) / (room + space)) lines. Dates,
citations, headings and the timeline are left out, and every column is taken as tall as
the page allows, so the bound never refuses a briefing that would fit.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from .content import PageContent
from .flow import BULLET_INDENT, SOURCES_LIST, TypeSizes
from .fonts import FaceNames

if TYPE_CHECKING:
    from .layout import PageGeometry


def _lines(text: str, faces: FaceNames, size: float, room: float) -> int:
    if faces.fallbacks:  # a fallback's glyph may be narrower than the face's blank box
        covered = faces.covers["regular"]
        text = "".join(char for char in text if ord(char) in covered)
    space = float(stringWidth(" ", faces.regular, size))
    width = float(stringWidth(text, faces.regular, size))
    return max(1, math.ceil((width + space) / (room + space) - 1e-9))


def lower_bound_over(
    content: PageContent,
    faces: FaceNames,
    sizes: TypeSizes,
    geometry: PageGeometry,
    room: float,
) -> tuple[float, list[tuple[str, float]]]:
    """Points by which the text alone overflows the columns, ``room`` tall at most (0 or
    less: it may fit), and the three longest sections, in millimetres."""
    width = geometry.column_width
    heights: dict[str, float] = {}
    fact_room = width - BULLET_INDENT * sizes.body / 10
    fact_line = sizes.body * sizes.leading
    for section in content.sections:
        lines = sum(_lines(f.text, faces, sizes.body, fact_room) for f in section.facts)
        heights[section.id] = lines * fact_line
    source_line = sizes.sources * sizes.sources_leading
    lines = 0
    for entry in content.sources:
        text = " ".join(part for part in (entry.title, entry.url, entry.note) if part)
        lines += _lines(text, faces, sizes.sources, width)
    heights[SOURCES_LIST] = lines * source_line
    available = geometry.columns * room
    ranked = sorted(heights.items(), key=lambda pair: -pair[1])
    return sum(heights.values()) - available, [(name, h / mm) for name, h in ranked[:3]]
