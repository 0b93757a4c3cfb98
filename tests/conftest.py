"""Shared by the tests: where the briefings live, the base briefing, one way to run the
command line, how expectation files read, and the switch for slow tests.

Expectation files
-----------------
Each folder under ``tests/fixtures/invalid/`` is named ``<rule code>-<short name>`` and holds
an ``expected.txt`` that pins every diagnostic validation reports for it, one a line::

    FS202 facts.yaml:13:17 source 'agency-2052' is not declared
    FS115 sources.yaml briefing 'FS115-missing-sources' has no sources.yaml

that is, the rule code, the file relative to the briefing folder with ``:line:column`` when
the diagnostic has a position (a problem with a whole file has none), and the message
exactly as reported. The three are separated by one space, so file names hold no spaces.
A path of the briefing's own files inside a message is written relative to the briefing
folder too. ``#`` starts a comment line.

The hostile corpus (``tests/hostile/``) uses the same lines without the message: those cases
pin where each problem is found, not its wording.

Slow tests
----------
Tests marked ``slow`` build a wheel or virtual environments from the package index. They
are skipped unless pytest is given ``--run-slow`` (``python -m pytest --run-slow``); CI
(``.ci/run``) gives it.
"""

from __future__ import annotations

import os
import shutil
import signal
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from factsheet.cli import cli
from factsheet.diagnostics import Diagnostic

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "facts" / "russia-japan-peace-treaty"
STYLES = ROOT / "styles"
FONTS = ROOT / "src" / "factsheet" / "fonts"
FIXTURES = ROOT / "tests" / "fixtures"
VALID = FIXTURES / "valid" / "black-sea-grain"
INVALID = FIXTURES / "invalid"
STYLE_FIXTURES = FIXTURES / "styles"
HOSTILE = ROOT / "tests" / "hostile"
# The base briefing: one section, one source, one fact, clean without a single warning. The
# hostile corpus lays its cases over it, and tests that build a briefing at run time start
# from it.
BASE = HOSTILE / "_base"
BASE_FACTS = (BASE / "facts.yaml").read_text(encoding="utf-8")
BASE_SOURCES = (BASE / "sources.yaml").read_text(encoding="utf-8")
# The library takes `today`; the fixtures only use dates before 2026 or in 2999, so the
# CLI (which uses the real date) sees the same results.
TODAY = date(2026, 1, 15)
EXPECTED = "expected.txt"

Finding = tuple[str, str, int, int]  # code, file relative to the briefing, line, column
Pinned = tuple[str, str, int, int, str]  # the same and the message


# Briefings


def copy_briefing(source: Path, folder: Path) -> Path:
    """A writable copy of the briefing ``source`` at ``folder``, without its expectations."""
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns(EXPECTED))
    return folder


@pytest.fixture
def base_briefing(tmp_path: Path) -> Path:
    """A writable copy of the base briefing, at ``tmp_path / "brief"``."""
    return copy_briefing(BASE, tmp_path / "brief")


@pytest.fixture
def shipped_briefing(tmp_path: Path) -> Path:
    """A writable copy of the briefing shipped in ``facts/``, at ``tmp_path / "shipped"``."""
    return copy_briefing(SHIPPED, tmp_path / "shipped")


@pytest.fixture
def valid_briefing(tmp_path: Path) -> Path:
    """A writable copy of the valid fixture briefing, at ``tmp_path / VALID.name``.

    Tests that change a briefing, or need room on the page to add to it, start here: unlike
    the shipped briefing, it stays put and builds at the full body size on any paper.
    """
    return copy_briefing(VALID, tmp_path / VALID.name)


def invalid_fixtures() -> list[Path]:
    return sorted(path for path in INVALID.iterdir() if path.is_dir())


def rule_of(folder: Path) -> str:
    return folder.name.split("-", 1)[0]


# Expectation files


def _expected_lines(folder: Path) -> Iterator[tuple[Finding, str | None]]:
    for raw in (folder / EXPECTED).read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        code, where, *message = raw.split(" ", 2)
        file, _, position = where.partition(":")
        row, _, column = position.partition(":")
        yield (code, file, int(row or 0), int(column or 0)), (message[0] if message else None)


