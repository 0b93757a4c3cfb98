"""Every file a user names is read here, and every file factsheet writes is written here.

Fact files, snapshots and fonts are untrusted: a path may climb out of the briefing folder,
name a device that never ends (/dev/zero) or a pipe that blocks, or be larger than any
sensible input. One reader enforces "inside the folder", "a regular file" and "at most
``limit`` bytes", and says which of them failed; the caller turns that into its rule code.
"""

from __future__ import annotations

import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

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


def _new_file_mode(existing: Path) -> int:
    """Keep an existing file's permissions; a new one gets what the umask allows."""
    try:
        return stat.S_IMODE(existing.stat().st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


# A briefing reads every *.yaml (and *.yml) file directly in its folder, whatever its name.
_READ_SUFFIXES = (".yaml", ".yml")


def _resolved(path: Path) -> Path:
    """``path`` with its folder resolved, but not the last part: a link there is the
    target itself, and is refused as one."""
    try:
        return path.absolute().parent.resolve() / path.name
    except (OSError, RuntimeError, ValueError):  # a loop, or the working folder is gone
        return path


def _followed(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return _resolved(path)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino


@dataclass(frozen=True)
class Protected:
    """What a write must never replace: the files a run reads, and every file a briefing
    would read (any ``*.yaml`` directly in its folder, even one that does not exist yet)."""

    files: frozenset[Path] = frozenset()
    folders: frozenset[Path] = frozenset()
    identities: frozenset[tuple[int, int]] = frozenset()

    @classmethod
    def of(cls, files: Iterable[Path] = (), folders: Iterable[Path] = ()) -> Protected:
        files = list(files)
        return cls(
            # A linked input is protected under its own name and where it leads.
            frozenset(_resolved(path) for path in files) | frozenset(map(_followed, files)),
            frozenset(_resolved(folder) for folder in folders),
            frozenset(filter(None, map(_identity, files))),
        )

    def __or__(self, other: Protected) -> Protected:
        return Protected(
            self.files | other.files,
            self.folders | other.folders,
            self.identities | other.identities,
        )

    def reason(self, target: Path) -> str | None:
        """Why ``target`` must not be written, or None when it may be."""
        where = _resolved(target)
        if where in self.files or _identity(target) in self.identities:
            return "is an input of this run; it is left as it is"
        if where.parent in self.folders and where.suffix.lower() in _READ_SUFFIXES:
            return (
                "would be read as part of the briefing in its folder; it is left as it is "
                "(write into a subfolder such as output/)"
            )
        return None


NOTHING = Protected()


def check_target(target: Path, protected: Protected = NOTHING) -> None:
    """Raise FileProblem unless ``target`` may be replaced by a new regular file: it is no
    input of the run, and no link, device, pipe or folder (a link would be replaced by a
    plain file, and /dev/stdout or a device would be written through)."""
    try:
        status = target.lstat()
    except FileNotFoundError:
        status = None
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise FileProblem("unreadable", f"cannot be examined: {reason}") from None
    if status is not None and not stat.S_ISREG(status.st_mode):
        kind = "a link" if stat.S_ISLNK(status.st_mode) else "not a regular file"
        raise FileProblem(
            "not-a-file",
            f"is {kind} (links, devices, pipes and folders are not replaced); it is left as it is",
        )
    why = protected.reason(target)
    if why is None and status is None and _joins_a_briefing(target):
        why = "would become part of the briefing in its folder (write it elsewhere)"
    if why is not None:
        raise FileProblem("input", why)


def _joins_a_briefing(target: Path) -> bool:
    """A new YAML file beside a briefing.yaml would be read as one of its fact files,
    whoever writes it (a report, say): every writer refuses that, asked or not."""
    if target.suffix.lower() not in _READ_SUFFIXES:
        return False
    try:
        return (target.parent / "briefing.yaml").is_file()
    except (OSError, ValueError):
        return False


def _make_parents(folder: Path, created: list[Path]) -> None:
    """Create ``folder`` and any missing folders above it, adding each to ``created``."""
    missing = []
    for candidate in (folder, *folder.parents):
        if candidate.exists() or candidate.is_symlink():
            break
        missing.append(candidate)
    for candidate in reversed(missing):
        candidate.mkdir()
        created.append(candidate)


def _remove_folders(created: list[Path]) -> None:
    for candidate in reversed(created):
        with suppress(OSError):  # no longer empty: something else wrote there meanwhile
            candidate.rmdir()


_CLEANED_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextmanager
def _removed_on_signal(paths: list[Path], folders: list[Path]) -> Iterator[None]:
    """Remove ``paths``, then ``folders``, when SIGTERM or SIGHUP ends the process during
    the block.

    SIGINT raises KeyboardInterrupt, which the writer's own cleanup handles. The handlers
    are installed only in the main thread (Python allows no other), only over a signal's
    default action, and the previous ones are restored afterwards; a signal that arrives
    is then delivered again to that default action, so the process still ends by it.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, Any] = {}

    def remove_and_redeliver(signum: int, _frame: object) -> None:
        for path in paths:
            with suppress(OSError):
                path.unlink()
        _remove_folders(folders)
        for number, handler in previous.items():
            signal.signal(number, handler)
        os.kill(os.getpid(), signum)

    try:
        for number in _CLEANED_SIGNALS:
            if signal.getsignal(number) is signal.SIG_DFL:
                previous[number] = signal.signal(number, remove_and_redeliver)
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def write_atomically(target: Path, data: bytes, *, protected: Protected = NOTHING) -> None:
    """Replace ``target`` with ``data`` so that readers see the old file or the new, never half.

    Refuses (FileProblem) to replace anything but a regular file, and anything
    ``protected`` names (see :func:`check_target`). An existing file keeps its permissions;
    a new one gets what the umask allows. Folders created on the way are removed again if
    the write fails, and the temporary file (a short name of its own, beside the target)
    is removed on any failure, Ctrl-C, SIGTERM or SIGHUP.
    """
    check_target(target, protected)
    created: list[Path] = []
    temporary: list[Path] = []
    try:
        with _removed_on_signal(temporary, created):
            _make_parents(target.parent, created)
            mode = _new_file_mode(target)
            handle, name = tempfile.mkstemp(prefix=".fs.", suffix=".tmp", dir=target.parent)
            temporary.append(Path(name))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            temporary[0].chmod(mode)
            temporary[0].replace(target)
            temporary.clear()
            created.clear()
    except BaseException:
        for path in temporary:
            with suppress(OSError):
                path.unlink()
        _remove_folders(created)
        raise
