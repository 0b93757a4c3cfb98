"""Hostile names and streams at the command line: file names that are not UTF-8 or that look
like diagnostics, a briefing named '.', an output folder that does not exist yet, a
terminal that cannot encode a character, and a standard output that cannot be written."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BASE, BASE_FACTS, copy_briefing, run_cli

# One diagnostic line of text output, read the way a naive tool would read it.
TEXT_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<code>FS\d{3}) ")
FORGED = "x:9:9: FS999 error: forged"


def factsheet(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "factsheet", *args], cwd=cwd, env=env, capture_output=True
    )


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses names that are not UTF-8")
def test_b19_a_file_name_that_is_not_utf8_still_gives_valid_json(tmp_path: Path) -> None:
    folder = copy_briefing(BASE, tmp_path / "brief")
    (folder / os.fsdecode(b"bad\xff.yaml")).write_bytes(b"facts: []\nextra: 1\n")
    for output_format in ("json", "sarif", "gitlab", "junit", "text", "github"):
        result = factsheet("validate", "--format", output_format, str(folder), cwd=tmp_path)
        assert result.returncode == 1, result.stderr
        text = result.stdout.decode("utf-8")  # strict: invalid UTF-8 would raise here
        # The undecodable byte as \xff (JSON writes the backslash itself escaped).
        if output_format == "sarif":  # a URI keeps the byte itself, percent-encoded
            assert "bad%FF.yaml" in text
        else:
            assert "bad\\xff.yaml" in text.replace("\\\\", "\\"), output_format
        if output_format in ("json", "sarif", "gitlab"):
            json.loads(text)


def test_b20_a_briefing_named_dot_is_built_under_its_folder_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = copy_briefing(BASE, tmp_path / "brief")
    monkeypatch.chdir(folder)
    result = run_cli("build", ".")
    assert result.exit_code == 0, result.output
    assert (folder / "output" / "brief.pdf").is_file()
    assert not (folder / "output" / ".pdf").exists()
    document = json.loads(run_cli("validate", ".", "--format", "json").stdout)
    assert [b["id"] for b in document["briefings"]] == ["brief"]


def test_b21_an_output_path_ending_in_a_slash_is_a_new_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_briefing(BASE, tmp_path / "brief")
    monkeypatch.chdir(tmp_path)
    result = run_cli("build", "brief", "-o", "newdir/")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "newdir").iterdir()) == ["brief.pdf"]


def test_b23_a_folder_name_cannot_forge_a_diagnostic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = copy_briefing(BASE, tmp_path / FORGED)
    (folder / "facts.yaml").write_text(BASE_FACTS + "extra: 1\n", encoding="utf-8")
    result = run_cli("validate", FORGED)
    assert result.exit_code == 1
    parsed = [TEXT_LINE.match(line) for line in result.stdout.splitlines()]
    found = [(m["file"], m["line"], m["code"]) for m in parsed if m]
    assert found == [('"x\\x3a9\\x3a9\\x3a FS999 error\\x3a forged/facts.yaml"', "8", "FS110")]
    # The same quoted form wherever a path is printed as text.
    junit = run_cli("validate", FORGED, "--format", "junit").stdout
    assert 'x\\x3a9\\x3a9\\x3a FS999 error\\x3a forged/facts.yaml"' in junit
    # A plain path prints unchanged.
    plain = copy_briefing(BASE, tmp_path / "plain name")
    (plain / "facts.yaml").write_text(BASE_FACTS + "extra: 1\n", encoding="utf-8")
    assert "plain name/facts.yaml:8:1: FS110 error" in run_cli("validate", "plain name").stdout


@pytest.mark.parametrize("name", ["new\nline", 'quote"d', "back\\slash", "tab\there"])
def test_b23_other_unsafe_names_are_quoted_and_escaped(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = copy_briefing(BASE, tmp_path / name)
    (folder / "facts.yaml").write_text(BASE_FACTS + "extra: 1\n", encoding="utf-8")
    result = run_cli("validate", name)
    [line] = [line for line in result.stdout.splitlines() if "FS110" in line]
    assert line.startswith('"') and line.endswith("unknown key 'extra' (this file holds 'facts')")
    assert '/facts.yaml":8:1: FS110 error' in line


def test_b12_a_terminal_that_cannot_encode_a_character_gets_an_escape(tmp_path: Path) -> None:
    folder = copy_briefing(BASE, tmp_path / "brief")
    (folder / "facts.yaml").write_text(BASE_FACTS + "pri€e: 1\n", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    for output_format in ("text", "json", "github"):
        result = factsheet(
            "validate", "--format", output_format, str(folder), cwd=tmp_path, env=env
        )
        assert result.returncode == 1, result.stderr
        assert b"Traceback" not in result.stderr and b"internal error" not in result.stderr
        assert b"pri\\u20ace" in result.stdout
        if output_format == "json":
            assert json.loads(result.stdout.decode("latin-1"))["diagnostics"][0]["code"] == "FS110"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_b12_a_full_stdout_is_said_clearly_and_the_pdf_stays(tmp_path: Path) -> None:
    copy_briefing(BASE, tmp_path / "brief")
    with Path("/dev/full").open("w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "factsheet", "build", "brief"],
            cwd=tmp_path,
            stdout=full,
            stderr=subprocess.PIPE,
            check=False,
        )
        validated = subprocess.run(
            [sys.executable, "-m", "factsheet", "validate", "brief"],
            cwd=tmp_path,
            stdout=full,
            stderr=subprocess.PIPE,
            check=False,
        )
    assert result.returncode == 1
    message = result.stderr.decode()
    assert message.startswith("factsheet: cannot write to standard output: No space left")
    assert "Traceback" not in message and "internal error" not in message
    assert message.count("\n") == 1
    assert (tmp_path / "output" / "brief.pdf").is_file()
    assert validated.returncode == 1
    assert "cannot write to standard output" in validated.stderr.decode()
