"""GitHub Actions: one workflow command a diagnostic (an annotation on the pull request),
and :func:`markdown`, the job summary appended to ``$GITHUB_STEP_SUMMARY``."""

from __future__ import annotations

from ..diagnostics import Severity
from ..report import Findings
from .common import shown_location, summary, unsurrogate, visible
from .text import build_summary

# The job summary lists at most this many diagnostics; the annotations carry them all.
SUMMARY_ROWS = 50


def _escape_data(text: str) -> str:
    return unsurrogate(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def title(code: str, name: str) -> str:
    return f"factsheet ({code} {name})"


def render(findings: Findings, *, colour: bool = False, quiet: bool = False) -> str:
    lines = []
    for item in findings.shown(quiet=quiet):
        level = "error" if item.severity is Severity.ERROR else "warning"
        where = f"file={_escape_property(item.location.file)}"
        if item.location.line:
            where += f",line={item.location.line},col={item.location.column}"
        lines.append(
            f"::{level} {where},title={_escape_property(title(item.code, item.rule.name))}::"
            f"{_escape_data(f'{item.message} (hint: {item.hint})')}"
        )
    for build in findings.builds or []:
        if not build.ok:
            lines.append(f"::error title=factsheet build::{_escape_data(build.message)}")
    if findings.builds is not None:
        lines.append(build_summary(findings))
    if not quiet or not findings.ok:
        lines.append(summary(findings))
    return "\n".join(lines)


def _cell(text: str) -> str:
    """Text inside a Markdown table cell: no line breaks, pipes or markup that runs on."""
    clean = visible(text).replace("\\", "\\\\").replace("|", "\\|")
    for char in "`*_[]<>#~":
        clean = clean.replace(char, "\\" + char)
    return clean


def markdown(findings: Findings, *, command: str = "validate") -> str:
    """A job summary: the outcome, a table of counts, the diagnostics and the builds."""
    mark = "✅" if findings.ok else "❌"
    lines = [f"## {mark} factsheet {command}", "", _cell(summary(findings)), ""]
    shown = list(findings.shown())
    if shown:
        lines += ["| where | rule | severity | message |", "| --- | --- | --- | --- |"]
        for item in shown[:SUMMARY_ROWS]:
            lines.append(
                f"| {_cell(shown_location(item.location))} | {item.code} {item.rule.name} "
                f"| {item.severity.value} | {_cell(item.message)} |"
            )
        if len(shown) > SUMMARY_ROWS:
            lines += ["", f"… and {len(shown) - SUMMARY_ROWS} more (see the annotations)."]
        lines.append("")
    if findings.builds is not None:
        lines += [_cell(build_summary(findings)), ""]
        if findings.builds:
            lines += ["| briefing | result |", "| --- | --- |"]
            for build in findings.builds:
                result = f"wrote {build.output}" if build.ok else build.message
                lines.append(f"| {_cell(build.id)} | {_cell(result)} |")
            lines.append("")
    return "\n".join(lines) + "\n"
