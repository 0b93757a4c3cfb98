"""Register a style's TrueType faces with ReportLab, once per process."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..styles import Style


@dataclass(frozen=True)
class FaceNames:
    regular: str
    bold: str
    italic: str


@cache
def _register(regular: str, bold: str, italic: str) -> FaceNames:
    # Names derive from the files so two styles never shadow each other's faces.
    tag = hashlib.sha1(f"{regular}|{bold}|{italic}".encode(), usedforsecurity=False).hexdigest()
    names = FaceNames(f"fs{tag[:8]}-regular", f"fs{tag[:8]}-bold", f"fs{tag[:8]}-italic")
    for name, path in zip(
        (names.regular, names.bold, names.italic), (regular, bold, italic), strict=True
    ):
        pdfmetrics.registerFont(TTFont(name, path))
    family = names.regular
    addMapping(family, 0, 0, names.regular)
    addMapping(family, 1, 0, names.bold)
    addMapping(family, 0, 1, names.italic)
    addMapping(family, 1, 1, names.bold)
    return names


def register_style_fonts(style: Style) -> FaceNames:
    files = style.font_files
    return _register(str(files["regular"]), str(files["bold"]), str(files["italic"]))
