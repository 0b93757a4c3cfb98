"""Which characters a TrueType font can draw, and whether the PDF stack can embed it at all.

Validation must know both without importing the PDF stack, so the font is read here with
``struct``, the way ReportLab will read it when the page is built: the same tables, the same
choice of character map, the same glyph for each character. A font that ReportLab would
fail on (a table cut off, counts that disagree, a name it refuses, a licence that forbids
embedding a subset) is refused here, so that ``validate`` and ``build`` never disagree.

Everything here is bounded. ReportLab walks every character a character map lists, one by
one, so a map listing more than :data:`MAX_MAPPED` of them is refused before anything is
walked: a 68-byte map of one group from 0 to 0xFFFFFFFF, or 32,767 segments of the whole
Basic Multilingual Plane, costs a few arithmetic operations, not gigabytes or minutes.
"""

from __future__ import annotations

import stat
import struct
from functools import cache
from pathlib import Path

from .cmaps import MAX_MAPPED, chosen_map, mapping_of
from .tables import REQUIRED, FontError, check_glyphs, check_name, directory, headers

__all__ = [
    "MAX_FONT_BYTES",
    "MAX_MAPPED",
    "REQUIRED",
    "SHIPPED_FONTS",
    "FontError",
    "coverage",
    "read_font",
]

MAX_FONT_BYTES = 50 * 1024 * 1024


def read_font(data: bytes, *, trusted: bool = False) -> frozenset[int]:
    """The characters the font draws with a real glyph; FontError if it cannot be embedded.

    ``trusted`` skips walking every glyph's outline, which only a crafted font fails: the
    fonts shipped with factsheet are walked by its tests instead (a third of a cold
    ``validate`` otherwise).
    """
    try:
        font = directory(data)
        metrics = headers(font)
        check_name(font)
        if not trusted:
            check_glyphs(font, metrics)
        mapping = mapping_of(font, chosen_map(font))
    except struct.error:  # pragma: no cover - every read above is bounds-checked
        raise FontError("the font is damaged") from None
    # ReportLab draws a no-break space with the space's glyph, and the other way round.
    if 0x20 in mapping:
        mapping[0xA0] = mapping[0x20]
    elif 0xA0 in mapping:
        mapping[0x20] = mapping[0xA0]
    return frozenset(code for code, glyph in mapping.items() if 0 < glyph < metrics.glyphs)


SHIPPED_FONTS = Path(__file__).resolve().parent.parent / "fonts"


@cache
def coverage(path: Path) -> frozenset[int]:
    """Code points the font maps to a real glyph; FontError if it cannot be used."""
    try:
        # A device reports size 0 and never ends (/dev/zero); a pipe blocks the open.
        if not stat.S_ISREG(path.stat().st_mode):
            raise FontError("font is not a regular file")
        with path.open("rb") as handle:
            data = handle.read(MAX_FONT_BYTES + 1)
    except FileNotFoundError:
        raise FontError("the font file does not exist") from None
    except OSError as error:
        raise FontError(f"cannot read font: {error.strerror or error}") from None
    except ValueError as error:  # a NUL byte in the name
        raise FontError(f"cannot read font: {error}") from None
    if len(data) > MAX_FONT_BYTES:
        raise FontError(f"font file is larger than {MAX_FONT_BYTES // (1024 * 1024)} MiB")
    return read_font(data, trusted=path.resolve().parent == SHIPPED_FONTS)
