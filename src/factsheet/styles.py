"""Page styles, read from ``styles/*.yaml`` and checked: the fonts found and able to draw
what every page prints, columns wide enough, text colours legible against their background.

The keys of a style file are modelled in ``style_spec.py``; its models are named from here too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from .collector import Scope
from .diagnostics import Diagnostic, diagnostic
from .errors import UsageError
from .font_coverage import FontError, coverage
from .schema_errors import schema_diagnostics
from .style_spec import (
    BODY_FLOOR,
    MAX_FALLBACKS,
    SOURCES_FLOOR,
    Colour,
    Colours,
    FontFile,
    Fonts,
    Footer,
    Margins,
    Sizes,
    StyleSpec,
)
from .yaml_reader import load_yaml

__all__ = [
    "BODY_FLOOR",
    "DEFAULT_STYLE",
    "FONTS_DIR",
    "MAX_FALLBACKS",
    "RENDERER_CHARACTERS",
    "SOURCES_FLOOR",
    "Colour",
    "Colours",
    "FontFile",
    "Fonts",
    "Footer",
    "Margins",
    "Sizes",
    "Style",
    "StyleSpec",
    "contrast_ratio",
    "find_style",
    "load_style",
    "luminance",
    "styles_dirs",
]

# Characters the page itself prints (bullets, separators, citation marks, dates, counts).
RENDERER_CHARACTERS = (
    "•·–[](),.:;0123456789\u2002\u00a0 ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)
PACKAGE_DIR = Path(__file__).resolve().parent
FONTS_DIR = PACKAGE_DIR / "fonts"
DEFAULT_STYLE = "default"


def styles_dirs() -> list[Path]:
    """Installed wheels carry styles inside the package; a source checkout keeps them at the top."""
    return [PACKAGE_DIR / "styles", PACKAGE_DIR.parent.parent / "styles"]


@dataclass(frozen=True)
class Style:
    name: str
    path: Path
    spec: StyleSpec
    font_files: dict[str, Path]
    fallback_files: tuple[Path, ...] = ()

    def covered(self) -> frozenset[int]:
        """Characters every face of the style can draw, from its own font or a fallback."""
        return _common_coverage(tuple(self.font_files.values()), self.fallback_files)


@cache
def _common_coverage(fonts: tuple[Path, ...], fallbacks: tuple[Path, ...]) -> frozenset[int]:
    common = frozenset.intersection(*(coverage(path) for path in fonts))
    return common.union(*(coverage(path) for path in fallbacks))


# WCAG 2.x, success criterion 1.4.3 (AA): 4.5:1 for text, 3:1 for large text, which is
# 18 pt, or 14 pt bold.
TEXT_CONTRAST, LARGE_CONTRAST = 4.5, 3.0
PAGE = "#ffffff"


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else float(((value + 0.055) / 1.055) ** 2.4)


def luminance(colour: str) -> float:
    """WCAG's relative luminance of ``#rrggbb``."""
    red, green, blue = (_linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(one: str, other: str) -> float:
    """(L1 + 0.05) / (L2 + 0.05), the lighter colour's luminance over the darker's: 1 to 21."""
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _text_uses(spec: StyleSpec) -> list[tuple[str, str, str, float, bool]]:
    """(text colour, background colour or "" for the white page, what, smallest size, bold)
    for each text the page prints, at the smallest size the fitter can shrink it to."""
    sizes = spec.sizes
    shrink = sizes.min_body / sizes.body
    timeline = max(6.0, sizes.timeline * shrink)
    small = min(sizes.min_body, sizes.min_sources)
    heading = max(sizes.min_body + 1, sizes.heading * shrink)
    return [
        ("band_text", "band", "the title", sizes.title, True),
        ("band_text", "band", "the subtitle", sizes.subtitle, False),
        ("band_text", "band", "the header line", sizes.dateline, False),
        ("text", "", "body text", small, False),
        ("text", "", "timeline dates", timeline, True),
        ("accent", "", "section headings", heading, True),
        ("accent", "", "citations and links", small, False),
        ("muted", "", "timeline captions and the footer", min(timeline, sizes.footer), False),
    ]


def _contrast_problems(spec: StyleSpec) -> dict[str, str]:
    """For each text colour that fails WCAG 2 AA against its background, why (the ratio)."""
    colours = spec.colours.model_dump()
    problems: dict[str, str] = {}
    for key, background, what, size, bold in _text_uses(spec):
        behind = colours[background] if background else PAGE
        if background == "band" and behind.lower() == PAGE:
            background = ""  # a white band is drawn as a rule on the page
        large = size >= 18 or (bold and size >= 14)
        needed = LARGE_CONTRAST if large else TEXT_CONTRAST
        ratio = contrast_ratio(colours[key], behind)
        if ratio < needed and key not in problems:
            on = f"the {background} colour {behind}" if background else "the white page"
            problems[key] = (
                f"{key} {colours[key]} on {on} has a contrast ratio of {ratio:.2f}:1; "
                f"{what} ({size:g} pt{' bold' if bold else ''}) needs at least {needed:g}:1 "
                "(WCAG 2 AA)"
            )
    return problems


# Columns narrower than this, on the narrower paper (A4, 210 mm), set a few characters a
# line; 45 mm holds about 30 characters of body text at its smallest size.
MIN_COLUMN_MM = 45.0
NARROWEST_PAPER_MM = 210.0


def _column_problem(spec: StyleSpec) -> str | None:
    margins = spec.margins_mm
    inner = NARROWEST_PAPER_MM - margins.left - margins.right
    width = (inner - spec.column_gap_mm * (spec.columns - 1)) / spec.columns
    if width >= MIN_COLUMN_MM:
        return None
    return (
        f"{spec.columns} columns with margins of {margins.left:g} and {margins.right:g} mm and "
        f"a gap of {spec.column_gap_mm:g} mm are {max(width, 0):.0f} mm wide on A4 paper; "
        f"a column needs at least {MIN_COLUMN_MM:g} mm"
    )


def _font_file(file_name: str, style_folder: Path) -> Path:
    """The font named ``file_name``: beside the style, else among the shipped fonts."""
    bad = next((char for char in file_name if not char.isprintable()), None)
    if bad is not None:
        raise FontError(f"the file name holds the control character U+{ord(bad):04X}")
    try:
        for folder in (style_folder, FONTS_DIR):
            font = (folder / file_name).resolve()
            if font.is_file():
                return font
        return font
    except (OSError, RuntimeError, ValueError) as error:
        raise FontError(f"the file name cannot be used: {error}") from None


def find_style(name_or_path: str | os.PathLike[str] | None) -> Path:
    """A style name from the styles folder, or a path to a style file."""
    name = str(name_or_path or DEFAULT_STYLE)
    candidate = Path(name)
    if candidate.suffix in (".yaml", ".yml") or "/" in name or "\\" in name:
        if candidate.is_file():
            return candidate
        raise UsageError(f"style file {name!r} does not exist")
    for folder in styles_dirs():
        path = folder / f"{name}.yaml"
        if path.is_file():
            return path
    available = sorted({p.stem for d in styles_dirs() if d.is_dir() for p in d.glob("*.yaml")})
    raise UsageError(f"no style named {name!r} (available: {', '.join(available) or 'none'})")


def load_style(name_or_path: str | os.PathLike[str] | None, problems: Scope) -> Style | None:
    """Load and check a style; problems become diagnostics, an unknown name a UsageError."""
    path = find_style(name_or_path)
    found: list[Diagnostic] = []
    doc = load_yaml(path, str(path), found)
    problems.extend(found)
    if doc is None:
        return None
    try:
        spec = StyleSpec.model_validate(doc.data)
    except ValidationError as error:
        problems.extend(schema_diagnostics(error, doc, (), StyleSpec))
        return None
    narrow = _column_problem(spec)
    if narrow is not None:
        hint = "Use fewer columns, a smaller column_gap_mm or narrower margins_mm."
        problems.add(diagnostic("FS602", doc.locate(("columns",)), narrow, hint))
    contrast = _contrast_problems(spec)
    for key, message in contrast.items():
        hint = "Choose a darker text colour or a lighter background (or the reverse)."
        problems.add(diagnostic("FS602", doc.locate(("colours", key)), message, hint))
    files: dict[str, Path] = {}
    for face in ("regular", "bold", "italic"):
        file_name = getattr(spec.fonts, face)
        where = doc.locate(("fonts", face))
        try:
            font = _font_file(file_name, path.parent)
            coverage(font)
        except FontError as error:
            problems.add(diagnostic("FS602", where, f"font {file_name!r}: {error}"))
            continue
        files[face] = font
    fallbacks: list[Path] = []
    for index, file_name in enumerate(spec.fonts.fallback):
        try:
            font = _font_file(file_name, path.parent)
            coverage(font)
        except FontError as error:
            where = doc.locate(("fonts", "fallback", index))
            problems.add(diagnostic("FS602", where, f"font {file_name!r}: {error}"))
            continue
        fallbacks.append(font)
    if len(files) < 3 or len(fallbacks) < len(spec.fonts.fallback) or contrast or narrow:
        return None
    style = Style(path.stem, path, spec, files, tuple(fallbacks))
    covered = style.covered()
    lacking = sorted(char for char in RENDERER_CHARACTERS if ord(char) not in covered)
    if lacking:
        where = doc.locate(("fonts",))
        codes = ", ".join(f"U+{ord(char):04X}" for char in lacking)
        problems.add(
            diagnostic("FS602", where, f"the fonts cannot draw what every page prints: {codes}")
        )
        return None
    return style
