"""The ``factsheet`` command: options in, a library call, an exit code out.

Exit codes: 0 clean, 1 invalid data, 2 usage error, 3 internal error, 130 interrupted.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click.shell_completion import CompletionItem

from . import __version__

if TYPE_CHECKING:
    from .config import Config
    from .errors import FactsheetError
    from .report import Findings

# Nothing below pydantic, PyYAML or ReportLab is imported until a command runs: --version,
# --help and shell completion cost little more than click itself.

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
F = TypeVar("F", bound=Callable[..., Any])
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
FORMATS = ("text", "json", "github", "sarif", "gitlab", "junit")


class OutputFailed(Exception):
    """Standard output or the report file could not be written (a full disk, a closed pipe)."""

    def __init__(self, where: str, error: OSError) -> None:
        super().__init__(f"cannot write {where}: {error.strerror or error}")


def _fail(error: FactsheetError) -> click.exceptions.Exit:
    from .errors import UsageError

    click.echo(f"factsheet: {error.message}", err=True)
    return click.exceptions.Exit(EXIT_USAGE if isinstance(error, UsageError) else EXIT_INVALID)


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


def _emit(text: str, *, err: bool = False) -> None:
    """Print a report; a stream that cannot take it is said once, not a traceback."""
    stream = sys.stderr if err else sys.stdout
    try:
        click.echo(text, err=err)
        stream.flush()
    except OSError as error:
        raise OutputFailed("to standard error" if err else "to standard output", error) from None


# Completion: briefing ids, style names and rule codes, read only when the shell asks.


def _complete_briefings(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from pathlib import Path

    root = Path("facts")
    try:
        from .config import load_config

        config = load_config()
        root = config.root or root
    except Exception:  # completion must never print an error into the shell
        pass
    names: list[Any] = []
    if root.is_dir():
        for folder in sorted(root.iterdir()):
            held = (folder / "briefing.yaml").is_file() or (folder / "sources.yaml").is_file()
            if held and folder.name.startswith(incomplete):
                names.append(CompletionItem(folder.name, help="briefing"))
    if not names:
        names.append(CompletionItem(incomplete, type="dir"))
    return names


def _complete_styles(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from pathlib import Path

    package_styles = Path(__file__).resolve().parent / "styles"
    found: set[str] = set()
    for folder in (Path("styles"), package_styles, package_styles.parent.parent.parent / "styles"):
        if folder.is_dir():
            found.update(p.stem for p in folder.glob("*.yaml"))
    items: list[Any] = [CompletionItem(n) for n in sorted(found) if n.startswith(incomplete)]
    return items or [CompletionItem(incomplete, type="file")]


def _rule_items(incomplete: str, *, ignorable_only: bool) -> list[CompletionItem]:
    from .diagnostics import RULES
    from .excusing import UNEXCUSABLE

    head, _, last = incomplete.rpartition(",")
    prefix = f"{head}," if head else ""
    items = []
    for code, rule in RULES.items():
        if ignorable_only and code in UNEXCUSABLE:
            continue
        for name in (code, rule.name):
            if name.lower().startswith(last.lower()):
                items.append(CompletionItem(prefix + name, help=rule.summary))
                break
    return items


def _complete_ignore(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    return list(_rule_items(incomplete, ignorable_only=True))


def _complete_rules(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    return list(_rule_items(incomplete, ignorable_only=False))


# Options several commands share.


def _settings_options(function: F) -> F:
    function = click.option(
        "--isolated",
        is_flag=True,
        help="Read no configuration file (pyproject.toml, factsheet.toml).",
    )(function)
    function = click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False),
        metavar="PATH",
        help="Read settings from this file, not the nearest factsheet.toml or pyproject.toml.",
    )(function)
    return function


def _report_options(function: F) -> F:
    function = click.option(
        "--color",
        "--colour",
        "color",
        type=click.Choice(["auto", "always", "never"]),
        default="auto",
        show_default=True,
        help="Colour text output (auto: on a terminal, unless NO_COLOR; FORCE_COLOR forces it).",
    )(function)
    function = click.option(
        "--exit-zero",
        is_flag=True,
        help="Exit 0 even when problems are found (not for usage errors).",
    )(function)
    function = click.option(
        "--output-file",
        type=click.Path(dir_okay=False, allow_dash=False),
        metavar="PATH",
        help="Write the report to PATH (atomically) instead of standard output.",
    )(function)
    function = click.option(
        "--format",
        "output_format",
        type=click.Choice(FORMATS),
        default=None,
        help="Report as text (default), json, github annotations, sarif, gitlab or junit.",
    )(function)
    return function


def _load_config(config_path: str | None, isolated: bool) -> Config:
    from .config import load_config

    return load_config(config_path, isolated=isolated)


def _write_report(text: str, output_file: str | None, *, err: bool = False) -> None:
    if output_file is None:
        if text:
            _emit(text, err=err)
        return
    from pathlib import Path

    from .files import FileProblem, write_atomically

    try:
        write_atomically(Path(output_file), (text + "\n").encode("utf-8", "backslashreplace"))
    except FileProblem as problem:
        from .errors import UsageError

        raise UsageError(f"cannot write {output_file}: it {problem.reason}") from None
    except OSError as error:
        raise OutputFailed(output_file, error) from None


def _step_summary(findings: Findings, command: str) -> None:
    """Append a Markdown summary to the GitHub Actions job summary, when there is one."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    from .reporters.github import markdown

    try:
        with open(target, "a", encoding="utf-8") as stream:  # noqa: PTH123 - the protocol appends
            stream.write(markdown(findings, command=command))
    except OSError as error:
        click.echo(f"factsheet: cannot write the job summary {target}: {error.strerror}", err=True)


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="factsheet")
def cli() -> None:
    """Turn YAML fact records into a citation-checked, one-page briefing PDF.

    \b
    Start with:
      factsheet validate            # check every briefing under ./facts
      factsheet build               # write output/<briefing>.pdf
      factsheet rules               # what each rule code means

    Settings shared by every run (root, ignore, strict, style, paper, format) can live in
    [tool.factsheet] in pyproject.toml or in a factsheet.toml; the command line wins.
    """


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(), shell_complete=_complete_briefings)
@_report_options
@click.option("--strict/--no-strict", default=None, help="Treat warnings as errors.")
@click.option(
    "--ignore",
    "ignore",
    multiple=True,
    metavar="RULE[,RULE]",
    shell_complete=_complete_ignore,
    help="Skip these rules, by code or name (repeatable); rules that would drop records "
    "(FS1xx, FS202, FS203, FS301, FS302) cannot be skipped.",
)
@click.option(
    "--style",
    metavar="NAME|PATH",
    shell_complete=_complete_styles,
    help="Style whose fonts must draw every character.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors (and the summary on failure).")
