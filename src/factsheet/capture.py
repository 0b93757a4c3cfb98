"""``take_snapshot``: keep a source's text beside the briefing so its quotes can be checked.

The snapshot comes from a local file or from the source's address (http and https only,
with timeouts, the snapshot size limit and no redirect to another scheme). It is written
under the briefing's ``snapshots/``, and ``sources.yaml`` gains ``snapshot``,
``snapshot_sha256`` and, when fetched, ``accessed``: edited in place, so its comments and
layout stay as they were. Nothing is written unless everything succeeded.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .bundle import SOURCES_FILE, Located, load_bundle
from .errors import FactsheetError, UsageError
from .files import FileProblem, Protected, inside, read_user_file, write_atomically
from .models import Source
from .snapshots import MAX_SNAPSHOT_BYTES, SUFFIXES, SnapshotError, decode
from .sources_edit import set_source_keys
from .validation import PathArg, resolve_briefing
from .web import fetch

SNAPSHOT_DIR = "snapshots"


class CaptureFailed(FactsheetError):
    """The snapshot could not be taken (exit 1): the page or file did not give usable text."""


@dataclass(frozen=True)
class Captured:
    path: Path
    sha256: str
    size: int
    fetched_from: str | None


def _from_file(origin: Path) -> tuple[bytes, str]:
    suffix = origin.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"{str(origin)!r} is not a snapshot kind ({', '.join(SUFFIXES)})")
    try:
        return read_user_file(origin, limit=MAX_SNAPSHOT_BYTES), suffix
    except FileProblem as problem:
        raise UsageError(f"{str(origin)!r} {problem.reason}") from None


def take_snapshot(
    briefing: PathArg | None,
    source_id: str,
    *,
    origin: str | None = None,
    today: date | None = None,
    timeout: float = 20.0,
) -> Captured:
    """Store a snapshot of ``source_id`` from ``origin`` (a file or URL; default: its url)."""
    folder = resolve_briefing(briefing)
    sources_path = folder / SOURCES_FILE
    try:
        text = read_user_file(sources_path, limit=MAX_SNAPSHOT_BYTES, root=folder).decode()
    except (FileProblem, UnicodeDecodeError) as problem:
        raise UsageError(f"cannot read {sources_path}: {problem}") from None
    url = _source_url(text, source_id, sources_path)
    if origin is not None and not origin.startswith(("http://", "https://")):
        raw, suffix = _from_file(Path(origin))
        fetched_from = None
    else:
        address = origin or url
        if address is None:
            raise UsageError(f"source {source_id!r} has no url; name a file with --from")
        try:
            raw, suffix = fetch(address, limit=MAX_SNAPSHOT_BYTES, timeout=timeout)
        except OSError as error:
            raise CaptureFailed(f"cannot fetch {address}: {error}") from None
        fetched_from = address
    try:
        decode(raw, suffix)
    except SnapshotError as error:
        raise CaptureFailed(f"the snapshot {error}; nothing was written") from None
    relative = f"{SNAPSHOT_DIR}/{source_id}{suffix}"
    digest = hashlib.sha256(raw).hexdigest()
    values = {"snapshot": json.dumps(relative), "snapshot_sha256": json.dumps(digest)}
    if fetched_from is not None:
        values["accessed"] = (today or date.today()).isoformat()
    edited = set_source_keys(text, source_id, values, str(sources_path))
    target = folder / relative
    try:
        # A linked snapshots/ folder must not carry the write outside the briefing.
        inside(folder, target)
    except FileProblem as problem:
        raise UsageError(f"{target} {problem.reason}; nothing was written") from None
    # Another source's snapshot and every YAML file of the briefing stay as they are.
    others = [
        folder / entry.record.snapshot
        for entry in _sources(folder)
        if entry.record.snapshot and entry.record.id != source_id
    ]
    protected = Protected.of(others, [folder])
    try:
        write_atomically(target, raw, protected=protected)
        # sources.yaml itself is the one briefing file this command rewrites.
        write_atomically(sources_path, edited.encode())
    except (FileProblem, OSError) as error:
        raise CaptureFailed(f"cannot write the snapshot: {error}") from None
    return Captured(folder / relative, digest, len(raw), fetched_from)


def _sources(folder: Path) -> list[Located[Source]]:
    """The briefing's sources as validation reads them (for the snapshots they name)."""
    from .collector import Collector

    return load_bundle(folder, Collector().scope(folder.name)).sources


def _source_url(text: str, source_id: str, display: str | Path) -> str | None:
    from .sources_edit import source_entry

    entry = source_entry(text, source_id, str(display))
    url = entry.get("url")
    return url if isinstance(url, str) else None
