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
    SUFFIXES,
    Snapshot,
    SnapshotError,
    closest_passage,
    fold,
    fold_quote,
    read_snapshot,
)

__all__ = ["QuoteTally", "check"]


@dataclass
class QuoteTally:
    verified: int = 0
    unverifiable: int = 0


_PROBLEM_CODES = {"outside": "FS503", "too-large": "FS107"}


def _load(folder: Path, relative: str, where: Location) -> Snapshot | Diagnostic:
    if Path(relative).is_absolute():
        return diagnostic("FS503", where, f"snapshot {relative!r} is an absolute path")
    try:
        target = inside(folder, folder / relative)
        # A folder, a missing file or a device is reported as such by the reader.
        if _is_file(target) and Path(relative).suffix.lower() not in SUFFIXES:
            kinds = ", ".join(SUFFIXES)
            return diagnostic("FS502", where, f"snapshot {relative!r} is not one of {kinds}")
        return read_snapshot(folder, relative)
    except FileProblem as problem:
        code = _PROBLEM_CODES.get(problem.kind, "FS502")
        return diagnostic(code, where, f"snapshot {relative!r} {problem.reason}")
    except SnapshotError as error:
        return diagnostic("FS502", where, f"snapshot {relative!r} {error}")


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name too long for the file system, say: the reader says so
        return False


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


# Characters of snapshot text one briefing may search for its quotes. A search is linear,
# so 1,000 quotes against a 20 MiB snapshot would scan 20 billion characters; this budget
# checks a real briefing's quotes many times over and stops a crafted one in seconds.
SEARCH_BUDGET = 1_500_000_000
# Closest-passage hints per snapshot: each costs about 2 log2(len(quote)) searches.
MAX_HINTS = 5


@dataclass
class _Budget:
    left: int = SEARCH_BUDGET
    hints: dict[str, int] = field(default_factory=dict)

    def spend(self, characters: int) -> bool:
        if characters > self.left:
            return False
        self.left -= characters
        return True

    def hint(self, relative: str, quote: str, text: str) -> str | None:
        cost = 2 * len(text) * max(len(quote), 2).bit_length()
        if self.hints.get(relative, 0) >= MAX_HINTS or not self.spend(cost):
            return None
        self.hints[relative] = self.hints.get(relative, 0) + 1
        return closest_passage(quote, text)


def check(bundle: Bundle, tally: QuoteTally) -> Iterator[Diagnostic]:
    snapshots = _Snapshots(bundle.folder)
    snapshot_of: dict[str, str | None] = {}
    for source in bundle.sources:
        yield from snapshots.read(source)
        snapshot_of[source.record.id] = source.record.snapshot
    budget, stopped = _Budget(), False
    for fact in bundle.facts:
        for index, citation in enumerate(fact.record.cite):
            if citation.quote is None:
                continue
            where = fact.at("cite", index, "quote")
            quote = fold_quote(citation.quote)
            if not quote:
                yield diagnostic("FS505", where, "quote is empty once its quotation marks go")
                continue
            relative = snapshot_of.get(citation.source)
            text = None if stopped else snapshots.text(relative)
            if text is not None and not budget.spend(len(text)):
                stopped = True
                yield diagnostic(
                    "FS107",
                    where,
                    f"quotes from here on were not checked: the briefing's quotes have searched "
                    f"{SEARCH_BUDGET:,} characters of snapshot text",
                    "Quote fewer passages from very large snapshots, or cut the snapshots to "
                    "the passages quoted.",
                )
                text = None
            if text is None:
                tally.unverifiable += 1
            elif quote in text:
                tally.verified += 1
            else:
                passage = budget.hint(relative or "", quote, text)
                yield diagnostic(
                    "FS501",
                    where,
                    f"quote {citation.quote[:60]!r} is not in the snapshot of {citation.source!r}",
                    f"The closest passage reads: {passage!r}" if passage else None,
                )
