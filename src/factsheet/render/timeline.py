"""The key-dates strip: dots on a line, date labels above, short captions below.

Each milestone owns a slot of equal width, so labels can never overlap or leave the page;
within that constraint dots sit as close to their true position in time as they can.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from ..styles import Style
from .content import Milestone
from .fonts import FaceNames
from .text import Run, TextBlock, TextStyle

DOT = 2.6
MAX_SLOT = 150.0


@dataclass
class Timeline:
    milestones: tuple[Milestone, ...]
    positions: list[float]
    slot: float
    heading: TextBlock
    dates: list[TextBlock]
    captions: list[TextBlock]
    height: float

    def draw(self, canvas: Canvas, left: float, top: float, style: Style) -> None:
        colours = style.spec.colours
        y = top - self.heading.height - 3
        self.heading.draw(canvas, left, top)
        for x, label in zip(self.positions, self.dates, strict=True):
            label.draw(canvas, left + x - self.slot / 2 + 2, y)
        axis = y - max(label.height for label in self.dates) - 3 - DOT
        canvas.saveState()
        canvas.setStrokeColor(HexColor(colours.rule))
        canvas.setLineWidth(1.1)
        canvas.line(left + self.positions[0] - 10, axis, left + self.positions[-1] + 10, axis)
        canvas.setFillColor(HexColor(colours.accent))
        for x, milestone in zip(self.positions, self.milestones, strict=True):
            if milestone.is_span:
                years = max(1, milestone.end.year - milestone.start.year)
                width = min(self.slot * 0.7, 8 + 4 * years)
                canvas.roundRect(
                    left + x - width / 2, axis - DOT, width, 2 * DOT, DOT, stroke=0, fill=1
                )
            else:
                canvas.circle(left + x, axis, DOT, stroke=0, fill=1)
        canvas.restoreState()
        for x, caption in zip(self.positions, self.captions, strict=True):
            caption.draw(canvas, left + x - self.slot / 2 + 2, axis - DOT - 4)


def _positions(milestones: tuple[Milestone, ...], width: float, slot: float) -> list[float]:
    """True-to-time positions, pushed apart until every slot is free."""
    low, high = slot / 2, width - slot / 2
    times = [m.start.first().toordinal() for m in milestones]
    first, last = times[0], times[-1]
    span = max(1, last - first)
    wanted = [low + (t - first) / span * (high - low) for t in times]
    for i in range(1, len(wanted)):
        wanted[i] = max(wanted[i], wanted[i - 1] + slot)
    wanted[-1] = min(wanted[-1], high)
    for i in range(len(wanted) - 2, -1, -1):
        wanted[i] = min(wanted[i], wanted[i + 1] - slot)
    return wanted


def measure_timeline(
    milestones: tuple[Milestone, ...], width: float, size: float, style: Style, faces: FaceNames
) -> Timeline | None:
    if not milestones:
        return None
    colours = style.spec.colours
    slot = min(MAX_SLOT, width / len(milestones))
    heading = TextBlock(
        [Run("Key dates", "bold")], TextStyle(faces, size + 1, 1.2, colours.accent), width
    )
    date_style = TextStyle(faces, size, 1.15, colours.text, centred=True)
    caption_style = TextStyle(faces, size, 1.2, colours.muted, centred=True)
    dates = [TextBlock([Run(m.label, "bold")], date_style, slot - 4) for m in milestones]
    captions = [TextBlock([Run(m.caption)], caption_style, slot - 4) for m in milestones]
    height = (
        heading.height
        + 3
        + max(d.height for d in dates)
        + 3
        + 2 * DOT
        + 4
        + max(c.height for c in captions)
    )
    return Timeline(
        milestones, _positions(milestones, width, slot), slot, heading, dates, captions, height
    )
