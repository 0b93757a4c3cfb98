"""The ``factsheet`` command: options in, a library call, an exit code out.

Exit codes: 0 clean, 1 invalid data, 2 usage error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import __version__

if TYPE_CHECKING:
    from .errors import FactsheetError

# Nothing below pydantic, PyYAML or ReportLab is imported until a command runs: --version,
# --help and shell completion cost little more than click itself.

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
F = TypeVar("F", bound=Callable[..., Any])
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _fail(error: FactsheetError) -> click.exceptions.Exit:
    from .errors import UsageError

    click.echo(f"factsheet: {error.message}", err=True)
    return click.exceptions.Exit(EXIT_USAGE if isinstance(error, UsageError) else EXIT_INVALID)


def _use_colour(stream: object) -> bool:
    # no-color.org: only a non-empty NO_COLOR turns colour off.
    if os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="factsheet")
def cli() -> None:
    """Turn YAML fact records into a citation-checked, one-page briefing PDF.

    \b
    Start with:
      factsheet validate            # check every briefing under ./facts
      factsheet build               # write output/<briefing>.pdf
    """


def _format_option(help_text: str) -> Callable[[F], F]:
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["text", "json", "github"]),
        default="text",
        show_default=True,
        help=help_text,
    )


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path())
@_format_option("Report as text, JSON or GitHub annotations.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--ignore",
    "ignore",
    multiple=True,
    metavar="CODE[,CODE]",
    help="Skip these rule codes (repeatable).",
)
@click.option("--style", metavar="NAME|PATH", help="Style whose fonts must draw every character.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors (and the summary on failure).")
def validate(
    paths: tuple[str, ...],
    output_format: str,
    strict: bool,
    ignore: tuple[str, ...],
    style: str | None,
    quiet: bool,
) -> None:
    """Check briefings: schema, citations, dates, links, quotes and fonts.

    PATHS are briefing folders, folders of briefings, or files inside a briefing
    (default: every briefing under ./facts). Exits 0 when clean, 1 when the data is
    invalid, 2 for usage errors.

    \b
    Example:
      factsheet validate facts/ --format github --strict
    """
    from .errors import FactsheetError
    from .reporters import REPORTERS
    from .validation import validate as run_validate

    try:
        report = run_validate(paths, style=style, strict=strict, ignore=ignore)
    except FactsheetError as error:
        raise _fail(error) from None
    text = REPORTERS[output_format](report, colour=_use_colour(sys.stdout), quiet=quiet)
    if text:
        click.echo(text)
    sys.exit(EXIT_OK if report.ok else EXIT_INVALID)


@cli.command(context_settings=CONTEXT)
@click.argument("briefing", required=False, type=click.Path())
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="PDF to write (default: output/<briefing-id>.pdf).",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"], case_sensitive=False),
    default="a4",
    show_default=True,
    help="Paper size.",
)
@click.option("--style", metavar="NAME|PATH", help="Style name from styles/ or a style file.")
@_format_option("How to report validation problems.")
def build(
    briefing: str | None, output: str | None, paper: str, style: str | None, output_format: str
) -> None:
    """Validate a briefing and lay it out as a one-page PDF.

    BRIEFING is a briefing folder or its id under ./facts (default: the only
    briefing under ./facts). Refuses to build when validation finds errors, and
    fails with exit 1 when the facts cannot fit on one page at legible sizes.

    \b
    Example:
      factsheet build russia-japan-peace-treaty --paper letter -o brief.pdf
    """
    from .building import build as run_build
    from .errors import FactsheetError, InvalidData
    from .reporters import REPORTERS

    try:
        result = run_build(briefing, output=output, paper=paper, style=style)
    except InvalidData as error:
        if error.report is not None:
            # Errors only: warnings do not stop a build and would bury the reason here.
            rendered = REPORTERS[output_format](
                error.report, quiet=True, colour=_use_colour(sys.stderr)
            )
            click.echo(rendered, err=True)
        raise _fail(error) from None
    except FactsheetError as error:
        raise _fail(error) from None
    click.echo(f"wrote {result.path}")
    click.echo(result.summary)


@cli.command(context_settings=CONTEXT)
@click.argument("kind", type=click.Choice(["briefing", "sources", "facts", "style"]))
def schema(kind: str) -> None:
    """Print the JSON Schema of a file kind, for editors' YAML language servers.

    \b
    Example:
      factsheet schema facts > facts.schema.json
    """
    from .schema import schema_json

    click.echo(schema_json(kind))


@cli.command(context_settings=CONTEXT)
@click.argument("name")
@click.option(
    "--root",
    type=click.Path(file_okay=False),
    default="facts",
    show_default=True,
    help="Folder that holds briefings.",
)
def new(name: str, root: str) -> None:
    """Create facts/NAME/ with a commented example that validates and builds as it is.

    \b
    Example:
      factsheet new baltic-shipping
    """
    from pathlib import Path

    from .errors import FactsheetError
    from .scaffold import scaffold

    try:
        folder = scaffold(name, Path(root))
    except FactsheetError as error:
        raise _fail(error) from None
    click.echo(f"created {folder}")


@cli.command(context_settings=CONTEXT)
@click.argument("briefing", type=click.Path())
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
    from .capture import take_snapshot
    from .errors import FactsheetError

    try:
        captured = take_snapshot(briefing, source_id, origin=origin)
    except FactsheetError as error:
        raise _fail(error) from None
    where = f" from {captured.fetched_from}" if captured.fetched_from else ""
    click.echo(f"wrote {captured.path} ({captured.size:,} bytes{where})")
    click.echo(f"sha256 {captured.sha256}")


def main(prog_name: str | None = None) -> None:
    # factsheet uses no pydantic plugins; looking for them scans every installed
    # distribution's metadata, a sixth of a cold validate.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        cli.main(prog_name=prog_name or "factsheet", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("factsheet: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except Exception as error:  # last resort: a bug must still not greet users with a traceback
        if os.environ.get("FACTSHEET_TRACEBACK"):
            raise
        click.echo(
            f"factsheet: internal error ({type(error).__name__}: {error}); "
            "please report it with the input that caused it "
            "(set FACTSHEET_TRACEBACK=1 to see where it happened)",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)
