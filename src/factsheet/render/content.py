"""What goes on the page, in reading order: decided once, before any layout."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from ..bundle import Bundle
from ..edtf import Day, EdtfDate, end_of, sort_key, start_of
from ..wording import TABLE, Wording, primary, wording_for

ENGLISH = "en"


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
    """One section of the briefing: its heading and its facts, in date order or (with
    ``order: as_written``) in the order the fact files give them."""

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
    accessed: str | None  # "accessed 30 Nov 2026", in the briefing's language
    archive_url: str | None
    note: str | None


@dataclass(frozen=True)
class Milestone:
    """A key fact on the timeline: when it happened, and the short text under its dot."""

    start: Day
    end: Day
    date_text: str  # the fact's date as printed above its dot: "1956", "19 Oct 1956"
    caption: str  # the fact's label, or its text when it has none
    labelled: bool = True  # False: the caption is the fact's whole text

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
    checked: str  # "checked 30 November 2026", in the briefing's language
    fact_count: int
    wording: Wording = TABLE[ENGLISH]  # the page's own words, in the briefing's language
    own_lang: str | None = None  # their /Lang: "en" where the language has no wording


def checked_day(as_of: Day, accessed: list[Day]) -> Day:
    """The day printed as 'checked': the last day a cited source was read, or as_of if
    later, so the footer never predates the access dates printed above it. Never the
    build's clock or SOURCE_DATE_EPOCH, which date the file, not what it says."""
    return max([as_of, *accessed], key=lambda day: day.last())


def _span(value: EdtfDate) -> tuple[Day, Day]:
    return start_of(value), end_of(value)


def page_content(bundle: Bundle) -> PageContent:
    """Order sections, facts and sources; number citations by first appearance."""
    assert bundle.briefing is not None, "build runs only on briefings that validate"
    briefing = bundle.briefing.record
    words = wording_for(briefing.language)
    by_section: dict[str, list[FactLine]] = {s.id: [] for s in briefing.sections}
    numbers: dict[str, int] = {}
    parties = {party.id: party.name for party in briefing.parties}
    written = [f.record for f in bundle.facts]
    ordered = sorted(written, key=lambda f: sort_key(f.date))  # stable: ties as written
    order = {s.id: i for i, s in enumerate(briefing.sections)}
    as_written = {s.id for s in briefing.sections if s.order == "as_written"}
    placed = [f for f in ordered if f.section not in as_written]
    placed += [f for f in written if f.section in as_written]
    for fact in sorted(placed, key=lambda f: order[f.section]):
        cited: list[Citation] = []
        for citation in fact.cite:
            number = numbers.setdefault(citation.source, len(numbers) + 1)
            printed = Citation(number, citation.locator)
            if printed not in cited:
                cited.append(printed)
        party = parties.get(fact.attributed_to) if fact.attributed_to else None
        by_section[fact.section].append(
            FactLine(fact.id, words.date(fact.date, short=True), fact.text, tuple(cited), party)
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
            words.day(r.published, short=True) if r.published else None,
            r.url,
            words.when(words.accessed, r.accessed, short=True) if r.accessed else None,
            r.archive_url,
            r.note,
        )
        for source_id, number in sorted(numbers.items(), key=lambda item: item[1])
        for r in (records[source_id],)
    )
    milestones = tuple(
        Milestone(*_span(f.date), words.date(f.date, short=True), f.label or f.text, bool(f.label))
        for f in ordered
        if f.key
    )
    return PageContent(
        briefing_id=bundle.id,
        title=briefing.title,
        subtitle=briefing.subtitle,
        as_of=words.day(briefing.as_of),
        author=briefing.author,
        audience=briefing.audience,
        language=briefing.language,
        sections=tuple(
            SectionContent(s.id, s.heading, tuple(by_section[s.id])) for s in briefing.sections
        ),
        sources=sources,
        milestones=milestones,
        checked=words.when(
            words.checked,
            checked_day(
                briefing.as_of,
                [r.accessed for r in records.values() if r.accessed and r.id in numbers],
            ),
        ),
        fact_count=len(bundle.facts),
        wording=words,
        own_lang=None if words.language == primary(briefing.language) else ENGLISH,
    )


def epoch_of(day: Day) -> int:
    """Seconds since 1970 at the start of ``day`` (UTC): the PDF's creation time."""
    start = day.first()
    return int(datetime(start.year, start.month, start.day, tzinfo=UTC).timestamp())
