"""FS501–FS503: quotations occur in the source's snapshot, and snapshots are readable files
inside the briefing folder."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..bundle import Bundle
from ..diagnostics import Diagnostic, Location, diagnostic
from ..files import FileProblem, read_user_file

MAX_SNAPSHOT_BYTES = 20 * 1024 * 1024
_QUOTE_FOLD = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "«": '"',
        "»": '"',
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "−": "-",
    }
)
_SPACE = re.compile(r"\s+")
_MARKS = "\"'"


def normalise_quote(text: str) -> str:
    """Fold the differences a quotation may legitimately have from its source."""
    text = _SPACE.sub(" ", unicodedata.normalize("NFC", text).translate(_QUOTE_FOLD)).strip()
    # Outer quotation marks, in matching pairs, found by index: slicing once per pair would
    # copy the text once per pair, quadratic on a snapshot made of quote marks.
    start, end = 0, len(text)
    while end - start >= 2 and text[start] in _MARKS and text[end - 1] == text[start]:
        start, end = start + 1, end - 1
        while start < end and text[start] == " ":
            start += 1
        while end > start and text[end - 1] == " ":
            end -= 1
    return text[start:end]


@dataclass
class QuoteTally:
    verified: int = 0
    unverifiable: int = 0


_PROBLEM_CODES = {"outside": "FS503", "too-large": "FS107"}


def read_snapshot(folder: Path, relative: str, where: Location) -> str | Diagnostic:
    """The snapshot's text, or the diagnostic that says why it cannot be used."""
    if Path(relative).is_absolute():
        return diagnostic("FS503", where, f"snapshot {relative!r} is an absolute path")
    try:
        raw = read_user_file(folder / relative, limit=MAX_SNAPSHOT_BYTES, root=folder)
    except FileProblem as problem:
        code = _PROBLEM_CODES.get(problem.kind, "FS502")
        return diagnostic(code, where, f"snapshot {relative!r} {problem.reason}")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return diagnostic("FS502", where, f"snapshot {relative!r} is not UTF-8 text")


def check(bundle: Bundle, tally: QuoteTally) -> Iterator[Diagnostic]:
    raw: dict[str, str | None] = {}  # each file is read once, however many sources name it
    folded: dict[str, str] = {}  # and normalised only once a quote is looked up in it
    snapshot_of: dict[str, str | None] = {}
    for source in bundle.sources:
        relative = source.record.snapshot
        if relative is None:
            continue
        if relative not in raw:
            loaded = read_snapshot(bundle.folder, relative, source.at("snapshot"))
            if isinstance(loaded, Diagnostic):
                yield loaded
            raw[relative] = None if isinstance(loaded, Diagnostic) else loaded
        snapshot_of[source.record.id] = relative if raw[relative] is not None else None
    for fact in bundle.facts:
        for index, citation in enumerate(fact.record.cite):
            if citation.quote is None:
                continue
            relative = snapshot_of.get(citation.source)
            if relative is None:
                tally.unverifiable += 1
                continue
            if relative not in folded:
                folded[relative] = normalise_quote(raw[relative] or "")
            if normalise_quote(citation.quote) in folded[relative]:
                tally.verified += 1
            else:
                yield diagnostic(
                    "FS501",
                    fact.at("cite", index, "quote"),
                    f"quote {citation.quote[:60]!r} is not in the snapshot of {citation.source!r}",
                )
