"""A font's character map, chosen and read exactly as ReportLab reads it, after the work
that would take has been counted and found bounded."""

from __future__ import annotations

from .tables import FontError, Tables

# Characters a character map may list in all, counted as ReportLab walks them (a code point
# listed twice counts twice). All of Unicode's assigned characters are fewer than 160,000,
# and a TrueType font holds at most 65,535 glyphs.
MAX_MAPPED = 200_000


def chosen_map(font: Tables) -> int:
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


def mapping_of(font: Tables, at: int) -> dict[int, int]:
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


def _format4(font: Tables, at: int) -> dict[int, int]:
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


def _format12(font: Tables, at: int, kind: int) -> dict[int, int]:
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
