"""FS301–FS307: dates are valid, ordered, not in the future, and not stale.

FS301 and FS302 are found while records are validated (``models``); the rest compare dates
across records here. As for every "after" rule, a period counts from its start.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..bundle import Bundle, Located
from ..diagnostics import Diagnostic, diagnostic
from ..edtf import Day, end_of, is_after
from ..models import Source


def check(bundle: Bundle, today: date) -> Iterator[Diagnostic]:
    now = Day(today.year, today.month, today.day)
    sources: dict[str, Located[Source]] = {s.record.id: s for s in bundle.sources}
    for source in bundle.sources:
        entry = source.record
        for name in ("published", "accessed"):
            day = getattr(entry, name)
            if day is not None and is_after(day, now):
                yield diagnostic("FS306", source.at(name), f"{name} {day} is in the future")
        if entry.published is None and entry.accessed is None:
            yield diagnostic(
                "FS111",
                source.at("id"),
                f"source {entry.id!r} has no published date, so it needs accessed",
                "A page that shows no date is cited with the date it was read: "
                "accessed: YYYY-MM-DD.",
            )
        if entry.published and entry.accessed and is_after(entry.published, entry.accessed):
            yield diagnostic(
                "FS305",
                source.at("accessed"),
                f"accessed {entry.accessed} is before published {entry.published}",
            )
    briefing = bundle.briefing.record if bundle.briefing else None
    if briefing and bundle.briefing and is_after(briefing.as_of, now):
        yield diagnostic(
            "FS306", bundle.briefing.at("as_of"), f"as_of {briefing.as_of} is in the future"
        )
    max_age = {s.id: s.max_age_days for s in briefing.sections} if briefing else {}
    for fact in bundle.facts:
        record = fact.record
        # As for every "after" rule, a period counts from its start (issue 2's definition).
        if is_after(record.date, now):
            # Every other date rule would restate this one: no source is published yet.
            yield diagnostic("FS306", fact.at("date"), f"date {record.date} is in the future")
            continue
        if briefing and is_after(record.date, briefing.as_of):
            yield diagnostic(
                "FS303",
                fact.at("date"),
                f"date {record.date} is after the briefing's as_of {briefing.as_of}",
            )
        # An undated page bounds what it can report by the day it was read.
        dated = [sources[c.source].record.dated for c in record.cite if c.source in sources]
        bounds = [day for day in dated if day is not None]
        if bounds and len(bounds) == len(dated) and all(is_after(record.date, d) for d in bounds):
            latest = max(bounds, key=lambda day: day.key(3))
            yield diagnostic(
                "FS304",
                fact.at("date"),
                f"date {record.date} is after the "
                f"publication of every source citing it (latest: {latest})",
            )
        limit = max_age.get(record.section)
        if briefing and limit:
            age = (briefing.as_of.first() - end_of(record.date).last()).days
            if age > limit:
                yield diagnostic(
                    "FS307",
                    fact.at("date"),
                    f"fact {record.id!r} is {age} days "
                    f"old at as_of; section {record.section!r} allows {limit}",
                )
