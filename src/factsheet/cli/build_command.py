"""``factsheet build``."""

from __future__ import annotations

import contextlib
import os
import sys

import click

from ..choices import PAPERS
from .completion import complete_briefings
from .exits import EXIT_INVALID, EXIT_OK, EXIT_USAGE, OutputFailed, fail
from .options import (
    CONTEXT,
    ignore_option,
    load_config,
    report_options,
    settings_options,
    style_option,
)
from .output import step_summary, use_colour, write_report


def import_the_renderer() -> None:
    """Import the renderer now if the working folder has been deleted, which ReportLab
    cannot bear: its rl_config asks for it (os.getcwd()) when first imported.

    Then the import is done from /, and the process goes back into the deleted folder
    after it. Every path that can still be used is absolute anyway (a relative one names
    nothing once the folder is gone), so none of them means anything different; going back
    keeps the relative ones failing as clearly as they would have.
    """
    from pathlib import Path

    try:
        Path.cwd()
    except OSError:
        pass
    else:
        return  # the usual case: the renderer is imported when a build first needs it
    try:
        here: int | None = os.open(".", os.O_RDONLY)
    except OSError:
        here = None
    os.chdir("/")
    try:
        from ..render import page  # noqa: F401 - imported for its side effect
    finally:
        fchdir = getattr(os, "fchdir", None)
        if here is not None:
            if fchdir is not None:
                with contextlib.suppress(OSError):
                    fchdir(here)
            os.close(here)


@click.command(context_settings=CONTEXT)
@click.argument(
    "briefings",
    nargs=-1,
    type=click.Path(),
    metavar="[BRIEFING]...",
    shell_complete=complete_briefings,
)
@click.option("--all", "every", is_flag=True, help="Build every briefing under the facts root.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Build this many briefings at once (default: one per core).",
)
@click.option(
    "-o",
    "--output",
    metavar="PATH",
    help="PDF to write, or a folder (a path ending in / or an existing folder; always one "
    "with several briefings); - writes the PDF to standard output. "
    "Default: output/<briefing-id>.pdf.",
)
@click.option(
    "--paper",
    type=click.Choice(PAPERS, case_sensitive=False),
    default=None,
    help="Paper size (default: a4).",
)
@style_option("Style name from styles/ or a style file.")
@ignore_option("Skip these rules while validating, by code or name (repeatable).")
@report_options
@settings_options
def build(
    briefings: tuple[str, ...],
    every: bool,
    jobs: int | None,
    output: str | None,
    paper: str | None,
    style: str | None,
    ignore: tuple[str, ...],
    output_format: str | None,
    output_file: str | None,
    exit_zero: bool,
    color: str,
    config_path: str | None,
    isolated: bool,
) -> None:
    """Validate briefings and lay each out as a one-page PDF.

    BRIEFING is a briefing folder or its id under the facts root (default: the only
    briefing there); --all builds every briefing under it, in parallel. A briefing with
    errors is refused, and so is one whose facts cannot fit on one page at legible sizes;
    the others are still built. Exits 1 if any briefing was not built.

    \b
    Example:
      factsheet build russia-japan-peace-treaty --paper letter -o brief.pdf
      factsheet build --all -o dist/
    """
    from .. import batch
    from ..errors import FactsheetError
    from ..reporters import DOCUMENT_FORMATS, render
    from ..validation import as_codes

    try:
        config = load_config(config_path, isolated)
        output_format = output_format or config.format or "text"
        style = style or config.style
        codes = as_codes([*config.ignore, *ignore])
        batch.check_arguments(style)
        planned = batch.plan(
            briefings,
            every=every,
            root=config.root,
            output=output,
            paper=(paper or config.paper or "a4").lower(),
            style=style,
            ignore=codes,
        )
        import_the_renderer()
        done = batch.run(planned, jobs)
    except FactsheetError as error:
        raise fail(error) from None
    findings = done.findings
    to_stdout = output == batch.STDOUT
    if done.pdf is not None and to_stdout:
        try:
            sys.stdout.buffer.write(done.pdf)
            sys.stdout.buffer.flush()
        except OSError as error:
            raise OutputFailed("the PDF to standard output", error) from None
    # The report goes to stdout, alone, for the formats that are one document; to stderr
    # when stdout carries the PDF, or (text and github) when a build failed.
    if output_format in DOCUMENT_FORMATS:
        err = to_stdout
        quiet = False
    else:
        err = to_stdout or not findings.ok
        quiet = True  # warnings do not stop a build and would bury the reason
    try:
        colour = output_file is None and use_colour(color, sys.stderr if err else sys.stdout)
        text = render(output_format, findings, colour=colour, quiet=quiet)
        # The report never replaces a file the builds read.
        write_report(text, output_file, err=err, protected=done.inputs)
    except FactsheetError as error:
        raise fail(error) from None
    if output_format == "github":
        step_summary(findings, "build")
    if findings.ok or exit_zero:
        sys.exit(EXIT_OK)
    usage_only = all(b.usage for b in findings.builds or () if not b.ok) and findings.errors == 0
    sys.exit(EXIT_USAGE if usage_only else EXIT_INVALID)
