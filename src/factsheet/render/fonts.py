"""Register a style's TrueType faces, and its fallback fonts, with ReportLab, once per process."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..font_coverage import coverage
from ..styles import Style

FACES = ("regular", "bold", "italic")


@dataclass(frozen=True, eq=False)
class FaceNames:
    """The registered names of a style's faces and fallbacks, and what each can draw.

    Validation reads the same character maps (``Style.covered``), so a character is drawn
    from a fallback exactly when validation found it there."""

    regular: str
    bold: str
    italic: str
    fallbacks: tuple[str, ...] = ()
    covers: dict[str, frozenset[int]] = field(default_factory=dict)  # face -> characters
    fallback_covers: tuple[frozenset[int], ...] = ()

    def source(self, char: str, covered: frozenset[int]) -> int:
        """0 when ``covered`` (a face's characters) holds ``char``, else the number of the
        first fallback that does; 0 again when none does (validation reported FS601)."""
        code = ord(char)
        if code in covered:
            return 0
        for number, fallback in enumerate(self.fallback_covers, 1):
            if code in fallback:
                return number
        return 0


@cache
def _register(regular: str, bold: str, italic: str, fallbacks: tuple[str, ...]) -> FaceNames:
    # Names derive from the files so two styles never shadow each other's faces.
    files = "|".join((regular, bold, italic, *fallbacks))
    tag = hashlib.sha1(files.encode(), usedforsecurity=False).hexdigest()[:8]
    names = FaceNames(
        f"fs{tag}-regular",
        f"fs{tag}-bold",
        f"fs{tag}-italic",
        tuple(f"fs{tag}-fallback{number}" for number in range(1, len(fallbacks) + 1)),
        {
            face: coverage(Path(path))
            for face, path in zip(FACES, (regular, bold, italic), strict=True)
        },
        tuple(coverage(Path(path)) for path in fallbacks),
    )
    for name, path in zip(
        (names.regular, names.bold, names.italic, *names.fallbacks),
        (regular, bold, italic, *fallbacks),
        strict=True,
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
    fallbacks = tuple(str(path) for path in style.fallback_files)
    return _register(str(files["regular"]), str(files["bold"]), str(files["italic"]), fallbacks)
