"""The key-dates strip: dots on a line, their dates above, short captions below.

Each milestone owns a slot of equal width, so texts can never overlap or leave the page;
within that constraint dots sit as close to their true position in time as they can. A
caption takes at most three lines: the strip's type shrinks (never below 6 pt) until every
caption fits in three, and a caption that still does not is cut after a word, with an
ellipsis. Only a fact's whole text can be that long (FS211 warns of it); the Figure's
text alternative and the fact's own entry keep it whole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from ..styles import Style
from ..wording import Wording
from .citations import unbroken
from .content import Milestone
from .fonts import FaceNames
from .tagging import Tagger
from .text import Run, TextBlock, TextStyle

DOT = 2.6
MAX_SLOT = 150.0
MAX_CAPTION_LINES = 3
SMALLEST = 6.0
STEP = 0.25
# A caption longer than this that is a fact's whole text (no label) is FS211's: it is cut to
# three lines at once rather than shrinking the strip (checks/page.py, the same number).
MAX_CAPTION_CHARS = 90
ELLIPSIS = "\u2026"


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
    words: Wording
    lang: str | None = None  # of the page's own words: the heading
    to_scale: bool = True

    def alt(self) -> str:
        """The strip in words, for the Figure's /Alt: each date spelled out, then its caption."""
        words = self.words
        count = words.timeline.format(count=words.count(len(self.milestones), words.key_date))
        scale = "" if self.to_scale else f", {words.not_to_scale}"
        said = " ".join(f"{self._date_words(m)}: {_sentence(m.caption)}" for m in self.milestones)
        return f"{count}{scale}. {said}"

    def _date_words(self, milestone: Milestone) -> str:
        """'19 October 1956', or 'from 2016 to 2018' for a span: no abbreviations."""
        start = self.words.day(milestone.start)
        if milestone.is_span:
            return self.words.span.format(start=start, end=self.words.day(milestone.end))
        return start

    def draw(self, canvas: Canvas, left: float, top: float, style: Style, tags: Tagger) -> None:
        """The heading (an H2), then the strip as one Figure whose /Alt says it in words."""
        colours = style.spec.colours
        y = top - self.heading.height - 3
        heading = tags.add("H2", lang=tags.foreign(self.lang) if self.lang else None)
        self.heading.draw(canvas, left, top, tags.block(heading, flat=True))
        span = (self.positions[0] - self.slot / 2, self.positions[-1] + self.slot / 2)
        bbox = (left + span[0], top - self.height, left + span[1], y)
        # No /Lang: its text alternative mixes the page's words with the captions'.
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


def cut_caption(text: str, style: TextStyle, width: float) -> TextBlock:
    """``text`` in at most three lines: whole if it fits, else its longest run of whole
    words that fits with an ellipsis after it (inside the first word if even that one is
    too long). Binary searches: a few trial settings, however long the text."""
    block = TextBlock([Run(text)], style, width)
    if len(block.lines) <= MAX_CAPTION_LINES:
        return block
    words = text.split()

    def with_words(count: int) -> TextBlock:
        kept = " ".join(words[:count]).rstrip(",;:.")
        return TextBlock([Run(kept + ELLIPSIS)], style, width)

    def with_letters(count: int) -> TextBlock:
        return TextBlock([Run(words[0][:count] + ELLIPSIS)], style, width)

    count, best = _most(len(words), with_words)
    return best if count else _most(len(words[0]), with_letters)[1]


def _most(available: int, make: Callable[[int], TextBlock]) -> tuple[int, TextBlock]:
    """The largest count below ``available`` whose block takes at most three lines."""
    fits, over, best = 0, available, make(0)
    while over - fits > 1:
        middle = (fits + over) // 2
        trial = make(middle)
        if len(trial.lines) <= MAX_CAPTION_LINES:
            fits, best = middle, trial
        else:
            over = middle
    return fits, best


def _must_fit(milestone: Milestone) -> bool:
    """A label, or a short text: worth shrinking the strip's type for."""
    return milestone.labelled or len(milestone.caption) <= MAX_CAPTION_CHARS


def _caption_size(
    milestones: tuple[Milestone, ...], size: float, width: float, style: TextStyle
) -> float:
    """The largest size from ``size`` down to 6 pt (in quarter points) at which every
    caption worth it fits in three lines; 6 pt when none does."""
    while size > SMALLEST:
        trial = TextStyle(style.faces, size, style.leading, style.colour, centred=True)
        if all(
            len(TextBlock([Run(m.caption)], trial, width).lines) <= MAX_CAPTION_LINES
            for m in milestones
            if _must_fit(m)
        ):
            return size
        size = max(SMALLEST, size - STEP)
    return SMALLEST


def measure_timeline(
    milestones: tuple[Milestone, ...],
    width: float,
    sizes: tuple[float, float],
    style: Style,
    faces: FaceNames,
    words: Wording,
    lang: str | None = None,
) -> Timeline | None:
    """The strip measured for a page ``width``, its heading at ``sizes[0]`` (a section
    heading's) and its texts at ``sizes[1]`` or smaller; None when nothing is key."""
    if not milestones:
        return None
    heading_size, size = sizes
    colours = style.spec.colours
    slot = min(MAX_SLOT, width / len(milestones))
    true = _true_positions(milestones, width, slot)
    positions = _positions(true, width, slot)
    to_scale = all(abs(a - b) <= slot * 0.25 for a, b in zip(true, positions, strict=True))
    heading_runs = [Run(words.key_dates, "bold")]
    if not to_scale:  # equal slots keep texts apart; say so rather than imply a time scale
        note = f"  \u00b7  {words.not_to_scale}"
        heading_runs.append(Run(note, colour=colours.muted, size=size + 1))
    heading_style = TextStyle(faces, heading_size, 1.2, colours.accent)
    heading = TextBlock(heading_runs, heading_style, width)
    plain = TextStyle(faces, size, 1.2, colours.muted, centred=True)
    size = _caption_size(milestones, size, slot - 4, plain)
    date_style = TextStyle(faces, size, 1.15, colours.text, centred=True)
    caption_style = TextStyle(faces, size, 1.2, colours.muted, centred=True)
    dates = [
        TextBlock([Run(unbroken(m.date_text), "bold", breaks_after="\u2013")], date_style, slot - 4)
        for m in milestones
    ]  # a span of dates breaks after its dash, never inside a date
    captions = [cut_caption(m.caption, caption_style, slot - 4) for m in milestones]
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
        words,
        lang,
        to_scale,
    )
