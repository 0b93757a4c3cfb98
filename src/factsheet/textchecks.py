"""Checks on what records say: links, quotations against snapshots, drawable characters."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .bundle import Bundle
from .diagnostics import Diagnostic, Location, diagnostic
from .urls import url_problem

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
_UNDRAWN = frozenset(" \t\r\n\f\v\u00ad\u200b")


def check_urls(bundle: Bundle) -> Iterator[Diagnostic]:
    for source in bundle.sources:
        record = source.record
        for name in ("url", "archive_url"):
            url = getattr(record, name)
            problem = url_problem(url) if url is not None else None
            if problem:
                yield diagnostic("FS401", source.at(name), f"{name} {url[:80]!r} {problem}")
        if record.url and record.accessed is None:
            yield diagnostic(
                "FS403", source.at("url"), f"source {record.id!r} has a url but no accessed date"
            )
        if not record.url and not record.archive_url:
            yield diagnostic(
                "FS402", source.at("id"), f"source {record.id!r} has neither url nor archive_url"
            )


def normalise_quote(text: str) -> str:
    """Fold the differences a quotation may legitimately have from its source."""
    text = _SPACE.sub(" ", unicodedata.normalize("NFC", text).translate(_QUOTE_FOLD)).strip()
    while len(text) >= 2 and text[0] in "\"'" and text[-1] == text[0]:
        text = text[1:-1].strip()
    return text


@dataclass
class QuoteTally:
    verified: int = 0
    unverifiable: int = 0


def _read_snapshot(folder: Path, relative: str, where: Location) -> str | Diagnostic:
    root = folder.resolve()
    candidate = Path(relative)
    if candidate.is_absolute():
        return diagnostic("FS503", where, f"snapshot {relative!r} is an absolute path")
    try:
        # Not strict: a path that climbs out is refused whether or not its target exists.
        target = (root / candidate).resolve()
        exists, is_file = target.exists(), target.is_file()
    except (OSError, RuntimeError, ValueError) as error:  # symlink loop, NUL byte, ...
        return diagnostic("FS502", where, f"snapshot {relative!r} cannot be resolved: {error}")
    if not target.is_relative_to(root):
        return diagnostic(
            "FS503", where, f"snapshot {relative!r} resolves outside the briefing folder"
        )
    if not exists:
        return diagnostic("FS502", where, f"snapshot {relative!r} does not exist")
    if not is_file:
        return diagnostic("FS502", where, f"snapshot {relative!r} is not a file")
    try:
        with target.open("rb") as handle:
            raw = handle.read(MAX_SNAPSHOT_BYTES + 1)
    except OSError as error:
        return diagnostic(
            "FS502", where, f"snapshot {relative!r} cannot be read: {error.strerror or error}"
        )
    if len(raw) > MAX_SNAPSHOT_BYTES:
        return diagnostic(
            "FS107",
            where,
            f"snapshot {relative!r} is larger than {MAX_SNAPSHOT_BYTES // (1024 * 1024)} MiB",
        )
    try:
        return normalise_quote(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return diagnostic("FS502", where, f"snapshot {relative!r} is not UTF-8 text")


def check_quotes(bundle: Bundle, tally: QuoteTally) -> Iterator[Diagnostic]:
    snapshots: dict[str, str | None] = {}
    for source in bundle.sources:
        relative = source.record.snapshot
        if relative is None:
            continue
        loaded = _read_snapshot(bundle.folder, relative, source.at("snapshot"))
        if isinstance(loaded, Diagnostic):
            yield loaded
            snapshots[source.record.id] = None
        else:
            snapshots[source.record.id] = loaded
    for fact in bundle.facts:
        for index, citation in enumerate(fact.record.cite):
            if citation.quote is None:
                continue
            text = snapshots.get(citation.source)
            if text is None:
                tally.unverifiable += 1
            elif normalise_quote(citation.quote) in text:
                tally.verified += 1
            else:
                yield diagnostic(
                    "FS501",
                    fact.at("cite", index, "quote"),
                    f"quote {citation.quote[:60]!r} is not in the snapshot of {citation.source!r}",
                )


def _printed_text(bundle: Bundle) -> Iterator[tuple[str, Callable[[], Location]]]:
    """Every string that reaches the page, with a way to find it (looked up only if needed)."""
    if bundle.briefing:
        brief = bundle.briefing
        for name in ("title", "subtitle", "author", "audience"):
            value = getattr(brief.record, name)
            if value:
                yield value, partial(brief.at, name)
        if brief.record.audience:  # printed in capitals
            yield brief.record.audience.upper(), partial(brief.at, "audience")
        for index, section in enumerate(brief.record.sections):
            yield section.heading, partial(brief.at, "sections", index, "heading")
    for source in bundle.sources:
        for name in ("title", "publisher", "note", "url", "archive_url"):
            value = getattr(source.record, name)
            if value:
                yield value, partial(source.at, name)
    for fact in bundle.facts:
        yield fact.record.text, partial(fact.at, "text")
        if fact.record.label:  # the timeline caption
            yield fact.record.label, partial(fact.at, "label")


def check_glyphs(bundle: Bundle, covered: frozenset[int]) -> Iterator[Diagnostic]:
    ascii_covered = covered.issuperset(range(32, 127))
    for text, locate in _printed_text(bundle):
        if ascii_covered and text.isascii() and text.isprintable():
            continue
        # Only the spaces the line breaker consumes, and the hints it drops, are never drawn;
        # every other character, an ideographic space included, needs a glyph.
        missing = {char for char in set(text) if ord(char) not in covered and char not in _UNDRAWN}
        if not missing:
            continue
        where = locate()
        for char in sorted(missing, key=text.index):
            name = unicodedata.name(char, "unnamed character")
            yield diagnostic(
                "FS601",
                where,
                f"U+{ord(char):04X} {name} ({char!r}) has no glyph in the style's fonts",
            )
