"""Where values were written: positions packed one integer each, and turned into line and
column only when a problem is reported.

Lines are counted as ``grep -n`` does: a line ends at LF (or CRLF), never at a lone CR, NEL,
LS or PS, which YAML itself counts as line breaks.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from typing import Any

import yaml

from ..diagnostics import Location

# A position is YAML's (line, column), both from 0, packed into one integer.
COLUMN_BITS = 32


def packed(mark: Any) -> int:
    """The packed position of a PyYAML (or libyaml) mark."""
    line: int = mark.line
    column: int = mark.column
    return (line << COLUMN_BITS) | column


class Where:
    """Where the values of one mapping or list were written.

    ``spots`` holds, for a mapping, the packed position of each key and then of its value,
    entry after entry in the order of the converted dict (the first of duplicate keys, as
    read); for a list, the position of each item. ``inner`` holds the same for the entries
    that are themselves mappings or lists, by entry number.
    """

    __slots__ = ("end", "index", "inner", "spots", "start")

    def __init__(self, start: int, end: int) -> None:
        self.start = start
        self.end = end
        self.spots = array("q")
        self.inner: dict[int, Where] | None = None
        self.index: dict[str, int] | None = None  # key -> entry, built on the first lookup

    def entry_of(self, mapping: dict[str, Any], key: str) -> int | None:
        if self.index is None:
            self.index = {name: number for number, name in enumerate(mapping)}
        return self.index.get(key)

    def child(self, entry: int) -> Where | None:
        return None if self.inner is None else self.inner.get(entry)


_ODD_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


class Lines:
    """YAML's (line, column) as the line and column a person finds with ``grep -n``.

    YAML ends a line at CR, NEL, LS and PS too; a file holding none of them (nearly all)
    maps one to one, and keeps no copy of its text.
    """

    def __init__(self, text: str) -> None:
        self._text = text if _ODD_BREAK.search(text) else None
        self._starts: list[int] | None = None  # where each of YAML's lines starts
        self._newlines: list[int] | None = None  # where each LF is

    def __call__(self, packed: int) -> tuple[int, int]:
        """1-based (line, column) of the packed position."""
        line, column = packed >> COLUMN_BITS, packed & ((1 << COLUMN_BITS) - 1)
        if self._text is None:
            return line + 1, column + 1
        if self._starts is None or self._newlines is None:
            self._starts = [0, *(m.end() for m in _YAML_BREAK.finditer(self._text))]
            self._newlines = [m.start() for m in re.finditer("\n", self._text)]
        offset = self._starts[min(line, len(self._starts) - 1)] + column
        before = bisect_left(self._newlines, offset)
        line_start = self._newlines[before - 1] + 1 if before else 0
        return before + 1, offset - line_start + 1


def event_location(event: yaml.Event, display: str, lines: Lines) -> Location:
    """Where ``event`` starts, as a person finds it."""
    mark = event.start_mark
    if mark is None:  # pragma: no cover - libyaml marks every event
        return Location(display)
    return Location(display, *lines((mark.line << COLUMN_BITS) | mark.column))
