"""`factsheet watch` in a real process, and shell completion of briefing ids, style names
and rule codes."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.shell_completion import ShellComplete

from conftest import BASE, BASE_FACTS, copy_briefing
from factsheet.cli import cli
from factsheet.diagnostics import RULES


def wait_for(condition: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.01)


def test_watch_rebuilds_on_save_and_keeps_the_last_good_pdf(tmp_path: Path) -> None:
    folder = copy_briefing(BASE, tmp_path / "facts" / "brief")
    log = tmp_path / "watch.log"
    pdf = tmp_path / "output" / "brief.pdf"
    with log.open("w") as stream:
        process = subprocess.Popen(
            [sys.executable, "-m", "factsheet", "watch", "brief", "--color", "never"],
            cwd=tmp_path,
            stdout=stream,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(pdf.exists)
        time.sleep(0.5)  # the watcher starts once the first build is done
        first = pdf.stat().st_ino

        # A save rebuilds the page.
        facts = folder / "facts.yaml"
        facts.write_text(BASE_FACTS.replace("Something happened", "Something else happened"))
        started = time.perf_counter()
        wait_for(lambda: pdf.stat().st_ino != first)
        assert time.perf_counter() - started < 5
        good = pdf.read_bytes()
        second = pdf.stat().st_ino

        # A save that breaks the briefing is reported, and the last good PDF stays.
        facts.write_text(BASE_FACTS.replace("source: agency", "source: agncy"))
        wait_for(lambda: "brief: 1 error found; nothing was built" in log.read_text())
        assert "FS202 error" in log.read_text()
        assert pdf.stat().st_ino == second and pdf.read_bytes() == good
        assert sorted(p.name for p in pdf.parent.iterdir()) == ["brief.pdf"]

        # Fixing it builds again.
        facts.write_text(BASE_FACTS)
        wait_for(lambda: pdf.stat().st_ino != second)
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert "watching facts/brief" in log.read_text()


def test_watch_refuses_what_it_cannot_watch(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "factsheet", "watch", "nothing-here"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert result.returncode == 2
    assert "is not a folder" in result.stderr


def completions(args: list[str], incomplete: str) -> list[str]:
    completer = ShellComplete(cli, {}, "factsheet", "_FACTSHEET_COMPLETE")
    return [item.value for item in completer.get_completions(args, incomplete)]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("baltic-shipping", "black-sea", "arctic"):
        copy_briefing(BASE, tmp_path / "facts" / name)
    (tmp_path / "facts" / "not-a-briefing").mkdir()
    return tmp_path


def test_briefing_ids_complete_for_build_validate_and_watch(repo: Path) -> None:
    assert completions(["build"], "b") == ["baltic-shipping", "black-sea"]
    assert completions(["watch"], "") == ["arctic", "baltic-shipping", "black-sea"]
    assert completions(["validate"], "arc") == ["arctic"]


def test_briefing_ids_follow_the_configured_root(repo: Path) -> None:
    (repo / "facts").rename(repo / "briefings")
    (repo / "factsheet.toml").write_text('root = "briefings"\n')
    assert completions(["build"], "bl") == ["black-sea"]


def test_style_names_complete(repo: Path) -> None:
    assert completions(["build", "--style"], "") == ["default", "print"]
    assert completions(["validate", "--style"], "pr") == ["print"]


def test_rule_codes_and_names_complete(repo: Path) -> None:
    assert completions(["rules"], "FS20") == [c for c in RULES if c.startswith("FS20")]
    assert completions(["rules"], "few") == ["few-sources"]
    ignorable = completions(["validate", "--ignore"], "FS")
    assert "FS205" in ignorable and "FS110" not in ignorable and "FS202" not in ignorable
    assert completions(["validate", "--ignore"], "FS205,FS30") == [
        f"FS205,{c}" for c in RULES if c.startswith("FS30") and c not in ("FS301", "FS302")
    ]
