"""Every file a user names is read here, and every file factsheet writes is written here.

``reading`` holds the one reader of user-named files (inside the folder, a regular file, a
size limit) and the allowance each briefing's files share; ``writing`` holds the one atomic
writer, which never replaces an input, a link, a device or a file a briefing would read.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .reading import (
    MAX_BRIEFING_SNAPSHOT_BYTES,
    Allowance,
    FileProblem,
    Problem,
    allowance,
    inside,
    open_allowance,
    read_user_file,
    spend_snapshot_bytes,
)

if TYPE_CHECKING:
    from .writing import NOTHING, Protected, check_target, write_atomically

# The writer (tempfile, shutil, signal handling) is loaded on first use: validate, which
# writes nothing but an optional report, does not pay for it.
_WRITING = frozenset({"NOTHING", "Protected", "check_target", "write_atomically"})


def __getattr__(name: str) -> Any:
    if name not in _WRITING:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(".writing", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "MAX_BRIEFING_SNAPSHOT_BYTES",
    "NOTHING",
    "Allowance",
    "FileProblem",
    "Problem",
    "Protected",
    "allowance",
    "check_target",
    "inside",
    "open_allowance",
    "read_user_file",
    "spend_snapshot_bytes",
    "write_atomically",
]
