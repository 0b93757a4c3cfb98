"""Checks across records: ids, references, sections and dates."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from datetime import date
from functools import partial

from .bundle import Bundle, Located
from .diagnostics import Diagnostic, Location, diagnostic
from .edtf import Day, end_of, is_after
from .models import Source

# Comparisons spent on "did you mean" per check run. Each costs microseconds, but thousands
# of unknown names against thousands of ids would take minutes; typos in a real briefing
# use a tiny fraction of this.
SUGGESTION_BUDGET = 50_000


class _Suggester:
    def __init__(self, budget: int = SUGGESTION_BUDGET) -> None:
        self.budget = budget

    def __call__(self, name: str, candidates: Collection[str]) -> str | None:
        if len(candidates) > self.budget:
            return None
        self.budget -= len(candidates)
        import difflib  # only when there is a typo to explain

        close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
        return f"Did you mean {close[0]!r}?" if close else None


def check_unique_ids(bundle: Bundle) -> Iterator[Diagnostic]:
    # Positions are looked up only for duplicates: most briefings have none.
    groups: list[tuple[str, list[tuple[str, Callable[[], Location]]]]] = [
        ("fact", [(f.record.id, partial(f.at, "id")) for f in bundle.facts]),
        ("source", [(s.record.id, partial(s.at, "id")) for s in bundle.sources]),
    ]
    if bundle.briefing:
        where = bundle.briefing.at
        sections = bundle.briefing.record.sections
        groups.append(
            (
                "section",
                [(s.id, partial(where, "sections", i, "id")) for i, s in enumerate(sections)],
            )
        )
    for kind, ids in groups:
        first_seen: dict[str, Callable[[], Location]] = {}
        for name, locate in ids:
            if name in first_seen:
                yield diagnostic(
                    "FS114", locate(), f"{kind} id {name!r} is already used at {first_seen[name]()}"
                )
            else:
                first_seen[name] = locate


MAX_KEY_DATES = 8  # each gets an equal slot; past eight, captions break inside words


def check_key_dates(bundle: Bundle) -> Iterator[Diagnostic]:
    key_facts = [fact for fact in bundle.facts if fact.record.key]
    if len(key_facts) > MAX_KEY_DATES:
        extra = key_facts[MAX_KEY_DATES]
        yield diagnostic(
            "FS207",
            extra.at("key"),
            f"{len(key_facts)} facts are marked key; the timeline shows at most {MAX_KEY_DATES}",
        )


def check_references(bundle: Bundle) -> Iterator[Diagnostic]:
    did_you_mean = _Suggester()
    source_ids = {s.record.id for s in bundle.sources} | bundle.broken_sources
    cited: set[str] = set()
    for fact in bundle.facts:
        if not fact.record.cite:
            yield diagnostic("FS201", fact.at("cite"), f"fact {fact.record.id!r} cites no source")
        for index, citation in enumerate(fact.record.cite):
            cited.add(citation.source)
            if citation.source not in source_ids and bundle.complete:
                yield diagnostic(
                    "FS202",
                    fact.at("cite", index, "source"),
                    f"source {citation.source!r} is not declared",
                    did_you_mean(citation.source, source_ids),
                )
    cited |= bundle.broken_citations
    if bundle.complete:
        for source in bundle.sources:
            if source.record.id not in cited:
                yield diagnostic(
                    "FS205", source.at("id"), f"source {source.record.id!r} is never cited"
                )
    if bundle.briefing is None:
        return
    sections = bundle.briefing.record.sections
    declared = {s.id for s in sections}
    used = bundle.broken_sections.copy()
    for fact in bundle.facts:
        used.add(fact.record.section)
        if fact.record.section not in declared:
            yield diagnostic(
                "FS203",
                fact.at("section"),
                f"section {fact.record.section!r} is not declared in briefing.yaml",
                did_you_mean(fact.record.section, declared),
            )
    if not bundle.complete:
        return
    for index, section in enumerate(sections):
        if section.id not in used:
            yield diagnostic(
                "FS204",
                bundle.briefing.at("sections", index, "id"),
                f"section {section.id!r} has no facts",
            )
    minimum = {s.id: s.min_sources for s in sections if s.min_sources}
    for fact in bundle.facts:
        wanted = minimum.get(fact.record.section)
        have = len({c.source for c in fact.record.cite})
        if wanted and 0 < have < wanted:
            yield diagnostic(
                "FS206",
                fact.at("cite"),
                f"fact {fact.record.id!r} cites {have} "
                f"source(s); section {fact.record.section!r} asks for {wanted}",
            )


def check_dates(bundle: Bundle, today: date) -> Iterator[Diagnostic]:
    now = Day(today.year, today.month, today.day)
    sources: dict[str, Located[Source]] = {s.record.id: s for s in bundle.sources}
    for source in bundle.sources:
        entry = source.record
        for name in ("published", "accessed"):
            day = getattr(entry, name)
            if day is not None and is_after(day, now):
                yield diagnostic("FS306", source.at(name), f"{name} {day} is in the future")
        if entry.accessed and is_after(entry.published, entry.accessed):
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
        published = [sources[c.source].record.published for c in record.cite if c.source in sources]
        if published and all(is_after(record.date, day) for day in published):
            latest = max(published, key=lambda day: day.key(3))
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
