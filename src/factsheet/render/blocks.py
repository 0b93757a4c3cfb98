"""Turn page content into measured paragraphs at a given type size.

Every string from a fact file is escaped here and nowhere else, so text can never become
markup or a link: the only tags in a paragraph are the ones this module writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from ..styles import Style
from ..textchecks import url_problem
from .content import PageContent, SectionBlock, SourceEntry
from .fonts import FaceNames

BULLET_INDENT = 8.5


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
        return cls(body=body,
                   heading=max(body + 1.0, sizes.heading * ratio),
                   sources=max(sizes.min_sources, sizes.sources * ratio),
                   timeline=max(6.0, sizes.timeline * ratio))


@dataclass
class Block:
    """One unbreakable piece of the column flow."""

    paragraph: Paragraph
    height: float
    space_before: float
    keep_with_next: bool = False
    anchor: str | None = None
    outline: str | None = None
    section: str | None = None


def text(value: str) -> str:
    """Escape untrusted text and fold its line breaks, which YAML block scalars may carry."""
    return escape(" ".join(value.split()))


def paragraph_style(name: str, faces: FaceNames, size: float, leading: float, colour: str,
                    **extra: object) -> ParagraphStyle:
    options: dict[str, object] = {
        "fontName": faces.regular, "fontSize": size, "leading": size * leading,
        "textColor": HexColor(colour), "alignment": TA_LEFT, "splitLongWords": 1,
        "bulletFontName": faces.regular}
    options.update(extra)
    return ParagraphStyle(name, **options)


def _link(target: str, label: str, colour: str) -> str:
    return f"<a href={quoteattr(target)} color={quoteattr(colour)}>{label}</a>"


def fact_markup(when: str, body: str, citations: tuple[int, ...], colour: str) -> str:
    marks = "".join(_link(f"#source-{n}", f"[{n}]", colour) for n in citations)
    return f"<b>{text(when)}</b>\u2002{text(body)}\u00a0{marks}"


def source_markup(entry: SourceEntry, colour: str) -> str:
    parts = []
    if entry.publisher:
        parts.append(f"<b>{text(entry.publisher)}</b>")
    parts.append(f"<i>{text(entry.title)}</i>")
    parts.append(f"Published {text(entry.published)}")
    # Links are printed only when validation's own URL rule accepts them.
    if entry.url and url_problem(entry.url) is None:
        link = _link(entry.url, text(entry.url), colour)
        parts.append(f"{link} (accessed {text(entry.accessed)})" if entry.accessed else link)
    if entry.archive_url and url_problem(entry.archive_url) is None:
        parts.append("archived: " + _link(entry.archive_url, text(entry.archive_url), colour))
    if entry.note:
        parts.append(text(entry.note))
    return f"<b>[{entry.number}]</b>\u2002{_sentences(parts)}"


def _sentences(parts: list[str]) -> str:
    """Join parts with full stops, without doubling one a part already ends with."""
    return " ".join(part if part.endswith((".", "!", "?")) else f"{part}." for part in parts)


def _measure(paragraph: Paragraph, width: float) -> float:
    _w, height = paragraph.wrap(width, 1e6)
    return float(height)


def _section_blocks(section: SectionBlock, width: float, heading: ParagraphStyle,
                    bullet: ParagraphStyle, gap: float, colour: str) -> list[Block]:
    head = Paragraph(text(section.heading), heading)
    blocks = [Block(head, _measure(head, width), gap * 1.6, keep_with_next=True,
                    anchor=f"section-{section.id}", outline=section.heading,
                    section=section.id)]
    for fact in section.facts:
        para = Paragraph(fact_markup(fact.when, fact.text, fact.citations, colour), bullet,
                         bulletText="\u2022")
        blocks.append(Block(para, _measure(para, width), gap * 0.55, section=section.id))
    return blocks


def column_blocks(content: PageContent, style: Style, faces: FaceNames, sizes: Sizes,
                  width: float) -> list[Block]:
    """The sections, then the sources list, as measured blocks for a column of ``width``."""
    spec = style.spec
    colours = spec.colours
    heading = paragraph_style("heading", faces, sizes.heading, 1.2, colours.accent,
                              fontName=faces.bold)
    bullet = paragraph_style("fact", faces, sizes.body, spec.leading, colours.text,
                             leftIndent=BULLET_INDENT, bulletIndent=0,
                             bulletFontSize=sizes.body, bulletColor=HexColor(colours.accent))
    source = paragraph_style("source", faces, sizes.sources, spec.leading, colours.text,
                             leftIndent=0)
    gap = sizes.body
    blocks: list[Block] = []
    for section in content.sections:
        blocks.extend(_section_blocks(section, width, heading, bullet, gap, colours.accent))
    head = Paragraph("Sources", heading)
    blocks.append(Block(head, _measure(head, width), gap * 1.6, keep_with_next=True,
                        anchor="sources", outline="Sources"))
    for entry in content.sources:
        para = Paragraph(source_markup(entry, colours.accent), source)
        blocks.append(Block(para, _measure(para, width), gap * 0.35,
                            anchor=f"source-{entry.number}"))
    return blocks
