"""Rich text set line by line on the canvas: runs of plain strings, never markup.

Fact text is placed with ``drawString`` exactly as written, so nothing in it can become a
tag, an entity or a link. Links exist only where this package builds a run with one.
Doing the line breaking here, rather than with ReportLab's Paragraph, also keeps the
platypus package (a third of ReportLab's import time) out of every build.

Drawing a block tells its :class:`Marks` what is painted next (the bullet, each run), so
that every string ends up in the structure element it belongs to, and where each link is.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from copy import copy
from dataclasses import dataclass, replace
from functools import cache
from typing import Protocol

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import getAscent, stringWidth
from reportlab.pdfgen.canvas import Canvas

from .breaking import Line, Piece, break_lines
from .fonts import FaceNames

ENGLISH = "en"  # the language of the page's own words where it has none of the briefing's


@dataclass(frozen=True)
class Run:
    """A stretch of text in one face, colour and link."""

    text: str
    face: str = "regular"  # "regular", "bold" or "italic"
    colour: str | None = None
    link: str | None = None  # "#destination" inside the document, or an http(s) URL
    link_title: str | None = None  # what the link points to, in words (for a screen reader)
    lang: str | None = None  # the language of words the page adds ("en"); None: the briefing's
    size: float | None = None  # smaller than the block's size ("not to scale" by a heading)
    breaks_after: str = ""  # characters a line may also break after (a URL's "/", …)
    fallback: int = 0  # 0: the style's own face; n: the n-th fallback font, for what it lacks


class Marks(Protocol):
    """Told, while a block is drawn, what is painted next."""

    def part(self, run: Run) -> Hashable:
        """Which part of the block ``run`` belongs to: runs of different parts (a stretch
        in another language) are never drawn by one drawString."""
        ...

    def bullet(self) -> None: ...

    def run(self, run: Run) -> None: ...

    def link(self, run: Run, rect: tuple[float, float, float, float]) -> None: ...


@dataclass(frozen=True)
class TextStyle:
    faces: FaceNames
    size: float
    leading: float  # line height as a multiple of size
    colour: str
    centred: bool = False
    indent: float = 0.0  # hanging indent of every line, room for the bullet
    bullet: str | None = None  # "•", or a source's "[12]", set in the indent
    bullet_colour: str | None = None
    bullet_face: str = "regular"

    @property
    def ascent(self) -> float:
        """The regular face's ascender as a fraction of the size: the first baseline's drop."""
        return _ascent(self.faces.regular)

    def font(self, face: str) -> str:
        name: str = getattr(self.faces, face)
        return name

    def font_of(self, run: Run) -> str:
        return self.faces.fallbacks[run.fallback - 1] if run.fallback else self.font(run.face)


@cache
def _ascent(font: str) -> float:
    return float(getAscent(font)) / 1000


def with_fallbacks(runs: Sequence[Run], faces: FaceNames) -> list[Run]:
    """The runs, each stretch of characters its face lacks split off into a run drawn from
    the first fallback font that has them (at the same size and baseline)."""
    if not faces.fallbacks:
        return list(runs)
    split: list[Run] = []
    for run in runs:
        covered = faces.covers[run.face]
        if covered.issuperset(map(ord, run.text)):
            split.append(run)
            continue
        start, current = 0, faces.source(run.text[0], covered)
        for index, char in enumerate(run.text):
            which = faces.source(char, covered)
            if which != current:
                split.append(replace(run, text=run.text[start:index], fallback=current))
                start, current = index, which
        split.append(replace(run, text=run.text[start:], fallback=current))
    return split


class TextBlock:
    """A paragraph broken into lines for one width; ``height`` is known before drawing."""

    def __init__(self, runs: Sequence[Run], style: TextStyle, width: float) -> None:
        self.style = style
        self.width = width
        room = width - style.indent
        self.lines = break_lines(with_fallbacks(runs, style.faces), room, self._measure)
        self.height = len(self.lines) * style.size * style.leading

    def with_leading(self, leading: float) -> TextBlock:
        """The same lines with another line height: leading never changes a line break."""
        block = copy(self)
        block.style = replace(self.style, leading=leading)
        block.height = len(self.lines) * self.style.size * leading
        return block

    def _measure(self, text: str, run: Run) -> float:
        return float(stringWidth(text, self.style.font_of(run), run.size or self.style.size))

    def draw(self, canvas: Canvas, x: float, top: float, marks: Marks) -> None:
        style = self.style
        step = style.size * style.leading
        baseline = top - style.size * style.ascent
        if style.bullet:
            marks.bullet()
            canvas.setFont(style.font(style.bullet_face), style.size)
            canvas.setFillColor(HexColor(style.bullet_colour or style.colour))
            canvas.drawString(x, baseline, style.bullet)
        for line in self.lines:
            width = sum(piece.width for piece in line)
            left = x + style.indent
            if style.centred:
                left += (self.width - style.indent - width) / 2
            for group in _groups(line, marks):
                run = group[0].run
                text = "".join(piece.text for piece in group)
                advance = sum(piece.width for piece in group)
                marks.run(run)
                canvas.setFont(style.font_of(run), run.size or style.size)
                canvas.setFillColor(HexColor(run.colour or style.colour))
                canvas.drawString(left, baseline, text)
                if run.link:
                    marks.link(
                        run,
                        (
                            left,
                            baseline - style.size * 0.25,
                            left + advance,
                            baseline + style.size * style.ascent,
                        ),
                    )
                left += advance
            baseline -= step


def _groups(line: Line, marks: Marks) -> list[list[Piece]]:
    """Consecutive pieces that share font, size, colour, link and part: one drawString each."""
    groups: list[list[Piece]] = []
    last: tuple[Hashable, ...] | None = None
    for piece in line:
        run = piece.run
        key = (run.face, run.fallback, run.size, run.colour, run.link, marks.part(run))
        if groups and key == last:
            groups[-1].append(piece)
        else:
            groups.append([piece])
        last = key
    return groups
