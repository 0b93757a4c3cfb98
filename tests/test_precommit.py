"""The `factsheet-validate` hook, run by the real pre-commit in a scratch git repository.

pre-commit clones this project at a commit, installs it into a virtual environment of its
own (from the package index) and runs the hook from .pre-commit-hooks.yaml on every commit.
The clone is a snapshot of the working tree, so uncommitted changes are what is tested.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SHIPPED

pytestmark = pytest.mark.slow

# What pre-commit needs to install the hook; the rest of the checkout is irrelevant.
PROJECT_FILES = (".pre-commit-hooks.yaml", "pyproject.toml", "README.md", "LICENSE")
PROJECT_DIRS = ("src", "styles")
# A fixed identity and clock make the snapshot's commit id depend on its content only, so
# pre-commit's cache of installed environments is reused until the project changes.
FIXED_GIT = {
    "GIT_AUTHOR_NAME": "factsheet tests",
    "GIT_AUTHOR_EMAIL": "tests@example.org",
    "GIT_COMMITTER_NAME": "factsheet tests",
    "GIT_COMMITTER_EMAIL": "tests@example.org",
    "GIT_AUTHOR_DATE": "2025-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2025-01-01T00:00:00Z",
}


def run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )


def git(cwd: Path, env: dict[str, str], *args: str) -> str:
    result = run(["git", *args], cwd, env)
    assert result.returncode == 0, f"git {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result.stdout.strip()


@pytest.fixture(scope="module")
def cache_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pre-commit's home: kept in pytest's cache between runs where there is one."""
    cache = getattr(request.config, "cache", None)
    if cache is None:
        return tmp_path_factory.mktemp("pre-commit")
    return Path(cache.mkdir("pre-commit"))


@pytest.fixture(scope="module")
def env(cache_dir: Path) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIT_", "PRE_COMMIT", "VIRTUAL_ENV", "PYTHONPATH"))
    }
    environment.update(FIXED_GIT)
    environment.update(
        {
            # Nobody's ~/.gitconfig or /etc/gitconfig (hooksPath, signing, templates).
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "PRE_COMMIT_HOME": str(cache_dir / "home"),
            "NO_COLOR": "1",
        }
    )
    return environment


@pytest.fixture(scope="module")
def hook_repo(cache_dir: Path, env: dict[str, str]) -> tuple[Path, str]:
    """A git repository holding this project as it is now; returns its path and commit."""
    repo = cache_dir / "factsheet-snapshot"
    shutil.rmtree(repo, ignore_errors=True)
    repo.mkdir(parents=True)
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, repo / name)
    for name in PROJECT_DIRS:
        shutil.copytree(
            ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
        )
    git(repo, env, "init", "--quiet", "--initial-branch=main")
    git(repo, env, "add", "--all")
    git(repo, env, "commit", "--quiet", "--no-gpg-sign", "-m", "snapshot for the hook test")
    return repo, git(repo, env, "rev-parse", "HEAD")


@pytest.fixture
def briefings_repo(tmp_path: Path, env: dict[str, str], hook_repo: tuple[Path, str]) -> Path:
    """A repository of briefings whose commits go through the factsheet-validate hook."""
    repo_path, rev = hook_repo
    repo = tmp_path / "briefings"
    repo.mkdir()
    git(repo, env, "init", "--quiet", "--initial-branch=main")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n"
        f"  - repo: {repo_path.as_posix()}\n"
        f"    rev: {rev}\n"
        f"    hooks:\n"
        f"      - id: factsheet-validate\n",
        encoding="utf-8",
    )
    installed = run([sys.executable, "-m", "pre_commit", "install"], repo, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return repo


def commit(repo: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    git(repo, env, "add", "--all")
    return run(["git", "commit", "--no-gpg-sign", "-m", message], repo, env)


def bad_copy(good: Path, bad: Path) -> tuple[str, int]:
    """Copy a briefing with one citation to an undeclared source; return its file and line."""
    shutil.copytree(good, bad)
    path = bad / "island-dispute.yaml"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if "source: sputnik-2025-10-24" in line)
    lines[index] = lines[index].replace("sputnik-2025-10-24", "sputnik-2025-10-42")
    path.write_text("".join(lines), encoding="utf-8")
    return f"facts/{bad.name}/{path.name}", index + 1


def test_the_hook_passes_a_good_briefing_and_blocks_a_bad_one(
    briefings_repo: Path, env: dict[str, str]
) -> None:
    good = briefings_repo / "facts" / "good-briefing"
    shutil.copytree(SHIPPED, good)
    (briefings_repo / "notes.md").write_text("Not a fact file.\n", encoding="utf-8")

    first = commit(briefings_repo, env, "Add a good briefing")
    output = first.stdout + first.stderr
    assert first.returncode == 0, output
    assert "factsheet validate" in output and "Passed" in output, output

    file, line = bad_copy(good, briefings_repo / "facts" / "bad-briefing")
    second = commit(briefings_repo, env, "Add a bad briefing")
    output = second.stdout + second.stderr
    assert second.returncode != 0, output
    assert "Failed" in output, output
    # The diagnostic is shown: rule code, position, and the closest declared id.
    assert "FS202" in output, output
    assert f"{file}:{line}:" in output, output
    assert "sputnik-2025-10-24" in output, output
    # Only the briefing being committed is checked, and it was not committed.
    assert "good-briefing" not in output, output
    assert git(briefings_repo, env, "log", "--format=%s") == "Add a good briefing"
    assert "facts/bad-briefing/" in git(briefings_repo, env, "diff", "--cached", "--name-only")


def test_files_outside_facts_do_not_run_the_hook(briefings_repo: Path, env: dict[str, str]) -> None:
    (briefings_repo / "notes.yaml").write_text("this: [is not, a briefing\n", encoding="utf-8")
    result = commit(briefings_repo, env, "Add notes")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no files to check" in output.lower(), output


def test_changing_only_a_snapshot_runs_the_hook_for_its_briefing(
    briefings_repo: Path, env: dict[str, str]
) -> None:
    briefing = briefings_repo / "facts" / "shipped"
    shutil.copytree(SHIPPED, briefing)
    first = commit(briefings_repo, env, "Add the briefing")
    assert first.returncode == 0, first.stdout + first.stderr

    snapshot = next((briefing / "snapshots").iterdir())
    snapshot.write_text(snapshot.read_text("utf-8") + "\nEdited after it was recorded.\n")
    second = commit(briefings_repo, env, "Edit a snapshot")
    output = second.stdout + second.stderr
    assert second.returncode != 0, output
    assert "FS504" in output, output  # the snapshot no longer matches its digest
    assert "facts/shipped/sources.yaml:" in output, output
