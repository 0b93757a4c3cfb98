"""Exit codes, and the exceptions that end a command with one.

0 clean, 1 invalid data, 2 usage error, 3 internal error, 130 interrupted.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from ..errors import FactsheetError

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
INTERRUPTED = "factsheet: interrupted"


class OutputFailed(Exception):
    """Standard output or the report file could not be written (a full disk, a closed pipe)."""

    def __init__(self, where: str, error: OSError) -> None:
        super().__init__(f"cannot write {where}: {error.strerror or error}")


class Interrupted(click.ClickException):
    """Ctrl-C inside a command. Click would print a blank line and "Aborted!" and exit 1,
    the code for invalid data; this says "factsheet: interrupted" and exits 130."""

    exit_code = EXIT_INTERRUPTED

    def __init__(self) -> None:
        super().__init__("interrupted")

    def show(self, file: IO[Any] | None = None) -> None:
        with contextlib.suppress(OSError):  # the terminal may be gone with the Ctrl-C
            click.echo(INTERRUPTED, file=file, err=True)


def fail(error: FactsheetError) -> click.exceptions.Exit:
    """Say a library error and give the exit code it means: 2 for usage, else 1."""
    from ..errors import UsageError

    click.echo(f"factsheet: {error.message}", err=True)
    return click.exceptions.Exit(EXIT_USAGE if isinstance(error, UsageError) else EXIT_INVALID)


@contextlib.contextmanager
def noting_ctrl_c() -> Iterator[Callable[[], bool]]:
    """Yield a function that says whether a Ctrl-C (SIGINT) has come since: an error some
    library makes of the KeyboardInterrupt (pydantic-core's SchemaError only names it in
    its text) is then known for the interruption it is.

    Python's own handler still raises the KeyboardInterrupt; it also writes the signal's
    number to the "wakeup" pipe set here, which is read when asked.
    """
    reader, writer = os.pipe()
    try:
        os.set_blocking(reader, False)
        os.set_blocking(writer, False)
        previous = signal.set_wakeup_fd(writer, warn_on_full_buffer=False)
    except (ValueError, OSError, AttributeError):  # not the main thread; Windows
        os.close(reader)
        os.close(writer)
        yield lambda: False
        return
    noted = bytearray()

    def came() -> bool:
        with contextlib.suppress(OSError):  # BlockingIOError: nothing written
            noted.extend(os.read(reader, 512))
        return signal.SIGINT in noted

    try:
        yield came
    finally:
        signal.set_wakeup_fd(previous)
        os.close(reader)
        os.close(writer)


def caused_by_interrupt(error: BaseException) -> bool:
    """Whether a KeyboardInterrupt is among the causes of ``error`` (a RuntimeError a pool
    of workers makes of a Ctrl-C, say)."""
    seen: set[int] = set()
    waiting: list[BaseException | None] = [error]
    while waiting:
        current = waiting.pop()
        if current is None or id(current) in seen:
            continue
        if isinstance(current, KeyboardInterrupt):
            return True
        seen.add(id(current))
        waiting += [current.__cause__, current.__context__]
    return False
