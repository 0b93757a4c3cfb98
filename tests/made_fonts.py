"""Small fonts made for the tests with fontTools, rather than downloaded: a TrueType font
(glyf outlines) that draws the characters asked for, and the same as OpenType with CFF
outlines, which the PDF writer cannot embed.

Each character's glyph is a box of its own height, so that where it is drawn can be told
from the page; the advance width is one em for CJK and half an em otherwise.
"""

from __future__ import annotations

from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.ttGlyphPen import TTGlyphPen

UNITS = 1000
JAPANESE = "北方領土歯舞色丹国後択捉"


def _name(char: str) -> str:
    return f"uni{ord(char):04X}"


def _width(char: str) -> int:
    return UNITS if ord(char) >= 0x2E80 else UNITS // 2


def _box(pen: TTGlyphPen | T2CharStringPen, width: int, height: int) -> None:
    pen.moveTo((60, 0))
    pen.lineTo((60, height))
    pen.lineTo((width - 60, height))
    pen.lineTo((width - 60, 0))
    pen.closePath()


def _builder(family: str, characters: str, *, cff: bool) -> FontBuilder:
    chars = sorted(set(characters) - {" "})
    order = [".notdef", "space", *(_name(c) for c in chars)]
    builder = FontBuilder(UNITS, isTTF=not cff)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap({0x20: "space", **{ord(c): _name(c) for c in chars}})
    metrics = {".notdef": (UNITS // 2, 0), "space": (UNITS // 4, 0)}
    metrics.update({_name(c): (_width(c), 60) for c in chars})
    heights = {_name(c): 700 + (index % 5) * 20 for index, c in enumerate(chars)}
    if cff:
        strings = {}
        for glyph in order:
            pen = T2CharStringPen(metrics[glyph][0], None)
            if glyph in heights:
                _box(pen, metrics[glyph][0], heights[glyph])
            strings[glyph] = pen.getCharString()
        builder.setupCFF(family, {"FullName": family}, strings, {})
    else:
        glyphs = {}
        for glyph in order:
            pen = TTGlyphPen(None)
            if glyph in heights:
                _box(pen, metrics[glyph][0], heights[glyph])
            glyphs[glyph] = pen.glyph()
        builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics(metrics)
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": family, "styleName": "Regular", "psName": family})
    builder.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    builder.setupPost()
    return builder


def truetype_font(path: Path, characters: str = JAPANESE, family: str = "MadeFallback") -> Path:
    """A TrueType font at ``path`` that draws ``characters`` (and a space)."""
    _builder(family, characters, cff=False).save(str(path))
    return path


def cff_font(path: Path, characters: str = JAPANESE, family: str = "MadeFallbackCFF") -> Path:
    """The same characters as an OpenType font with CFF outlines."""
    _builder(family, characters, cff=True).save(str(path))
    return path
