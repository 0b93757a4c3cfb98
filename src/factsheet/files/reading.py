"""Every file a user names is read here, within the limits of its briefing.

Fact files, snapshots and fonts are untrusted: a path may climb out of the briefing folder,
name a device that never ends (/dev/zero) or a pipe that blocks, or be larger than any
sensible input. One reader enforces "inside the folder", "a regular file" and "at most
``limit`` bytes", and says which of them failed; the caller turns that into its rule code.
A briefing's allowance bounds what all of its files may take together.
"""

from __future__ import annotations

import stat
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Problem = Literal["outside", "missing", "not-a-file", "too-large", "unreadable", "loop", "input"]


@dataclass
class FileProblem(Exception):
    """Why a file was not read (``kind``) and a sentence for people (``reason``)."""

    kind: Problem
    reason: str

    def __str__(self) -> str:
        return self.reason


def _size(limit: int) -> str:
    mib = limit / (1024 * 1024)
    return f"{mib:g} MiB" if mib >= 1 else f"{limit:,} bytes"


def inside(root: Path, path: Path) -> Path:
    """``path`` resolved, if it stays inside ``root`` (links followed); else FileProblem."""
    try:
        # Not strict: a path that climbs out is refused whether or not its target exists.
        target = path.resolve()
    except RuntimeError:  # a link loop, before Python 3.13
        raise FileProblem("loop", "is a link that loops") from None
    except (OSError, ValueError) as error:  # a loop (3.13+), a NUL byte, ...
        raise FileProblem("unreadable", f"cannot be resolved: {error}") from None
    if not target.is_relative_to(root.resolve()):
        raise FileProblem("outside", "leads outside the briefing folder")
    return target


def read_user_file(path: Path, *, limit: int, root: Path | None = None) -> bytes:
    """The bytes of ``path``: a regular file of at most ``limit`` bytes, inside ``root``."""
    target = inside(root, path) if root is not None else path
    try:
        # A device reports size 0 and never ends (/dev/zero); a pipe blocks the open.
        mode = target.stat().st_mode
    except FileNotFoundError:
        raise FileProblem("missing", "does not exist") from None
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise FileProblem("unreadable", f"cannot be read: {reason}") from None
    if not stat.S_ISREG(mode):
        raise FileProblem("not-a-file", "is not a regular file (a folder, pipe or device)")
    try:
        with target.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise FileProblem("unreadable", f"cannot be read: {error.strerror or error}") from None
    if len(data) > limit:
        raise FileProblem("too-large", f"is larger than {_size(limit)}")
    return data


@dataclass
class Allowance:
    """What one briefing may still read in all: bytes and values of YAML, bytes of snapshots.

    The per-file limits bound one file; this bounds their sum, so that a briefing of a
    thousand files, or of forty snapshots, costs no more than a few of each.
    """

    yaml_bytes: int
    values: int
    snapshot_bytes: int
    exhausted: bool = False  # the YAML budget is spent: no more of its files are read


# Per thread, by briefing folder (as the caller names it). A load of a briefing starts by
# listing its folder, which opens a fresh allowance for it (yaml_reader.iter_yaml_entries).
_allowances = threading.local()
MAX_BRIEFING_SNAPSHOT_BYTES = 40 * 1024 * 1024


def _table() -> dict[Path, Allowance]:
    table: dict[Path, Allowance] | None = getattr(_allowances, "table", None)
    if table is None:
        table = _allowances.table = {}
    return table


def open_allowance(folder: Path, yaml_bytes: int, values: int) -> Allowance:
    """A fresh allowance for the briefing in ``folder``."""
    fresh = Allowance(yaml_bytes, values, MAX_BRIEFING_SNAPSHOT_BYTES)
    _table()[folder] = fresh
    return fresh


def allowance(folder: Path) -> Allowance | None:
    """The allowance of the briefing in ``folder``, if one is being read."""
    return _table().get(folder)


def spend_snapshot_bytes(folder: Path, size: int) -> None:
    """Count a snapshot of ``size`` bytes against its briefing; FileProblem "too-large" if
    the briefing's snapshots would go past MAX_BRIEFING_SNAPSHOT_BYTES in all."""
    budget = allowance(folder)
    if budget is None:
        return
    if size > budget.snapshot_bytes:
        raise FileProblem(
            "too-large",
            f"would take the briefing's snapshots past {_size(MAX_BRIEFING_SNAPSHOT_BYTES)} in "
            "all; it was not read",
        )
    budget.snapshot_bytes -= size
