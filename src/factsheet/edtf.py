"""EDTF level-0 dates that keep their precision: ``1956`` is a year, never 1 January 1956."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

# [0-9], not \d: \d also matches other scripts' digits, such as Arabic-Indic ٢٠٢٥.
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


class EdtfError(ValueError):
    """A date string that is not EDTF level 0, or names a day that does not exist."""

    def __init__(self, message: str, *, reversed_interval: bool = False) -> None:
        super().__init__(message)
        self.reversed_interval = reversed_interval


@dataclass(frozen=True, slots=True)
class Day:
    """A calendar date at year, month or day precision."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> int:
        """1 = year, 2 = month, 3 = day."""
        return 1 if self.month is None else 2 if self.day is None else 3

    def first(self) -> date:
        return date(max(self.year, 1), self.month or 1, self.day or 1)

    def last(self) -> date:
        year = max(self.year, 1)
        month = self.month or 12
        return date(year, month, self.day or calendar.monthrange(year, month)[1])

    def key(self, precision: int) -> tuple[int, ...]:
        return (self.year, self.month or 0, self.day or 0)[:precision]

    def __str__(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)


@dataclass(frozen=True, slots=True)
class Interval:
    start: Day
    end: Day

    def __str__(self) -> str:
        return f"{self.start}/{self.end}"


EdtfDate = Day | Interval


def parse_day(text: str) -> Day:
    match = _DATE.fullmatch(text)
    if match is None:
        raise EdtfError(f"{text!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    if month is not None and not 1 <= month <= 12:
        raise EdtfError(f"{text!r} has no month {month}")
    if day is not None:
        assert month is not None
        if year == 0 or not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise EdtfError(f"{text!r} is not a day of the calendar")
    return Day(year, month, day)


def parse_edtf(text: str) -> EdtfDate:
    text = text.strip()
    if "/" in text:
        start_text, _, end_text = text.partition("/")
        start, end = parse_day(start_text), parse_day(end_text)
        precision = min(start.precision, end.precision)
        if end.key(precision) < start.key(precision):
            raise EdtfError(f"interval {text!r} ends before it starts", reversed_interval=True)
        return Interval(start, end)
    return parse_day(text)


def start_of(value: EdtfDate) -> Day:
    return value.start if isinstance(value, Interval) else value


def end_of(value: EdtfDate) -> Day:
    return value.end if isinstance(value, Interval) else value


def is_after(value: EdtfDate, reference: Day) -> bool:
    """True when ``value`` (from its start) is after ``reference`` at the coarser precision."""
    # Written out field by field: this runs several times per fact on every validation.
    start = value.start if isinstance(value, Interval) else value
    if start.year != reference.year:
        return start.year > reference.year
    if start.month is None or reference.month is None or start.month == reference.month:
        if start.day is None or reference.day is None or start.month is None:
            return False
        return start.day > reference.day
    return start.month > reference.month


def sort_key(value: EdtfDate) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """Chronological order; a bare year sorts before months within it, like a timeline."""
    start, end = start_of(value), end_of(value)
    return (
        (start.year, start.month or 0, start.day or 0),
        (end.year, end.month or 0, end.day or 0),
    )