@click.option(
    "--check-links",
    is_flag=True,
    help="Also check that every url and archive_url still answers (uses the network).",
)
@_settings_options
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
    from .errors import FactsheetError
    from .reporters import render
    from .validation import validate as run_validate

    try:
        config = _load_config(config_path, isolated)
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
        _write_report(text, output_file)
    except FactsheetError as error:
        raise _fail(error) from None
    if output_format == "github":
        _step_summary(findings, "validate")
    sys.exit(EXIT_OK if findings.ok or exit_zero else EXIT_INVALID)


@cli.command(context_settings=CONTEXT)
@click.argument(
    "briefings",
    nargs=-1,
    type=click.Path(),
    metavar="[BRIEFING]...",
    shell_complete=_complete_briefings,
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
    type=click.Choice(["a4", "letter"], case_sensitive=False),
    default=None,
    help="Paper size (default: a4).",
)
@click.option(
    "--style",
    metavar="NAME|PATH",
    shell_complete=_complete_styles,
    help="Style name from styles/ or a style file.",
)
@click.option(
    "--ignore",
    "ignore",
    multiple=True,
    metavar="RULE[,RULE]",
    shell_complete=_complete_ignore,
    help="Skip these rules while validating, by code or name (repeatable).",
)
@_report_options
@_settings_options
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
    from . import batch
    from .errors import FactsheetError
    from .reporters import DOCUMENT_FORMATS, render
    from .validation import as_codes

    try:
        config = _load_config(config_path, isolated)
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
        findings, pdf = batch.run(planned, jobs)
    except FactsheetError as error:
        raise _fail(error) from None
    to_stdout = output == batch.STDOUT
    if pdf is not None and to_stdout:
        try:
            sys.stdout.buffer.write(pdf)
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
        _write_report(text, output_file, err=err)
    except FactsheetError as error:
        raise _fail(error) from None
    if output_format == "github":
        _step_summary(findings, "build")
    if findings.ok or exit_zero:
        sys.exit(EXIT_OK)
    usage_only = all(b.usage for b in findings.builds or () if not b.ok) and findings.errors == 0
    sys.exit(EXIT_USAGE if usage_only else EXIT_INVALID)


