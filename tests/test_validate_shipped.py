"""The briefing shipped in facts/: its shape, and that it validates clean."""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import SHIPPED, run_cli
from factsheet.bundle import Bundle
from factsheet.report import Report
from factsheet.validation import validate


@pytest.fixture(scope="module")
def report() -> Report:
    found = validate([SHIPPED], strict=True)
    assert found.diagnostics == []
    return found


@pytest.fixture(scope="module")
def shipped(report: Report) -> Bundle:
    [result] = report.briefings
    return result.bundle


def test_sections_are_the_three_in_order(shipped: Bundle) -> None:
    assert shipped.briefing is not None
    sections = [s.id for s in shipped.briefing.record.sections]
    assert sections == ["island-dispute", "chill-in-ties", "current-positions"]


def test_every_section_has_facts_and_every_fact_a_declared_section(shipped: Bundle) -> None:
    assert shipped.briefing is not None
    declared = [s.id for s in shipped.briefing.record.sections]
    per_section = Counter(fact.record.section for fact in shipped.facts)
    assert set(per_section) == set(declared)
    assert min(per_section.values()) >= 1


def test_every_fact_is_dated_and_cited_from_a_declared_source(shipped: Bundle) -> None:
    sources = {source.record.id for source in shipped.sources}
    assert shipped.facts, "no facts loaded"
    for fact in shipped.facts:
        # The raw YAML, not the model's defaults: date and cite are written out.
        raw = fact.doc.data["facts"][fact.path[1]]
        assert "date" in raw and raw["date"] is not None, fact.record.id
        assert fact.record.cite, fact.record.id
        assert {c.source for c in fact.record.cite} <= sources, fact.record.id


def test_ids_are_unique(shipped: Bundle) -> None:
    fact_ids = [fact.record.id for fact in shipped.facts]
    source_ids = [source.record.id for source in shipped.sources]
    assert len(fact_ids) == len(set(fact_ids))
    assert len(source_ids) == len(set(source_ids))


def test_four_to_seven_facts_are_key(shipped: Bundle) -> None:
    key = [fact.record.id for fact in shipped.facts if fact.record.key]
    assert 4 <= len(key) <= 7, key


def test_every_source_is_dated_no_later_than_as_of_where_it_shows_a_date(shipped: Bundle) -> None:
    assert shipped.briefing is not None
    as_of = shipped.briefing.record.as_of
    cited = {c.source for fact in shipped.facts for c in fact.record.cite}
    for source in shipped.sources:
        # A page that shows no date has no `published`; its access date stands in for it.
        published = source.record.published
        if published is not None:
            assert published.first() <= as_of.last(), source.record.id
        assert source.record.id in cited, source.record.id


def test_a_source_without_a_publication_date_says_when_it_was_read(shipped: Bundle) -> None:
    undated = [source.record for source in shipped.sources if source.record.published is None]
    assert undated, "the shipped briefing cites undated pages"
    for source in undated:
        assert source.accessed is not None, source.id
        assert source.dated == source.accessed, source.id


def test_the_parties_are_russia_and_japan(shipped: Bundle) -> None:
    assert shipped.briefing is not None
    parties = {party.id: party.name for party in shipped.briefing.record.parties}
    assert parties == {"russia": "Russia", "japan": "Japan"}
    for fact in shipped.facts:
        assert fact.record.attributed_to in (None, *parties), fact.record.id
    for source in shipped.sources:
        assert source.record.party in (None, *parties), source.record.id


def test_current_positions_gives_each_party_on_two_independent_sources(shipped: Bundle) -> None:
    assert shipped.briefing is not None
    briefing = shipped.briefing.record
    [section] = [s for s in briefing.sections if s.id == "current-positions"]
    assert section.each_party is True
    assert section.min_sources == 2
    stated = {f.record.attributed_to for f in shipped.facts if f.record.section == section.id}
    assert {party.id for party in briefing.parties} <= stated


def test_strict_validation_is_clean_on_balance_and_sources() -> None:
    result = run_cli("validate", "--strict", str(SHIPPED))
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output
    # Too few independent sources, a party without a position, one side's claims alone.
    for code in ("FS206", "FS208", "FS210"):
        assert code not in result.output


def test_every_key_fact_cites_two_sources_with_distinct_owners(shipped: Bundle) -> None:
    owners = {source.record.id: source.record.owned_by for source in shipped.sources}
    key = [fact.record for fact in shipped.facts if fact.record.key]
    assert key
    for fact in key:
        assert len({owners[c.source] for c in fact.cite}) >= 2, fact.id


def test_every_quote_is_verified_against_a_snapshot(report: Report, shipped: Bundle) -> None:
    quotes = sum(1 for fact in shipped.facts for c in fact.record.cite if c.quote)
    assert quotes > 0
    assert report.quotes.verified == quotes
    assert report.quotes.unverifiable == 0


def test_the_cli_accepts_the_shipped_briefing() -> None:
    result = run_cli("validate", str(SHIPPED.parent))
    assert result.exit_code == 0, result.output
    assert "1 briefing, 5 files, 16 facts, 17 sources checked" in result.output
    assert "38 quotes verified, 0 without a snapshot" in result.output
    assert "0 errors, 0 warnings" in result.output
