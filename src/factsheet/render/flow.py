"""The column flow: page content as unbreakable, measured items at one set of type sizes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..styles import Style
from ..urls import link_target
from .content import Citation, FactLine, PageContent, SectionContent, SourceEntry
from .fonts import FaceNames
from .text import ENGLISH, Run, TextBlock, TextStyle

BULLET_INDENT = 8.5
MIN_TIMELINE = 6.0


@dataclass(frozen=True)
class TypeSizes:
    """The type sizes of one fitting attempt, scaled from the style's body size."""

    body: float
    heading: float
    sources: float
    timeline: float

    @classmethod
    def scaled(cls, style: Style, body: float) -> TypeSizes:
        sizes = style.spec.sizes
        ratio = body / sizes.body
        return cls(
            body=body,
            heading=max(body + 1.0, sizes.heading * ratio),
            sources=max(sizes.min_sources, sizes.sources * ratio),
            timeline=max(MIN_TIMELINE, sizes.timeline * ratio),
        )


@dataclass(frozen=True)
class FlowItem:
    """One unbreakable piece of the column flow: a heading, a fact or a source entry.

    ``anchor`` names a link destination at its top, ``outline`` an entry in the PDF's
    outline, and ``section`` the section it belongs to, for saying which sections are long.
    ``heading`` tells a heading (tagged H2) from a list item (tagged LI, in the list that
    follows the heading); ``lang`` is the language of a heading the page words itself.
    """

    text: TextBlock
    space_before: float
    keep_with_next: bool = False
    anchor: str | None = None
    outline: str | None = None
    section: str | None = None
    heading: bool = False
    lang: str | None = None

    @property
    def height(self) -> float:
        return self.text.height


def unbroken(text: str) -> str:
    """Dates and similar short phrases must not break across lines: '25 November 2026'."""
    return text.replace(" ", "\u00a0")


def fact_runs(fact: FactLine, colour: str, titles: Mapping[int, str] | None = None) -> list[Run]:
    runs = [Run(unbroken(fact.when), "bold", lang=ENGLISH), Run("\u2002")]
    if fact.party:  # whose position this is, in words, not by colour alone
        runs.append(Run(f"{fact.party}: ", "bold"))
    runs.append(Run(fact.text))
    # A no-break space keeps the citations on the line of the text they support.
    runs.append(Run("\u00a0"))
    runs.extend(citation_runs(fact.citations, colour, titles))
    return runs


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


def _sentence(text: str) -> str:
    return text if text.rstrip().endswith((".", "!", "?")) else f"{text}."


def source_runs(entry: SourceEntry, colour: str) -> list[Run]:
    runs = [Run(f"[{entry.number}]\u2002", "bold", label=True)]
    if entry.publisher:
        runs.append(Run(_sentence(entry.publisher) + " ", "bold"))
    if entry.owner:
        runs += [Run("Owner: ", lang=ENGLISH), Run(f"{_sentence(entry.owner)} ")]
    runs.append(Run(_sentence(entry.title) + " ", "italic"))
    # A page that shows no date is cited without one, never with a guessed one.
    published = f"Published {unbroken(entry.published)}. " if entry.published else "n.d. "
    runs.append(Run(published, lang=ENGLISH))
    online = f"Source {entry.number} online: "
    if entry.url and (target := link_target(entry.url)):
        runs.append(Run(entry.url, colour=colour, link=target, link_title=online + target))
        accessed = f" (accessed {unbroken(entry.accessed)}). " if entry.accessed else ". "
        runs.append(Run(accessed, lang=ENGLISH))
    if entry.archive_url and (target := link_target(entry.archive_url)):
        runs.append(Run("Archived: ", lang=ENGLISH))
        archived = f"Source {entry.number}, archived copy: {target}"
        runs.append(Run(entry.archive_url, colour=colour, link=target, link_title=archived))
        runs.append(Run(". "))
    if entry.note:
        runs.append(Run(_sentence(entry.note)))
    return runs


def _section_items(
    section: SectionContent,
    width: float,
    heading: TextStyle,
    bullet: TextStyle,
    gap: float,
    colour: str,
    titles: Mapping[int, str],
) -> list[FlowItem]:
    items = [
        FlowItem(
            TextBlock([Run(section.heading, "bold")], heading, width),
            gap * 1.6,
            keep_with_next=True,
            anchor=f"section-{section.id}",
            outline=section.heading,
            section=section.id,
            heading=True,
        )
    ]
    for fact in section.facts:
        runs = fact_runs(fact, colour, titles)
        items.append(FlowItem(TextBlock(runs, bullet, width), gap * 0.55, section=section.id))
    return items


def flow_items(
    content: PageContent, style: Style, faces: FaceNames, sizes: TypeSizes, width: float
) -> list[FlowItem]:
    """The sections, then the sources list, as measured items for a column of ``width``."""
    spec = style.spec
    colours = spec.colours
    heading = TextStyle(faces, sizes.heading, 1.2, colours.accent)
    bullet = TextStyle(
        faces,
        sizes.body,
        spec.leading,
        colours.text,
        indent=BULLET_INDENT,
        bullet="\u2022",
        bullet_colour=colours.accent,
    )
    source = TextStyle(faces, sizes.sources, spec.leading, colours.text)
    gap = sizes.body
    titles = {entry.number: entry.title for entry in content.sources}
    items: list[FlowItem] = []
    for section in content.sections:
        items.extend(_section_items(section, width, heading, bullet, gap, colours.accent, titles))
    items.append(
        FlowItem(
            TextBlock([Run("Sources", "bold")], heading, width),
            gap * 1.6,
            keep_with_next=True,
            anchor="sources",
            outline="Sources",
            heading=True,
            lang=ENGLISH,
        )
    )
    for entry in content.sources:
        items.append(
            FlowItem(
                TextBlock(source_runs(entry, colours.accent), source, width),
                gap * 0.35,
                anchor=f"source-{entry.number}",
                section="sources list",
            )
        )
    return items
