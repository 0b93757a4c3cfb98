"""GitLab's Code Quality report: a JSON array of issues, each with a stable fingerprint.

Declared in ``.gitlab-ci.yml`` as ``artifacts: reports: codequality: <file>``; GitLab then
shows the issues in merge requests. GitLab needs a line, so a problem with a whole file is
placed on its line 1.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..diagnostics import Diagnostic, Severity
from ..report import Findings
from .common import unsurrogate

_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def fingerprint(item: Diagnostic, seen: dict[str, int]) -> str:
    """The same problem gets the same fingerprint in the next pipeline; two identical
    problems in one file still get two (GitLab merges issues that share one)."""
    key = f"{item.code}\0{unsurrogate(item.location.file)}\0{unsurrogate(item.message)}"
    count = seen.get(key, 0)
    seen[key] = count + 1
    return hashlib.sha256(f"{key}\0{count}".encode()).hexdigest()


def issues(findings: Findings, *, quiet: bool = False) -> list[dict[str, Any]]:
    seen: dict[str, int] = {}
    found = []
    for item in findings.shown(quiet=quiet):
        found.append(
            {
                "type": "issue",
                "check_name": f"{item.code} {item.rule.name}",
                "description": unsurrogate(f"{item.code} {item.message}. Hint: {item.hint}"),
                "categories": ["Style"],
                "severity": _SEVERITY[item.severity],
                "fingerprint": fingerprint(item, seen),
                "location": {
                    "path": unsurrogate(item.location.file),
                    "lines": {"begin": max(item.location.line, 1)},
                },
            }
        )
    for build in findings.builds or []:
        if not build.ok:
            path = f"{build.path}/briefing.yaml"
            found.append(
                {
                    "type": "issue",
                    "check_name": "build",
                    "description": unsurrogate(f"{build.id}: {build.message}"),
                    "categories": ["Bug Risk"],
                    "severity": "critical",
                    "fingerprint": hashlib.sha256(f"build\0{path}".encode()).hexdigest(),
                    "location": {"path": unsurrogate(path), "lines": {"begin": 1}},
                }
            )
    return found


def render(findings: Findings, *, colour: bool = False, quiet: bool = False) -> str:
    return json.dumps(issues(findings, quiet=quiet), indent=2, ensure_ascii=False)
