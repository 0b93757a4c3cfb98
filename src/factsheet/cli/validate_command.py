"""``factsheet validate``."""

from __future__ import annotations

import sys

import click

from .completion import complete_briefings
from .exits import EXIT_INVALID, EXIT_OK, fail
from .options import (
    CONTEXT,
    ignore_option,
    load_config,
    report_options,
    settings_options,
    style_option,
)
from .output import step_summary, use_colour, write_report


@click.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(), shell_complete=complete_briefings)
@report_options
@click.option("--strict/--no-strict", default=None, help="Treat warnings as errors.")
@ignore_option(
    "Skip these rules, by code or name (repeatable); rules that would drop records "
    "(FS1xx, FS202, FS203, FS301, FS302) cannot be skipped."
)
@style_option("Style whose fonts must draw every character.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors (and the summary on failure).")
@click.option(
    "--check-links",
    is_flag=True,
    help="Also check that every url and archive_url still answers (uses the network).",
)
@settings_options
def validate(
    paths: tuple[str, ...],
    output_format: str | None,
    output_file: str | None,
    exit_zero: bool,
    color: str,
    strict: bool | None,
    ignore: tuple[str, ...],
    style: str | None,
    quiet: bool,
    check_links: bool,
    config_path: str | None,
    isolated: bool,
) -> None:
    """Check briefings: schema, citations, dates, links, quotes and fonts.

    PATHS are briefing folders, folders anywhere above briefings, or files inside a
    briefing (default: every briefing under the facts root, ./facts). A briefing is a
    folder holding briefing.yaml or sources.yaml. Exits 0 when clean, 1 when the data is
    invalid, 2 for usage errors.

    \b
    Example:
      factsheet validate facts/ --format github --strict
      factsheet validate --format sarif --output-file factsheet.sarif
    """
    from ..errors import FactsheetError
    from ..reporters import render
    from ..validation import validate as run_validate

    try:
        config = load_config(config_path, isolated)
        output_format = output_format or config.format or "text"
        report = run_validate(
            paths,
            style=style or config.style,
            strict=bool(config.strict if strict is None else strict),
            ignore=[*config.ignore, *ignore],
            root=config.root,
            check_links=check_links,
        )
        findings = report.findings()
        colour = output_file is None and use_colour(color, sys.stdout)
        text = render(output_format, findings, colour=colour, quiet=quiet)
        protected = None
        if output_file is not None:
            from ..building import inputs_of

            protected = inputs_of(report)  # the report never replaces a file it checked
        write_report(text, output_file, protected=protected)
    except FactsheetError as error:
        raise fail(error) from None
    if output_format == "github":
        step_summary(findings, "validate")
    sys.exit(EXIT_OK if findings.ok or exit_zero else EXIT_INVALID)
