"""The one atomic writer: every file factsheet writes is written here, and never over one
of its inputs, a link, a device or a file a briefing would read."""

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
from typing import Any

from .reading import FileProblem


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
        try:
            candidate.mkdir()
        except FileExistsError:
            if not candidate.is_dir():
                raise
            continue  # made meanwhile by another writer (two builds at once): theirs
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
