"""is_after is hand-unrolled for speed; check it against its definition."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from factsheet.edtf import Day, Interval, is_after


@st.composite
def days(draw: st.DrawFn) -> Day:
    year = draw(st.integers(min_value=1990, max_value=1993))
    month = draw(st.none() | st.integers(min_value=1, max_value=3))
    day = None if month is None else draw(st.none() | st.integers(min_value=1, max_value=3))
    return Day(year, month, day)


def defined(value: Day, reference: Day) -> bool:
    precision = min(value.precision, reference.precision)
    return value.key(precision) > reference.key(precision)


@given(days(), days())
def test_is_after_compares_at_the_coarser_precision(value: Day, reference: Day) -> None:
    assert is_after(value, reference) == defined(value, reference)


@given(days(), days(), days())
def test_an_interval_counts_from_its_start(start: Day, end: Day, reference: Day) -> None:
    assert is_after(Interval(start, end), reference) == defined(start, reference)
