"""FS601: every character the page prints can be drawn with the style's fonts."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from functools import partial

from ..bundle import Bundle
from ..diagnostics import Diagnostic, Location, diagnostic
from ..wording import wording_for

# Only the spaces the line breaker consumes, and the hints it drops, are never drawn;
# every other character, an ideographic space included, needs a glyph.
_UNDRAWN = frozenset(" \t\r\n\f\v\u00ad\u200b")


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
        # The page's own words, in the briefing's language (or the English fallback).
        yield wording_for(brief.record.language).printed_text(), partial(brief.at, "language")
        for index, party in enumerate(brief.record.parties):  # a position's prefix
            yield party.name, partial(brief.at, "parties", index, "name")
    for source in bundle.sources:
        for name in ("title", "publisher", "owner", "note", "url", "archive_url"):
            value = getattr(source.record, name)
            if value:
                yield value, partial(source.at, name)
    for fact in bundle.facts:
        yield fact.record.text, partial(fact.at, "text")
        if fact.record.label:  # the timeline caption
            yield fact.record.label, partial(fact.at, "label")
        for index, citation in enumerate(fact.record.cite):  # printed in the citation
            if citation.locator:
                yield citation.locator, partial(fact.at, "cite", index, "locator")


def check(bundle: Bundle, covered: frozenset[int]) -> Iterator[Diagnostic]:
    ascii_covered = covered.issuperset(range(32, 127))
    for text, locate in _printed_text(bundle):
        if ascii_covered and text.isascii() and text.isprintable():
            continue
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
