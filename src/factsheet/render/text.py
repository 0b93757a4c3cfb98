"""Rich text set line by line on the canvas: runs of plain strings, never markup.

Fact text is placed with ``drawString`` exactly as written, so nothing in it can become a
tag, an entity or a link. Links exist only where this package builds a run with one.
Doing the line breaking here, rather than with ReportLab's Paragraph, also keeps the
platypus package (a third of ReportLab's import time) out of every build.

Drawing a block tells its :class:`Marks` what is painted next (the bullet, each run), so
that every string ends up in the structure element it belongs to, and where each link is.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import getAscent, stringWidth
from reportlab.pdfgen.canvas import Canvas

from .fonts import FaceNames

ENGLISH = "en"  # the words the page adds itself ("As of", "Published", month names)
_BREAKING_SPACE = re.compile(r"[ \t\r\n\f\v\u2028\u2029]+")
# Soft hyphens and zero-width spaces are hints for a hyphenating typesetter; this one
# breaks only at spaces, and printed they would show as stray hyphens or break search.
_INVISIBLE_HINTS = str.maketrans("", "", "\u00ad\u200b")


@dataclass(frozen=True)
class Run:
    """A stretch of text in one face, colour and link."""

    text: str
    face: str = "regular"  # "regular", "bold" or "italic"
    colour: str | None = None
    link: str | None = None  # "#destination" inside the document, or an http(s) URL
    link_title: str | None = None  # what the link points to, in words (for a screen reader)
    lang: str | None = None  # the language of words the page adds ("en"); None: the briefing's
    label: bool = False  # the label of a list item, such as a source's "[1]"


class Marks(Protocol):
    """Told, while a block is drawn, what is painted next."""

    def part(self, run: Run) -> Hashable:
        """Which part of the block ``run`` belongs to: runs of different parts (a label, a
        stretch in another language) are never drawn by one drawString."""
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
    bullet: str | None = None
    bullet_colour: str | None = None

    @property
    def ascent(self) -> float:
        """The regular face's ascender as a fraction of the size: the first baseline's drop."""
        return _ascent(self.faces.regular)

    def font(self, face: str) -> str:
        name: str = getattr(self.faces, face)
        return name


@cache
def _ascent(font: str) -> float:
    return float(getAscent(font)) / 1000


@dataclass
class _Piece:
    text: str
    run: Run
    width: float


Line = list[_Piece]


def _words(runs: Sequence[Run]) -> list[list[tuple[str, Run]]]:
    """Split runs where a line may break; a word may span runs (a full stop, then a link).
    Each part of a word is its text and the run it comes from.

    Only breaking white space separates words: a no-break space glues its neighbours.
    """
    words: list[list[tuple[str, Run]]] = [[]]
    for run in runs:
        for index, part in enumerate(_BREAKING_SPACE.split(run.text.translate(_INVISIBLE_HINTS))):
            if index:
                words.append([])
            if part:
                words[-1].append((part, run))
    return [word for word in words if word]


class TextBlock:
    """A paragraph broken into lines for one width; ``height`` is known before drawing."""

    def __init__(self, runs: Sequence[Run], style: TextStyle, width: float) -> None:
        self.style = style
        self.width = width
        self.lines = self._break(runs)
        self.height = len(self.lines) * style.size * style.leading

    def _measure(self, text: str, run: Run) -> float:
        return float(stringWidth(text, self.style.font(run.face), self.style.size))

    def _split_long(self, text: str, run: Run, room: float) -> list[_Piece]:
        """Break a word wider than the line between characters: wrapped, never clipped."""
        pieces, current = [], ""
        for char in text:
            if current and self._measure(current + char, run) > room:
                pieces.append(_Piece(current, run, self._measure(current, run)))
                current = ""
            current += char
        pieces.append(_Piece(current, run, self._measure(current, run)))
        return pieces

    def _break(self, runs: Sequence[Run]) -> list[Line]:
        room = self.width - self.style.indent
        lines: list[Line] = [[]]
        used = 0.0
        for word in _words(runs):
            pieces = [_Piece(text, run, self._measure(text, run)) for text, run in word]
            width = sum(p.width for p in pieces)
            first = word[0][1]
            space = self._measure(" ", first) if lines[-1] else 0.0
            if lines[-1] and used + space + width > room:
                lines.append([])
                used, space = 0.0, 0.0
            if width > room:
                for piece in pieces:
                    for part in self._split_long(piece.text, piece.run, room):
                        if used + part.width > room and lines[-1]:
                            lines.append([])
                            used = 0.0
                        if not lines[-1] and not part.text.strip():
                            continue  # a line never starts with glue such as an en space
                        lines[-1].append(part)
                        used += part.width
                continue
            if space:
                lines[-1].append(_Piece(" ", first, space))
            lines[-1].extend(pieces)
            used += space + width
        return [line for line in lines if line] or [[]]

    def draw(self, canvas: Canvas, x: float, top: float, marks: Marks) -> None:
        style = self.style
        step = style.size * style.leading
        baseline = top - style.size * style.ascent
        if style.bullet:
            marks.bullet()
            canvas.setFont(style.font("regular"), style.size)
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
                canvas.setFont(style.font(run.face), style.size)
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


def _groups(line: Line, marks: Marks) -> list[list[_Piece]]:
    """Consecutive pieces that share face, colour, link and part: one drawString each."""
    groups: list[list[_Piece]] = []
    last: tuple[Hashable, ...] | None = None
    for piece in line:
        run = piece.run
        key = (run.face, run.colour, run.link, marks.part(run))
        if groups and key == last:
            groups[-1].append(piece)
        else:
            groups.append([piece])
        last = key
    return groups
