"""Rebuild the shipped fonts: DejaVu cut down to the scripts a briefing is written in.

    pip install fonttools
    python scripts/subset_fonts.py /usr/share/fonts/truetype/dejavu

Keeps Latin (with IPA and the extended blocks), Greek, Cyrillic, punctuation, currency,
arrows, mathematical operators and geometric shapes. A full DejaVu face holds about
6,000 glyphs; ReportLab parses every one on each build, so the cut faces load in a
quarter of the time and the wheel shrinks by two thirds. Characters outside the kept
blocks are reported by `factsheet validate` (FS601); a style can point at a full font.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

FACES = [
    "DejaVuSansCondensed.ttf",
    "DejaVuSansCondensed-Bold.ttf",
    "DejaVuSansCondensed-Oblique.ttf",
    "DejaVuSerifCondensed.ttf",
    "DejaVuSerifCondensed-Bold.ttf",
    "DejaVuSerifCondensed-Italic.ttf",
]
UNICODES = (
    "U+0000-052F,U+1D00-1DBF,U+1E00-1FFF,U+2000-22FF,U+2460-24FF,U+25A0-25FF,"
    "U+2C60-2C7F,U+2DE0-2DFF,U+A640-A69F,U+A720-A7FF,U+FB00-FB06,U+FFFD"
)
TARGET = Path(__file__).resolve().parent.parent / "src" / "factsheet" / "fonts"


def main(source: Path) -> None:
    for face in FACES:
        subset.main(
            [
                str(source / face),
                f"--unicodes={UNICODES}",
                "--layout-features=*",
                "--glyph-names",
                "--notdef-glyph",
                "--notdef-outline",
                "--name-IDs=*",
                "--name-legacy",
                "--name-languages=*",
                "--drop-tables+=FFTM",
                f"--output-file={TARGET / face}",
            ]
        )
        print(f"{face}: {(TARGET / face).stat().st_size:,} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/dejavu"))
