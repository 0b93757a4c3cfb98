"""FS201–FS205, FS207: citations name declared sources, facts name declared sections, sections are
used and cited well enough, and the timeline is not overloaded.

Records that failed validation still name sources and sections (``bundle.broken_*``), and
a briefing that could not be read whole (``bundle.complete`` false) skips the rules that
would report a missing record as unknown or unused.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..bundle import Bundle
from ..diagnostics import Diagnostic, diagnostic
from ..suggest import Suggester

MAX_KEY_DATES = 8  # each gets an equal slot; past eight, captions break inside words


def no_citation(bundle: Bundle) -> Iterator[Diagnostic]:
    """FS201."""
    for fact in bundle.facts:
        if not fact.record.cite:
            yield diagnostic("FS201", fact.at("cite"), f"fact {fact.record.id!r} cites no source")


def unknown_sources(bundle: Bundle, did_you_mean: Suggester) -> Iterator[Diagnostic]:
    """FS202."""
    if not bundle.complete:
        return
    known = {s.record.id for s in bundle.sources} | bundle.broken_sources
    for fact in bundle.facts:
        for index, citation in enumerate(fact.record.cite):
            if citation.source not in known:
                yield diagnostic(
                    "FS202",
                    fact.at("cite", index, "source"),
                    f"source {citation.source!r} is not declared",
                    did_you_mean(citation.source, known),
                )


def unknown_sections(bundle: Bundle, did_you_mean: Suggester) -> Iterator[Diagnostic]:
    """FS203."""
    if bundle.briefing is None:
        return
    declared = {s.id for s in bundle.briefing.record.sections}
    for fact in bundle.facts:
        if fact.record.section not in declared:
            yield diagnostic(
                "FS203",
                fact.at("section"),
                f"section {fact.record.section!r} is not declared in briefing.yaml",
                did_you_mean(fact.record.section, declared),
            )


def empty_sections(bundle: Bundle) -> Iterator[Diagnostic]:
    """FS204."""
    if bundle.briefing is None or not bundle.complete:
        return
    used = bundle.broken_sections | {fact.record.section for fact in bundle.facts}
    for index, section in enumerate(bundle.briefing.record.sections):
        if section.id not in used:
            yield diagnostic(
                "FS204",
                bundle.briefing.at("sections", index, "id"),
                f"section {section.id!r} has no facts",
            )


def unused_sources(bundle: Bundle) -> Iterator[Diagnostic]:
    """FS205."""
    if not bundle.complete:
        return
    cited = bundle.broken_citations | {c.source for f in bundle.facts for c in f.record.cite}
    for source in bundle.sources:
        if source.record.id not in cited:
            yield diagnostic(
                "FS205", source.at("id"), f"source {source.record.id!r} is never cited"
            )


def too_many_key_dates(bundle: Bundle) -> Iterator[Diagnostic]:
    """FS207."""
    key_facts = [fact for fact in bundle.facts if fact.record.key]
    if len(key_facts) > MAX_KEY_DATES:
        yield diagnostic(
            "FS207",
            key_facts[MAX_KEY_DATES].at("key"),
            f"{len(key_facts)} facts are marked key; the timeline shows at most {MAX_KEY_DATES}",
        )


def check(bundle: Bundle, did_you_mean: Suggester) -> Iterator[Diagnostic]:
    yield from no_citation(bundle)
    yield from unknown_sources(bundle, did_you_mean)
    yield from unused_sources(bundle)
    yield from unknown_sections(bundle, did_you_mean)
    yield from empty_sections(bundle)
    yield from too_many_key_dates(bundle)
