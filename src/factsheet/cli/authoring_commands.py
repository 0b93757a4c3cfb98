"""``factsheet new`` and ``factsheet snapshot``: start a briefing, keep a source's text."""

from __future__ import annotations

import sys

import click

from .completion import complete_briefings
from .exits import fail
from .options import CONTEXT, load_config, settings_options
from .output import emit


@click.command(context_settings=CONTEXT)
@click.argument("name")
@click.option(
    "--root",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder that holds briefings (default: the configured root, or facts).",
)
@settings_options
def new(name: str, root: str | None, config_path: str | None, isolated: bool) -> None:
    """Create facts/NAME/ with a commented example that validates and builds as it is.

    \b
    Example:
      factsheet new baltic-shipping
    """
    from pathlib import Path

    from ..errors import FactsheetError
    from ..scaffold import scaffold

    try:
        config = load_config(config_path, isolated)
        folder = scaffold(name, Path(root) if root else (config.root or Path("facts")))
    except FactsheetError as error:
        raise fail(error) from None
    emit(f"created {folder}")
    if not sys.stdout.isatty():
        return  # a script reads the one line; next steps are for a person at a terminal
    emit(
        "\nNext:\n"
        f"  1. Edit {folder}/briefing.yaml (title, as_of, sections) and sources.yaml.\n"
        f"  2. Write facts in {folder}/facts.yaml, each dated and cited.\n"
        f"  3. factsheet validate {folder}\n"
        f"  4. factsheet build {folder}     (or: factsheet watch {folder})"
    )


@click.command(context_settings=CONTEXT)
@click.argument("briefing", type=click.Path(), shell_complete=complete_briefings)
@click.argument("source_id")
@click.option(
    "--from",
    "origin",
    metavar="FILE|URL",
    help="Take the snapshot from this file or address (default: the source's url).",
)
def snapshot(briefing: str, source_id: str, origin: str | None) -> None:
    """Keep a snapshot of a source so that its quotes can be checked.

    Fetches the source's url (or reads --from FILE|URL), stores it under the briefing's
    snapshots/ folder, and records snapshot, snapshot_sha256 and, when fetched, accessed
    in sources.yaml, keeping the file's comments and layout. Text, HTML and PDF pages work.

    \b
    Example:
      factsheet snapshot russia-japan-peace-treaty mofa-northern-territories
    """
    from ..capture import take_snapshot
    from ..errors import FactsheetError

    try:
        captured = take_snapshot(briefing, source_id, origin=origin)
    except FactsheetError as error:
        raise fail(error) from None
    where = f" from {captured.fetched_from}" if captured.fetched_from else ""
    emit(f"wrote {captured.path} ({captured.size:,} bytes{where})\nsha256 {captured.sha256}")
