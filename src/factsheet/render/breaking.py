"""Where lines break: at white space; after the characters a run names (a URL after
``/ - . ? & =``, a span of dates after its dash); and, only for a word longer than the
line, between characters.

Measuring is the costly part, so a word that has to be split between characters is cut by
a search on the width of its prefixes (a few measurements a line), never by measuring one
character more at a time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .text import Run

_BREAKING_SPACE = re.compile(r"[ \t\r\n\f\v\u2028\u2029]+")
# Soft hyphens and zero-width spaces are hints for a hyphenating typesetter; this one
# breaks only where it says above, and printed they would show as stray hyphens or break
# search.
_INVISIBLE_HINTS = str.maketrans("", "", "\u00ad\u200b")
# A URL may break after a slash, hyphen, full stop, question mark, ampersand or equals
# sign (after the last of several together: 'https://' stays whole).
URL_BREAKS = "/-.?&="

Measure = Callable[[str, "Run"], float]


@dataclass
class Piece:
    text: str
    run: Run
    width: float


Line = list[Piece]


class Word:
    """Text between two break opportunities; a word may span runs (a full stop, then a
    link). ``glued`` words follow the one before with no space (a URL broken after '/')."""

    __slots__ = ("glued", "parts")

    def __init__(self, glued: bool = False) -> None:
        self.parts: list[tuple[str, Run]] = []
        self.glued = glued


def words(runs: Sequence[Run]) -> list[Word]:
    """Only breaking white space separates words: a no-break space glues its neighbours."""
    found = [Word()]
    for run in runs:
        for index, part in enumerate(_BREAKING_SPACE.split(run.text.translate(_INVISIBLE_HINTS))):
            if index:
                found.append(Word())
            if not part:
                continue
            segments = _segments(part, run.breaks_after) if run.breaks_after else (part,)
            for number, segment in enumerate(segments):
                if number:
                    found.append(Word(glued=True))
                found[-1].parts.append((segment, run))
    return [word for word in found if word.parts]


@cache
def _breaker(characters: str) -> re.Pattern[str]:
    after = re.escape(characters)
    return re.compile(f"(?<=[{after}])(?=[^{after}])")


def _segments(text: str, breaks_after: str) -> list[str]:
    """The stretches of ``text`` between break opportunities; in a URL never one straight
    after its scheme ('https://' alone at the end of a line)."""
    segments = _breaker(breaks_after).split(text)
    if len(segments) > 1 and segments[0].endswith("://"):
        segments[:2] = [segments[0] + segments[1]]
    return segments


def prefix_that_fits(text: str, run: Run, room: float, measure: Measure) -> int:
    """How many leading characters of ``text`` fit in ``room``: a doubling search, then a
    binary one, so a line of n characters costs O(log n) measurements."""
    if measure(text[:1], run) > room:
        return 0
    fits, tried = 1, 1
    while fits < len(text):
        tried = min(2 * fits, len(text))
        if measure(text[:tried], run) > room:
            break
        fits = tried
    else:
        return fits
    while tried - fits > 1:
        middle = (fits + tried) // 2
        if measure(text[:middle], run) > room:
            tried = middle
        else:
            fits = middle
    return fits


def break_lines(runs: Sequence[Run], room: float, measure: Measure) -> list[Line]:
    """The runs set in lines no wider than ``room`` (a single character wider than the
    line excepted): wrapped, never clipped, nothing dropped but breaking spaces."""
    lines: list[Line] = [[]]
    used = 0.0
    for word in words(runs):
        pieces = [Piece(text, run, measure(text, run)) for text, run in word.parts]
        width = sum(piece.width for piece in pieces)
        first = word.parts[0][1]
        space = measure(" ", first) if lines[-1] and not word.glued else 0.0
        if lines[-1] and used + space + width > room:
            if space:
                # The breaking space stays in the text, at no width, ending the line: a
                # screen reader and a copy of the text see 'its territory', not
                # 'itsterritory'. It joins the line's last run, so it adds no link or tag.
                lines[-1].append(Piece(" ", lines[-1][-1].run, 0.0))
            lines.append([])
            used, space = 0.0, 0.0
        if width <= room:
            if space:
                lines[-1].append(Piece(" ", first, space))
            lines[-1].extend(pieces)
            used += space + width
            continue
        for piece in pieces:  # the last resort: between characters
            text = piece.text
            while text:
                count = prefix_that_fits(text, piece.run, room - used, measure)
                if count == 0 and lines[-1]:
                    lines.append([])
                    used = 0.0
                    continue
                chunk, text = text[: max(count, 1)], text[max(count, 1) :]
                if lines[-1] or chunk.strip():  # a line never starts with glue (en space)
                    part = Piece(chunk, piece.run, measure(chunk, piece.run))
                    lines[-1].append(part)
                    used += part.width
                if text:
                    lines.append([])
                    used = 0.0
    return [line for line in lines if line] or [[]]
