"""`factsheet build` with several briefings: --all, -j, -o as a folder, clashes, one report,
one JSON document on stdout, and the PDF itself on stdout with -o -."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import BASE, BASE_SOURCES, copy_briefing, run_cli

SECONDS = 30.0


@pytest.fixture
def facts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """facts/ with three briefings: alpha and gamma build, beta is refused (FS305)."""
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "facts"
    for name in ("alpha", "beta", "gamma"):
        copy_briefing(BASE, root / name)
    (root / "beta" / "sources.yaml").write_text(BASE_SOURCES.replace("2025-10-25", "2025-10-01"))
    return root


def pdfs(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_all_builds_every_briefing_keeps_going_and_exits_1(facts: Path, jobs: str) -> None:
    result = run_cli("build", "--all", "-j", jobs, within=SECONDS)
    assert result.exit_code == 1
    assert pdfs(facts.parent / "output") == ["alpha.pdf", "gamma.pdf"]
    assert "beta: 1 error found; nothing was built" in result.stderr
    assert "2 briefings built, 1 failed" in result.stderr
    assert result.stderr.count("3 briefings,") == 1  # one summary


def test_several_named_briefings_and_success_on_stdout(facts: Path) -> None:
    result = run_cli("build", "alpha", "facts/gamma", "-j", "2", within=SECONDS)
    assert result.exit_code == 0, result.output
    assert "wrote output/alpha.pdf" in result.stdout
    assert "wrote output/gamma.pdf" in result.stdout
    assert result.stdout.rstrip().endswith("0 errors, 0 warnings")
    for name in ("alpha", "gamma"):
        assert len(PdfReader(facts.parent / "output" / f"{name}.pdf").pages) == 1


@pytest.mark.parametrize("output", ["dist/", "dist"])
def test_o_names_a_folder_with_several_briefings(facts: Path, output: str) -> None:
    result = run_cli("build", "alpha", "gamma", "-o", output, within=SECONDS)
    assert result.exit_code == 0, result.output
    assert pdfs(facts.parent / "dist") == ["alpha.pdf", "gamma.pdf"]


def test_o_ending_in_a_slash_or_naming_a_folder_means_a_folder_for_one_briefing(
    facts: Path,
) -> None:
    assert run_cli("build", "alpha", "-o", "new/").exit_code == 0
    assert pdfs(facts.parent / "new") == ["alpha.pdf"]
    (facts.parent / "existing").mkdir()
    assert run_cli("build", "alpha", "-o", "existing").exit_code == 0
    assert pdfs(facts.parent / "existing") == ["alpha.pdf"]
    assert run_cli("build", "alpha", "-o", "file.pdf").exit_code == 0
    assert (facts.parent / "file.pdf").is_file()


def test_two_briefings_that_would_write_one_file_are_refused_before_building(
    facts: Path,
) -> None:
    copy_briefing(BASE, facts / "more" / "alpha")
    result = run_cli("build", "--all")
    assert result.exit_code == 2
    assert "would both write output/alpha.pdf" in result.stderr
    assert not (facts.parent / "output").exists()


def test_usage_mistakes_with_several_briefings(facts: Path) -> None:
    assert "not both" in run_cli("build", "--all", "alpha").stderr
    one = run_cli("build", "alpha", "gamma", "-o", "-")
    assert one.exit_code == 2 and "name one briefing" in one.stderr
    missing = run_cli("build", "alpha", "nope")
    assert missing.exit_code == 2 and not (facts.parent / "output").exists()
    assert run_cli("build", "-j", "0", "--all").exit_code == 2
    several = run_cli("build")
    assert several.exit_code == 2 and "use --all" in several.stderr


def test_json_is_one_document_on_stdout_on_success_and_on_refusal(facts: Path) -> None:
    ok = run_cli("build", "alpha", "--format", "json")
    assert ok.exit_code == 0
    document = json.loads(ok.stdout)
    assert document["ok"] is True
    assert document["version"] == 1
    [built] = document["builds"]
    assert built["output"] == "output/alpha.pdf" and built["ok"] is True
    assert set(document["summary"]) >= {"errors", "warnings", "built", "failed"}

    refused = run_cli("build", "--all", "-j", "2", "--format", "json", within=SECONDS)
    assert refused.exit_code == 1
    document = json.loads(refused.stdout)
    assert document["ok"] is False
    assert [b["ok"] for b in document["builds"]] == [True, False, True]
    assert [d["code"] for d in document["diagnostics"]] == ["FS305"]
    assert document["summary"]["errors"] == 1
    assert document["summary"]["briefings"] == 3


def test_the_pdf_on_stdout_sends_the_report_to_stderr(facts: Path, tmp_path: Path) -> None:
    """In a real process: the PDF's bytes must reach stdout untouched."""
    for output_format in ("text", "json"):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "factsheet",
                "build",
                "alpha",
                "-o",
                "-",
                "--format",
                output_format,
            ],
            capture_output=True,
            cwd=tmp_path,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(b"%PDF-") and result.stdout.rstrip().endswith(b"%%EOF")
        assert b"wrote -" in result.stderr or b'"ok": true' in result.stderr
    assert not (tmp_path / "output").exists()


def test_exit_zero_and_output_file_on_build(facts: Path) -> None:
    result = run_cli("build", "--all", "--exit-zero", "--format", "junit", "--output-file", "r.xml")
    assert result.exit_code == 0
    assert "<testsuites" in (facts.parent / "r.xml").read_text(encoding="utf-8")


def test_a_build_that_cannot_be_written_is_a_usage_error(facts: Path) -> None:
    (facts.parent / "output").mkdir()
    (facts.parent / "output" / "alpha.pdf").mkdir()  # a folder where the PDF should go
    result = run_cli("build", "alpha")
    assert result.exit_code == 2
    assert "cannot write" in result.stderr
