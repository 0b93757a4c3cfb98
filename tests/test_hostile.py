"""Hostile and broken input, through the command line, for `validate` and `build` alike.

Every case must end in rule-coded diagnostics at the right place (or in a clean run where
the input is legitimately fine), with exit code 1 (2 for usage errors, 0 when clean), no
traceback, in bounded time, and a failed build must leave neither a PDF nor a temporary
file behind.

The corpus lives in ``tests/hostile/``. Each folder is named after what it attacks and holds
only the files that differ from ``tests/hostile/_base/`` (a small valid briefing), plus an
``expected.txt`` in the fixtures' format (see ``conftest.py``) whose first comment
line says what the case attacks. FS701 (does not fit) is expected from ``build`` only.
Cases that need links, pipes, huge or many files are made at run time below.

The limits these cases rely on (README "Limits"; each is reported with a rule code):

- a YAML file is read up to ``yaml_reader.MAX_FILE_BYTES`` (4 MiB), FS107;
- at most ``yaml_reader.MAX_VALUES`` (250,000) values in a file, counted before composing so
  that memory stays bounded (about 300 bytes a composed value), FS107;
- nesting deeper than ``yaml_reader.MAX_DEPTH`` (24) levels, FS107 (libyaml's own limit of
  1,000 levels reports the same rule);
- one scalar longer than ``yaml_reader.MAX_SCALAR_CHARS`` (100,000 characters), FS107;
- at most ``bundle.MAX_FILES`` (1,000) YAML files in a briefing; files past it are not read
  and FS107 says so (``briefing.yaml`` and ``sources.yaml`` are always read);
- at most ``collector.MAX_ERRORS`` (1,000) errors reported for one briefing (warnings and
  ignored rules do not count); FS107 says that the rest were not looked at;
- a snapshot is read up to ``snapshots.MAX_SNAPSHOT_BYTES`` (20 MiB), FS107;
- a font named by a style is read up to ``font_coverage.MAX_FONT_BYTES`` (50 MiB), and only from
  a regular file, FS602;
- "did you mean" suggestions stop after ``checks.SUGGESTION_BUDGET`` comparisons.

Bugs outside the validation core are marked ``xfail(strict=True)`` with the reason.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from conftest import (
    BASE,
    BASE_FACTS,
    BASE_SOURCES,
    HOSTILE,
    STYLES,
    Finding,
    copy_briefing,
    expected_findings,
    run_cli,
)
from factsheet.bundle import MAX_FILES
from factsheet.collector import MAX_ERRORS as MAX_PROBLEMS
from factsheet.diagnostics import RULES, Severity
from factsheet.snapshots import MAX_SNAPSHOT_BYTES
from factsheet.yaml_reader import MAX_FILE_BYTES, MAX_SCALAR_CHARS, MAX_VALUES

BUILD_ONLY = {"FS701"}
# Bounded, not benchmarked: a generous ceiling that only an explosion (quadratic work,
# alias expansion, a hang) can reach on a slow CI machine.
SECONDS = 5.0
PEAK_MIB = 300
# One diagnostic line of text output: "file:line:column: CODE severity: message", or
# "file: CODE severity: message" for a problem with a whole file.
TEXT_LINE = re.compile(r"^(?P<file>.+?)(?::(?P<line>\d+):(?P<column>\d+))?: (?P<code>FS\d{3}) ")


def corpus() -> list[Path]:
    return sorted(p for p in HOSTILE.iterdir() if p.is_dir() and not p.name.startswith("_"))


def assemble(case: Path, into: Path) -> Path:
    """The base briefing with the case's files laid over it, as a folder named like the case."""
    folder = copy_briefing(BASE, into / case.name)
    for entry in case.iterdir():
        if entry.name == "expected.txt":
            continue
        if entry.is_dir():
            shutil.copytree(entry, folder / entry.name)
        else:
            shutil.copyfile(entry, folder / entry.name)
    return folder


def relative(file: str, folder: Path) -> str:
    """``file`` relative to ``folder``; the file itself may be a link out, so it is not resolved."""
    path = Path(file)
    return (path.parent.resolve() / path.name).relative_to(folder.resolve()).as_posix()


def json_findings(document: Any, folder: Path) -> list[Finding]:
    return sorted(
        (item["code"], relative(item["file"], folder), item["line"], item["column"])
        for item in document["diagnostics"]
    )


