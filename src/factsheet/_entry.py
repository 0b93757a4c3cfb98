"""Where the ``factsheet`` console script and ``python -m factsheet`` start.

Importing the command line (click, then the commands) takes a noticeable moment; a Ctrl-C
during it, or anywhere the command line's own handling does not reach, still ends with
"factsheet: interrupted" and exit code 130, not a traceback. Only the standard library is
imported here, before the ``try``.
"""

from __future__ import annotations

import sys
from typing import NoReturn


def main(prog_name: str | None = None) -> NoReturn:
    try:
        from .cli import main as run

        run(prog_name)
    except KeyboardInterrupt:
        try:
            sys.stderr.write("factsheet: interrupted\n")
            sys.stderr.flush()
        except (OSError, ValueError):  # no terminal left to tell
            pass
        sys.exit(130)  # 128 + SIGINT, as shells report it
