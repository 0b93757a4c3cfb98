"""FS501–FS505: quotations occur in the source's snapshot; snapshots are readable files
inside the briefing folder, unchanged since their digest was recorded; no quote is empty."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..bundle import Bundle, Located
from ..diagnostics import Diagnostic, Location, diagnostic
from ..files import FileProblem, inside
from ..models import Source
from ..snapshots import (
    MAX_SNAPSHOT_BYTES,
    SUFFIXES,
    Snapshot,
    SnapshotError,
    closest_passage,
    fold,
    fold_quote,
    read_snapshot,
)

__all__ = ["MAX_SNAPSHOT_BYTES", "QuoteTally", "check", "normalise_quote"]

normalise_quote = fold_quote  # the name earlier releases exported


@dataclass
class QuoteTally:
    verified: int = 0
    unverifiable: int = 0


_PROBLEM_CODES = {"outside": "FS503", "too-large": "FS107"}


def _load(folder: Path, relative: str, where: Location) -> Snapshot | Diagnostic:
    if Path(relative).is_absolute():
        return diagnostic("FS503", where, f"snapshot {relative!r} is an absolute path")
    try:
        inside(folder, folder / relative)
        if Path(relative).suffix.lower() not in SUFFIXES:
            kinds = ", ".join(SUFFIXES)
            return diagnostic("FS502", where, f"snapshot {relative!r} is not one of {kinds}")
        return read_snapshot(folder, relative)
    except FileProblem as problem:
        code = _PROBLEM_CODES.get(problem.kind, "FS502")
        return diagnostic(code, where, f"snapshot {relative!r} {problem.reason}")
    except SnapshotError as error:
        return diagnostic("FS502", where, f"snapshot {relative!r} {error}")


@dataclass
class _Snapshots:
    """Each file is read once however many sources name it, and folded only once a quote
    is looked up in it."""

    folder: Path
    loaded: dict[str, Snapshot | None] = field(default_factory=dict)
    folded: dict[str, str] = field(default_factory=dict)

    def read(self, source: Located[Source]) -> Iterator[Diagnostic]:
        relative = source.record.snapshot
        if relative is None:
            return
        if relative not in self.loaded:
            found = _load(self.folder, relative, source.at("snapshot"))
            if isinstance(found, Diagnostic):
                yield found
            self.loaded[relative] = None if isinstance(found, Diagnostic) else found
        snapshot = self.loaded[relative]
        recorded = source.record.snapshot_sha256
        if snapshot is not None and recorded and recorded != snapshot.sha256:
            yield diagnostic(
                "FS504",
                source.at("snapshot_sha256"),
                f"snapshot {relative!r} has SHA-256 {snapshot.sha256[:12]}…, "
                f"not the recorded {recorded[:12]}…",
            )

    def text(self, relative: str | None) -> str | None:
        snapshot = self.loaded.get(relative) if relative else None
        if relative is None or snapshot is None:
            return None
        if relative not in self.folded:
            self.folded[relative] = fold(snapshot.text)
        return self.folded[relative]


def check(bundle: Bundle, tally: QuoteTally) -> Iterator[Diagnostic]:
    snapshots = _Snapshots(bundle.folder)
    snapshot_of: dict[str, str | None] = {}
    for source in bundle.sources:
        yield from snapshots.read(source)
        snapshot_of[source.record.id] = source.record.snapshot
    for fact in bundle.facts:
        for index, citation in enumerate(fact.record.cite):
            if citation.quote is None:
                continue
            where = fact.at("cite", index, "quote")
            quote = fold_quote(citation.quote)
            if not quote:
                yield diagnostic("FS505", where, "quote is empty once its quotation marks go")
                continue
            text = snapshots.text(snapshot_of.get(citation.source))
            if text is None:
                tally.unverifiable += 1
            elif quote in text:
                tally.verified += 1
            else:
                passage = closest_passage(quote, text)
                yield diagnostic(
                    "FS501",
                    where,
                    f"quote {citation.quote[:60]!r} is not in the snapshot of {citation.source!r}",
                    f"The closest passage reads: {passage!r}" if passage else None,
                )
