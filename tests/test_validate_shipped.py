"""The briefing shipped in facts/: its shape, and that it validates clean."""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import SHIPPED, run_cli
from factsheet.bundle import Bundle
from factsheet.validation import validate


@pytest.fixture(scope="module")
def shipped() -> Bundle:
    report = validate([SHIPPED])
    assert report.diagnostics == []
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


def test_every_source_is_published_before_as_of_and_cited(shipped: Bundle) -> None:
    assert shipped.briefing is not None
    as_of = shipped.briefing.record.as_of
    cited = {c.source for fact in shipped.facts for c in fact.record.cite}
    for source in shipped.sources:
        published = source.record.published
        assert published is not None, source.record.id
        assert published.first() <= as_of.last()
        assert source.record.id in cited


def test_the_cli_accepts_the_shipped_briefing() -> None:
    result = run_cli("validate", str(SHIPPED.parent))
    assert result.exit_code == 0, result.output
    assert "1 briefing, 5 files, 15 facts, 1 source checked" in result.output
    assert "0 errors, 0 warnings" in result.output
