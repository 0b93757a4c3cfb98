"""What goes on the page, in reading order: decided once, before any layout."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from ..bundle import Bundle
from ..edtf import Day, EdtfDate, end_of, sort_key, start_of


@dataclass(frozen=True)
class Citation:
    """A citation as printed: the source's number, and where in it (``locator``)."""

    number: int
    locator: str | None = None


@dataclass(frozen=True)
class FactLine:
    id: str
    when: str
    text: str
    citations: tuple[Citation, ...]
    party: str | None = None  # the name of the party whose position the fact states


@dataclass(frozen=True)
class SectionContent:
    """One section of the briefing: its heading and its facts in date order."""

    id: str
    heading: str
    facts: tuple[FactLine, ...]


@dataclass(frozen=True)
class SourceEntry:
    number: int
    id: str
    title: str
    publisher: str | None
    owner: str | None  # printed only where it differs from the publisher
    published: str | None  # None when the source shows no date
    url: str | None
    accessed: str | None
    archive_url: str | None
    note: str | None


@dataclass(frozen=True)
class Milestone:
    """A key fact on the timeline: when it happened, and the short text under its dot."""

    start: Day
    end: Day
    date_text: str  # the fact's date as printed above its dot: "1956", "19 Oct 1956"
    caption: str  # the fact's label, or its text when it has none

    @property
    def is_span(self) -> bool:
        return self.start != self.end


@dataclass(frozen=True)
class PageContent:
    briefing_id: str
    title: str
    subtitle: str | None
    as_of: str
    author: str | None
    audience: str | None
    language: str
    sections: tuple[SectionContent, ...]
    sources: tuple[SourceEntry, ...]
    milestones: tuple[Milestone, ...]
    checked: str
    fact_count: int


def checked_day(as_of: Day, accessed: list[Day], source_date_epoch: int | None) -> Day:
    """The day printed as 'checked'.

    SOURCE_DATE_EPOCH when set; otherwise the last day a cited source was read (or as_of,
    if later), so the footer never predates the access dates printed above it.
    """
    if source_date_epoch is not None:
        moment = datetime.fromtimestamp(source_date_epoch, tz=UTC)
        return Day(moment.year, moment.month, moment.day)
    return max([as_of, *accessed], key=lambda day: day.last())


def _span(value: EdtfDate) -> tuple[Day, Day]:
    return start_of(value), end_of(value)


def page_content(bundle: Bundle, source_date_epoch: int | None = None) -> PageContent:
    """Order sections, facts and sources; number citations by first appearance."""
    assert bundle.briefing is not None, "build runs only on briefings that validate"
    briefing = bundle.briefing.record
    by_section: dict[str, list[FactLine]] = {s.id: [] for s in briefing.sections}
    numbers: dict[str, int] = {}
    parties = {party.id: party.name for party in briefing.parties}
    ordered = sorted((f.record for f in bundle.facts), key=lambda f: sort_key(f.date))
    order = {s.id: i for i, s in enumerate(briefing.sections)}
    for fact in sorted(ordered, key=lambda f: order[f.section]):
        cited: list[Citation] = []
        for citation in fact.cite:
            number = numbers.setdefault(citation.source, len(numbers) + 1)
            printed = Citation(number, citation.locator)
            if printed not in cited:
                cited.append(printed)
        party = parties.get(fact.attributed_to) if fact.attributed_to else None
        by_section[fact.section].append(
            FactLine(fact.id, fact.date.short(), fact.text, tuple(cited), party)
        )
    # Uncited sources (FS205) are not printed: the list is what the page's numbers point to.
    records = {s.record.id: s.record for s in bundle.sources}
    sources = tuple(
        SourceEntry(
            number,
            source_id,
            r.title,
            r.publisher,
            r.owner if r.owner and r.owner.casefold() != (r.publisher or "").casefold() else None,
            r.published.human() if r.published else None,
            r.url,
            r.accessed.human() if r.accessed else None,
            r.archive_url,
            r.note,
        )
        for source_id, number in sorted(numbers.items(), key=lambda item: item[1])
        for r in (records[source_id],)
    )
    milestones = tuple(
        Milestone(*_span(f.date), f.date.short(), f.label or f.text) for f in ordered if f.key
    )
    return PageContent(
        briefing_id=bundle.id,
        title=briefing.title,
        subtitle=briefing.subtitle,
        as_of=briefing.as_of.human(),
        author=briefing.author,
        audience=briefing.audience,
        language=briefing.language,
        sections=tuple(
            SectionContent(s.id, s.heading, tuple(by_section[s.id])) for s in briefing.sections
        ),
        sources=sources,
        milestones=milestones,
        checked=checked_day(
            briefing.as_of,
            [r.accessed for r in records.values() if r.accessed and r.id in numbers],
            source_date_epoch,
        ).human(),
        fact_count=len(bundle.facts),
    )


def epoch_of(day: Day) -> int:
    """Seconds since 1970 at the start of ``day`` (UTC): the PDF's creation time."""
    start = day.first()
    return int(datetime(start.year, start.month, start.day, tzinfo=UTC).timestamp())
