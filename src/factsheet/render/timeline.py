"""The key-dates strip: dots on a line, their dates above, short captions below.

Each milestone owns a slot of equal width, so texts can never overlap or leave the page;
within that constraint dots sit as close to their true position in time as they can.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from ..diagnostics import plural
from ..styles import Style
from .content import Milestone
from .fonts import FaceNames
from .tagging import Tagger
from .text import ENGLISH, Run, TextBlock, TextStyle

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
    breaks: list[float]  # where the axis is cut because time between dots was compressed
    to_scale: bool = True

    def alt(self) -> str:
        """The strip in words, for the Figure's /Alt: each date spelled out, then its caption."""
        scale = "" if self.to_scale else ", not to scale"
        said = " ".join(f"{_date_words(m)}: {_sentence(m.caption)}" for m in self.milestones)
        return f"Timeline of {plural(len(self.milestones), 'key date')}{scale}. {said}"

    def draw(self, canvas: Canvas, left: float, top: float, style: Style, tags: Tagger) -> None:
        """The heading (an H2), then the strip as one Figure whose /Alt says it in words."""
        colours = style.spec.colours
        y = top - self.heading.height - 3
        self.heading.draw(canvas, left, top, tags.block(tags.add("H2", lang=tags.foreign(ENGLISH))))
        span = (self.positions[0] - self.slot / 2, self.positions[-1] + self.slot / 2)
        bbox = (left + span[0], top - self.height, left + span[1], y)
        node = tags.add("Figure", alt=self.alt(), bbox=bbox)
        figure = tags.block(node, flat=True)
        for x, date in zip(self.positions, self.dates, strict=True):
            date.draw(canvas, left + x - self.slot / 2 + 2, y, figure)
        axis = y - max(date.height for date in self.dates) - 3 - DOT
        tags.mark(node)  # the axis and the dots are the figure's too
        canvas.saveState()
        canvas.setStrokeColor(HexColor(colours.rule))
        canvas.setLineWidth(1.1)
        canvas.line(left + self.positions[0] - 10, axis, left + self.positions[-1] + 10, axis)
        for x in self.breaks:
            canvas.setFillColor(HexColor("#ffffff"))
            canvas.rect(left + x - 2.5, axis - 3, 5, 6, stroke=0, fill=1)
            canvas.setLineWidth(0.9)
            for offset in (-2.5, 2.5):
                canvas.line(
                    left + x + offset - 1.5, axis - 3.5, left + x + offset + 1.5, axis + 3.5
                )
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
            caption.draw(canvas, left + x - self.slot / 2 + 2, axis - DOT - 4, figure)


def _date_words(milestone: Milestone) -> str:
    """'19 October 1956', or 'from 2016 to 2018' for a span: no abbreviations."""
    if milestone.is_span:
        return f"from {milestone.start.human()} to {milestone.end.human()}"
    return milestone.start.human()


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _true_positions(milestones: tuple[Milestone, ...], width: float, slot: float) -> list[float]:
    """Where each dot would sit on a linear time scale between the outermost slots."""
    low, high = slot / 2, width - slot / 2
    times = [m.start.first().toordinal() for m in milestones]
    first, last = times[0], times[-1]
    span = max(1, last - first)
    return [low + (t - first) / span * (high - low) for t in times]


def _breaks(true: list[float], shown: list[float]) -> list[float]:
    """Midpoints of gaps drawn much shorter than the time they stand for."""
    return [
        (shown[i] + shown[i + 1]) / 2
        for i in range(len(shown) - 1)
        if true[i + 1] - true[i] > 1.6 * (shown[i + 1] - shown[i])
    ]


def _positions(true: list[float], width: float, slot: float) -> list[float]:
    """The true-to-time positions, pushed apart until every slot is free."""
    high = width - slot / 2
    wanted = list(true)
    for i in range(1, len(wanted)):
        wanted[i] = max(wanted[i], wanted[i - 1] + slot)
    wanted[-1] = min(wanted[-1], high)
    for i in range(len(wanted) - 2, -1, -1):
        wanted[i] = min(wanted[i], wanted[i + 1] - slot)
    return wanted


def measure_timeline(
    milestones: tuple[Milestone, ...], width: float, size: float, style: Style, faces: FaceNames
) -> Timeline | None:
    """The strip measured for a page ``width`` at type ``size``; None when nothing is key."""
    if not milestones:
        return None
    colours = style.spec.colours
    slot = min(MAX_SLOT, width / len(milestones))
    true = _true_positions(milestones, width, slot)
    positions = _positions(true, width, slot)
    to_scale = all(abs(a - b) <= slot * 0.25 for a, b in zip(true, positions, strict=True))
    heading_runs = [Run("Key dates", "bold")]
    if not to_scale:  # equal slots keep texts apart; say so rather than imply a time scale
        heading_runs.append(Run("  \u00b7  not to scale", colour=colours.muted))
    heading = TextBlock(heading_runs, TextStyle(faces, size + 1, 1.2, colours.accent), width)
    date_style = TextStyle(faces, size, 1.15, colours.text, centred=True)
    caption_style = TextStyle(faces, size, 1.2, colours.muted, centred=True)
    dates = [TextBlock([Run(m.date_text, "bold")], date_style, slot - 4) for m in milestones]
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
        milestones,
        positions,
        slot,
        heading,
        dates,
        captions,
        height,
        _breaks(true, positions),
        to_scale,
    )
