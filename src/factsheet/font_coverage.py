"""Which characters a TrueType font can draw, read straight from its ``cmap`` table.

Validation must know this without importing the PDF stack, and reading one table with
``struct`` costs a millisecond where a full font parse costs fifty.
"""

from __future__ import annotations

import stat
import struct
from functools import cache
from pathlib import Path


class FontError(ValueError):
    """The file is not a TrueType font this module can read."""


def _table(data: bytes, tag: bytes) -> tuple[int, int]:
    if len(data) < 12:
        raise FontError("file is too short to be a font")
    (count,) = struct.unpack_from(">H", data, 4)
    for index in range(count):
        entry = 12 + 16 * index
        if entry + 16 > len(data):
            break
        name, _checksum, offset, length = struct.unpack_from(">4sIII", data, entry)
        if name == tag:
            if offset + length > len(data):
                raise FontError(f"table {tag.decode()} runs past the end of the file")
            return offset, length
    raise FontError(f"font has no {tag.decode()} table")


def _format4(data: bytes, at: int) -> set[int]:
    (seg_x2,) = struct.unpack_from(">H", data, at + 6)
    segs = seg_x2 // 2
    ends = struct.unpack_from(f">{segs}H", data, at + 14)
    starts = struct.unpack_from(f">{segs}H", data, at + 16 + seg_x2)
    deltas = struct.unpack_from(f">{segs}h", data, at + 16 + 2 * seg_x2)
    range_base = at + 16 + 3 * seg_x2
    offsets = struct.unpack_from(f">{segs}H", data, range_base)
    points: set[int] = set()
    for i in range(segs):
        for code in range(starts[i], ends[i] + 1):
            if code == 0xFFFF:
                continue
            if offsets[i] == 0:
                glyph = (code + deltas[i]) & 0xFFFF
            else:
                where = range_base + 2 * i + offsets[i] + 2 * (code - starts[i])
                (glyph,) = struct.unpack_from(">H", data, where)
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                points.add(code)
    return points


def _format12(data: bytes, at: int) -> set[int]:
    (groups,) = struct.unpack_from(">I", data, at + 12)
    points: set[int] = set()
    for index in range(groups):
        start, end, glyph = struct.unpack_from(">III", data, at + 16 + 12 * index)
        points.update(range(start + (glyph == 0), end + 1))
    return points


MAX_FONT_BYTES = 50 * 1024 * 1024


@cache
def coverage(path: Path) -> frozenset[int]:
    """Code points the font maps to a real glyph."""
    try:
        # A device reports size 0 and never ends (/dev/zero); a pipe blocks the open.
        if not stat.S_ISREG(path.stat().st_mode):
            raise FontError("font is not a regular file")
        with path.open("rb") as handle:
            data = handle.read(MAX_FONT_BYTES + 1)
    except OSError as error:
        raise FontError(f"cannot read font: {error.strerror or error}") from None
    if len(data) > MAX_FONT_BYTES:
        raise FontError(f"font file is larger than {MAX_FONT_BYTES // (1024 * 1024)} MiB")
    try:
        if data[:4] not in (b"\x00\x01\x00\x00", b"true"):
            raise FontError(
                "not a TrueType font (OpenType/CFF outlines and font collections cannot be "
                "embedded)"
            )
        offset, _length = _table(data, b"cmap")
        (count,) = struct.unpack_from(">H", data, offset + 2)
        subtables: dict[tuple[int, int], int] = {}
        for index in range(count):
            platform, encoding, sub = struct.unpack_from(">HHI", data, offset + 4 + 8 * index)
            subtables[(platform, encoding)] = offset + sub
        for key in ((3, 10), (0, 4), (0, 6)):
            if key in subtables and struct.unpack_from(">H", data, subtables[key])[0] == 12:
                return frozenset(_format12(data, subtables[key]))
        for key in ((3, 1), (0, 3), (0, 1), (0, 0)):
            if key in subtables and struct.unpack_from(">H", data, subtables[key])[0] == 4:
                return frozenset(_format4(data, subtables[key]))
    except struct.error:
        raise FontError("font's cmap table is damaged") from None
    raise FontError("font has no Unicode character map")