@cli.command(context_settings=CONTEXT)
@click.argument("rule", required=False, shell_complete=_complete_rules)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="List or explain as text or JSON.",
)
def rules(rule: str | None, output_format: str) -> None:
    """List every rule, or explain one: what it finds, why it matters, how to fix it.

    RULE is a code (FS206) or a name (few-sources).

    \b
    Example:
      factsheet rules
      factsheet rules FS206
    """
    import json

    from .diagnostics import RULES
    from .excusing import rule_code
    from .rules_docs import WHY, can_ignore, explain

    if rule is not None:
        code = rule_code(rule)
        if code is None:
            click.echo(f"factsheet: no rule {rule!r} (factsheet rules lists them)", err=True)
            sys.exit(EXIT_USAGE)
        chosen = [RULES[code]]
    else:
        chosen = list(RULES.values())
    if output_format == "json":
        document = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity.value,
                "summary": r.summary,
                "why": WHY.get(r.code, ""),
                "fix": r.hint,
                "ignorable": can_ignore(r.code),
            }
            for r in chosen
        ]
        _emit(json.dumps(document[0] if rule else document, indent=2, ensure_ascii=False))
        return
    if rule is not None:
        _emit(explain(chosen[0]))
        return
    width = max(len(r.name) for r in chosen)
    _emit(
        "\n".join(
            f"{r.code}  {r.name:<{width}}  {r.severity.value:<7}  {r.summary}" for r in chosen
        )
    )


@cli.command(context_settings=CONTEXT)
@click.argument("kind", type=click.Choice(["briefing", "sources", "facts", "style"]))
def schema(kind: str) -> None:
    """Print the JSON Schema of a file kind, for editors' YAML language servers.

    \b
    Example:
      factsheet schema facts > facts.schema.json
    """
    from .schema import schema_json

    _emit(schema_json(kind))


@cli.command(context_settings=CONTEXT)
@click.argument("name")
@click.option(
    "--root",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder that holds briefings (default: the configured root, or facts).",
)
@_settings_options
def new(name: str, root: str | None, config_path: str | None, isolated: bool) -> None:
    """Create facts/NAME/ with a commented example that validates and builds as it is.

    \b
    Example:
      factsheet new baltic-shipping
    """
    from pathlib import Path

    from .errors import FactsheetError
    from .scaffold import scaffold

    try:
        config = _load_config(config_path, isolated)
        folder = scaffold(name, Path(root) if root else (config.root or Path("facts")))
    except FactsheetError as error:
        raise _fail(error) from None
    _emit(f"created {folder}")
    if not sys.stdout.isatty():
        return  # a script reads the one line; next steps are for a person at a terminal
    _emit(
        "\nNext:\n"
        f"  1. Edit {folder}/briefing.yaml (title, as_of, sections) and sources.yaml.\n"
        f"  2. Write facts in {folder}/facts.yaml, each dated and cited.\n"
        f"  3. factsheet validate {folder}\n"
        f"  4. factsheet build {folder}     (or: factsheet watch {folder})"
    )


@cli.command(context_settings=CONTEXT)
@click.argument("briefing", type=click.Path(), shell_complete=_complete_briefings)
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
    _emit(f"wrote {captured.path} ({captured.size:,} bytes{where})\nsha256 {captured.sha256}")


@cli.command(context_settings=CONTEXT)
@click.argument("briefing", required=False, type=click.Path(), shell_complete=_complete_briefings)
@click.option("-o", "--output", metavar="PATH", help="PDF to keep up to date.")
@click.option("--paper", type=click.Choice(["a4", "letter"], case_sensitive=False), default=None)
@click.option("--style", metavar="NAME|PATH", shell_complete=_complete_styles)
@click.option(
    "--color",
    "--colour",
    "color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    help="Colour the diagnostics.",
)
@_settings_options
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
    from .errors import FactsheetError
    from .watch import watch as run_watch

    try:
        config = _load_config(config_path, isolated)
        run_watch(
            briefing,
            root=config.root,
            output=output,
            paper=(paper or config.paper or "a4").lower(),
            style=style or config.style,
            ignore=config.ignore,
            colour=use_colour(color, sys.stdout),
            echo=_emit,
        )
    except FactsheetError as error:
        raise _fail(error) from None


def _safe_streams() -> None:
    """A terminal or pipe that cannot encode a character (PYTHONIOENCODING=latin-1 and a
    '€' in a message) gets an escape for it, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def main(prog_name: str | None = None) -> None:
    # factsheet uses no pydantic plugins; looking for them scans every installed
    # distribution's metadata, a sixth of a cold validate.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _safe_streams()
    try:
        cli.main(prog_name=prog_name or "factsheet", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("factsheet: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except OutputFailed as error:
        # Nothing more can go to that stream; point it nowhere so that the interpreter's
        # final flush does not fail a second time.
        devnull = open(os.devnull, "w")  # noqa: SIM115, PTH123 - kept open until exit
        sys.stdout = devnull
        with contextlib.suppress(OSError):
            click.echo(f"factsheet: {error}", err=True)
        sys.exit(EXIT_INVALID)
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
