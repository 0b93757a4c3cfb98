"""What the commands print: colour, streams that cannot take a character or any more text,
reports written to a file, and the GitHub Actions job summary."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import TYPE_CHECKING

import click

from .exits import OutputFailed

if TYPE_CHECKING:
    from ..files import Protected
    from ..report import Findings


def use_colour(choice: str, stream: object) -> bool:
    """--color always|never wins; then NO_COLOR (no-color.org: only a non-empty value turns
    colour off), then FORCE_COLOR (any non-empty value turns it on), then a terminal."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(stream, "isatty", lambda: False)())


def _use_colour(stream: object) -> bool:
    """Colour as ``--color auto`` decides it for ``stream``."""
    return use_colour("auto", stream)


def safe_streams() -> None:
    """A terminal or pipe that cannot encode a character (PYTHONIOENCODING=latin-1 and a
    '€' in a message) gets an escape for it, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def silence(*, stderr: bool = False) -> None:
    """Nothing more can go to standard output (and standard error); point it nowhere so
    that the interpreter's final flush does not fail a second time."""
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115, PTH123 - kept open until exit
    if stderr:
        sys.stderr = sys.stdout


def emit(text: str, *, err: bool = False) -> None:
    """Print a report; a stream that cannot take it is said once, not a traceback."""
    stream = sys.stderr if err else sys.stdout
    try:
        click.echo(text, err=err)
        stream.flush()
    except OSError as error:
        raise OutputFailed("to standard error" if err else "to standard output", error) from None


def write_report(
    text: str,
    output_file: str | None,
    *,
    err: bool = False,
    protected: Protected | None = None,
) -> None:
    """Print the report, or write it to ``output_file`` (atomically), which must be none of
    the files ``protected`` names: a report never replaces an input of its run."""
    if output_file is None:
        if text:
            emit(text, err=err)
        return
    from pathlib import Path

    from ..files import NOTHING, FileProblem, write_atomically

    data = (text + "\n").encode("utf-8", "backslashreplace")
    try:
        write_atomically(Path(output_file), data, protected=protected or NOTHING)
    except FileProblem as problem:
        from ..errors import UsageError

        raise UsageError(f"cannot write {output_file}: it {problem.reason}") from None
    except OSError as error:
        raise OutputFailed(output_file, error) from None


def step_summary(findings: Findings, command: str) -> None:
    """Append a Markdown summary to the GitHub Actions job summary, when there is one."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    from ..reporters.github import markdown

    try:
        with open(target, "a", encoding="utf-8") as stream:  # noqa: PTH123 - the protocol appends
            stream.write(markdown(findings, command=command))
    except OSError as error:
        click.echo(f"factsheet: cannot write the job summary {target}: {error.strerror}", err=True)
