"""A TrueType font's table directory and the tables ReportLab reads to embed it, checked as
ReportLab reads them: the headers, the PostScript name, and every glyph's outline."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from itertools import pairwise


class FontError(ValueError):
    """The file is not a TrueType font factsheet (and ReportLab) can read."""


# The tables ReportLab reads to embed a font (OS/2 too, when the font has one).
REQUIRED = (b"head", b"hhea", b"maxp", b"hmtx", b"loca", b"glyf", b"cmap", b"name", b"post")
_TRUETYPE = (b"\x00\x01\x00\x00", b"true")
# Bytes of a PostScript name that ReportLab refuses (besides anything above 126).
_NAME_REFUSED = frozenset(b" [](){}<>/%")
# Composite glyph flags (the 'glyf' table).
_WORDS, _SCALE, _MORE, _XY_SCALE, _TWO_BY_TWO = 1, 8, 32, 64, 128


@dataclass(frozen=True)
class Tables:
    data: bytes
    where: dict[bytes, tuple[int, int]]  # tag -> (offset, length), each inside the file

    def table(self, tag: bytes, at_least: int = 0) -> tuple[int, int]:
        if tag not in self.where:
            raise FontError(f"the font has no {tag.decode('latin-1').strip()} table")
        offset, length = self.where[tag]
        if length < at_least:
            name = tag.decode("latin-1").strip()
            raise FontError(f"the font's {name} table is cut short ({length} bytes)")
        return offset, length

    def read(self, fmt: str, at: int) -> tuple[int, ...]:
        if at < 0 or at + struct.calcsize(fmt) > len(self.data):
            raise FontError("the font points past the end of its file")
        return struct.unpack_from(fmt, self.data, at)


def directory(data: bytes) -> Tables:
    if data[:4] == b"OTTO":
        raise FontError(
            "not a TrueType font but OpenType with CFF (PostScript) outlines, which the PDF "
            "writer cannot embed; use a TrueType version of it (.ttf, with glyf outlines)"
        )
    if data[:4] == b"ttcf":
        raise FontError("not a TrueType font but a collection (.ttc); name one .ttf instead")
    if data[:4] not in _TRUETYPE:
        raise FontError(
            "not a TrueType font (OpenType/CFF outlines and font collections cannot be embedded)"
        )
    if len(data) < 12:
        raise FontError("the file is too short to be a font")
    (count,) = struct.unpack_from(">H", data, 4)
    if 12 + 16 * count > len(data):
        raise FontError(f"the font's table directory ({count} tables) runs past the end")
    where: dict[bytes, tuple[int, int]] = {}
    for index in range(count):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        if offset + length > len(data):
            name = tag.decode("latin-1").strip()
            raise FontError(f"the font's {name} table runs past the end of the file")
        where.setdefault(tag, (offset, length))
    return Tables(data, where)


@dataclass(frozen=True)
class Metrics:
    glyphs: int
    long_loca: bool


def headers(font: Tables) -> Metrics:
    """Check the fixed tables as ReportLab reads them; the glyph count and loca format."""
    for tag in REQUIRED:
        font.table(tag)
    head, _ = font.table(b"head", 54)
    major, _minor, _rev, _rev2, _adjust, magic = font.read(">HHHHII", head)
    (units,) = font.read(">H", head + 18)
    long_loca, data_format = font.read(">hh", head + 50)
    if major != 1 or magic != 0x5F0F3CF5:
        raise FontError("the font's head table is not a TrueType font header")
    if not 16 <= units <= 16384:
        raise FontError(f"the font's units per em ({units}) are out of range")
    if long_loca not in (0, 1) or data_format != 0:
        raise FontError("the font's glyph data is in an unknown format")
    post, _ = font.table(b"post", 16)
    if font.read(">H", post)[0] not in (1, 2, 3, 4):
        raise FontError("the font's post table has an unknown version")
    hhea, _ = font.table(b"hhea", 36)
    if font.read(">H", hhea)[0] != 1:
        raise FontError("the font's hhea table has an unknown version")
    metric_format, long_metrics = font.read(">hH", hhea + 32)
    if metric_format != 0 or long_metrics == 0:
        raise FontError("the font's horizontal metrics are in an unknown format")
    maxp, _ = font.table(b"maxp", 6)
    version, glyphs = font.read(">HxxH", maxp)
    if version != 1 or glyphs == 0:
        raise FontError("the font's maxp table is not a TrueType glyph count")
    _hmtx, hmtx_length = font.table(b"hmtx")
    needed = 4 * long_metrics + 2 * max(0, glyphs - long_metrics)
    if hmtx_length < needed:
        raise FontError(
            f"the font's hmtx table holds {hmtx_length} bytes; its {glyphs:,} glyphs need {needed}"
        )
    _check_os2(font, glyphs)
    return Metrics(glyphs, bool(long_loca))


def _check_os2(font: Tables, glyphs: int) -> None:
    if b"OS/2" not in font.where:
        return
    os2, length = font.where[b"OS/2"]
    if length < 6:
        raise FontError("the font's OS/2 table is cut short")
    version, _width, _weight, _class, licence = font.read(">HhHHH", os2)
    font.table(b"OS/2", 90 if version > 1 else 72)
    if (licence == 2 or licence & 0x0300) and glyphs > 0xFF:
        raise FontError("the font's licence (OS/2 fsType) does not allow embedding a subset of it")


def check_name(font: Tables) -> None:
    """ReportLab takes the PostScript name (id 6, else 4, else 1) and refuses odd ones."""
    name, length = font.table(b"name", 6)
    name_format, count, strings = font.read(">HHH", name)
    if name_format != 0:
        raise FontError(f"the font's name table is in format {name_format}; only 0 is read")
    if 6 + 12 * count > length:
        raise FontError("the font's name table is cut short")
    found: dict[int, str] = {}
    for index in range(count):
        platform, encoding, language, name_id, size, offset = font.read(
            ">6H", name + 6 + 12 * index
        )
        if name_id not in (1, 2, 3, 4, 6):
            continue
        start = name + strings + offset
        chunk = font.data[start : start + size]
        if (platform, encoding, language) == (3, 1, 0x409):
            if size % 2:
                raise FontError("the font's name table holds a name cut in half")
            codec = "utf_16_be"
        elif (platform, encoding, language) == (1, 0, 0):
            codec = "mac_roman"
        else:
            continue
        try:
            text = chunk.decode(codec)
        except UnicodeDecodeError:
            text = chunk.decode("latin-1")
        if text and name_id not in found:
            found[name_id] = text
            if len(found) == 5:  # ReportLab stops reading here
                break
    chosen = found.get(6) or found.get(4) or found.get(1)
    if chosen is None:
        return  # ReportLab names it after the file
    encoded = chosen.replace(" ", "-").encode("utf-8")
    if any(byte > 126 or byte in _NAME_REFUSED for byte in encoded):
        raise FontError(f"the font's PostScript name {chosen[:40]!r} cannot be embedded")


def check_glyphs(font: Tables, metrics: Metrics) -> None:
    """Every glyph lies inside 'glyf', and every part of a composite glyph is a glyph."""
    glyphs = metrics.glyphs
    loca, loca_length = font.table(b"loca")
    size = 4 if metrics.long_loca else 2
    if loca_length < size * (glyphs + 1):
        raise FontError(
            f"the font's loca table holds {loca_length} bytes; its {glyphs:,} glyphs need "
            f"{size * (glyphs + 1)}"
        )
    raw = struct.unpack_from(f">{glyphs + 1}{'I' if size == 4 else 'H'}", font.data, loca)
    offsets = raw if size == 4 else [2 * value for value in raw]
    glyf, glyf_length = font.table(b"glyf")
    if offsets[-1] > glyf_length or any(a > b for a, b in pairwise(offsets)):
        raise FontError("the font's glyph locations run backwards or past the glyf table")
    data = font.data
    for start, end in pairwise(offsets):
        if end - start < 2 or data[glyf + start] < 0x80:
            continue  # empty, or a simple glyph: copied as it is
        _composite_parts(data, glyf + start, glyf + end, glyphs)


def _composite_parts(data: bytes, start: int, end: int, glyphs: int) -> None:
    at, flags = start + 10, _MORE
    while flags & _MORE:
        if at + 4 > end:
            raise FontError("a composite glyph of the font runs past its end")
        flags, part = struct.unpack_from(">HH", data, at)
        if part >= glyphs:
            raise FontError(f"a composite glyph of the font names glyph {part}, which it lacks")
        at += 4 + (4 if flags & _WORDS else 2)
        if flags & _SCALE:
            at += 2
        elif flags & _XY_SCALE:
            at += 4
        elif flags & _TWO_BY_TWO:
            at += 8
        if at > end:
            raise FontError("a composite glyph of the font runs past its end")
