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
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path


class FontError(ValueError):
    """The file is not a TrueType font this module (and ReportLab) can read."""


MAX_FONT_BYTES = 50 * 1024 * 1024
# Characters a character map may list in all, counted as ReportLab walks them (a code point
# listed twice counts twice). All of Unicode's assigned characters are fewer than 160,000,
# and a TrueType font holds at most 65,535 glyphs.
MAX_MAPPED = 200_000
# The tables ReportLab reads to embed a font (OS/2 too, when the font has one).
REQUIRED = (b"head", b"hhea", b"maxp", b"hmtx", b"loca", b"glyf", b"cmap", b"name", b"post")
_TRUETYPE = (b"\x00\x01\x00\x00", b"true")
# Bytes of a PostScript name that ReportLab refuses (besides anything above 126).
_NAME_REFUSED = frozenset(b" [](){}<>/%")
# Composite glyph flags (the 'glyf' table).
_WORDS, _SCALE, _MORE, _XY_SCALE, _TWO_BY_TWO = 1, 8, 32, 64, 128


@dataclass(frozen=True)
class _Tables:
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


def _directory(data: bytes) -> _Tables:
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
    return _Tables(data, where)


@dataclass(frozen=True)
class _Metrics:
    glyphs: int
    long_loca: bool


def _headers(font: _Tables) -> _Metrics:
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
    return _Metrics(glyphs, bool(long_loca))


def _check_os2(font: _Tables, glyphs: int) -> None:
    if b"OS/2" not in font.where:
        return
    os2, length = font.where[b"OS/2"]
    if length < 6:
        raise FontError("the font's OS/2 table is cut short")
    version, _width, _weight, _class, licence = font.read(">HhHHH", os2)
    font.table(b"OS/2", 90 if version > 1 else 72)
    if (licence == 2 or licence & 0x0300) and glyphs > 0xFF:
        raise FontError("the font's licence (OS/2 fsType) does not allow embedding a subset of it")


def _check_name(font: _Tables) -> None:
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


def _check_glyphs(font: _Tables, metrics: _Metrics) -> None:
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


def _chosen_map(font: _Tables) -> int:
    """The offset of the character map ReportLab uses: of the last record it accepts."""
    cmap, length = font.table(b"cmap", 4)
    version, count = font.read(">HH", cmap)
    if count == 0 and version != 0:  # ReportLab reads such a table with the two swapped
        count = version
    if 4 + 8 * count > length:
        raise FontError("the font's cmap table is cut short")
    chosen, kind = None, 0
    for index in range(count):
        platform, encoding, offset = font.read(">HHI", cmap + 4 + 8 * index)
        if (
            platform == 3
            or (platform, encoding) == (1, 1)
            or (platform == 0 and encoding != 5)
            or ((platform, encoding) == (1, 0) and kind != 1)
        ):
            chosen, kind = offset, 2 if (platform, encoding) == (1, 0) else 1
    if chosen is None:
        raise FontError("the font has no Unicode character map")
    return cmap + chosen


def _too_many(listed: int, what: str = "characters") -> FontError:
    return FontError(
        f"the font's character map lists {listed:,} {what}; at most {MAX_MAPPED:,} are read"
    )


def _mapping(font: _Tables, at: int) -> dict[int, int]:
    """Character -> glyph, exactly as ReportLab builds it (later entries win), after the
    work it would take has been counted and found bounded."""
    (kind,) = font.read(">H", at)
    if kind == 0:
        (length,) = font.read(">H", at + 2)
        table = font.data[at + 6 : at + max(6, length)]
        return {code: table[code] for code in range(min(256, len(table)))}
    if kind == 4:
        return _format4(font, at)
    if kind == 6:
        first, count = font.read(">HH", at + 6)
        glyphs = font.read(f">{count}H", at + 10)
        return {code: first + index for index, code in enumerate(glyphs)}
    if kind in (12, 13):
        return _format12(font, at, kind)
    raise FontError(
        f"the font's character map is in format {kind}; use a font with a format 4 or 12 "
        "Unicode map"
    )


def _format4(font: _Tables, at: int) -> dict[int, int]:
    length, _language, seg_x2 = font.read(">HHH", at + 2)
    segments = seg_x2 // 2
    ends = font.read(f">{segments}H", at + 14)
    starts = font.read(f">{segments}H", at + 16 + seg_x2)
    deltas = font.read(f">{segments}h", at + 16 + 2 * seg_x2)
    range_at = at + 16 + 3 * seg_x2
    offsets = font.read(f">{segments}H", range_at)
    listed = sum(max(0, end - start + 1) for start, end in zip(starts, ends, strict=True))
    if listed > MAX_MAPPED:
        raise _too_many(listed)
    limit = at + length  # ReportLab reads glyph ids below this, and takes 0 beyond it
    mapping: dict[int, int] = {}
    for index, (start, end) in enumerate(zip(starts, ends, strict=True)):
        delta, offset = deltas[index], offsets[index]
        for code in range(start, end + 1):
            if offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                where = range_at + 2 * index + offset + 2 * (code - start)
                glyph = 0 if where >= limit else font.read(">H", where)[0]
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            mapping[code] = glyph
    return mapping


def _format12(font: _Tables, at: int, kind: int) -> dict[int, int]:
    (count,) = font.read(">I", at + 12)
    if count > MAX_MAPPED:
        raise _too_many(count, "groups of characters")
    groups = font.read(f">{3 * count}I", at + 16)
    spans = zip(groups[::3], groups[1::3], strict=True)
    listed = sum(max(0, end - start + 1) for start, end in spans)
    if listed > MAX_MAPPED:
        raise _too_many(listed)
    mapping: dict[int, int] = {}
    for index in range(count):
        start, end, glyph = groups[3 * index : 3 * index + 3]
        for code in range(start, end + 1):
            mapping[code] = glyph + (code - start) if kind == 12 else glyph
    return mapping


def read_font(data: bytes, *, trusted: bool = False) -> frozenset[int]:
    """The characters the font draws with a real glyph; FontError if it cannot be embedded.

    ``trusted`` skips walking every glyph's outline, which only a crafted font fails: the
    fonts shipped with factsheet are walked by its tests instead (a third of a cold
    ``validate`` otherwise).
    """
    try:
        font = _directory(data)
        metrics = _headers(font)
        _check_name(font)
        if not trusted:
            _check_glyphs(font, metrics)
        mapping = _mapping(font, _chosen_map(font))
    except struct.error:  # pragma: no cover - every read above is bounds-checked
        raise FontError("the font is damaged") from None
    # ReportLab draws a no-break space with the space's glyph, and the other way round.
    if 0x20 in mapping:
        mapping[0xA0] = mapping[0x20]
    elif 0xA0 in mapping:
        mapping[0x20] = mapping[0xA0]
    return frozenset(code for code, glyph in mapping.items() if 0 < glyph < metrics.glyphs)


SHIPPED_FONTS = Path(__file__).resolve().parent / "fonts"


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
