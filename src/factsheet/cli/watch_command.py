"""``factsheet watch``."""

from __future__ import annotations

import sys

import click

from ..choices import PAPERS
from .build_command import import_the_renderer
from .completion import complete_briefings
from .exits import fail
from .options import CONTEXT, colour_option, load_config, settings_options, style_option
from .output import emit, use_colour


@click.command(context_settings=CONTEXT)
@click.argument("briefing", required=False, type=click.Path(), shell_complete=complete_briefings)
@click.option("-o", "--output", metavar="PATH", help="PDF to keep up to date.")
@click.option("--paper", type=click.Choice(PAPERS, case_sensitive=False), default=None)
@style_option("Style name from styles/ or a style file.")
@colour_option("Colour the diagnostics.")
@settings_options
def watch(
    briefing: str | None,
    output: str | None,
    paper: str | None,
    style: str | None,
    color: str,
    config_path: str | None,
    isolated: bool,
) -> None:
    """Rebuild a briefing on every save, printing its diagnostics; Ctrl-C stops.

    A build that fails never replaces the last good PDF.

    \b
    Example:
      factsheet watch russia-japan-peace-treaty
    """
    from ..errors import FactsheetError
    from ..watch import watch as run_watch

    try:
        config = load_config(config_path, isolated)
        import_the_renderer()
        run_watch(
            briefing,
            root=config.root,
            output=output,
            paper=(paper or config.paper or "a4").lower(),
            style=style or config.style,
            ignore=config.ignore,
            colour=use_colour(color, sys.stdout),
            echo=emit,
        )
    except FactsheetError as error:
        raise fail(error) from None
