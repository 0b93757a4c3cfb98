"""One JSON document: ``version``, ``ok``, ``summary``, ``briefings``, ``diagnostics`` and,
for a build, ``builds``. ``version`` changes only when an existing field changes."""

from __future__ import annotations

import json
from typing import Any

from ..diagnostics import Diagnostic
from ..report import Findings
from .common import unsurrogate

JSON_SCHEMA_VERSION = 1


def diagnostic_json(item: Diagnostic) -> dict[str, Any]:
    return {
        "file": unsurrogate(item.location.file),
        "line": item.location.line,
        "column": item.location.column,
        "code": item.code,
        "rule": item.rule.name,
        "severity": item.severity.value,
        "message": unsurrogate(item.message),
        "hint": unsurrogate(item.hint),
    }


def document(findings: Findings, *, quiet: bool = False) -> dict[str, Any]:
    result: dict[str, Any] = {
        "version": JSON_SCHEMA_VERSION,
        "ok": findings.ok,
        "summary": {
            "briefings": len(findings.briefings),
            "files": findings.files,
            "facts": findings.facts,
            "sources": findings.sources,
            "quotes_verified": findings.quotes_verified,
            "quotes_unverifiable": findings.quotes_unverifiable,
            "errors": findings.errors,
            "warnings": findings.warnings,
        },
        "briefings": [
            {"id": unsurrogate(b.id), "path": unsurrogate(b.path)} for b in findings.briefings
        ],
        "diagnostics": [diagnostic_json(d) for d in findings.shown(quiet=quiet)],
    }
    if findings.excused:
        result["summary"]["excused"] = findings.excused
    if findings.builds is not None:
        result["summary"]["built"] = sum(1 for b in findings.builds if b.ok)
        result["summary"]["failed"] = sum(1 for b in findings.builds if not b.ok)
        result["builds"] = [
            {
                "id": unsurrogate(b.id),
                "path": unsurrogate(b.path),
                "ok": b.ok,
                "output": None if b.output is None else unsurrogate(b.output),
                "message": unsurrogate(b.message),
                "details": unsurrogate(b.details),
                "body_size": b.body_size,
            }
            for b in findings.builds
        ]
    return result


def render(findings: Findings, *, colour: bool = False, quiet: bool = False) -> str:
    return json.dumps(document(findings, quiet=quiet), indent=2, ensure_ascii=False)
