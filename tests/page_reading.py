"""Read a built page back character by character with PDFium: each character's text, its
glyph's box, its baseline, its font and size, and the lines they make.

Tests of the page's geometry (margins, where columns end, hanging indents, fallback glyphs on
the line's baseline) read the file the way a viewer draws it, not the layout that made it.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c


@dataclass(frozen=True)
class Char:
    text: str
    left: float
    bottom: float
    right: float
    top: float
    baseline: float
    size: float
    font: str


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    chars: list[Char]

    def inked(self) -> list[Char]:
        """The characters that leave ink: no spaces, none PDFium made up between lines."""
        return [c for c in self.chars if c.text.strip() and c.right > c.left]

    def lines(self) -> list[list[Char]]:
        """Inked characters grouped by baseline (to a tenth of a point), top line first,
        each line left to right; two columns' lines on one baseline are one line."""
        found: dict[float, list[Char]] = {}
        for char in self.inked():
            found.setdefault(round(char.baseline, 1), []).append(char)
        return [sorted(found[y], key=lambda c: c.left) for y in sorted(found, reverse=True)]

    def text(self) -> str:
        return "".join(c.text for c in self.chars)


def read_page(path: Path) -> Page:
    document = pdfium.PdfDocument(path)
    try:
        page = document[0]
        textpage = page.get_textpage()
        chars = []
        x, y = ctypes.c_double(), ctypes.c_double()
        name = ctypes.create_string_buffer(256)
        flags = ctypes.c_int()
        for index in range(textpage.count_chars()):
            left, bottom, right, top = textpage.get_charbox(index)
            pdfium_c.FPDFText_GetCharOrigin(textpage, index, x, y)
            pdfium_c.FPDFText_GetFontInfo(textpage, index, name, 256, flags)
            chars.append(
                Char(
                    textpage.get_text_range(index, 1),
                    left,
                    bottom,
                    right,
                    top,
                    y.value,
                    pdfium_c.FPDFText_GetFontSize(textpage, index),
                    name.value.decode("latin-1"),
                )
            )
        return Page(page.get_width(), page.get_height(), chars)
    finally:
        document.close()
