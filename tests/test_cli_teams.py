"""The command line as teams use it: output formats, configuration, exceptions on one
record, --ignore by name, discovery from a repository's root, the rules command, colour."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator

from conftest import BASE, BASE_FACTS, BASE_SOURCES, INVALID, ROOT, VALID, copy_briefing, run_cli
from factsheet.diagnostics import RULES
from factsheet.rules_docs import WHY

SARIF_SCHEMA = ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository of briefings: facts/good (clean), facts/bad (one FS305), and styles/."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    copy_briefing(BASE, tmp_path / "facts" / "good")
    bad = copy_briefing(BASE, tmp_path / "facts" / "bad")
    (bad / "sources.yaml").write_text(BASE_SOURCES.replace("2025-10-25", "2025-10-01"))
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    return tmp_path


def sarif_validator() -> Draft4Validator:
    return Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))


# Formats


def test_sarif_is_valid_against_the_official_schema(repo: Path) -> None:
    result = run_cli("validate", "--format", "sarif")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    errors = [e.message for e in sarif_validator().iter_errors(document)]
    assert errors == []
    [run] = document["runs"]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == list(RULES)
    [found] = run["results"]
    assert found["ruleId"] == "FS305" and found["level"] == "error"
    assert run["tool"]["driver"]["rules"][found["ruleIndex"]]["id"] == "FS305"
    location = found["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "facts/bad/sources.yaml"
    assert location["region"] == {"startLine": 6, "startColumn": 15}


def test_sarif_of_whole_file_problems_and_odd_names_is_valid(tmp_path: Path) -> None:
    folder = copy_briefing(INVALID / "FS115-missing-sources", tmp_path / "odd name:#%")
    result = run_cli("validate", "--format", "sarif", str(folder))
    document = json.loads(result.stdout)
    assert [e.message for e in sarif_validator().iter_errors(document)] == []
    uri = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert "region" not in uri
    assert uri["artifactLocation"]["uri"].startswith("file://")
    assert "odd%20name%3A%23%25" in uri["artifactLocation"]["uri"]


def test_sarif_of_a_build_is_valid_and_says_what_failed(repo: Path) -> None:
    result = run_cli("build", "--all", "-j", "1", "--format", "sarif")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert [e.message for e in sarif_validator().iter_errors(document)] == []
    [invocation] = document["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    assert "bad" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_gitlab_code_quality_report(repo: Path) -> None:
    (repo / "facts" / "good" / "sources.yaml").write_text(
        BASE_SOURCES + BASE_SOURCES.removeprefix("sources:\n").replace("agency", "spare")
    )
    result = run_cli("validate", "--format", "gitlab")
    issues: list[dict[str, Any]] = json.loads(result.stdout)
    assert {i["check_name"] for i in issues} == {
        "FS305 accessed-before-published",
        "FS205 unused-source",
    }
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"major", "minor"}
        assert issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    again = json.loads(run_cli("validate", "--format", "gitlab").stdout)
    assert [i["fingerprint"] for i in again] == [i["fingerprint"] for i in issues]


def test_junit_has_a_suite_per_briefing_and_a_failure_per_error(repo: Path) -> None:
    result = run_cli("validate", "--format", "junit")
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout)
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"bad", "good"}
    assert suites["bad"].get("failures") == "1"
    failure = suites["bad"].find("testcase/failure")
    assert failure is not None and failure.get("type") == "FS305"
    assert suites["good"].get("failures") == "0"
    assert root.get("tests") == "2" and root.get("failures") == "1"


def test_junit_of_a_build_adds_a_case_per_build(repo: Path) -> None:
    result = run_cli("build", "--all", "-j", "1", "--format", "junit")
    root = ET.fromstring(result.stdout)
    names = [case.get("name") for case in root.iter("testcase")]
    assert "build good" in names and "build bad" in names


def test_github_titles_name_the_rule_and_the_summary_is_appended(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = repo / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run_cli("validate", "--format", "github")
    assert result.exit_code == 1
    assert "title=factsheet (FS305 accessed-before-published)::" in result.stdout
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## ❌ factsheet validate")
    assert "| facts/bad/sources.yaml:6:15 | FS305 accessed-before-published | error |" in text


def test_a_markdown_summary_cannot_be_broken_by_a_message(repo: Path) -> None:
    from factsheet.diagnostics import Diagnostic, Location, Severity
    from factsheet.report import BriefingSummary, Findings
    from factsheet.reporters.github import markdown

    item = Diagnostic(Location("a|b.yaml", 1, 1), "FS202", "x | y\n## z", "h", Severity.ERROR)
    findings = Findings([BriefingSummary("a", "a", diagnostics=(item,))])
    row = next(line for line in markdown(findings).splitlines() if "FS202" in line)
    assert row.count(" | ") == 3 and "\n" not in row and "a\\|b.yaml" in row


def test_output_file_is_written_and_stdout_stays_empty(repo: Path) -> None:
    result = run_cli("validate", "--format", "json", "--output-file", "report.json")
    assert result.exit_code == 1
    assert result.stdout == ""
    document = json.loads((repo / "report.json").read_text(encoding="utf-8"))
    assert document["summary"]["errors"] == 1


def test_exit_zero_reports_but_passes(repo: Path) -> None:
    result = run_cli("validate", "--exit-zero")
    assert result.exit_code == 0
    assert "FS305 error" in result.stdout
    assert run_cli("validate", "--exit-zero", "--ignore", "FS999").exit_code == 2


# --ignore


def test_ignore_takes_rule_names_as_printed_in_json(repo: Path) -> None:
    result = run_cli("validate", "--ignore", "accessed-before-published")
    assert result.exit_code == 0, result.output
    assert run_cli("validate", "--ignore", "Accessed-Before-Published,FS205").exit_code == 0


@pytest.mark.parametrize("rule", ["FS111", "missing-key", "FS100", "FS115", "FS301"])
def test_file_and_schema_rules_cannot_be_ignored(repo: Path, rule: str) -> None:
    result = run_cli("validate", "--ignore", rule)
    assert result.exit_code == 2
    assert "cannot ignore" in result.stderr
    assert "read only in part" in result.stderr
    assert run_cli("validate", "--ignore", "FS205,FS202").exit_code == 2


# Configuration


def test_pyproject_settings_apply_and_the_command_line_wins(repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "briefings"\n\n[tool.factsheet]\n'
        'ignore = ["accessed-before-published"]\nformat = "json"\n',
        encoding="utf-8",
    )
    result = run_cli("validate")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["ok"] is True
    assert run_cli("validate", "--format", "text").stdout.startswith("2 briefings")
    assert run_cli("validate", "--isolated").exit_code == 1


def test_factsheet_toml_wins_over_pyproject_in_one_folder_and_is_found_from_below(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "pyproject.toml").write_text('[tool.factsheet]\nformat = "json"\n')
    (repo / "factsheet.toml").write_text('strict = true\nroot = "facts/good"\n')
    (repo / "facts" / "good" / "sources.yaml").write_text(
        BASE_SOURCES.replace("    url: https://example.org/report\n    accessed: 2025-10-25\n", "")
        + "    accessed: 2025-10-25\n"
    )
    monkeypatch.chdir(repo / "styles")
    result = run_cli("validate")
    assert result.exit_code == 1, result.output  # FS402 under strict
    assert "FS402 error" in result.stdout
    assert "../facts/good/sources.yaml:" in result.stdout  # relative to where it runs
    assert run_cli("validate", "--no-strict").exit_code == 0


def test_an_unknown_key_is_a_usage_error_naming_file_line_and_key(repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.factsheet]\nstrict = true\nstirct = false\n'
    )
    result = run_cli("validate")
    assert result.exit_code == 2
    assert "factsheet: pyproject.toml:6: unknown key 'stirct'" in result.stderr
    assert "Did you mean 'strict'?" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("strict = 'yes'\n", ":1: strict must be bool"),
        ("ignore = 'FS205'\n", ":1: ignore must be a list of strings"),
        ("paper = 'a5'\n", ":1: paper must be a4 or letter"),
        ("format = 'xml'\n", ":1: format must be one of"),
        ("ignore = ['FS110']\n", "factsheet.toml:1: cannot ignore FS110"),
        ("\nignore = ['FS999']\n", "factsheet.toml:2: ignore: no rule 'FS999'"),
        ("strict = \n", "not valid TOML"),
    ],
)
def test_bad_configuration_values_are_usage_errors(repo: Path, content: str, message: str) -> None:
    (repo / "factsheet.toml").write_text(content)
    result = run_cli("validate")
    assert result.exit_code == 2
    assert message in result.stderr


def test_config_names_the_file_and_isolated_reads_none(repo: Path) -> None:
    (repo / "factsheet.toml").write_text("stirct = true\n")
    (repo / "ci.toml").write_text('ignore = ["FS305"]\n')
    assert run_cli("validate", "--config", "ci.toml").exit_code == 0
    assert run_cli("validate", "--isolated").exit_code == 1
    assert run_cli("validate", "--config", "missing.toml").exit_code == 2
    both = run_cli("validate", "--config", "ci.toml", "--isolated")
    assert both.exit_code == 2 and "cannot be used together" in both.stderr


def test_configured_style_and_paper_reach_the_build(repo: Path) -> None:
    (repo / "factsheet.toml").write_text('paper = "letter"\nstyle = "styles/print.yaml"\n')
    result = run_cli("build", "good", "--format", "json")
    assert result.exit_code == 0, result.output
    [built] = json.loads(result.stdout)["builds"]
    assert "LETTER" in built["details"]
    (repo / "factsheet.toml").write_text('style = "no-such-style"\n')
    assert run_cli("build", "good").exit_code == 2


# Exceptions on one record

EARLY = "    accessed: 2025-10-25\n"  # the base source is accessed the day after it appeared


def early_sources(folder: Path, *exceptions: str) -> None:
    """Two sources read before they were published (FS305), with these exceptions."""
    text = "sources:\n"
    for index, exception in enumerate(exceptions):
        entry = BASE_SOURCES.removeprefix("sources:\n").replace("2025-10-25", "2025-10-01")
        text += entry.replace("id: agency", f"id: {'agency' if index == 0 else 'other'}")
        text += exception
    (folder / "sources.yaml").write_text(text, encoding="utf-8")
    (folder / "facts.yaml").write_text(
        BASE_FACTS + "      - source: other\n" if len(exceptions) > 1 else BASE_FACTS
    )


def test_an_exception_excuses_its_rule_inside_its_record_only(base_briefing: Path) -> None:
    early_sources(base_briefing, '    ignore: {FS305: "the agency dated it late"}\n', "")
    result = run_cli("validate", str(base_briefing), "--format", "json")
    document = json.loads(result.stdout)
    [left] = document["diagnostics"]
    assert (left["code"], left["line"]) == ("FS305", 12)
    assert document["summary"]["excused"] == 1
    early_sources(base_briefing, '    ignore: {FS305: "the agency dated it late"}\n')
    result = run_cli("validate", str(base_briefing))
    assert result.exit_code == 0, result.output
    assert "(1 excused by records' ignore:)" in result.stdout


def test_an_exception_by_rule_name_works_and_one_without_reason_is_fs214(
    base_briefing: Path,
) -> None:
    early_sources(base_briefing, '    ignore: {accessed-before-published: ""}\n')
    result = run_cli("validate", str(base_briefing))
    assert result.exit_code == 1
    assert "sources.yaml:7:41: FS214 error" in result.stdout
    assert "FS305 error" not in result.stdout


def test_an_unused_exception_is_fs213(base_briefing: Path) -> None:
    (base_briefing / "facts.yaml").write_text(BASE_FACTS + '    ignore: {FS307: "old"}\n')
    result = run_cli("validate", str(base_briefing))
    assert result.exit_code == 0
    assert "facts.yaml:8:14: FS213 warning" in result.stdout
    quiet = run_cli("validate", str(base_briefing), "--ignore", "unused-exception")
    assert quiet.stdout.endswith("0 errors, 0 warnings\n")


def test_an_exception_for_a_link_rule_is_not_unused_when_links_were_not_checked(
    base_briefing: Path,
) -> None:
    (base_briefing / "sources.yaml").write_text(BASE_SOURCES + '    ignore: {FS215: "flaky"}\n')
    result = run_cli("validate", str(base_briefing))
    assert result.stdout.endswith("0 errors, 0 warnings\n")


@pytest.mark.parametrize(
    ("exceptions", "message"),
    [
        ('{FS110: "x"}', "FS110 (unknown-key) cannot be excused"),
        ('{FS202: "x"}', "FS202 (unknown-source) cannot be excused"),
        ('{FS999: "x"}', "'FS999' is not a rule code or name"),
    ],
)
def test_exceptions_for_unknown_or_unexcusable_rules_are_refused(
    base_briefing: Path, exceptions: str, message: str
) -> None:
    (base_briefing / "facts.yaml").write_text(BASE_FACTS + f"    ignore: {exceptions}\n")
    result = run_cli("validate", str(base_briefing))
    assert result.exit_code == 1
    assert f"FS113 error: ignore: {message}" in result.stdout


def test_sections_and_sources_carry_exceptions_too(base_briefing: Path) -> None:
    (base_briefing / "sources.yaml").write_text(
        BASE_SOURCES
        + BASE_SOURCES.removeprefix("sources:\n").replace("agency", "spare")
        + '    ignore: {FS205: "kept for the next edition"}\n'
    )
    briefing = (base_briefing / "briefing.yaml").read_text()
    (base_briefing / "briefing.yaml").write_text(
        briefing + '  - id: later\n    heading: Later\n    ignore: {FS204: "filled next week"}\n'
    )
    result = run_cli("validate", str(base_briefing), "--strict")
    assert result.exit_code == 0, result.output
    assert "2 excused" in result.stdout


def test_a_build_honours_exceptions(base_briefing: Path, tmp_path: Path) -> None:
    early_sources(base_briefing, "")
    target = tmp_path / "x.pdf"
    assert run_cli("build", str(base_briefing), "-o", str(target)).exit_code == 1
    early_sources(base_briefing, '    ignore: {FS305: "the agency dated it late"}\n')
    result = run_cli("build", str(base_briefing), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.is_file()


def test_ignore_reaches_the_build_but_never_drops_what_the_page_needs(
    base_briefing: Path, tmp_path: Path
) -> None:
    early_sources(base_briefing, "")
    target = str(tmp_path / "x.pdf")
    assert run_cli("build", str(base_briefing), "-o", target, "--ignore", "FS305").exit_code == 0
    refused = run_cli("build", str(base_briefing), "-o", target, "--ignore", "unknown-source")
    assert refused.exit_code == 2
    assert "the page cannot place a citation" in refused.stderr


# Discovery


def test_validate_from_a_repository_root_finds_the_briefings_and_skips_the_rest(
    repo: Path,
) -> None:
    (repo / "notes").mkdir()
    (repo / "notes" / "todo.yaml").write_text("not: [a, briefing]\n")
    (repo / ".git").mkdir()
    copy_briefing(BASE, repo / ".git" / "hidden")
    result = run_cli("validate", ".", "--format", "json")
    ids = sorted(b["id"] for b in json.loads(result.stdout)["briefings"])
    assert ids == ["bad", "good"]


def test_a_folder_with_only_one_briefing_file_still_gets_fs115(tmp_path: Path) -> None:
    folder = tmp_path / "half"
    folder.mkdir()
    (folder / "sources.yaml").write_text(BASE_SOURCES)
    result = run_cli("validate", str(tmp_path))
    assert result.exit_code == 1
    assert "FS115 error: briefing 'half' has no briefing.yaml" in result.stdout


def test_briefing_yml_gets_a_hint_to_rename_it_and_no_cascade(tmp_path: Path) -> None:
    folder = copy_briefing(BASE, tmp_path / "brief")
    (folder / "briefing.yaml").rename(folder / "briefing.yml")
    result = run_cli("validate", str(tmp_path), "--format", "json")
    [only] = json.loads(result.stdout)["diagnostics"]
    assert only["code"] == "FS115"
    assert only["hint"] == "Rename briefing.yml to briefing.yaml: only that name is read."


def test_a_snapshot_file_names_its_briefing(tmp_path: Path) -> None:
    folder = copy_briefing(BASE, tmp_path / "brief")
    (folder / "snapshots").mkdir()
    (folder / "snapshots" / "page.html").write_text("<p>x</p>")
    result = run_cli("validate", str(folder / "snapshots" / "page.html"), "--format", "json")
    assert [b["id"] for b in json.loads(result.stdout)["briefings"]] == ["brief"]


# The rules command


def test_rules_lists_every_rule() -> None:
    result = run_cli("rules")
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(RULES)
    document = json.loads(run_cli("rules", "--format", "json").stdout)
    assert [r["code"] for r in document] == list(RULES)


@pytest.mark.parametrize("name", ["FS206", "fs206", "few-sources"])
def test_rules_explains_one_by_code_or_name(name: str) -> None:
    result = run_cli("rules", name)
    assert result.exit_code == 0
    assert result.stdout.startswith("FS206 few-sources (warning)")
    for part in ("What:", "Why:", "Fix:", "--ignore FS206"):
        assert part in result.stdout


def test_rules_says_which_cannot_be_ignored_and_refuses_unknown_ones() -> None:
    assert "cannot be ignored" in run_cli("rules", "FS111").stdout
    assert run_cli("rules", "FS999").exit_code == 2


def test_every_rule_says_why() -> None:
    assert set(WHY) == set(RULES)
    assert all(text.endswith(".") for text in WHY.values())


# Colour


@pytest.mark.parametrize(
    ("option", "env", "coloured"),
    [
        ([], {"NO_COLOR": None, "FORCE_COLOR": None}, False),
        ([], {"NO_COLOR": None, "FORCE_COLOR": "1"}, True),
        ([], {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
        (["--color", "always"], {"NO_COLOR": "1", "FORCE_COLOR": None}, True),
        (["--color", "never"], {"NO_COLOR": None, "FORCE_COLOR": "1"}, False),
        (["--colour", "always"], {"NO_COLOR": None, "FORCE_COLOR": None}, True),
    ],
)
def test_colour_can_be_forced_or_refused(
    option: list[str], env: dict[str, str | None], coloured: bool
) -> None:
    result = run_cli("validate", str(INVALID / "FS201-no-citation"), *option, env=env, color=True)
    assert bool(ANSI.search(result.stdout)) is coloured


def test_colour_never_reaches_a_report_file(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    run_cli(
        "validate",
        str(INVALID / "FS201-no-citation"),
        "--color",
        "always",
        "--output-file",
        str(target),
        color=True,
    )
    assert not ANSI.search(target.read_text(encoding="utf-8"))


def test_new_names_what_it_created(tmp_path: Path) -> None:
    result = run_cli("new", "baltic-shipping", "--root", str(tmp_path))
    assert result.stdout == f"created {tmp_path / 'baltic-shipping'}\n"


def test_a_pyproject_whose_tool_is_not_a_table_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("tool = 5\n", "utf-8")
    result = run_cli("validate", "--config", str(tmp_path / "pyproject.toml"), str(VALID))
    assert result.exit_code == 2
    assert "tool must be a table" in result.output
