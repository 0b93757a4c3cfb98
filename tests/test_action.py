"""action.yml, the composite GitHub Action: its metadata against the action syntax, and its
shell steps run here, in order, in a repository that holds only briefings.

GitHub evaluates ``${{ … }}`` before a step runs; the few expressions action.yml uses (an
input, ``inputs.x == 'true'``, ``steps.x.outcome``, ``!cancelled()``) are evaluated here the
same way. Steps that ``uses:`` another action (setup-python, upload-artifact) are GitHub's
own and are not run; the slow test runs the install step for real, in a fresh environment.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import BASE, BASE_SOURCES, ROOT, SHIPPED, copy_briefing

ACTION = ROOT / "action.yml"
SCHEMA = ROOT / "tests" / "schemas" / "github-action.schema.json"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
VENV_BIN = Path(sys.executable).parent


def action() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    return document


def test_the_metadata_is_valid_action_syntax() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    errors = [error.message for error in Draft202012Validator(schema).iter_errors(action())]
    assert errors == []


def test_every_expression_names_a_declared_input_or_step() -> None:
    document = action()
    inputs = set(document["inputs"])
    steps = {step["id"] for step in document["runs"]["steps"] if "id" in step}
    text = ACTION.read_text(encoding="utf-8")
    for expression in EXPRESSION.findall(text):
        for name in re.findall(r"inputs\.([A-Za-z0-9_-]+)", expression):
            assert name in inputs, expression
        for name in re.findall(r"steps\.([A-Za-z0-9_-]+)", expression):
            assert name in steps, expression
    for step in document["runs"]["steps"]:
        # Inputs reach a script through env, never pasted into it (no injection).
        assert "${{" not in step.get("run", ""), step.get("name")


def evaluate(expression: str, inputs: Mapping[str, str], outcomes: Mapping[str, str]) -> Any:
    """The expressions action.yml uses, evaluated as GitHub does."""
    text = expression.strip()
    text = re.sub(r"inputs\.([A-Za-z0-9_-]+)", lambda m: repr(inputs[m[1]]), text)
    text = re.sub(
        r"steps\.([A-Za-z0-9_-]+)\.outcome", lambda m: repr(outcomes.get(m[1], "skipped")), text
    )
    text = text.replace("!cancelled()", "True").replace("always()", "True")
    text = text.replace("&&", " and ").replace("||", " or ")
    return eval(text, {"__builtins__": {}})  # only the expressions above


def substitute(value: str, inputs: Mapping[str, str], outcomes: Mapping[str, str]) -> str:
    return EXPRESSION.sub(lambda m: str(evaluate(m[1], inputs, outcomes)), value)


def run_action(
    repo: Path, *, given: Mapping[str, str], path: str, skip_install: bool = True
) -> dict[str, Any]:
    """Run the action's shell steps in ``repo``; returns each step's outcome and output."""
    document = action()
    inputs = {name: spec.get("default", "") for name, spec in document["inputs"].items()}
    inputs.update(given)
    summary = repo.parent / "step-summary.md"
    summary.write_text("", encoding="utf-8")
    outcomes: dict[str, str] = {}
    logs: dict[str, str] = {}
    failed = False
    for step in document["runs"]["steps"]:
        name = step.get("id") or step["name"]
        condition = EXPRESSION.sub(lambda m: m[1], str(step.get("if", "success()")))
        if not re.search(r"\b(success|failure|always|cancelled)\(\)", condition):
            condition = f"success() && ({condition})"  # GitHub adds it when none is named
        condition = condition.replace("success()", repr(not failed))
        if not evaluate(condition, inputs, outcomes):
            outcomes[name] = "skipped"
            continue
        if "uses" in step or (skip_install and name == "install"):
            outcomes[name] = "success"
            continue
        env = {**os.environ, "PATH": f"{path}{os.pathsep}{os.environ['PATH']}"}
        env.update(
            {
                "GITHUB_ACTION_PATH": str(ROOT),
                "GITHUB_STEP_SUMMARY": str(summary),
                "GITHUB_OUTPUT": str(repo.parent / "github-output"),
                "NO_COLOR": "1",
            }
        )
        for key, value in step.get("env", {}).items():
            env[key] = substitute(str(value), inputs, outcomes)
        env["GITHUB_STEP_SUMMARY"] = str(summary)
        assert step["shell"] == "bash"
        result = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", step["run"]],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        logs[name] = result.stdout + result.stderr
        outcomes[name] = "success" if result.returncode == 0 else "failure"
        failed = failed or result.returncode != 0
    return {"outcomes": outcomes, "logs": logs, "summary": summary.read_text(encoding="utf-8")}


@pytest.fixture
def briefings_repo(tmp_path: Path) -> Path:
    """A repository that holds only briefings: no pyproject.toml, no factsheet source."""
    repo = tmp_path / "briefings"
    copy_briefing(SHIPPED, repo / "facts" / "russia-japan-peace-treaty")
    copy_briefing(BASE, repo / "facts" / "second")
    (repo / "README.md").write_text("Our briefings.\n", encoding="utf-8")
    return repo


def test_the_steps_validate_and_build_every_briefing(briefings_repo: Path) -> None:
    ran = run_action(briefings_repo, given={"build": "true"}, path=str(VENV_BIN))
    assert ran["outcomes"] == {
        "Set up Python": "success",
        "install": "success",
        "validate": "success",
        "build": "success",
        "Upload the PDFs": "success",
    }, ran["logs"]
    built = sorted(p.name for p in (briefings_repo / "output").iterdir())
    assert built == ["russia-japan-peace-treaty.pdf", "second.pdf"]
    assert "## ✅ factsheet validate" in ran["summary"]
    assert "## ✅ factsheet build" in ran["summary"]
    assert "pdfs=output" in (briefings_repo.parent / "github-output").read_text()


def test_a_problem_fails_the_step_with_an_annotation_and_skips_the_build(
    briefings_repo: Path,
) -> None:
    sources = briefings_repo / "facts" / "second" / "sources.yaml"
    sources.write_text(BASE_SOURCES.replace("2025-10-25", "2025-10-01"), encoding="utf-8")
    ran = run_action(briefings_repo, given={"build": "true"}, path=str(VENV_BIN))
    assert ran["outcomes"]["validate"] == "failure"
    assert ran["outcomes"]["build"] == "skipped"
    assert ran["outcomes"]["Upload the PDFs"] == "skipped"
    assert (
        "::error file=facts/second/sources.yaml,line=6,col=15,title=factsheet (FS305"
        in (ran["logs"]["validate"])
    )
    assert "## ❌ factsheet validate" in ran["summary"]


def test_strict_and_path_inputs_reach_validate(briefings_repo: Path) -> None:
    sources = briefings_repo / "facts" / "second" / "sources.yaml"
    sources.write_text(
        BASE_SOURCES + BASE_SOURCES.removeprefix("sources:\n").replace("agency", "x")
    )
    lenient = run_action(briefings_repo, given={}, path=str(VENV_BIN))
    assert lenient["outcomes"]["validate"] == "success"
    assert lenient["outcomes"]["build"] == "skipped"
    strict = run_action(briefings_repo, given={"strict": "true"}, path=str(VENV_BIN))
    assert strict["outcomes"]["validate"] == "failure"
    only = run_action(
        briefings_repo,
        given={"strict": "true", "path": "facts/russia-japan-peace-treaty"},
        path=str(VENV_BIN),
    )
    assert only["outcomes"]["validate"] == "success", only["logs"]


@pytest.mark.slow
def test_the_install_step_installs_factsheet_from_the_action_in_a_fresh_environment(
    briefings_repo: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    source = tmp_path / "action-checkout"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(".venv", ".git", "output", "__pycache__", "*.egg-info"),
    )
    document = action()
    [install] = [s for s in document["runs"]["steps"] if s.get("id") == "install"]
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    env["GITHUB_ACTION_PATH"] = str(source)
    env.pop("VIRTUAL_ENV", None)
    result = subprocess.run(
        ["bash", "-e", "-c", install["run"]],
        cwd=briefings_repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("factsheet, version ")
    ran = run_action(briefings_repo, given={"build": "true"}, path=str(venv / "bin"))
    assert ran["outcomes"]["validate"] == "success", ran["logs"]
    assert ran["outcomes"]["build"] == "success", ran["logs"]