def text_findings(output: str) -> list[tuple[str, int, int]]:
    """(code, line, column) of every diagnostic line in text output."""
    found = []
    for line in output.splitlines():
        match = TEXT_LINE.match(line)
        if match and not line.startswith("  hint:"):
            found.append(
                (match["code"], int(match["line"] or 0), int(match["column"] or 0)),
            )
    return sorted(found)


def is_error(finding: Finding) -> bool:
    return RULES[finding[0]].severity is Severity.ERROR


def check_validate(folder: Path, expected: list[Finding]) -> None:
    as_json = run_cli("validate", "--format", "json", str(folder), within=SECONDS)
    assert json_findings(json.loads(as_json.stdout), folder) == expected
    assert as_json.exit_code == (1 if any(map(is_error, expected)) else 0)

    as_text = run_cli("validate", str(folder), within=SECONDS)
    assert as_text.exit_code == as_json.exit_code
    assert text_findings(as_text.stdout) == sorted((c, line, col) for c, _, line, col in expected)
    for code, _file, line, column in expected:
        # A problem at a position names it as file:line:column, with a rule code.
        assert line == 0 or f":{line}:{column}: {code} " in as_text.stdout


def text_stays_on_the_page(pdf: Path) -> None:
    document = pdfium.PdfDocument(pdf)
    try:
        assert len(document) == 1
        page = document[0]
        width, height = page.get_width(), page.get_height()
        textpage = page.get_textpage()
        for index in range(textpage.count_chars()):
            left, bottom, right, top = textpage.get_charbox(index)
            assert 0 <= left <= right <= width and 0 <= bottom <= top <= height, (
                f"character {index} at {(left, bottom, right, top)} is off the page"
            )
    finally:
        document.close()


def check_build(folder: Path, out: Path, expected: list[Finding]) -> Path | None:
    """Build into the empty folder ``out``; on failure nothing at all may be left there."""
    target = out / "brief.pdf"
    result = run_cli("build", str(folder), "-o", str(target), "--format", "json", within=SECONDS)
    errors = sorted(f for f in expected if is_error(f))
    if errors:
        assert result.exit_code == 1
        # The JSON report of a refused build is on standard output or standard error.
        stream = result.stdout if result.stdout.lstrip().startswith("{") else result.stderr
        document, _end = json.JSONDecoder().raw_decode(stream.lstrip())
        document["diagnostics"] = [d for d in document["diagnostics"] if d["severity"] == "error"]
        assert json_findings(document, folder) == errors
        assert "nothing was built" in result.stdout + result.stderr
        assert not out.exists() or not any(out.iterdir()), "a failed build left files behind"
        return None
    assert result.exit_code == 0, result.stderr
    assert sorted(out.iterdir()) == [target], "the build left a temporary file behind"
    assert len(PdfReader(target).pages) == 1
    text_stays_on_the_page(target)
    return target


def check_case(folder: Path, out: Path, expected: list[Finding]) -> Path | None:
    check_validate(folder, sorted(f for f in expected if f[0] not in BUILD_ONLY))
    return check_build(folder, out, expected)


@pytest.mark.parametrize("case", corpus(), ids=lambda path: path.name)
def test_corpus_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = assemble(case, tmp_path / "briefings")
    check_case(folder, tmp_path / "out", expected_findings(case))


def test_every_corpus_case_says_what_it_attacks() -> None:
    for case in corpus():
        first = (case / "expected.txt").read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# ") and len(first) > 5, case.name
        assert not (case / "expected.txt").read_bytes().startswith(b"\xef\xbb\xbf")
        assert {p.name for p in case.iterdir()} - {"expected.txt"}, f"{case.name} changes nothing"


