"""`factsheet validate` on the command line: exit codes, output formats and options."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click.testing
import pytest

from conftest import (
    INVALID,
    ROOT,
    STYLE_FIXTURES,
    VALID,
    copy_briefing,
    expected_diagnostics,
    invalid_fixtures,
    rule_of,
    run_cli,
)
from factsheet.diagnostics import RULES, Severity
from factsheet.validation import validate

ANSI = re.compile(r"\x1b\[[0-9;]*m")
GITHUB = re.compile(
    r"::(error|warning) file=([^,:]+)(?:,line=(\d+),col=(\d+))?"
    r",title=factsheet \((FS\d{3}) ([a-z-]+)\)::(.+)"
)


def is_warning_fixture(folder: Path) -> bool:
    return RULES[rule_of(folder)].severity is Severity.WARNING


def test_the_shipped_facts_folder_is_clean() -> None:
    result = run_cli("validate", str(ROOT / "facts"))
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("0 errors, 0 warnings")


def test_the_default_path_is_facts_under_the_working_directory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    result = run_cli("validate")
    assert result.exit_code == 0, result.output
    # The counts of the one briefing under facts/, as the library finds them there.
    found = validate([ROOT / "facts"])
    assert len(found.briefings) == 1 and found.sources > 1
    assert result.output.startswith(
        f"1 briefing, {found.files} files, {found.facts} facts, {found.sources} sources checked"
    )
    assert result.output == run_cli("validate", str(ROOT / "facts")).output


def test_the_valid_fixture_is_clean_and_counts_its_quotes() -> None:
    result = run_cli("validate", str(VALID))
    assert result.exit_code == 0, result.output
    assert "3 quotes verified, 1 without a snapshot; 0 errors, 0 warnings" in result.output


@pytest.mark.parametrize("folder", invalid_fixtures(), ids=lambda path: path.name)
def test_each_invalid_fixture_fails_with_its_rule_at_its_line(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder.parent)
    result = run_cli("validate", folder.name)
    code = rule_of(folder)
    assert result.exit_code == (0 if is_warning_fixture(folder) else 1), result.output
    severity = RULES[code].severity.value
    # Paths as expected.txt writes them: relative to the briefing folder.
    lines = result.output.replace(f"{folder.name}/", "").splitlines()
    for _, file, line, column, message in expected_diagnostics(folder):
        where = f"{file}:{line}:{column}" if line else file
        assert f"{where}: {code} {severity}: {message}" in lines, result.output


@pytest.mark.parametrize(
    "folder", [f for f in invalid_fixtures() if is_warning_fixture(f)], ids=lambda p: p.name
)
def test_strict_makes_each_warning_fixture_fail(folder: Path) -> None:
    result = run_cli("validate", str(folder), "--strict")
    assert result.exit_code == 1, result.output
    assert f"{rule_of(folder)} error:" in result.output
    assert "warning:" not in result.output


def test_a_missing_path_is_a_usage_error() -> None:
    result = run_cli("validate", "no/such/briefing")
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_a_folder_without_briefings_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("validate", str(tmp_path))
    assert result.exit_code == 2
    assert "no briefing found" in result.output


def test_an_unknown_format_or_ignore_code_is_a_usage_error() -> None:
    assert run_cli("validate", str(VALID), "--format", "xml").exit_code == 2
    result = run_cli("validate", str(VALID), "--ignore", "FS2O5")
    assert result.exit_code == 2
    assert "FS2O5" in result.output


def test_an_unknown_style_is_a_usage_error() -> None:
    result = run_cli("validate", str(VALID), "--style", "no-such-style")
    assert result.exit_code == 2
    assert "no style named" in result.output


def test_a_broken_style_file_is_invalid_data() -> None:
    result = run_cli("validate", str(VALID), "--style", str(STYLE_FIXTURES / "missing-font.yaml"))
    assert result.exit_code == 1
    assert "FS602 error" in result.output


def test_json_output_has_the_documented_shape() -> None:
    folder = INVALID / "FS202-unknown-source"
    result = run_cli("validate", str(folder), "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert set(document) == {"version", "ok", "summary", "briefings", "diagnostics"}
    assert document["version"] == 1
    assert document["ok"] is False
    assert document["summary"] == {
        "briefings": 1,
        "files": 3,
        "facts": 2,
        "sources": 1,
        "quotes_verified": 0,
        "quotes_unverifiable": 0,
        "errors": 1,
        "warnings": 0,
    }
    assert [b["id"] for b in document["briefings"]] == ["FS202-unknown-source"]
    [item] = document["diagnostics"]
    assert set(item) == {"file", "line", "column", "code", "rule", "severity", "message", "hint"}
    assert Path(item["file"]).resolve() == folder / "facts.yaml"
    assert (item["line"], item["column"], item["code"]) == (13, 17, "FS202")
    assert (item["rule"], item["severity"]) == ("unknown-source", "error")
    assert item["message"] == "source 'agency-2052' is not declared"
    assert item["hint"] == "Did you mean 'agency-2025'?"


def test_json_output_is_clean_json_even_with_warnings_and_non_ascii() -> None:
    result = run_cli("validate", str(VALID), str(INVALID / "FS402-no-link"), "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.output)
    assert document["ok"] is True
    assert document["summary"]["warnings"] == 1
    assert [d["severity"] for d in document["diagnostics"]] == ["warning"]


def test_github_output_is_one_workflow_command_per_diagnostic() -> None:
    folders = [INVALID / "FS202-unknown-source", INVALID / "FS205-unused-source"]
    folders.append(INVALID / "FS115-missing-sources")
    result = run_cli("validate", *map(str, folders), "--format", "github")
    assert result.exit_code == 1
    *commands, summary = result.output.strip().splitlines()
    assert summary.startswith("3 briefings,")
    parsed = [GITHUB.fullmatch(line) for line in commands]
    assert all(parsed), commands
    # Each annotation is titled with the rule's code and name.
    found = sorted((m[1], Path(m[2]).name, m[3], m[4], m[5], m[6]) for m in parsed if m)
    assert found == [
        ("error", "facts.yaml", "13", "17", "FS202", "unknown-source"),
        # A whole-file diagnostic has no line.
        ("error", "sources.yaml", None, None, "FS115", "missing-file"),
        ("warning", "sources.yaml", "7", "9", "FS205", "unused-source"),
    ]


def test_github_output_escapes_commas_and_colons_in_paths(tmp_path: Path) -> None:
    folder = copy_briefing(INVALID / "FS205-unused-source", tmp_path / "odd,name:here")
    result = run_cli("validate", str(folder), "--format", "github")
    line = result.output.splitlines()[0]
    assert "odd%2Cname%3Ahere" in line
    assert line.startswith("::warning file=")
    assert ",line=7,col=9,title=factsheet (FS205 unused-source)::" in line


def test_ignore_removes_rules_and_takes_commas_or_repeats(tmp_path: Path) -> None:
    folder = copy_briefing(INVALID / "FS205-unused-source", tmp_path / "two-warnings")
    sources = folder / "sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8").replace(
            "    url: https://example.org/report\n    accessed: 2025-10-25\n", "", 1
        ),
        encoding="utf-8",
    )
    both = run_cli("validate", str(folder))
    assert "FS205" in both.output and "FS402" in both.output
    for options in (["--ignore", "FS205,FS402"], ["--ignore", "FS205", "--ignore", "fs402"]):
        result = run_cli("validate", str(folder), "--strict", *options)
        assert result.exit_code == 0, result.output
        assert "FS205" not in result.output and "FS402" not in result.output
        assert "0 errors, 0 warnings" in result.output


def test_quiet_hides_warnings_and_the_summary_of_a_clean_run() -> None:
    warning_only = run_cli("validate", str(INVALID / "FS205-unused-source"), "-q")
    assert warning_only.exit_code == 0
    assert warning_only.output == ""
    mixed = run_cli(
        "validate",
        str(INVALID / "FS205-unused-source"),
        str(INVALID / "FS201-no-citation"),
        "--quiet",
    )
    assert mixed.exit_code == 1
    assert "FS201 error" in mixed.output
    assert "FS205" not in mixed.output
    assert "1 error, 1 warning" in mixed.output  # the summary still counts them


def test_quiet_json_lists_errors_only() -> None:
    paths = [str(INVALID / "FS205-unused-source"), str(INVALID / "FS201-no-citation")]
    document = json.loads(run_cli("validate", *paths, "-q", "--format", "json").output)
    assert [d["code"] for d in document["diagnostics"]] == ["FS201"]


def test_colour_on_a_terminal_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(click.testing._NamedTextIOWrapper, "isatty", lambda self: True)
    folder = str(INVALID / "FS201-no-citation")
    coloured = run_cli("validate", folder, env={"NO_COLOR": None}, color=True)
    assert ANSI.search(coloured.output), "a terminal gets colour"
    plain = run_cli("validate", folder, env={"NO_COLOR": "1"}, color=True)
    assert not ANSI.search(plain.output)
    assert ANSI.sub("", coloured.output) == plain.output


def test_output_is_plain_when_not_a_terminal() -> None:
    result = run_cli(
        "validate", str(INVALID / "FS201-no-citation"), env={"NO_COLOR": None}, color=True
    )
    assert not ANSI.search(result.output)
