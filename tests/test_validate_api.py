"""`factsheet.validate(...)` as a library: options, rules that need more than one fixture,
and inputs nobody would write on purpose."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import INVALID, TODAY, VALID, copy_briefing, findings
from factsheet.diagnostics import RULES, Severity
from factsheet.errors import UsageError
from factsheet.validation import validate

ONE_WARNING = INVALID / "FS205-unused-source"  # a small briefing whose only finding is a warning


@pytest.fixture
def briefing(tmp_path: Path) -> Path:
    """A writable copy of a small briefing that is clean apart from one FS205 warning."""
    return copy_briefing(ONE_WARNING, tmp_path / "briefing")


def edit(path: Path, change: Callable[[str], str]) -> None:
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def codes(folder: Path, today: date = TODAY, ignore: tuple[str, ...] = ()) -> list[str]:
    return [d.code for d in validate([folder], today=today, ignore=ignore).diagnostics]


def test_the_library_does_not_import_click() -> None:
    import subprocess

    program = "import sys, factsheet.validation, factsheet.reporters; print('click' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_strict_turns_warnings_into_errors(briefing: Path) -> None:
    plain = validate([briefing], today=TODAY)
    assert plain.ok and (plain.errors, plain.warnings) == (0, 1)
    strict = validate([briefing], today=TODAY, strict=True)
    assert not strict.ok and (strict.errors, strict.warnings) == (1, 0)
    assert strict.diagnostics[0].severity is Severity.ERROR


def test_ignore_removes_the_named_rules_only(briefing: Path) -> None:
    edit(
        briefing / "sources.yaml",
        lambda text: text.replace(
            "    url: https://example.org/report\n    accessed: 2025-10-25\n", "", 1
        ),
    )
    assert sorted(codes(briefing)) == ["FS205", "FS402"]
    assert codes(briefing, ignore=("FS205",)) == ["FS402"]
    assert codes(briefing, ignore=("fs205", " FS402 ")) == []
    assert validate([briefing], today=TODAY, strict=True, ignore=["FS205", "FS402"]).ok


def test_ignore_refuses_a_code_that_is_not_a_rule(briefing: Path) -> None:
    with pytest.raises(UsageError, match="FS2O5"):
        validate([briefing], today=TODAY, ignore=["FS2O5"])


def test_paths_that_name_no_briefing_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        validate([tmp_path / "nope"])
    with pytest.raises(UsageError, match="no briefing"):
        validate([tmp_path])
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(UsageError, match="not a YAML file"):
        validate([tmp_path / "notes.txt"])


def test_a_file_path_validates_its_briefing(briefing: Path) -> None:
    report = validate([briefing / "facts.yaml"], today=TODAY)
    assert [r.bundle.folder for r in report.briefings] == [briefing]


def test_a_folder_of_briefings_validates_each(tmp_path: Path) -> None:
    for name in ("FS205-unused-source", "FS402-no-link"):
        shutil.copytree(INVALID / name, tmp_path / name)
    report = validate([tmp_path], today=TODAY)
    assert sorted(r.bundle.id for r in report.briefings) == ["FS205-unused-source", "FS402-no-link"]
    assert sorted(d.code for d in report.diagnostics) == ["FS205", "FS402"]


def test_all_problems_in_all_files_are_reported_in_one_run(briefing: Path) -> None:
    edit(briefing / "briefing.yaml", lambda t: t.replace("title: Minimal briefing", "title: 1956"))
    edit(
        briefing / "sources.yaml",
        lambda t: t.replace("https://example.org/report", "javascript:x", 1),
    )
    edit(briefing / "facts.yaml", lambda t: t.replace("date: 2025-10", "date: 2025-02-30"))
    (briefing / "more.yaml").write_text("facts:\n  - id: a\n    id: b\n", encoding="utf-8")
    assert findings(validate([briefing], today=TODAY).diagnostics, briefing) == [
        ("FS104", "more.yaml", 3, 5),
        ("FS111", "more.yaml", 2, 5),  # section, date, text are missing: one per key
        ("FS111", "more.yaml", 2, 5),
        ("FS111", "more.yaml", 2, 5),
        ("FS112", "briefing.yaml", 1, 8),
        # No FS205 for agency-2024: a fact without a section may have meant to cite it.
        ("FS301", "facts.yaml", 4, 11),
        ("FS401", "sources.yaml", 5, 10),
    ]


def test_an_unknown_source_gets_the_closest_id_as_a_hint() -> None:
    report = validate([INVALID / "FS202-unknown-source"], today=TODAY)
    assert [d.hint for d in report.diagnostics] == ["Did you mean 'agency-2025'?"]


def test_an_unknown_section_gets_the_closest_id_as_a_hint() -> None:
    report = validate([INVALID / "FS203-unknown-section"], today=TODAY)
    assert [d.hint for d in report.diagnostics] == ["Did you mean 'main'?"]


def test_unquoted_yaml_typing_is_named_in_the_message() -> None:
    report = validate([INVALID / "FS112-key-yes"], today=TODAY)
    [item] = report.diagnostics
    assert "'yes'" in item.message and "boolean" in item.message
    assert item.hint.startswith("Quote it")


@pytest.mark.parametrize("value", ["=", '"yes"', "'1956'", "~ tilde inside", "no-colon"])
def test_words_yaml_does_not_type_stay_text(briefing: Path, value: str) -> None:
    edit(briefing / "facts.yaml", lambda t: t.replace("Something happened in October 2025.", value))
    report = validate([briefing], today=TODAY, ignore=("FS205",))
    assert report.diagnostics == []
    [fact] = report.briefings[0].bundle.facts
    assert fact.record.text == value.strip("\"'")


@pytest.mark.parametrize("value", ["yes", "On", "1956", "2025-10-24", "1.5", ".nan", "null"])
def test_words_yaml_types_are_not_text(briefing: Path, value: str) -> None:
    edit(briefing / "facts.yaml", lambda t: t.replace("Something happened in October 2025.", value))
    assert codes(briefing, ignore=("FS205",)) == ["FS112"]


# Dates: compared at the coarser precision, intervals from their start, staleness from the end.


@pytest.mark.parametrize(
    ("fact_date", "found"),
    [
        ("2025-10", []),  # October 2025 is not after 24 October 2025
        ("2025", []),
        ("2025-10-24", []),
        ("2025-10-25", ["FS303"]),
        ("2025-11", ["FS303"]),
        ("2026", ["FS303"]),
        ('"2025/2026"', []),  # an interval counts from its start
        ('"2025-10-25/2026"', ["FS303"]),
    ],
)
def test_after_as_of_compares_at_the_coarser_precision(
    briefing: Path, fact_date: str, found: list[str]
) -> None:
    # Sources published after as_of, so only FS303 can speak.
    edit(
        briefing / "sources.yaml",
        lambda t: t.replace("2025-10-24", "2026-12-31").replace("2025-10-25", "2027-01-01"),
    )
    edit(briefing / "facts.yaml", lambda t: t.replace("date: 2025-10", f"date: {fact_date}"))
    assert codes(briefing, today=date(2030, 1, 1), ignore=("FS205",)) == found


@pytest.mark.parametrize(
    ("fact_date", "found"),
    [("2025-10", []), ("2025-10-24", []), ("2025-10-25", ["FS304"]), ('"2024/2026"', [])],
)
def test_after_published_compares_at_the_coarser_precision(
    briefing: Path, fact_date: str, found: list[str]
) -> None:
    edit(briefing / "briefing.yaml", lambda t: t.replace("2025-10-24", "2026-06-30"))
    edit(briefing / "facts.yaml", lambda t: t.replace("date: 2025-10", f"date: {fact_date}"))
    assert codes(briefing, today=date(2030, 1, 1), ignore=("FS205",)) == found


def test_after_published_needs_every_citing_source_to_be_earlier(briefing: Path) -> None:
    edit(briefing / "briefing.yaml", lambda t: t.replace("2025-10-24", "2025-12-31"))
    edit(
        briefing / "facts.yaml",
        lambda t: t.replace("date: 2025-10", "date: 2025-10-26") + "      - source: agency-2024\n",
    )
    assert codes(briefing) == ["FS304"]  # agency-2024 (published 2024-01-10) is earlier too
    edit(briefing / "sources.yaml", lambda t: t.replace("2024-01-10", "2025-10"))
    assert codes(briefing) == []  # October 2025 is not before 26 October 2025


@pytest.mark.parametrize(
    ("accessed", "found"),
    [
        ("2025-10", []),
        ("2025", []),
        ("2025-10-24", []),
        ("2025-10-23", ["FS305"]),
        ("2025-09", ["FS305"]),
    ],
)
def test_accessed_before_published_at_the_coarser_precision(
    briefing: Path, accessed: str, found: list[str]
) -> None:
    edit(
        briefing / "sources.yaml",
        lambda t: t.replace("accessed: 2025-10-25", f"accessed: {accessed}"),
    )
    assert codes(briefing, ignore=("FS205",)) == found


def test_a_date_is_in_the_future_only_past_today_at_its_precision(briefing: Path) -> None:
    edit(briefing / "briefing.yaml", lambda t: t.replace("as_of: 2025-10-24", "as_of: 2026-01"))
    assert codes(briefing, today=date(2026, 1, 1), ignore=("FS205",)) == []
    assert codes(briefing, today=date(2025, 12, 31), ignore=("FS205",)) == ["FS306"]


@pytest.mark.parametrize(
    ("fact_date", "stale"),
    [
        ('"2016/2024-12"', False),  # starts long ago, but ages from its end: 297 days
        ('"2016/2018"', True),
        ("2024-09-19", False),  # exactly 400 days before 2025-10-24
        ("2024-09-18", True),
        ("2024-09", False),  # ends 30 September 2024: 389 days (from its start: 418)
        ("2024", False),  # ends 31 December 2024: 297 days
        ("2023", True),
    ],
)
def test_staleness_is_measured_from_the_end_of_the_period(
    briefing: Path, fact_date: str, stale: bool
) -> None:
    edit(briefing / "briefing.yaml", lambda t: t + "    max_age_days: 400\n")
    edit(briefing / "facts.yaml", lambda t: t.replace("date: 2025-10", f"date: {fact_date}"))
    assert codes(briefing, ignore=("FS205",)) == (["FS307"] if stale else [])


def test_min_sources_counts_distinct_sources(briefing: Path) -> None:
    edit(briefing / "briefing.yaml", lambda t: t + "    min_sources: 2\n")
    edit(
        briefing / "facts.yaml",
        lambda t: t + "      - source: agency-2025\n        locator: p. 2\n",
    )
    assert sorted(codes(briefing)) == ["FS205", "FS206"]
    edit(briefing / "facts.yaml", lambda t: t + "      - source: agency-2024\n")
    assert codes(briefing) == []


# Inputs nobody writes on purpose must still end in diagnostics, never in an exception.

YAMLISH = st.text(
    alphabet=list("facts:-[]{}&*!|>'\"#%@`,?~ \n\t\\0129.aeyon\u00e9\u2028\ufeff"), max_size=120
)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_briefing(VALID, tmp_path_factory.mktemp("fuzz") / "briefing")


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    content=st.one_of(YAMLISH, st.binary(max_size=80)),
    name=st.sampled_from(["briefing.yaml", "sources.yaml", "extra.yaml"]),
)
def test_any_file_content_gives_diagnostics_not_exceptions(
    scratch: Path, content: str | bytes, name: str
) -> None:
    path = scratch / name
    original = path.read_bytes() if path.exists() else None
    try:
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        report = validate([scratch], today=TODAY)
        for item in report.diagnostics:
            assert item.code in RULES
            assert item.message and item.hint
            assert item.location.line >= 1 and item.location.column >= 1
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)
