"""FS601: every character the page prints can be drawn with the style's fonts; FS603: none
of it is written right to left, which the page cannot lay out yet."""

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


# Bidirectional classes of the letters of right-to-left scripts (Hebrew, Arabic, Syriac,
# Thaana, N'Ko...): set left to right, as the page sets every line, they read backwards.
_RIGHT_TO_LEFT = frozenset({"R", "AL"})


def _right_to_left(text: str) -> str | None:
    """The first character of ``text`` that is written right to left, if any."""
    for char in text:
        if unicodedata.bidirectional(char) in _RIGHT_TO_LEFT:
            return char
    return None


def check(bundle: Bundle, covered: frozenset[int] | None) -> Iterator[Diagnostic]:
    """FS603 always; FS601 when a style loaded (``covered`` is what its fonts draw)."""
    ascii_covered = covered is None or covered.issuperset(range(32, 127))
    for text, locate in _printed_text(bundle):
        if text.isascii() and (ascii_covered and text.isprintable()):
            continue
        backwards = None if text.isascii() else _right_to_left(text)
        if backwards is not None:
            name = unicodedata.name(backwards, "unnamed character")
            yield diagnostic(
                "FS603",
                locate(),
                f"U+{ord(backwards):04X} {name} ({backwards!r}) is written right to left; the "
                "page sets every line left to right, so the text would read backwards",
            )
        if covered is None:  # the style is broken (FS602): no glyphs to judge against
            continue
        missing = {
            char
            for char in set(text)
            if ord(char) not in covered
            and char not in _UNDRAWN
            # Right-to-left text is refused as a whole, above, whatever the fonts hold.
            and (backwards is None or unicodedata.bidirectional(char) not in _RIGHT_TO_LEFT)
        }
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
