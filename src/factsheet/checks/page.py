"""FS211–FS212: what the page itself will print can be printed well.

Defined on the records alone, so that ``validate`` (which never lays out) and ``build``
agree: a caption is judged by its length, a language by the wording table.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..bundle import Bundle
from ..diagnostics import Diagnostic, diagnostic
from ..wording import TABLE, is_known

# Three lines of timeline type under one dot hold about this many characters.
MAX_CAPTION_CHARS = 90


def long_captions(bundle: Bundle) -> Iterator[Diagnostic]:
    """FS211: a key fact whose caption would be its whole, long text."""
    for fact in bundle.facts:
        record = fact.record
        if record.key and not record.label and len(record.text) > MAX_CAPTION_CHARS:
            yield diagnostic(
                "FS211",
                fact.at("key"),
                f"key fact {record.id!r} has no label, and its text ({len(record.text)} "
                f"characters) is too long for a timeline caption (at most {MAX_CAPTION_CHARS})",
            )


def unknown_language(bundle: Bundle) -> Iterator[Diagnostic]:
    """FS212: the briefing's language has no page wording; English is used."""
    if bundle.briefing is None:
        return
    language = bundle.briefing.record.language
    if not is_known(language):
        known = ", ".join(sorted(TABLE))
        yield diagnostic(
            "FS212",
            bundle.briefing.at("language"),
            f"language {language!r} has no page wording ({known}); the page's own words "
            "will be English",
        )


def check(bundle: Bundle) -> Iterator[Diagnostic]:
    yield from long_captions(bundle)
    yield from unknown_language(bundle)
