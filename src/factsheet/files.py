"""Every file a user names is read here, and every file factsheet writes is written here.

Fact files, snapshots and fonts are untrusted: a path may climb out of the briefing folder,
name a device that never ends (/dev/zero) or a pipe that blocks, or be larger than any
sensible input. One reader enforces "inside the folder", "a regular file" and "at most
``limit`` bytes", and says which of them failed; the caller turns that into its rule code.
"""

from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Problem = Literal["outside", "missing", "not-a-file", "too-large", "unreadable", "loop"]


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


def _new_file_mode(existing: Path) -> int:
    """Keep an existing file's permissions; a new one gets what the umask allows."""
    try:
        return stat.S_IMODE(existing.stat().st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomically(target: Path, data: bytes) -> None:
    """Replace ``target`` with ``data`` so that readers see the old file or the new, never half.

    Refuses (FileProblem "not-a-file") to replace anything but a regular file: a symlink,
    a device or a folder at the target would otherwise be swapped for a plain file.
    """
    try:
        status = target.lstat()
    except FileNotFoundError:
        status = None
    if status is not None and not stat.S_ISREG(status.st_mode):
        raise FileProblem(
            "not-a-file", "is not a regular file (a link, device or folder); it is left as it is"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = _new_file_mode(target)
    handle, temporary = tempfile.mkstemp(prefix=".fs.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(mode)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
