"""The ``factsheet`` command: options in, a library call, an exit code out.

Exit codes: 0 clean, 1 invalid data, 2 usage error, 3 internal error, 130 interrupted.

One module a command or two (``validate_command``, ``build_command``, ``watch_command``,
``reference_commands``: rules and schema, ``authoring_commands``: new and snapshot), the
options they share (``options``), shell completion (``completion``), what they print
(``output``) and how they end (``exits``). The console script starts at
:func:`factsheet._entry.main`, which catches a Ctrl-C before this package is imported.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import Any, NoReturn

import click

from .. import __version__
from .authoring_commands import new, snapshot
from .build_command import build
from .exits import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    Interrupted,
    OutputFailed,
    caused_by_interrupt,
    noting_ctrl_c,
)
from .options import CONTEXT
from .output import _use_colour, safe_streams, silence, use_colour
from .reference_commands import rules, schema
from .validate_command import validate
from .watch_command import watch

# Nothing below pydantic, PyYAML or ReportLab is imported until a command runs: --version,
# --help and shell completion cost little more than click itself.


class _Factsheet(click.Group):
    """The command group; a Ctrl-C inside a command ends it as :class:`Interrupted`."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            # Before click sees it: click would print a blank line, "Aborted!", and exit 1.
            raise Interrupted from None


@click.group(cls=_Factsheet, context_settings=CONTEXT)
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


for _command in (validate, build, rules, schema, new, snapshot, watch):
    cli.add_command(_command)


def _interrupted() -> NoReturn:
    Interrupted().show()
    sys.exit(EXIT_INTERRUPTED)


def main(prog_name: str | None = None) -> NoReturn:
    """Run the command line and exit with its code. Click runs outside its standalone mode,
    so that every way a run can end is decided here, with the same codes and messages."""
    # factsheet uses no pydantic plugins; looking for them scans every installed
    # distribution's metadata, a sixth of a cold validate.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    safe_streams()
    try:
        with noting_ctrl_c() as ctrl_c_came:
            try:
                code = cli.main(prog_name=prog_name or "factsheet", standalone_mode=False)
            except Exception as error:
                if ctrl_c_came() or caused_by_interrupt(error):
                    raise Interrupted from None  # an error a library made of a Ctrl-C
                raise
    except (KeyboardInterrupt, click.exceptions.Abort):
        # Abort: a Ctrl-C that came while click itself was at work (reading the arguments).
        _interrupted()
    except click.ClickException as error:  # a usage error (2), Interrupted (130), ...
        with contextlib.suppress(OSError):
            error.show()
        sys.exit(error.exit_code)
    except OutputFailed as error:
        silence()
        with contextlib.suppress(OSError):
            click.echo(f"factsheet: {error}", err=True)
        sys.exit(EXIT_INVALID)
    except Exception as error:
        if isinstance(error, OSError) and error.errno == errno.EPIPE:
            # click's own output (--help, a usage error) to a reader that went away:
            # nothing can be said, and the code is 1, as in click's standalone mode.
            silence(stderr=True)
            sys.exit(EXIT_INVALID)
        if os.environ.get("FACTSHEET_TRACEBACK"):
            raise
        # The last resort: a bug must still not greet users with a traceback.
        click.echo(
            f"factsheet: internal error ({type(error).__name__}: {error}); "
            "please report it with the input that caused it "
            "(set FACTSHEET_TRACEBACK=1 to see where it happened)",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else EXIT_OK)


__all__ = [
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "OutputFailed",
    "_use_colour",
    "cli",
    "main",
    "use_colour",
]
