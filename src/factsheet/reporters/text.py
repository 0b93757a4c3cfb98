"""Text for people: one diagnostic a line with its hint, then the summary line."""

from __future__ import annotations

from ..diagnostics import plural
from ..report import Findings
from .common import shown_location, shown_path, summary, visible

COLOURS = {
    "error": "\x1b[31m",
    "warning": "\x1b[33m",
    "code": "\x1b[1m",
    "dim": "\x1b[2m",
    "ok": "\x1b[32m",
    "reset": "\x1b[0m",
}


def build_summary(findings: Findings) -> str:
    builds = findings.builds or []
    built = sum(1 for b in builds if b.ok)
    failed = len(builds) - built
    return f"{plural(built, 'briefing')} built, {failed} failed"


def render(findings: Findings, *, colour: bool = False, quiet: bool = False) -> str:
    def paint(name: str, text: str) -> str:
        return f"{COLOURS[name]}{text}{COLOURS['reset']}" if colour else text

    lines = []
    for item in findings.shown(quiet=quiet):
        severity = paint(item.severity.value, item.severity.value)
        where, message = shown_location(item.location), visible(item.message)
        lines.append(f"{where}: {paint('code', item.code)} {severity}: {message}")
        lines.append(paint("dim", f"  hint: {visible(item.hint)}"))
    for build in findings.builds or []:
        if build.ok and build.output is not None:
            lines.append(f"wrote {shown_path(build.output)} ({visible(build.details)})")
        else:
            said = (
                build.message
                if build.message.startswith(f"{build.id}:")
                else (f"{build.id}: {build.message}")
            )
            lines.append(paint("error", visible(said)))
    if findings.builds is not None:  # one summary, whatever became of each build
        lines.append(paint("ok" if findings.ok else "error", build_summary(findings)))
        lines.append(summary(findings))
    elif not quiet or not findings.ok:
        lines.append(paint("ok" if findings.ok else "error", summary(findings)))
    return "\n".join(lines)