def test_the_base_briefing_is_clean(
    base_briefing: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    check_case(base_briefing, tmp_path / "out", [])


# Cases made at run time: links, pipes, huge files and many files do not belong in git.


def fact_file(fact_id: str) -> str:
    return BASE_FACTS.replace("first-fact", fact_id)


def with_snapshot(folder: Path, path: str) -> None:
    (folder / "sources.yaml").write_text(BASE_SOURCES + f"    snapshot: {path}\n", "utf-8")


Maker = Callable[[Path, Path], list[Finding]]
MADE: dict[str, Maker] = {}


def made(name: str) -> Callable[[Maker], Maker]:
    def register(maker: Maker) -> Maker:
        MADE[name] = maker
        return maker

    return register


@made("file-over-4-mib")
def _over_size(folder: Path, _outside: Path) -> list[Finding]:
    data = BASE_FACTS.encode() + b"# " + b"x" * MAX_FILE_BYTES + b"\n"
    (folder / "facts.yaml").write_bytes(data)
    return [("FS107", "facts.yaml", 1, 1)]


@made("file-of-exactly-4-mib-in-one-long-line")
def _at_size(folder: Path, _outside: Path) -> list[Finding]:
    head = BASE_FACTS.encode() + b"# "
    (folder / "facts.yaml").write_bytes(head + b"x" * (MAX_FILE_BYTES - len(head)))
    assert (folder / "facts.yaml").stat().st_size == MAX_FILE_BYTES
    return []


@made("scalar-over-100000-characters")
def _long_scalar(folder: Path, _outside: Path) -> list[Finding]:
    text = "x" * (MAX_SCALAR_CHARS + 1)
    (folder / "facts.yaml").write_text(BASE_FACTS.replace("Something happened", text), "utf-8")
    return [("FS107", "facts.yaml", 5, 11)]


@made("scalar-of-100000-characters")
def _limit_scalar(folder: Path, _outside: Path) -> list[Finding]:
    text = "x" * (MAX_SCALAR_CHARS - len(" in October 2025."))
    (folder / "facts.yaml").write_text(BASE_FACTS.replace("Something happened", text), "utf-8")
    return [("FS113", "facts.yaml", 5, 11)]  # longer than a fact may be, but read


def _flow_list(count: int) -> str:
    return "facts: [" + ",".join(["1"] * count) + "]\n"


@made("values-over-the-limit")
def _too_many_values(folder: Path, _outside: Path) -> list[Finding]:
    # The mapping, its key and the list are three values: item number MAX_VALUES - 2
    # (counting from 1) is one too many. Item k (from 0) starts at column 9 + 2k.
    count = MAX_VALUES - 2
    (folder / "facts.yaml").write_text(_flow_list(count), "utf-8")
    return [("FS107", "facts.yaml", 1, 9 + 2 * (count - 1))]


@made("values-at-the-limit-and-too-many-problems")
def _limit_values(folder: Path, _outside: Path) -> list[Finding]:
    # Every item is a wrong type: the first MAX_PROBLEMS are reported, then FS107.
    (folder / "facts.yaml").write_text(_flow_list(MAX_VALUES - 3), "utf-8")
    wrong = [("FS112", "facts.yaml", 1, 9 + 2 * k) for k in range(MAX_PROBLEMS)]
    return [*wrong, ("FS107", "facts.yaml", 0, 0)]


@made("too-many-problems-in-many-files")
def _problems_spread(folder: Path, _outside: Path) -> list[Finding]:
    # Two problems a file; reading stops in the file that passes the limit.
    for index in range(MAX_PROBLEMS // 2 + 100):
        (folder / f"f{index:04d}.yaml").write_text("facts: []\nextra: 1\nmore: 2\n", "utf-8")
    last = MAX_PROBLEMS // 2 - 1
    wrong = [
        ("FS110", f"f{index:04d}.yaml", line, 1) for index in range(last + 1) for line in (2, 3)
    ]
    return [*wrong, ("FS107", f"f{last + 1:04d}.yaml", 0, 0)]


@made("too-many-unknown-sources")
def _unknown_sources(folder: Path, _outside: Path) -> list[Finding]:
    # Near-miss names everywhere: each "did you mean" compares against every source, so
    # without a budget this takes minutes; the checks stop at the limit of errors.
    count = MAX_PROBLEMS + 200
    sources = "".join(
        f"  - {{id: src-{n:05d}, title: T, published: 2025, url: 'https://example.org/', "
        f"accessed: 2025}}\n"
        for n in range(count)
    )
    (folder / "sources.yaml").write_text("sources:\n" + sources, "utf-8")
    lines = [
        f"  - {{id: f{n}, section: main, date: 2025, text: t, cite: [{{source: srx-{n:05d}}}]}}"
        for n in range(count)
    ]
    (folder / "facts.yaml").write_text("facts:\n" + "\n".join(lines) + "\n", "utf-8")
    wrong = [("FS202", "facts.yaml", n + 2, lines[n].index("srx") + 1) for n in range(MAX_PROBLEMS)]
    # FS107 names the file of the first error not reported.
    return [*wrong, ("FS107", "facts.yaml", 0, 0)]


@made("too-many-files")
def _too_many_files(folder: Path, _outside: Path) -> list[Finding]:
    # Sorted by name, these come before sources.yaml, which must still be read.
    for index in range(MAX_FILES + 1):
        (folder / f"a{index:04d}.yaml").write_text(fact_file(f"fact-{index}"), "utf-8")
    # 2 required files + MAX_FILES - 2 others are read: the next one is the first not read.
    return [("FS107", f"a{MAX_FILES - 2:04d}.yaml", 0, 0)]


@made("fact-file-linked-outside")
def _linked_out(folder: Path, outside: Path) -> list[Finding]:
    secret = outside / "secret.yaml"
    secret.write_text(fact_file("leaked"), "utf-8")
    (folder / "linked.yaml").symlink_to(secret)
    return [("FS503", "linked.yaml", 0, 0)]


@made("fact-file-linked-outside-and-dangling")
def _dangling_out(folder: Path, outside: Path) -> list[Finding]:
    (folder / "linked.yaml").symlink_to(outside / "gone.yaml")
    return [("FS503", "linked.yaml", 0, 0)]


@made("fact-file-linked-to-dev-zero")
def _dev_zero(folder: Path, _outside: Path) -> list[Finding]:
    (folder / "zero.yaml").symlink_to("/dev/zero")
    return [("FS503", "zero.yaml", 0, 0)]


@made("fact-file-dangling-link-inside")
def _dangling_in(folder: Path, _outside: Path) -> list[Finding]:
    (folder / "linked.yaml").symlink_to("missing.txt")
    return [("FS115", "linked.yaml", 0, 0)]


@made("fact-file-link-loop")
def _loop(folder: Path, _outside: Path) -> list[Finding]:
    (folder / "loop.yaml").symlink_to("loop.yaml")
    return [("FS115", "loop.yaml", 0, 0)]


@made("fact-file-is-a-pipe")
def _pipe(folder: Path, _outside: Path) -> list[Finding]:
    os.mkfifo(folder / "pipe.yaml")  # opening it would block for ever
    return [("FS115", "pipe.yaml", 0, 0)]


@made("fact-file-linked-inside")
def _linked_in(folder: Path, _outside: Path) -> list[Finding]:
    (folder / "real.txt").write_text(fact_file("second-fact"), "utf-8")
    (folder / "linked.yaml").symlink_to("real.txt")
    return []


@made("briefing-file-linked-outside")
def _briefing_out(folder: Path, outside: Path) -> list[Finding]:
    original = folder / "briefing.yaml"
    shutil.move(original, outside / "briefing.yaml")
    original.symlink_to(outside / "briefing.yaml")
    return [("FS503", "briefing.yaml", 0, 0)]


@made("folder-named-like-a-fact-file")
def _folder_named_yaml(folder: Path, _outside: Path) -> list[Finding]:
    (folder / "x.yaml").mkdir()
    (folder / "x.yaml" / "facts.yaml").write_text("not: read\n", "utf-8")
    return []


@made("snapshot-linked-outside")
def _snapshot_out(folder: Path, outside: Path) -> list[Finding]:
    (outside / "secret.txt").write_text("Something secret.\n", "utf-8")
    (folder / "snapshot.txt").symlink_to(outside / "secret.txt")
    with_snapshot(folder, "snapshot.txt")
    return [("FS503", "sources.yaml", 7, 15)]


@made("snapshot-folder-linked-outside")
def _snapshot_folder_out(folder: Path, outside: Path) -> list[Finding]:
    (outside / "notes").mkdir()
    (outside / "notes" / "page.txt").write_text("Something.\n", "utf-8")
    (folder / "snapshots").symlink_to(outside / "notes", target_is_directory=True)
    with_snapshot(folder, "snapshots/page.txt")
    return [("FS503", "sources.yaml", 7, 15)]


@made("snapshot-link-loop")
def _snapshot_loop(folder: Path, _outside: Path) -> list[Finding]:
    (folder / "snapshot.txt").symlink_to("snapshot.txt")
    with_snapshot(folder, "snapshot.txt")
    return [("FS502", "sources.yaml", 7, 15)]


@made("snapshot-is-a-pipe")
def _snapshot_pipe(folder: Path, _outside: Path) -> list[Finding]:
    os.mkfifo(folder / "snapshot.txt")
    with_snapshot(folder, "snapshot.txt")
    return [("FS502", "sources.yaml", 7, 15)]


@made("snapshot-over-20-mib")
def _snapshot_huge(folder: Path, _outside: Path) -> list[Finding]:
    with (folder / "snapshot.txt").open("wb") as handle:
        handle.truncate(MAX_SNAPSHOT_BYTES + 1)  # sparse: costs no disk
    with_snapshot(folder, "snapshot.txt")
    return [("FS107", "sources.yaml", 7, 15)]


def with_quote(folder: Path, quote: str) -> None:
    """The base fact's citation quotes ``quote`` (written as a YAML double-quoted string)."""
    facts = BASE_FACTS.replace(
        "      - source: agency\n", f"      - source: agency\n        quote: {quote}\n"
    )
    (folder / "facts.yaml").write_text(facts, "utf-8")


# Issue 15, B4: snapshots whose normalising was quadratic. Each is read and folded once, in
# linear time: the quote is looked for, and the closest passage found, in well under the
# corpus's time budget.


@made("snapshot-of-4-mib-of-quotation-marks")
def _snapshot_of_quotation_marks(folder: Path, _outside: Path) -> list[Finding]:
    (folder / "snapshot.txt").write_bytes(b'"' * (4 * 1024 * 1024))
    with_snapshot(folder, "snapshot.txt")
    with_quote(folder, '"\\"\\"\\"Something\\"\\"\\""')
    return [("FS501", "facts.yaml", 8, 16)]


@made("snapshot-of-400-kb-of-combining-marks")
def _snapshot_of_marks(folder: Path, _outside: Path) -> list[Finding]:
    # One letter under 100,000 acute accents and 100,000 graves below: Unicode's stream-safe
    # form keeps 30 marks, so the quote of the letter with its accent is found.
    marks = "\u0301" * 100_000 + "\u0316" * 100_000
    (folder / "snapshot.txt").write_text("a" + marks + " Something happened.\n", "utf-8")
    assert (folder / "snapshot.txt").stat().st_size > 400_000
    with_snapshot(folder, "snapshot.txt")
    with_quote(folder, '"\\u00E1"')
    return []


@made("quote-of-quotation-marks-only")
def _quote_of_marks(folder: Path, _outside: Path) -> list[Finding]:
    """B9: empty once its outer quotation marks go (FS505), whatever the snapshot."""
    (folder / "snapshot.txt").write_text("Something happened in October 2025.\n", "utf-8")
    with_snapshot(folder, "snapshot.txt")
    with_quote(folder, '"\\u00AB \\u00BB"')
    return [("FS505", "facts.yaml", 8, 16)]


@made("quote-of-straight-quotes-only")
def _quote_of_straight_marks(folder: Path, _outside: Path) -> list[Finding]:
    with_quote(folder, '"\\"\\""')
    return [("FS505", "facts.yaml", 8, 16)]


@made("url-host-with-trailing-dot")
def _trailing_dot(folder: Path, _outside: Path) -> list[Finding]:
    """B24: 'example.org.' is the same host, fully qualified: a valid address."""
    (folder / "sources.yaml").write_text(
        BASE_SOURCES.replace("https://example.org/report", "https://example.org./report"), "utf-8"
    )
    return []


@made("briefing-folder-is-a-link")
def _folder_link(folder: Path, outside: Path) -> list[Finding]:
    real = outside / "real-briefing"
    shutil.move(folder, real)
    folder.symlink_to(real, target_is_directory=True)
    return []


@pytest.mark.parametrize("name", sorted(MADE))
def test_made_case(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = copy_briefing(BASE, tmp_path / "briefings" / name)
    expected = MADE[name](folder, outside)
    check_case(folder, tmp_path / "out", sorted(expected))


def test_ignored_errors_do_not_count_towards_the_limit(
    base_briefing: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = base_briefing
    # An error that may be excused: each fact is attributed to a party nobody declared.
    fact = BASE_FACTS.removeprefix("facts:\n") + "    attributed_to: nobody\n"
    extra = "".join(fact.replace("first-fact", f"fact-{n}") for n in range(MAX_PROBLEMS + 200))
    (folder / "facts.yaml").write_text(BASE_FACTS + extra, "utf-8")
    plain = json.loads(run_cli("validate", "--format", "json", str(folder), within=SECONDS).stdout)
    assert [d["code"] for d in plain["diagnostics"]].count("FS209") == MAX_PROBLEMS
    assert "FS107" in {d["code"] for d in plain["diagnostics"]}
    ignored = run_cli(
        "validate", "--format", "json", "--ignore", "FS209", str(folder), within=SECONDS
    )
    assert ignored.exit_code == 0
    assert json.loads(ignored.stdout)["diagnostics"] == []
    # The file and schema rules cannot be ignored: the records they report were not read.
    refused = run_cli("validate", "--ignore", "FS110", str(folder), within=SECONDS)
    assert refused.exit_code == 2
    assert "cannot ignore FS110 (unknown-key)" in refused.stderr


def test_warnings_do_not_count_towards_the_limit(
    base_briefing: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large, sound briefing with a warning on every record still builds."""
    monkeypatch.chdir(tmp_path)
    folder = base_briefing
    uncited = BASE_SOURCES.removeprefix("sources:\n")
    many = "".join(uncited.replace("agency", f"s{n}") for n in range(MAX_PROBLEMS + 200))
    (folder / "sources.yaml").write_text(BASE_SOURCES + many, "utf-8")
    result = run_cli("validate", "--format", "json", str(folder), within=SECONDS)
    assert result.exit_code == 0
    codes = [d["code"] for d in json.loads(result.stdout)["diagnostics"]]
    assert codes == ["FS205"] * (MAX_PROBLEMS + 200)
    check_build(folder, tmp_path / "out", [])


def test_file_names_cannot_forge_output_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = copy_briefing(BASE, tmp_path / "names")
    name = "evil\n::error file=x::forged\x1b[2J\u202e.yaml"
    (folder / name).write_text("facts: []\nextra: 1\n", "utf-8")
    result = run_cli("validate", str(folder), within=SECONDS)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert not any(line.startswith("::error") for line in lines)
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    # The name is printed escaped, on the one line of its diagnostic.
    (line,) = [line for line in lines if "forged" in line]
    assert ":2:1: FS110 " in line and "evil\\n" in line and "\\x1b[2J\\u202e.yaml" in line
    # GitHub's own escapes keep the name inside one annotation.
    github = run_cli("validate", "--format", "github", str(folder), within=SECONDS)
    annotations = [line for line in github.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == 1
    assert annotations[0].startswith("::error file=names/evil%0A%3A%3Aerror file=x%3A%3Aforged")


# Usage errors: exit 2, a message naming the problem, never a traceback.


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "no/such/folder"], "does not exist"),
        (["validate", "notes.txt"], "is not a YAML file"),
        (["validate", "brief/x.yaml"], "no briefing found"),
        (["validate", "--ignore", "FS999", "brief"], "unknown rule code"),
        (["validate", "--format", "xml", "brief"], "Invalid value for '--format'"),
        (["validate", "--style", "no-such-style", "brief"], "no style named"),
        (["build", "no/such/folder"], "is not a folder"),
        (["build", "brief", "--paper", "a5"], "Invalid value for '--paper'"),
        (["build", "brief", "--style", "no/such/style.yaml"], "does not exist"),
    ],
    ids=lambda value: "-".join(value) if isinstance(value, list) else "",
)
def test_usage_errors_exit_2(
    args: list[str],
    message: str,
    base_briefing: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    (base_briefing / "x.yaml").mkdir()
    (tmp_path / "notes.txt").write_text("not yaml\n", "utf-8")
    (tmp_path / "out").mkdir()
    result = run_cli(*args, within=SECONDS)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert message in result.stdout + result.stderr
    assert list((tmp_path / "out").iterdir()) == []


# Hostile styles: the style file goes through the same loader; the fonts it names are read.


@pytest.mark.parametrize(
    ("content", "code", "position"),
    [
        ("a: &a [x, x]\nb: [*a, *a]\n", "FS105", "2:5"),
        ("fonts: !!python/object/apply:os.system ['echo pwned']\n", "FS106", "1:8"),
        ("fonts:\n  regular: ../../../../../../etc/passwd\n", "FS111", "2:3"),
        (b"\xff\xfe" + "x: 1".encode("utf-16-le"), "FS102", "1:1"),
    ],
    ids=["aliases", "python-tag", "font-outside", "utf-16"],
)
@pytest.mark.usefixtures("base_briefing")
def test_hostile_style_files(
    content: str | bytes, code: str, position: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    style = tmp_path / "style.yaml"
    style.write_bytes(content if isinstance(content, bytes) else content.encode())
    for command in (["validate"], ["build", "-o", "out/brief.pdf"]):
        result = run_cli(command[0], "brief", "--style", "style.yaml", *command[1:], within=SECONDS)
        assert result.exit_code == 1
        assert f"style.yaml:{position}: {code} error" in result.stdout + result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("font", ["/dev/zero", "pipe.ttf", "../../../../../../etc/passwd"])
@pytest.mark.usefixtures("base_briefing")
def test_a_style_font_that_is_not_a_font_file(font: str, tmp_path: Path) -> None:
    """Read in a real process: a font read from /dev/zero would fill the memory."""
    os.mkfifo(tmp_path / "pipe.ttf")
    font_path = font if font.startswith("/") else str(tmp_path / font)
    default = (STYLES / "default.yaml").read_text(encoding="utf-8")
    style = default.replace("regular: DejaVuSansCondensed.ttf", f"regular: {font_path}")
    assert style != default
    (tmp_path / "style.yaml").write_text(style, "utf-8")
    result = checked_process("validate", "brief", "--style", "style.yaml", cwd=tmp_path)
    assert result.code == 1
    assert re.search(r"style\.yaml:\d+:\d+: FS602 error", result.stdout), result.stdout


# A few cases through a real `python -m factsheet`, with its peak memory measured.


@dataclass(frozen=True)
class Process:
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mib: float


# Runs `python -m factsheet` and, as it exits, writes the peak resident memory of its own
# process image (VmHWM, which exec starts afresh) to the file named by FACTSHEET_PEAK_FILE.
# The kernel's ru_maxrss would not do: it keeps the peak of the image the child was forked
# from, that is of this test process, however large it has grown.
_MEASURED = """
import atexit, os, runpy, sys

def _peak():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                with open(os.environ["FACTSHEET_PEAK_FILE"], "w") as out:
                    out.write(line.split()[1])

atexit.register(_peak)
sys.argv[0] = "factsheet"
runpy.run_module("factsheet", run_name="__main__", alter_sys=True)
"""


def run_process(*args: str, cwd: Path, timeout: float = 60) -> Process:
    """Run ``python -m factsheet ARGS`` and measure its wall time and peak resident memory."""
    proc_status = Path("/proc/self/status").exists()
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as scratch,
    ):
        peak_file = Path(scratch) / "peak"
        command = [sys.executable, "-c", _MEASURED] if proc_status else [sys.executable, "-m"]
        start = time.perf_counter()
        process = subprocess.Popen(
            [*command, *([] if proc_status else ["factsheet"]), *args],
            cwd=cwd,
            stdout=out,
            stderr=err,
            env={**os.environ, "NO_COLOR": "1", "FACTSHEET_PEAK_FILE": str(peak_file)},
        )
        # A hang fails instead of blocking CI.
        watchdog = threading.Timer(timeout, process.kill)
        watchdog.start()
        try:
            _pid, status, usage = os.wait4(process.pid, 0)
        finally:
            watchdog.cancel()
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        peak_kib = int(peak_file.read_text()) if peak_file.exists() else usage.ru_maxrss
        return Process(
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            seconds,
            peak_kib / 1024,  # KiB on Linux
        )


def checked_process(*args: str, cwd: Path) -> Process:
    result = run_process(*args, cwd=cwd)
    assert "Traceback" not in result.stdout + result.stderr
    assert "internal error" not in result.stderr
    # Cold start included; still far below what an explosion would take.
    assert result.seconds < 2 * SECONDS, f"took {result.seconds:.1f} s"
    assert result.peak_mib < PEAK_MIB, f"peak memory {result.peak_mib:.0f} MiB"
    return result


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("file-over-4-mib", b"# " + b"x" * (MAX_FILE_BYTES + 1), "FS107"),
        ("four-mib-of-values", _flow_list(MAX_FILE_BYTES // 2 - 8).encode(), "FS107"),
        ("values-at-the-limit", _flow_list(MAX_VALUES - 3).encode(), "FS112"),
        ("every-byte", bytes(range(256)) * 1000, "FS102"),
    ],
    ids=lambda value: value if isinstance(value, str) and not value.startswith("FS") else "",
)
def test_big_input_in_a_real_process(
    name: str, content: bytes, code: str, base_briefing: Path, tmp_path: Path
) -> None:
    (base_briefing / "facts.yaml").write_bytes(content)
    for command in (["validate", "--format", "json", "brief"], ["build", "brief", "-o", "o.pdf"]):
        result = checked_process(*command, cwd=tmp_path)
        assert result.code == 1, name
        assert f" {code} " in result.stdout + result.stderr or f'"{code}"' in result.stdout
        assert not (tmp_path / "o.pdf").exists()
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_billion_laughs_in_a_real_process(tmp_path: Path) -> None:
    folder = assemble(HOSTILE / "billion-laughs", tmp_path)
    result = checked_process("validate", folder.name, cwd=tmp_path)
    assert result.code == 1
    assert "facts.yaml:2:12: FS105 error" in result.stdout


def test_a_python_tag_runs_nothing_in_a_real_process(base_briefing: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    command = json.dumps(["touch", str(marker)])
    (base_briefing / "facts.yaml").write_text(
        BASE_FACTS.replace(
            "Something happened in October 2025.",
            f"!!python/object/apply:subprocess.call [{command}]",
        ),
        "utf-8",
    )
    for command_line in (["validate", "brief"], ["build", "brief", "-o", "o.pdf"]):
        result = checked_process(*command_line, cwd=tmp_path)
        assert result.code == 1
        assert "facts.yaml:5:11: FS106 error" in result.stdout + result.stderr
    assert not marker.exists()
    assert not (tmp_path / "o.pdf").exists()


def test_a_clean_build_in_a_real_process(base_briefing: Path, tmp_path: Path) -> None:
    result = checked_process("build", "brief", "-o", "out/brief.pdf", cwd=tmp_path)
    assert result.code == 0, result.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["brief.pdf"]
    assert len(PdfReader(tmp_path / "out" / "brief.pdf").pages) == 1


@pytest.mark.parametrize("epoch", ["abc", "1e9", "²", "100000000000000000000"])
def test_a_malformed_source_date_epoch_is_not_an_internal_error(
    epoch: str, base_briefing: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    result = run_cli("build", "brief", "-o", "out/brief.pdf", within=SECONDS)
    # Refused as a usage error before anything is written.
    assert result.exit_code == 2
    assert "SOURCE_DATE_EPOCH must be whole seconds" in result.stderr
    assert (tmp_path / "out" / "brief.pdf").exists() is (result.exit_code == 0)


# Targeted checks on what the corpus builds.


def build_case(name: str, tmp_path: Path) -> Any:
    folder = assemble(HOSTILE / name, tmp_path / "briefings")
    target = check_case(folder, tmp_path / "out", expected_findings(HOSTILE / name))
    assert target is not None
    return PdfReader(target).pages[0]


def link_targets(page: Any) -> list[str]:
    targets = []
    for annotation in page.get("/Annots", []):
        action = annotation.get_object().get("/A")
        if action is not None and "/URI" in action:
            targets.append(str(action["/URI"]))
    return targets


def test_markup_prints_literally_and_links_nowhere(tmp_path: Path) -> None:
    page = build_case("markup-html", tmp_path)
    text = " ".join(page.extract_text().split())
    assert '<a href="https://evil.example/">click</a>' in text
    assert '<img src="/etc/passwd"/>' in text
    assert "<para>Title</para> & <i>co</i>" in text
    assert not any("evil.example" in target for target in link_targets(page))


def test_entities_are_never_decoded(tmp_path: Path) -> None:
    text = build_case("markup-entities", tmp_path).extract_text()
    assert "&amp; &lt;b&gt; &#x41; &nbsp; &unknown; AT&T R&D." in " ".join(text.split())


def test_pdf_syntax_in_text_stays_text(tmp_path: Path) -> None:
    text = " ".join(build_case("markup-pdf-string-syntax", tmp_path).extract_text().split())
    assert ") Tj (pwned) Tj ET BT /F1 99 Tf (x) \\ \\( \\) % endstream endobj %%EOF" in text
    assert "((( unbalanced \\" in text


def test_hostile_url_paths_are_quoted_inside_the_link(tmp_path: Path) -> None:
    page = build_case("url-markup-in-path", tmp_path)
    assert link_targets(page) == [
        "https://example.org/%3Cscript%3Ealert(1)%3C/script%3E",
    ]
    page = build_case("url-pdf-syntax-in-path", tmp_path / "second")
    assert link_targets(page) == ["https://example.org/)%3E%3E/S/JavaScript/JS(app.alert(1)"]
    actions = [a.get_object()["/A"] for a in page["/Annots"] if "/A" in a.get_object()]
    assert [str(action["/S"]) for action in actions] == ["/URI"]


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("long-word-in-fact", "W" * 1500),
        ("long-word-in-title", "M" * 300),
        ("long-word-in-heading", "H" * 300),
        ("long-word-in-label", "W" * 60),
        ("long-words-in-source", "N" * 300),
        ("url-long-valid", "https://example.org/" + "a" * 1880),
    ],
)
def test_long_words_wrap_whole_on_the_page(name: str, word: str, tmp_path: Path) -> None:
    """Broken between characters, every character printed (and, by check_build, on the page)."""
    page = build_case(name, tmp_path)
    assert word in "".join(page.extract_text().split())
