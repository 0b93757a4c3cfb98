"""Every file a user names is read here, and every file factsheet writes is written here.

``reading`` holds the one reader of user-named files (inside the folder, a regular file, a
size limit) and the allowance each briefing's files share; ``writing`` holds the one atomic
writer, which never replaces an input, a link, a device or a file a briefing would read.
"""

from __future__ import annotations

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
from .writing import NOTHING, Protected, check_target, write_atomically

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
