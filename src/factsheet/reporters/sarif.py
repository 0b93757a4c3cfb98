"""SARIF 2.1.0 (OASIS): one run of one tool, every rule described, every diagnostic a result.

GitHub code scanning (``github/codeql-action/upload-sarif``) and SARIF viewers read it.
Paths are relative URI references where the diagnostic's path is relative, so that a viewer
resolves them against the repository; absolute paths become ``file://`` URIs.
"""

from __future__ import annotations

import json
import os
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..diagnostics import RULES, Diagnostic, Severity
from ..report import Findings
from .common import unsurrogate

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://pypi.org/project/factsheet/"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def uri(path: str) -> str:
    """A file path as a URI reference: its bytes percent-encoded (a name that is not UTF-8
    keeps its own bytes: bad%FF.yaml), forward slashes."""
    raw = os.fsencode(path).replace(b"\\", b"/")
    if PurePosixPath(os.fsdecode(raw)).is_absolute():
        return "file://" + quote(raw)
    return quote(raw)


def _rule(code: str) -> dict[str, Any]:
    rule = RULES[code]
    return {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "help": {"text": rule.hint},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
    }


def _result(item: Diagnostic, index: int) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": uri(item.location.file)}}
    if item.location.line:
        location["region"] = {
            "startLine": item.location.line,
            "startColumn": max(item.location.column, 1),
        }
    return {
        "ruleId": item.code,
        "ruleIndex": index,
        "level": _LEVELS[item.severity],
        "message": {"text": unsurrogate(f"{item.message}. Hint: {item.hint}")},
        "locations": [{"physicalLocation": location}],
    }


def document(findings: Findings, *, quiet: bool = False) -> dict[str, Any]:
    codes = list(RULES)
    index = {code: position for position, code in enumerate(codes)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "factsheet",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(code) for code in codes],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": [_result(item, index[item.code]) for item in findings.shown(quiet=quiet)],
    }
    if findings.builds is not None:
        run["invocations"] = [
            {
                "executionSuccessful": findings.ok,
                "toolExecutionNotifications": [
                    {
                        "level": "error",
                        "message": {"text": unsurrogate(f"{build.id}: {build.message}")},
                    }
                    for build in findings.builds
                    if not build.ok
                ],
            }
        ]
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(findings: Findings, *, colour: bool = False, quiet: bool = False) -> str:
    return json.dumps(document(findings, quiet=quiet), indent=2, ensure_ascii=False)
