"""Turn page content into measured text blocks at a given type size."""

from __future__ import annotations

from dataclasses import dataclass

from ..styles import Style
from ..urls import link_target
from .content import PageContent, SectionBlock, SourceEntry
from .fonts import FaceNames
from .text import Run, TextBlock, TextStyle

BULLET_INDENT = 8.5
MIN_TIMELINE = 6.0


@dataclass(frozen=True)
class Sizes:
    """Type sizes for one fitting attempt."""

    body: float
    heading: float
    sources: float
    timeline: float

    @classmethod
    def scaled(cls, style: Style, body: float) -> Sizes:
        sizes = style.spec.sizes
        ratio = body / sizes.body
        return cls(
            body=body,
            heading=max(body + 1.0, sizes.heading * ratio),
            sources=max(sizes.min_sources, sizes.sources * ratio),
            timeline=max(MIN_TIMELINE, sizes.timeline * ratio),
        )


@dataclass
class Block:
    """One unbreakable piece of the column flow."""

    text: TextBlock
    space_before: float
    keep_with_next: bool = False
    anchor: str | None = None
    outline: str | None = None
    section: str | None = None

    @property
    def height(self) -> float:
        return self.text.height


def unbroken(text: str) -> str:
    """Dates and similar short phrases must not break across lines: '25 November 2026'."""
    return text.replace(" ", "\u00a0")


def fact_runs(when: str, body: str, citations: tuple[int, ...], colour: str) -> list[Run]:
    runs = [Run(unbroken(when), "bold"), Run("\u2002" + body)]
    # A no-break space keeps the citations on the line of the text they support.
    runs.append(Run("\u00a0"))
    for number in citations:
        runs.append(Run(f"[{number}]", colour=colour, link=f"#source-{number}"))
    return runs


def _sentence(text: str) -> str:
    return text if text.rstrip().endswith((".", "!", "?")) else f"{text}."


def source_runs(entry: SourceEntry, colour: str) -> list[Run]:
    runs = [Run(f"[{entry.number}]\u2002", "bold")]
    if entry.publisher:
        runs.append(Run(_sentence(entry.publisher) + " ", "bold"))
    runs.append(Run(_sentence(entry.title) + " ", "italic"))
    runs.append(Run(f"Published {unbroken(entry.published)}. "))
    if entry.url and (target := link_target(entry.url)):
        runs.append(Run(entry.url, colour=colour, link=target))
        accessed = f" (accessed {unbroken(entry.accessed)}). " if entry.accessed else ". "
        runs.append(Run(accessed))
    if entry.archive_url and (target := link_target(entry.archive_url)):
        runs.append(Run("Archived: "))
        runs.append(Run(entry.archive_url, colour=colour, link=target))
        runs.append(Run(". "))
    if entry.note:
        runs.append(Run(_sentence(entry.note)))
    return runs


def _section_blocks(
    section: SectionBlock,
    width: float,
    heading: TextStyle,
    bullet: TextStyle,
    gap: float,
    colour: str,
) -> list[Block]:
    blocks = [
        Block(
            TextBlock([Run(section.heading, "bold")], heading, width),
            gap * 1.6,
            keep_with_next=True,
            anchor=f"section-{section.id}",
            outline=section.heading,
            section=section.id,
        )
    ]
    for fact in section.facts:
        runs = fact_runs(fact.when, fact.text, fact.citations, colour)
        blocks.append(Block(TextBlock(runs, bullet, width), gap * 0.55, section=section.id))
    return blocks


def column_blocks(
    content: PageContent, style: Style, faces: FaceNames, sizes: Sizes, width: float
) -> list[Block]:
    """The sections, then the sources list, as measured blocks for a column of ``width``."""
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
    blocks: list[Block] = []
    for section in content.sections:
        blocks.extend(_section_blocks(section, width, heading, bullet, gap, colours.accent))
    blocks.append(
        Block(
            TextBlock([Run("Sources", "bold")], heading, width),
            gap * 1.6,
            keep_with_next=True,
            anchor="sources",
            outline="Sources",
        )
    )
    for entry in content.sources:
        blocks.append(
            Block(
                TextBlock(source_runs(entry, colours.accent), source, width),
                gap * 0.35,
                anchor=f"source-{entry.number}",
                section="sources list",
            )
        )
    return blocks
