"""The footer: a rule, then the counts and the date checked at the left, the audience
marking in the middle, and the tool's credit at the right (unless the style turns it off).

The counts and the marking are content (a paragraph each, the marking repeated from the
header so that it is on every edge of the sheet); the rule and the credit are artifacts.
The last line's descenders rest on the bottom margin, never below it. A marking too long for
the middle of the line is set on lines of its own above the counts, centred, wrapped,
never cut.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .. import __version__
from ..styles import Style
from .content import PageContent
from .fonts import FaceNames
from .tagging import Tagger
from .text import Run, TextBlock, TextStyle

LEADING = 1.2
RULE_GAP, FLOW_GAP = 0.4, 1.0  # above the text to the rule; above the rule to the columns
SEPARATOR = " \u00b7 "
DESCENT = 0.24  # of the size: how far descenders reach below the baseline


@dataclass(frozen=True)
class Footer:
    counts: TextBlock
    marking: TextBlock | None
    marking_inline: bool  # on the counts' line, in the middle; else on lines above it
    credit: str | None
    size: float

    @property
    def _counts_top(self) -> float:
        """Above the bottom margin: the top of the counts, whose last line's descenders
        rest on the margin."""
        lines = len(self.counts.lines)
        return self.size * (DESCENT + self.counts.style.ascent + (lines - 1) * LEADING)

    @property
    def _text_top(self) -> float:
        stacked = self.marking is not None and not self.marking_inline
        return self._counts_top + (self.marking.height if stacked and self.marking else 0.0)

    @property
    def height(self) -> float:
        """From the bottom margin up to where the columns must end."""
        return self._text_top + self.size * (RULE_GAP + FLOW_GAP)

    def draw(
        self, canvas: Canvas, left: float, right: float, bottom: float, style: Style, tags: Tagger
    ) -> None:
        colours = style.spec.colours
        top, text_top = bottom + self._counts_top, bottom + self._text_top
        with tags.artifact():
            canvas.setStrokeColor(HexColor(colours.rule))
            canvas.setLineWidth(0.6)
            rule = text_top + self.size * RULE_GAP
            canvas.line(left, rule, right, rule)
        lang = self.counts.lines[0][0].run.lang if self.counts.lines[0] else None
        counts = tags.add("P", lang=tags.foreign(lang) if lang else None)
        self.counts.draw(canvas, left, top, tags.block(counts, flat=True))
        if self.marking is not None:
            x = (left + right) / 2 - self.marking.width / 2
            marking_top = top if self.marking_inline else text_top
            self.marking.draw(canvas, x, marking_top, tags.block(tags.add("P"), flat=True))
        if self.credit:
            with tags.artifact("Pagination", "Footer"):
                canvas.setFillColor(HexColor(colours.muted))
                canvas.setFont(self.counts.style.faces.regular, self.size)
                baseline = top - self.size * self.counts.style.ascent
                canvas.drawRightString(right, baseline, self.credit)


def measure_footer(content: PageContent, style: Style, faces: FaceNames, width: float) -> Footer:
    spec = style.spec
    size, colours, words = spec.sizes.footer, spec.colours, content.wording
    said = SEPARATOR.join(
        [
            words.count(content.fact_count, words.fact),
            words.count(len(content.sources), words.source),
            content.checked,
        ]
    )
    counts = TextBlock(
        [Run(said, lang=content.own_lang)], TextStyle(faces, size, LEADING, colours.muted), width
    )
    credit = f"factsheet {__version__}" if spec.footer.credit else None
    used = max(
        sum(piece.width for piece in counts.lines[0]),
        float(stringWidth(credit, faces.regular, size)) if credit else 0.0,
    )
    if not content.audience:
        return Footer(counts, None, True, credit, size)
    strong = TextStyle(faces, size, LEADING, colours.text, centred=True)
    runs = [Run(content.audience.upper(), "bold")]
    middle = width - 2 * (used + 2 * size)  # centred on the page, clear of both sides
    if middle > 0 and len(counts.lines) == 1:
        inline = TextBlock(runs, strong, middle)
        if len(inline.lines) == 1:
            return Footer(counts, inline, True, credit, size)
    return Footer(counts, TextBlock(runs, strong, width), False, credit, size)
