"""`factsheet new NAME`: an example briefing that is commented and clean as it is."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import run_cli
from factsheet.errors import UsageError
from factsheet.scaffold import TEMPLATES, scaffold
from factsheet.validation import validate


def new(tmp_path: Path, name: str = "baltic-shipping") -> Path:
    root = tmp_path / "facts"
    result = run_cli("new", name, "--root", str(root))
    assert result.exit_code == 0, result.output
    assert result.output == f"created {root / name}\n"
    return root / name


def test_new_writes_a_briefing_sources_and_one_facts_file(tmp_path: Path) -> None:
    folder = new(tmp_path)
    assert sorted(path.name for path in folder.iterdir()) == sorted(TEMPLATES)
    briefing = yaml.safe_load((folder / "briefing.yaml").read_text("utf-8"))
    assert briefing["title"] == "Baltic shipping"
    assert briefing["as_of"] == date.today()


def test_the_new_briefing_validates_with_exit_0_and_no_warnings(tmp_path: Path) -> None:
    folder = new(tmp_path)
    result = run_cli("validate", "--strict", str(folder))
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output
    # No diagnostic at all, not even one that --ignore or a severity would hide.
    assert validate([folder]).diagnostics == []
    assert validate([folder], style="print").diagnostics == []


def test_the_new_briefing_stays_clean_in_later_years(tmp_path: Path) -> None:
    folder = scaffold("kept-for-years", tmp_path, today=date(2026, 3, 1))
    assert validate([folder], today=date(2041, 12, 31)).diagnostics == []


def test_every_file_is_commented_and_documents_its_keys(tmp_path: Path) -> None:
    folder = new(tmp_path)
    for path in folder.iterdir():
        text = path.read_text("utf-8")
        assert text.startswith("# "), path.name
        assert "$" not in text, f"{path.name}: a template placeholder was left in"
        commented = [line for line in text.splitlines() if "#" in line]
        assert len(commented) >= 8, path.name
    sources = (folder / "sources.yaml").read_text("utf-8")
    for key in ("archive_url", "snapshot", "note", "accessed"):
        assert key in sources
    assert "max_age_days" in (folder / "briefing.yaml").read_text("utf-8")
    assert "quote" in (folder / "facts.yaml").read_text("utf-8")


def test_example_links_point_only_at_the_reserved_example_domain(tmp_path: Path) -> None:
    folder = new(tmp_path)
    links = [
        link
        for path in folder.iterdir()
        for link in re.findall(r"https?://[^\s\"']+", path.read_text("utf-8"))
    ]
    assert links
    assert all(link.startswith("https://example.org/") for link in links), links


def test_default_root_is_facts_under_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("new", "my-briefing")
    assert result.exit_code == 0, result.output
    assert result.output == "created facts/my-briefing\n"
    briefing = (tmp_path / "facts" / "my-briefing" / "briefing.yaml").read_text("utf-8")
    assert "factsheet validate facts/my-briefing" in briefing
    validated = run_cli("validate")
    assert validated.exit_code == 0, validated.output


@pytest.mark.parametrize(
    "name",
    [
        "",
        "Baltic",
        "-baltic",
        "baltic_shipping",
        "baltic shipping",
        "a/b",
        "../escape",
        ".hidden",
        "baltic\n",
        "ünïcode",
        "x" * 81,
    ],
)
def test_a_name_that_is_not_a_slug_is_a_usage_error(tmp_path: Path, name: str) -> None:
    result = run_cli("new", "--root", str(tmp_path / "facts"), "--", name)
    assert result.exit_code == 2, result.output
    assert "is not a briefing name" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "facts").exists()
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_is_left_alone_with_a_usage_error(tmp_path: Path) -> None:
    folder = tmp_path / "facts" / "taken"
    folder.mkdir(parents=True)
    (folder / "briefing.yaml").write_text("title: mine\n", encoding="utf-8")
    result = run_cli("new", "taken", "--root", str(tmp_path / "facts"))
    assert result.exit_code == 2, result.output
    assert "already exists" in result.output
    assert [path.name for path in folder.iterdir()] == ["briefing.yaml"]
    assert (folder / "briefing.yaml").read_text("utf-8") == "title: mine\n"


def test_a_root_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "facts").write_text("not a folder", encoding="utf-8")
    with pytest.raises(UsageError, match="cannot create"):
        scaffold("briefing", tmp_path / "facts")


def test_the_new_briefing_builds_a_one_page_pdf(tmp_path: Path) -> None:

    folder = new(tmp_path)
    output = tmp_path / "briefing.pdf"
    result = run_cli("build", str(folder), "-o", str(output))
    assert result.exit_code == 0, result.output
    assert output.read_bytes().startswith(b"%PDF")
    assert len(PdfReader(output).pages) == 1