def expected_diagnostics(folder: Path) -> list[Pinned]:
    """The diagnostics ``expected.txt`` pins, message included, sorted."""
    pinned = []
    for finding, message in _expected_lines(folder):
        assert message, f"{folder.name}/{EXPECTED}: {' '.join(map(str, finding))} has no message"
        pinned.append((*finding, message))
    return sorted(pinned)


def expected_findings(folder: Path) -> list[Finding]:
    """Where ``expected.txt`` of a hostile case expects diagnostics, sorted."""
    found = []
    for finding, message in _expected_lines(folder):
        assert message is None, f"{folder.name}/{EXPECTED}: hostile cases pin no messages"
        found.append(finding)
    return sorted(found)


def _relative(file: str, folder: Path) -> tuple[str, str]:
    """``file`` relative to ``folder``, and the prefix that named the folder in ``file``."""
    relative = Path(file).resolve().relative_to(folder.resolve()).as_posix()
    prefix = file.removesuffix(relative) if file.endswith(relative) else ""
    return relative, prefix


def findings(diagnostics: Iterable[Diagnostic], folder: Path) -> list[Finding]:
    """Diagnostics as (code, file relative to ``folder``, line, column), sorted."""
    return sorted(
        (d.code, _relative(d.location.file, folder)[0], d.location.line, d.location.column)
        for d in diagnostics
    )


def pinned(diagnostics: Iterable[Diagnostic], folder: Path) -> list[Pinned]:
    """Diagnostics as ``expected.txt`` writes them, sorted: paths relative to ``folder``."""
    found = []
    for d in diagnostics:
        relative, prefix = _relative(d.location.file, folder)
        message = d.message.replace(prefix, "") if prefix else d.message
        found.append((d.code, relative, d.location.line, d.location.column, message))
    return sorted(found)


def expected_line(item: Pinned) -> str:
    """One line of ``expected.txt``."""
    code, file, line, column, message = item
    where = f"{file}:{line}:{column}" if line else file
    return f"{code} {where} {message}"


# The command line


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Turn a hang (a read from a pipe, say) into a failure instead of a stuck test run."""

    def expire(_signal: int, _frame: object) -> None:
        raise TimeoutError(f"still running after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_cli(
    *args: str | os.PathLike[str],
    env: Mapping[str, str | None] | None = None,
    color: bool = False,
    within: float | None = None,
    internal_error: bool = False,
) -> Result:
    """Run ``factsheet ARGS`` in process through click's CliRunner and return the result.

    Whatever the input, the command ends with exit code 0, 1 or 2, never with an exception,
    and neither a traceback nor "internal error" appears in its output (stdout and stderr).
    A test that expects an internal error says ``internal_error=True``; then it is asserted
    that one happened instead.

    ``env`` changes the environment (``None`` unsets a variable). ``color=True`` stops click
    from stripping escape codes, so the command's own choice of colour shows. ``within``
    bounds the wall time in seconds; a command that hangs fails at four times that.
    """
    arguments = [os.fspath(arg) for arg in args]
    runner = CliRunner(env=env)
    start = time.perf_counter()
    if within is None:
        result = runner.invoke(cli, arguments, color=color)
    else:
        with deadline(4 * within):
            result = runner.invoke(cli, arguments, color=color)
    elapsed = time.perf_counter() - start
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    said = "Traceback" in result.output or "internal error" in result.output
    if internal_error:
        assert crashed or said, f"expected an internal error:\n{result.output}"
        return result
    assert not crashed, f"{type(result.exception).__name__}: {result.exception}\n{result.output}"
    assert not said, result.output
    assert result.exit_code in (0, 1, 2), f"exit code {result.exit_code}\n{result.output}"
    if within is not None:
        assert elapsed < within, f"factsheet {' '.join(arguments[:2])} took {elapsed:.1f} s"
    return result


# Slow tests


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-slow",
        action="store_true",
        default=False,
        help="also run the tests marked slow (wheel builds, pre-commit environments); CI does",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(
        reason="slow: builds a wheel or virtual environments; run with `pytest --run-slow`"
    )
    for item in items:
        if item.get_closest_marker("slow") is not None:
            item.add_marker(skip)
