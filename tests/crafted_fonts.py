"""Crafted TrueType fonts for the hostile corpus: a real font with one part made hostile.

Each maker starts from the shipped DejaVu Sans Condensed and changes exactly one thing (the
character map, a count in a table, the file's length), so that whatever is refused is
refused for that one thing. ``bare_font`` makes the smallest file that still names a
character map: a table directory and nothing else.
"""

from __future__ import annotations

import struct
from pathlib import Path

FONTS = Path(__file__).resolve().parent.parent / "src" / "factsheet" / "fonts"
REGULAR = FONTS / "DejaVuSansCondensed.ttf"


def tables(data: bytes) -> dict[bytes, tuple[int, int, int]]:
    """Tag -> (directory entry offset, table offset, table length)."""
    (count,) = struct.unpack_from(">H", data, 4)
    found = {}
    for index in range(count):
        entry = 12 + 16 * index
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, entry)
        found[tag] = (entry, offset, length)
    return found


def with_table(tag: bytes, table: bytes, data: bytes | None = None) -> bytes:
    """The font with table ``tag`` replaced by ``table``, appended at the end of the file."""
    font = bytearray(data if data is not None else REGULAR.read_bytes())
    while len(font) % 4:
        font.append(0)
    entry, _offset, _length = tables(bytes(font))[tag]
    struct.pack_into(">II", font, entry + 8, len(font), len(table))
    return bytes(font) + table


def patched(tag: bytes, at: int, fmt: str, *values: int) -> bytes:
    """The font with ``values`` written at offset ``at`` of table ``tag``."""
    font = bytearray(REGULAR.read_bytes())
    _entry, offset, _length = tables(bytes(font))[tag]
    struct.pack_into(fmt, font, offset + at, *values)
    return bytes(font)


def cmap(platform: int, encoding: int, subtable: bytes) -> bytes:
    """A cmap table holding one subtable."""
    return struct.pack(">HHHHI", 0, 1, platform, encoding, 12) + subtable


def format12(groups: list[tuple[int, int, int]]) -> bytes:
    body = b"".join(struct.pack(">III", *group) for group in groups)
    return struct.pack(">HHIII", 12, 0, 16 + len(body), 0, len(groups)) + body


def format12_repeated(group: tuple[int, int, int], count: int) -> bytes:
    body = struct.pack(">III", *group) * count
    return struct.pack(">HHIII", 12, 0, 16 + len(body), 0, count) + body


def format4(segments: list[tuple[int, int, int, int]]) -> bytes:
    """Segments of (start, end, delta, range offset), the closing 0xFFFF one added."""
    segments = [*segments, (0xFFFF, 0xFFFF, 1, 0)]
    count = len(segments)
    ends = struct.pack(f">{count}H", *(s[1] for s in segments))
    starts = struct.pack(f">{count}H", *(s[0] for s in segments))
    deltas = struct.pack(f">{count}h", *(s[2] for s in segments))
    offsets = struct.pack(f">{count}H", *(s[3] for s in segments))
    body = ends + b"\0\0" + starts + deltas + offsets
    length = min(14 + len(body), 0xFFFF)
    return struct.pack(">HHHHHHH", 4, length, 0, 2 * count, 0, 0, 0) + body


def font_with_cmap(platform: int, encoding: int, subtable: bytes) -> bytes:
    return with_table(b"cmap", cmap(platform, encoding, subtable))


def bare_font(subtable: bytes, platform: int = 3, encoding: int = 10) -> bytes:
    """An sfnt header, one directory entry (cmap) and the cmap: no other table at all."""
    table = cmap(platform, encoding, subtable)
    header = struct.pack(">IHHHH", 0x00010000, 1, 16, 0, 0)
    entry = struct.pack(">4sIII", b"cmap", 0, 12 + 16, len(table))
    return header + entry + table


# The fonts of issue 15, each as it was reported.


def one_group_of_every_code() -> bytes:
    """68 bytes: a format-12 group from 0 to 0xFFFFFFFF (2.2 GiB as a set of code points)."""
    return bare_font(format12([(0, 0xFFFFFFFF, 1)]))


def one_group_of_every_code_in_a_real_font() -> bytes:
    return font_with_cmap(3, 10, format12([(0, 0xFFFFFFFF, 1)]))


def many_full_groups(count: int = 100_000) -> bytes:
    """About 1.2 MB: ``count`` groups, each of all of Unicode."""
    return font_with_cmap(3, 10, format12_repeated((0, 0x10FFFF, 1), count))


def many_full_segments(count: int = 32_767 - 1) -> bytes:
    """About 262 KB: the most format-4 segments there can be, each of the whole BMP."""
    segments = [(0, 0xFFFE, 1, 0)] * count
    return font_with_cmap(3, 1, format4(segments))


def cut_after_cmap() -> bytes:
    data = REGULAR.read_bytes()
    _entry, offset, length = tables(data)[b"cmap"]
    return data[: offset + length]


def too_many_glyphs() -> bytes:
    """maxp says 65,535 glyphs; hmtx and loca hold far fewer."""
    return patched(b"maxp", 4, ">H", 0xFFFF)


def _mapping(data: bytes) -> dict[int, int]:
    import io

    from reportlab.pdfbase.ttfonts import TTFontFile

    return dict(TTFontFile(io.BytesIO(data)).charToGlyph)


def without(characters: str) -> bytes:
    """The regular face with ``characters`` taken out of its character map."""
    data = REGULAR.read_bytes()
    mapping = _mapping(data)
    for char in characters:
        mapping.pop(ord(char), None)
    groups = [(code, code, glyph) for code, glyph in sorted(mapping.items()) if glyph]
    return with_table(b"cmap", cmap(3, 10, format12(groups)), data)


def with_arabic_letters() -> bytes:
    """The regular face, with the Arabic letters U+0621 to U+064A drawn as its 'A': a font
    that covers Arabic, as far as any check of coverage can tell."""
    data = REGULAR.read_bytes()
    mapping = _mapping(data)
    mapping.update(dict.fromkeys(range(0x0621, 0x064B), mapping[ord("A")]))
    groups = [(code, code, glyph) for code, glyph in sorted(mapping.items()) if glyph]
    return with_table(b"cmap", cmap(3, 10, format12(groups)), data)
