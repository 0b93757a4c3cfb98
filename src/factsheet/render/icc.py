"""A deterministic ICC v2 sRGB display profile, built in pure Python for the PDF/A output intent.

The profile is the classic matrix/TRC form of IEC 61966-2.1: the sRGB primaries adapted to the
D50 profile connection space (Bradford), the D65 media white point, and the sRGB tone curve
sampled at 1024 points (ICC v2 has no parametric curves). The header carries no creation date
and no profile ID, so the bytes never change. Nothing here imports ReportLab.
"""

from __future__ import annotations

import struct
from functools import cache

DESCRIPTION = "sRGB IEC61966-2.1"
COPYRIGHT = "No copyright, use freely"
# XYZ values, each as the ICC s15Fixed16Number it is stored as.
D50 = (0.9642, 1.0, 0.8249)
D65_WHITE = (0.9505, 1.0, 1.0891)
RED = (0.4361, 0.2225, 0.0139)
GREEN = (0.3851, 0.7169, 0.0971)
BLUE = (0.1431, 0.0606, 0.7141)
CURVE_POINTS = 1024


def _s15fixed16(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(values: tuple[float, float, float]) -> bytes:
    return b"XYZ \0\0\0\0" + b"".join(_s15fixed16(v) for v in values)


def _srgb_to_linear(encoded: float) -> float:
    if encoded <= 0.04045:
        return encoded / 12.92
    return float(((encoded + 0.055) / 1.055) ** 2.4)


def _curve() -> bytes:
    samples = (round(_srgb_to_linear(i / (CURVE_POINTS - 1)) * 65535) for i in range(CURVE_POINTS))
    return b"curv\0\0\0\0" + struct.pack(f">I{CURVE_POINTS}H", CURVE_POINTS, *samples)


def _text_description(text: str) -> bytes:
    """textDescriptionType: ASCII, then empty Unicode and ScriptCode parts (v2 layout)."""
    ascii_text = text.encode("ascii") + b"\0"
    return (
        b"desc\0\0\0\0"
        + struct.pack(">I", len(ascii_text))
        + ascii_text
        + struct.pack(">II", 0, 0)  # Unicode language code and count
        + struct.pack(">HB", 0, 0)  # ScriptCode code and count
        + bytes(67)  # the fixed-size ScriptCode string
    )


def _text(text: str) -> bytes:
    return b"text\0\0\0\0" + text.encode("ascii") + b"\0"


def _pad(data: bytes) -> bytes:
    return data + bytes(-len(data) % 4)


def _header(size: int) -> bytes:
    return (
        struct.pack(">I", size)
        + bytes(4)  # preferred CMM: none
        + bytes((2, 0x10, 0, 0))  # version 2.1.0
        + b"mntr"  # device class: display
        + b"RGB "  # data colour space
        + b"XYZ "  # profile connection space
        + bytes(12)  # creation date and time: left zero so the bytes never change
        + b"acsp"
        + bytes(4)  # primary platform: none
        + bytes(4)  # flags
        + bytes(4)  # device manufacturer
        + bytes(4)  # device model
        + bytes(8)  # device attributes
        + struct.pack(">I", 0)  # rendering intent: perceptual
        + b"".join(_s15fixed16(v) for v in D50)  # PCS illuminant
        + bytes(4)  # profile creator
        + bytes(16)  # profile ID (v4 only)
        + bytes(28)  # reserved
    )


@cache
def srgb_profile() -> bytes:
    """The profile's bytes, for a /DestOutputProfile stream with /N 3."""
    curve = _curve()
    # Tags in order; the three tone curves share one data block, as ICC allows.
    blocks: list[tuple[bytes, bytes]] = [
        (b"desc", _text_description(DESCRIPTION)),
        (b"cprt", _text(COPYRIGHT)),
        (b"wtpt", _xyz(D65_WHITE)),
        (b"rXYZ", _xyz(RED)),
        (b"gXYZ", _xyz(GREEN)),
        (b"bXYZ", _xyz(BLUE)),
        (b"rTRC", curve),
    ]
    shared = {b"gTRC": b"rTRC", b"bTRC": b"rTRC"}
    count = len(blocks) + len(shared)
    offset = 128 + 4 + 12 * count
    table: list[bytes] = []
    data = b""
    places: dict[bytes, tuple[int, int]] = {}
    for signature, block in blocks:
        places[signature] = (offset + len(data), len(block))
        table.append(signature + struct.pack(">II", *places[signature]))
        data += _pad(block)
    for signature, source in shared.items():
        table.append(signature + struct.pack(">II", *places[source]))
    body = struct.pack(">I", count) + b"".join(table) + data
    return _header(128 + len(body)) + body
