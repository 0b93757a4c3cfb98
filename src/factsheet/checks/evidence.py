"""FS206, FS208–FS210: facts rest on independent sources, and each party's position is the
party's, attributed and cited to its own voice or to an independent report of it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from ..bundle import Bundle
from ..diagnostics import Diagnostic, Location, diagnostic
from ..models import Source
from ..suggest import Suggester


def _sources(bundle: Bundle) -> dict[str, Source]:
    return {s.record.id: s.record for s in bundle.sources}


def few_sources(bundle: Bundle) -> Iterator[Diagnostic]:
    """FS206: a fact cites fewer distinct owners than its section's ``min_sources``."""
    if bundle.briefing is None or not bundle.complete:
        return
    minimum = {s.id: s.min_sources for s in bundle.briefing.record.sections if s.min_sources}
    sources = _sources(bundle)
    for fact in bundle.facts:
        wanted = minimum.get(fact.record.section)
        cited = [sources[c.source] for c in fact.record.cite if c.source in sources]
        owners: dict[str, str] = {}
        for source in cited:
            owners.setdefault(source.owned_by, source.owner or source.publisher or source.id)
        if wanted and cited and len(owners) < wanted:
            names = "; ".join(sorted(owners.values(), key=str.casefold))
            yield diagnostic(
                "FS206",
                fact.at("cite"),
                f"fact {fact.record.id!r} rests on {len(owners)} independent "
                f"source{'s' if len(owners) != 1 else ''} ({names}); section "
                f"{fact.record.section!r} asks for {wanted}",
            )


def unknown_parties(bundle: Bundle, did_you_mean: Suggester) -> Iterator[Diagnostic]:
    """FS209: a named party is not declared; ``each_party`` with no parties at all."""
    if bundle.briefing is None:
        return
    declared = {party.id for party in bundle.briefing.record.parties}
    named: list[tuple[str, Callable[[], Location]]] = []
    named += [(s.record.party, partial(s.at, "party")) for s in bundle.sources if s.record.party]
    named += [
        (f.record.attributed_to, partial(f.at, "attributed_to"))
        for f in bundle.facts
        if f.record.attributed_to
    ]
    for party, locate in named:
        if party not in declared:
            yield diagnostic(
                "FS209",
                locate(),
                f"party {party!r} is not declared in briefing.yaml",
                did_you_mean(party, declared),
            )
    if not declared:
        for index, section in enumerate(bundle.briefing.record.sections):
            if section.each_party:
                yield diagnostic(
                    "FS209",
                    bundle.briefing.at("sections", index, "each_party"),
                    f"section {section.id!r} asks for each party's position, but "
                    "briefing.yaml declares no parties",
                )


def missing_parties(bundle: Bundle) -> Iterator[Diagnostic]:
    """FS208: a section with ``each_party`` has no fact attributed to one of the parties."""
    if bundle.briefing is None or not bundle.complete:
        return
    parties = bundle.briefing.record.parties
    declared = {party.id for party in parties}
    for index, section in enumerate(bundle.briefing.record.sections):
        if not section.each_party:
            continue
        heard = {f.record.attributed_to for f in bundle.facts if f.record.section == section.id}
        if heard - declared - {None}:
            continue  # a misspelt party (FS209) may be the one that looks missing
        for party in parties:
            if party.id not in heard:
                yield diagnostic(
                    "FS208",
                    bundle.briefing.at("sections", index),
                    f"section {section.id!r} has no fact attributed to {party.name} ({party.id!r})",
                )


def one_sided(bundle: Bundle) -> Iterator[Diagnostic]:
    """FS210: a party's position rests only on sources speaking for another party."""
    if bundle.briefing is None:
        return
    names = {party.id: party.name for party in bundle.briefing.record.parties}
    sources = _sources(bundle)
    for fact in bundle.facts:
        party = fact.record.attributed_to
        cited = [sources[c.source] for c in fact.record.cite if c.source in sources]
        voices = {source.party for source in cited}
        # Undeclared parties are FS209's to report; judging them here would guess.
        if not cited or party not in names or not voices <= names.keys():
            continue
        if party not in voices:
            others = " and ".join(sorted(names[str(voice)] for voice in voices))
            yield diagnostic(
                "FS210",
                fact.at("attributed_to"),
                f"fact {fact.record.id!r} gives {names[party]}'s position but cites only "
                f"sources that speak for {others}",
            )


def check(bundle: Bundle, did_you_mean: Suggester) -> Iterator[Diagnostic]:
    yield from few_sources(bundle)
    yield from unknown_parties(bundle, did_you_mean)
    yield from missing_parties(bundle)
    yield from one_sided(bundle)
