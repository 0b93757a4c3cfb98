"""Render a :class:`~factsheet.report.Report` as text, JSON or GitHub annotations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .diagnostics import Diagnostic, Severity, plural
from .report import Report

JSON_SCHEMA_VERSION = 1
_COLOURS = {
    "error": "\x1b[31m",
    "warning": "\x1b[33m",
    "code": "\x1b[1m",
    "dim": "\x1b[2m",
    "ok": "\x1b[32m",
    "reset": "\x1b[0m",
}


def summary(report: Report) -> str:
    quotes = report.quotes
    return (
        f"{plural(len(report.briefings), 'briefing')}, {plural(report.files, 'file')}, "
        f"{plural(report.facts, 'fact')}, {plural(report.sources, 'source')} checked; "
        f"{plural(quotes.verified, 'quote')} verified, {quotes.unverifiable} without a "
        f"snapshot; {plural(report.errors, 'error')}, {plural(report.warnings, 'warning')}"
    )


def _visible(text: str) -> str:
    """Control and bidirectional characters (a file name may hold them) as escapes, so that
    no input can forge a line, move the cursor or recolour the terminal."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def render_text(report: Report, *, colour: bool = False, quiet: bool = False) -> str:
    def paint(name: str, text: str) -> str:
        return f"{_COLOURS[name]}{text}{_COLOURS['reset']}" if colour else text

    lines = []
    for item in report.shown(quiet=quiet):
        severity = paint(item.severity.value, item.severity.value)
        where, message = _visible(str(item.location)), _visible(item.message)
        lines.append(f"{where}: {paint('code', item.code)} {severity}: {message}")
        lines.append(paint("dim", f"  hint: {item.hint}"))
    if not quiet or not report.ok:
        lines.append(paint("ok" if report.ok else "error", summary(report)))
    return "\n".join(lines)


def _diagnostic_json(item: Diagnostic) -> dict[str, Any]:
    return {
        "file": item.location.file,
        "line": item.location.line,
        "column": item.location.column,
        "code": item.code,
        "rule": item.rule.name,
        "severity": item.severity.value,
        "message": item.message,
        "hint": item.hint,
    }


def render_json(report: Report, *, colour: bool = False, quiet: bool = False) -> str:
    import json  # only this reporter needs it

    document = {
        "version": JSON_SCHEMA_VERSION,
        "ok": report.ok,
        "summary": {
            "briefings": len(report.briefings),
            "files": report.files,
            "facts": report.facts,
            "sources": report.sources,
            "quotes_verified": report.quotes.verified,
            "quotes_unverifiable": report.quotes.unverifiable,
            "errors": report.errors,
            "warnings": report.warnings,
        },
        "briefings": [{"id": r.bundle.id, "path": str(r.bundle.folder)} for r in report.briefings],
        "diagnostics": [_diagnostic_json(d) for d in report.shown(quiet=quiet)],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report, *, colour: bool = False, quiet: bool = False) -> str:
    lines = []
    for item in report.shown(quiet=quiet):
        level = "error" if item.severity is Severity.ERROR else "warning"
        where = f"file={_escape_property(item.location.file)}"
        if item.location.line:
            where += f",line={item.location.line},col={item.location.column}"
        lines.append(
            f"::{level} {where},title={item.code}::"
            f"{_escape_data(f'{item.message} (hint: {item.hint})')}"
        )
    if not quiet or not report.ok:
        lines.append(summary(report))
    return "\n".join(lines)


REPORTERS: dict[str, Callable[..., str]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
}
