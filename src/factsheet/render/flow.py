"""The column flow: page content as unbreakable, measured items at one set of type sizes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from reportlab.pdfbase.pdfmetrics import stringWidth

from ..styles import Style
from .citations import citation_runs, source_runs, unbroken
from .content import FactLine, PageContent, SectionContent
from .fonts import FaceNames
from .text import Run, TextBlock, TextStyle

BULLET_INDENT = 8.5
MIN_TIMELINE = 6.0
HEADING_LEADING = 1.2
# Space before an item, as a multiple of the body size: a heading, a fact, a source.
HEADING_GAP, FACT_GAP, SOURCE_GAP = 1.6, 0.55, 0.3
SOURCES_LIST = "sources list"  # the section name of the sources list's entries


@dataclass(frozen=True)
class TypeSizes:
    """The type sizes and line heights of one fitting attempt, scaled from the style's
    design size (``sizes.body``) to the body size tried. ``loosen`` is added to both
    leadings when even the largest body size leaves room."""

    body: float
    heading: float
    sources: float
    timeline: float
    leading: float
    sources_leading: float

    @classmethod
    def scaled(cls, style: Style, body: float, loosen: float = 0.0) -> TypeSizes:
        spec = style.spec
        sizes = spec.sizes
        ratio = body / sizes.body
        return cls(
            body=body,
            heading=max(body + 1.0, sizes.heading * ratio),
            sources=max(sizes.min_sources, sizes.sources * ratio),
            timeline=max(MIN_TIMELINE, sizes.timeline * ratio),
            leading=spec.leading + loosen,
            sources_leading=spec.sources_leading + loosen,
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


def fact_runs(
    fact: FactLine,
    colour: str,
    titles: Mapping[int, str] | None = None,
    lang: str | None = None,
) -> list[Run]:
    """The date (the page's words, of language ``lang``), whose position it is, the text
    and its citations."""
    runs = [Run(unbroken(fact.when), "bold", lang=lang), Run("\u2002")]
    if fact.party:  # whose position this is, in words, not by colour alone
        runs.append(Run(f"{fact.party}: ", "bold"))
    runs.append(Run(fact.text.rstrip()))
    # A no-break space keeps the citations on the line of the text they support.
    runs.append(Run("\u00a0"))
    runs.extend(citation_runs(fact.citations, colour, titles))
    return runs


def _section_items(
    section: SectionContent,
    width: float,
    heading: TextStyle,
    bullet: TextStyle,
    gap: float,
    colour: str,
    titles: Mapping[int, str],
    lang: str | None,
) -> list[FlowItem]:
    items = [
        FlowItem(
            TextBlock([Run(section.heading, "bold")], heading, width),
            gap * HEADING_GAP,
            keep_with_next=True,
            anchor=f"section-{section.id}",
            outline=section.heading,
            section=section.id,
            heading=True,
        )
    ]
    for fact in section.facts:
        runs = fact_runs(fact, colour, titles, lang)
        items.append(FlowItem(TextBlock(runs, bullet, width), gap * FACT_GAP, section=section.id))
    return items


def label_width(faces: FaceNames, size: float, count: int) -> float:
    """The hanging indent of the sources list: its widest number, '[17]', and a space."""
    return float(stringWidth(f"[{count}]\u2002", faces.bold, size))


def flow_items(
    content: PageContent, style: Style, faces: FaceNames, sizes: TypeSizes, width: float
) -> list[FlowItem]:
    """The sections, then the sources list, as measured items for a column of ``width``."""
    colours = style.spec.colours
    words, lang = content.wording, content.own_lang
    heading = TextStyle(faces, sizes.heading, HEADING_LEADING, colours.accent)
    bullet = TextStyle(
        faces,
        sizes.body,
        sizes.leading,
        colours.text,
        indent=BULLET_INDENT * sizes.body / 10,
        bullet="\u2022",
        bullet_colour=colours.accent,
    )
    source = TextStyle(
        faces,
        sizes.sources,
        sizes.sources_leading,
        colours.text,
        indent=label_width(faces, sizes.sources, len(content.sources)),
        bullet_face="bold",
    )
    gap = sizes.body
    titles = {entry.number: entry.title for entry in content.sources}
    items: list[FlowItem] = []
    for section in content.sections:
        items.extend(
            _section_items(section, width, heading, bullet, gap, colours.accent, titles, lang)
        )
    items.append(
        FlowItem(
            TextBlock([Run(words.sources, "bold")], heading, width),
            gap * HEADING_GAP,
            keep_with_next=True,
            anchor="sources",
            outline=words.sources,
            heading=True,
            lang=lang,
        )
    )
    for entry in content.sources:
        numbered = replace(source, bullet=f"[{entry.number}]")
        runs = source_runs(entry, colours.accent, words, lang)
        items.append(
            FlowItem(
                TextBlock(runs, numbered, width),
                gap * SOURCE_GAP,
                anchor=f"source-{entry.number}",
                section=SOURCES_LIST,
            )
        )
    return items
