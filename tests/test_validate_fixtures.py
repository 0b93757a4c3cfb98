"""The rule fixtures: each invalid briefing triggers exactly the rule it is named after, at
the places and with the messages its expected.txt pins (format in conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import (
    EXPECTED,
    HOSTILE,
    INVALID,
    STYLE_FIXTURES,
    TODAY,
    VALID,
    copy_briefing,
    expected_diagnostics,
    expected_line,
    invalid_fixtures,
    pinned,
    rule_of,
)
from factsheet.diagnostics import RULES, Severity
from factsheet.validation import validate

HEADER = "# CODE file[:line:column] message, one diagnostic a line; format in tests/conftest.py"
# Rules that have no folder under fixtures/invalid/, each with where it is checked instead.
# A briefing folder cannot trigger them on its own.
CHECKED_ELSEWHERE = {
    "FS602": "a broken style, not a briefing: tests/fixtures/styles/ (tested below)",
    "FS701": "build only (does not fit on one page): tests/hostile/does-not-fit, test_build.py",
    "FS215": "needs a server (validate --check-links): tests/test_linkcheck.py",
}


@pytest.mark.parametrize("folder", invalid_fixtures(), ids=lambda path: path.name)
def test_invalid_fixture_reports_exactly_what_expected_txt_pins(folder: Path) -> None:
    expected = expected_diagnostics(folder)
    assert expected, "expected.txt lists no diagnostics"
    assert {code for code, *_ in expected} == {rule_of(folder)}, "fixture names another rule"

    report = validate([folder], today=TODAY)

    # Compared as lines of expected.txt, so that a difference reads like the file.
    found = [expected_line(item) for item in pinned(report.diagnostics, folder)]
    assert found == [expected_line(item) for item in expected]
    rule = RULES[rule_of(folder)]
    assert all(d.severity is rule.severity for d in report.diagnostics)
    assert report.ok is (rule.severity is Severity.WARNING)


def test_every_rule_has_an_invalid_fixture_or_says_where_it_is_checked() -> None:
    covered = {rule_of(folder) for folder in invalid_fixtures()}
    missing = sorted(set(RULES) - covered - set(CHECKED_ELSEWHERE))
    assert missing == [], f"rules without a folder under tests/fixtures/invalid/: {missing}"
    assert covered <= set(RULES), "a fixture is named after a rule that does not exist"
    assert set(CHECKED_ELSEWHERE) <= set(RULES), "an exempted rule is not in the catalogue"
    assert covered.isdisjoint(CHECKED_ELSEWHERE), "an exempted rule has a fixture after all"


def test_the_rules_checked_elsewhere_are_checked_there() -> None:
    assert sorted(STYLE_FIXTURES.glob("*.yaml")), "FS602 has no style fixtures"
    does_not_fit = (HOSTILE / "does-not-fit" / EXPECTED).read_text(encoding="utf-8")
    assert "\nFS701 " in does_not_fit


def test_every_expected_txt_says_its_format_and_no_yaml_file_is_an_expectation() -> None:
    for folder in invalid_fixtures():
        lines = (folder / EXPECTED).read_text(encoding="utf-8").splitlines()
        assert lines[0] == HEADER, folder.name
        assert not list(folder.glob("expected.y*ml")), folder.name


def test_the_valid_fixture_triggers_nothing() -> None:
    report = validate([VALID], today=TODAY)

    assert report.diagnostics == []
    assert report.ok
    assert (report.files, report.facts, report.sources) == (5, 6, 3)
    # Three quotes match the snapshot despite curly/straight quotes, dashes, line breaks
    # and quotation marks around the whole quote; one cites a source without a snapshot.
    assert (report.quotes.verified, report.quotes.unverifiable) == (3, 1)


def test_the_valid_fixture_keeps_its_non_latin_text() -> None:
    bundle = validate([VALID], today=TODAY).briefings[0].bundle
    assert bundle.briefing is not None
    briefing = bundle.briefing.record
    assert "Одеса" in (briefing.subtitle or "")
    assert "Θεσσαλονίκη" in (briefing.subtitle or "")
    assert "Łódź" in (briefing.author or "")
    texts = " ".join(fact.record.text for fact in bundle.facts)
    assert "Tōkyō" in texts
    # `locator: "no"` is quoted, so it stays the word, never a boolean.
    locators = [c.locator for fact in bundle.facts for c in fact.record.cite]
    assert "no" in locators


def test_the_same_fixture_twice_is_two_briefings_with_the_same_findings() -> None:
    folder = INVALID / "FS205-unused-source"
    report = validate([folder, VALID], today=TODAY)
    assert len(report.briefings) == 2
    assert [d.code for d in report.diagnostics] == ["FS205"]


@pytest.mark.parametrize(
    ("style", "line", "column"), [("missing-font", 5, 12), ("not-a-font", 6, 11)]
)
def test_a_broken_style_is_fs602_at_the_font_it_names(style: str, line: int, column: int) -> None:
    path = STYLE_FIXTURES / f"{style}.yaml"
    report = validate([VALID], style=path, today=TODAY)

    assert [
        (d.code, Path(d.location.file).name, d.location.line, d.location.column)
        for d in report.diagnostics
    ] == [("FS602", f"{style}.yaml", line, column)]
    assert not report.ok


def test_a_style_with_fewer_glyphs_finds_characters_the_default_draws(tmp_path: Path) -> None:
    folder = copy_briefing(INVALID / "FS205-unused-source", tmp_path / "smile")
    facts = folder / "facts.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace("in October 2025.", "in October 2025 Ϣ."),
        encoding="utf-8",
    )
    # The shipped DejaVu Sans Condensed (default) has Coptic U+03E2; DejaVu Serif (print) not.
    assert [d.code for d in validate([folder], today=TODAY).diagnostics] == ["FS205"]
    printed = validate([folder], style="print", today=TODAY).diagnostics
    assert sorted(d.code for d in printed) == ["FS205", "FS601"]
    assert any("U+03E2" in d.message for d in printed)


# Snapshot paths that only exist at run time: git keeps symlinks poorly.


@pytest.fixture
def snapshot_briefing(tmp_path: Path) -> Path:
    """A briefing whose one source has ``snapshot: snapshots/agency.txt`` (not yet there)."""
    folder = copy_briefing(INVALID / "FS502-snapshot-missing", tmp_path / "briefing")
    (folder / "snapshots").mkdir()
    return folder


def _codes_at_snapshot(folder: Path) -> list[tuple[str, int, int]]:
    report = validate([folder], today=TODAY)
    return [(d.code, d.location.line, d.location.column) for d in report.diagnostics]


def test_a_snapshot_symlink_to_a_file_outside_is_refused(
    snapshot_briefing: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("secret\n", encoding="utf-8")
    (snapshot_briefing / "snapshots" / "agency.txt").symlink_to(outside)
    assert _codes_at_snapshot(snapshot_briefing) == [("FS503", 7, 15)]


def test_a_snapshot_under_a_symlinked_folder_outside_is_refused(
    snapshot_briefing: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "agency.txt").write_text("text\n", encoding="utf-8")
    (snapshot_briefing / "snapshots").rmdir()
    (snapshot_briefing / "snapshots").symlink_to(elsewhere, target_is_directory=True)
    assert _codes_at_snapshot(snapshot_briefing) == [("FS503", 7, 15)]


def test_a_dangling_snapshot_symlink_out_of_the_folder_is_refused(
    snapshot_briefing: Path, tmp_path: Path
) -> None:
    (snapshot_briefing / "snapshots" / "agency.txt").symlink_to(tmp_path / "gone.txt")
    assert _codes_at_snapshot(snapshot_briefing) == [("FS503", 7, 15)]


def test_a_snapshot_symlink_loop_is_missing_not_a_crash(snapshot_briefing: Path) -> None:
    link = snapshot_briefing / "snapshots" / "agency.txt"
    link.symlink_to(link)
    assert _codes_at_snapshot(snapshot_briefing) == [("FS502", 7, 15)]


def test_a_snapshot_symlink_inside_the_folder_is_read(snapshot_briefing: Path) -> None:
    (snapshot_briefing / "real.txt").write_text("Talks will “resume” soon.\n", encoding="utf-8")
    (snapshot_briefing / "snapshots" / "agency.txt").symlink_to(Path("..") / "real.txt")
    facts = snapshot_briefing / "facts.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8") + "        quote: 'will \"resume\" soon'\n",
        encoding="utf-8",
    )
    report = validate([snapshot_briefing], today=TODAY)
    assert report.diagnostics == []
    assert (report.quotes.verified, report.quotes.unverifiable) == (1, 0)


def test_a_snapshot_that_is_not_utf8_is_fs502(snapshot_briefing: Path) -> None:
    (snapshot_briefing / "snapshots" / "agency.txt").write_bytes("Gdańsk".encode("utf-16"))
    assert _codes_at_snapshot(snapshot_briefing) == [("FS502", 7, 15)]


def test_a_quote_against_a_broken_snapshot_counts_as_unverified(snapshot_briefing: Path) -> None:
    facts = snapshot_briefing / "facts.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8") + "        quote: anything at all\n", encoding="utf-8"
    )
    report = validate([snapshot_briefing], today=TODAY)
    assert [d.code for d in report.diagnostics] == ["FS502"]  # not also FS501
    assert (report.quotes.verified, report.quotes.unverifiable) == (0, 1)
