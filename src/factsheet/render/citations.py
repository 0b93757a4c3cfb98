"""How a fact cites its sources ("[1: Island row; 3]") and how the sources list reads.

One citation style for every entry of the sources list: the publisher (the publication) in
italic, with its owner where that differs; the title in the language's quotation marks (a
title the editors supplied, written in brackets, stays unquoted); the publication date, or
"n.d."; the link and when it was read; the archived copy; the note.

    Sputnik Africa (Owner: Russian state). "Russia-Japan peace treaty: Hard nut to crack."
    24 Oct 2025. https://en.sputniknews.africa/20251024/1079858882.html (accessed 30 Nov
    2026). Sputnik Africa is an edition of Sputnik ...

The number, "[4]", is not a run: it is the entry's label, set in the hanging indent.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..urls import link_target
from ..wording import Wording
from .breaking import URL_BREAKS
from .content import Citation, SourceEntry
from .text import Run

_ENDS_SENTENCE = (".", "!", "?", "…")


def unbroken(text: str) -> str:
    """Dates and similar short phrases must not break across lines: '25 November 2026'."""
    return text.replace(" ", "\u00a0")


def sentence(text: str) -> str:
    text = text.rstrip()
    return text if text.endswith(_ENDS_SENTENCE) else f"{text}."


def citation_runs(
    citations: tuple[Citation, ...], colour: str, titles: Mapping[int, str] | None = None
) -> list[Run]:
    """One group for all of a fact's citations: '[1, 3]', or with locators
    '[1: Island row; 3]', each number linked to its entry in the sources list (``titles``
    names the sources, for the links' descriptions)."""
    separator = "; " if any(c.locator for c in citations) else ", "
    runs = [Run("[", colour=colour)]
    for index, citation in enumerate(citations):
        if index:
            runs.append(Run(separator, colour=colour))
        label = str(citation.number)
        if citation.locator:
            # A short locator stays whole, so that one link is one rectangle on the page.
            locator = citation.locator
            label += ":\u00a0" + (unbroken(locator) if len(locator) <= 30 else locator)
        title = f"Source {citation.number}" + (
            f": {titles[citation.number]}" if titles and citation.number in titles else ""
        )
        runs.append(Run(label, colour=colour, link=f"#source-{citation.number}", link_title=title))
    runs.append(Run("]", colour=colour))
    return runs


def _title(title: str, words: Wording) -> str:
    """A title in quotation marks; one the editors supplied ('[Kyodo report]') as it is."""
    title = title.strip()
    if title.startswith("[") and title.endswith("]"):
        return f"{title}."
    ends = title[-1] if title.endswith(_ENDS_SENTENCE) else ""
    quoted = words.quoted(title.removesuffix(ends) if ends == "." else title)
    return quoted if ends and ends != "." else f"{quoted}."


def _link(url: str, colour: str, target: str, title: str) -> Run:
    """A URL as printed, linked to ``target`` (its IDNA form), breakable after / - . ? & =."""
    return Run(url, colour=colour, link=target, link_title=title, breaks_after=URL_BREAKS)


def source_runs(
    entry: SourceEntry, colour: str, words: Wording, lang: str | None = None
) -> list[Run]:
    """The entry's text after its number. ``lang`` is the /Lang of the page's own words."""
    runs: list[Run] = []
    if entry.publisher:
        runs.append(Run(entry.publisher.rstrip(), "italic"))
        if entry.owner:
            runs += [Run(" ("), Run(f"{words.owner}:\u00a0", lang=lang), Run(f"{entry.owner})")]
        runs.append(Run(". " if entry.owner or not entry.publisher.endswith(".") else " "))
    elif entry.owner:
        runs += [Run(f"{words.owner}: ", lang=lang), Run(sentence(entry.owner) + " ")]
    runs.append(Run(_title(entry.title, words) + " "))
    # A page that shows no date is cited without one, never with a guessed one.
    runs.append(Run(sentence(unbroken(entry.published or words.no_date)) + " ", lang=lang))
    if entry.url and (target := link_target(entry.url)):
        online = f"Source {entry.number} online: {target}"
        runs.append(_link(entry.url, colour, target, online))
        if entry.accessed:
            runs.append(Run(f" ({unbroken(entry.accessed)}). ", lang=lang))
        else:
            runs.append(Run(". "))
    if entry.archive_url and (target := link_target(entry.archive_url)):
        archived = f"Source {entry.number}, archived copy: {target}"
        runs.append(Run(f"{words.archived}: ", lang=lang))
        runs.append(_link(entry.archive_url, colour, target, archived))
        runs.append(Run(". "))
    if entry.note:
        runs.append(Run(sentence(entry.note)))
    return runs
