"""Hostile styles and fonts: part of the hostile corpus (see ``test_hostile.py``).

Each case is a style file (the shipped default with one thing changed) and perhaps a crafted
font beside it (``crafted_fonts.py``). ``validate`` and ``build`` must both report exactly
the diagnostics pinned for it, at the style's line and column, with exit code 1, without
a traceback and without writing anything; and they must agree, so that a font `validate`
accepts never makes `build` fail. The crafted fonts of issue 15 are also read in a real
process whose time and peak memory are measured.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFontFile

import crafted_fonts
from conftest import BASE, STYLES, copy_briefing, run_cli
from factsheet.font_coverage import FontError, read_font
from test_hostile import SECONDS, checked_process

DEFAULT = (STYLES / "default.yaml").read_text(encoding="utf-8")
Expected = list[tuple[str, int, int]]  # code, line, column in the style file


def line_of(text: str, needle: str) -> int:
    (number,) = [
        n for n, line in enumerate(text.splitlines(), 1) if line.lstrip().startswith(needle)
    ]
    return number


def replaced(old: str, new: str) -> str:
    assert DEFAULT.count(old) == 1, old
    return DEFAULT.replace(old, new)


# Each case: (folder) -> (style text, expected diagnostics). A case may write fonts there.
Case = Callable[[Path], tuple[str, Expected]]
CASES: dict[str, Case] = {}


def case(name: str) -> Callable[[Case], Case]:
    def register(maker: Case) -> Case:
        CASES[name] = maker
        return maker

    return register


def with_font(folder: Path, data: bytes) -> tuple[str, Expected]:
    """The default style with its regular face swapped for ``data``: FS602 at that face."""
    (folder / "crafted.ttf").write_bytes(data)
    style = replaced("regular: DejaVuSansCondensed.ttf", "regular: crafted.ttf")
    return style, [("FS602", line_of(style, "regular:"), 12)]


# B3: character maps that list more than can be walked.


@case("font-68-bytes-one-group-of-every-code")
def _one_group(folder: Path) -> tuple[str, Expected]:
    return with_font(folder, crafted_fonts.one_group_of_every_code())


@case("font-one-group-of-every-code")
def _one_group_real(folder: Path) -> tuple[str, Expected]:
    return with_font(folder, crafted_fonts.one_group_of_every_code_in_a_real_font())


@case("font-100000-groups-of-all-unicode")
def _many_groups(folder: Path) -> tuple[str, Expected]:
    return with_font(folder, crafted_fonts.many_full_groups())


@case("font-32766-segments-of-the-whole-bmp")
def _many_segments(folder: Path) -> tuple[str, Expected]:
    return with_font(folder, crafted_fonts.many_full_segments())


# B6: fonts ReportLab cannot read, which validate used to pass.


@case("font-cut-off-after-its-cmap")
def _cut(folder: Path) -> tuple[str, Expected]:
    return with_font(folder, crafted_fonts.cut_after_cmap())


@case("font-claims-65535-glyphs")
def _glyphs(folder: Path) -> tuple[str, Expected]:
    return with_font(folder, crafted_fonts.too_many_glyphs())


# B7: a font name no file can have.


@case("font-name-with-nul")
def _nul(folder: Path) -> tuple[str, Expected]:
    style = replaced("regular: DejaVuSansCondensed.ttf", 'regular: "Deja\\0Vu.ttf"')
    return style, [("FS602", line_of(style, "regular:"), 12)]


@case("font-name-with-newline")
def _newline(folder: Path) -> tuple[str, Expected]:
    style = replaced("regular: DejaVuSansCondensed.ttf", 'regular: "DejaVu\\nSans.ttf"')
    return style, [("FS602", line_of(style, "regular:"), 12)]


# B8: the page's own characters (its punctuation, digits, bullets) need glyphs too.


@case("font-without-parentheses")
def _no_parentheses(folder: Path) -> tuple[str, Expected]:
    style, _ = with_font(folder, crafted_fonts.without("()"))
    return style, [("FS602", line_of(style, "regular:"), 3)]


@case("font-without-colon-and-semicolon")
def _no_colons(folder: Path) -> tuple[str, Expected]:
    style, _ = with_font(folder, crafted_fonts.without(":;"))
    return style, [("FS602", line_of(style, "regular:"), 3)]


# B14: sizes that overprint or cannot be read.


@case("footer-72-points")
def _footer(folder: Path) -> tuple[str, Expected]:
    style = replaced("footer: 6.8", "footer: 72")
    return style, [("FS113", line_of(style, "footer:"), 11)]


@case("title-200-points")
def _title(folder: Path) -> tuple[str, Expected]:
    style = replaced("title: 19", "title: 200")
    return style, [("FS113", line_of(style, "title:"), 10)]


@case("timeline-2-points")
def _timeline(folder: Path) -> tuple[str, Expected]:
    style = replaced("timeline: 7.6", "timeline: 2")
    return style, [("FS113", line_of(style, "timeline:"), 13)]


# B15: columns too narrow to set a word in.


@case("three-columns-3-mm-wide")
def _narrow(folder: Path) -> tuple[str, Expected]:
    style = replaced("column_gap_mm: 7\ncolumns: 2", "column_gap_mm: 40\ncolumns: 3")
    for side in ("left", "right"):
        style = style.replace(f"  {side}: 13", f"  {side}: 60")
    return style, [("FS602", line_of(style, "columns:"), 10)]


@case("two-columns-just-too-narrow")
def _just_narrow(folder: Path) -> tuple[str, Expected]:
    # (210 - 2 * 50 - 21) / 2 = 44.5 mm
    style = replaced("column_gap_mm: 7", "column_gap_mm: 21")
    for side in ("left", "right"):
        style = style.replace(f"  {side}: 13", f"  {side}: 50")
    return style, [("FS602", line_of(style, "columns:"), 10)]


@case("two-columns-just-wide-enough")
def _just_wide(folder: Path) -> tuple[str, Expected]:
    # (210 - 2 * 50 - 20) / 2 = 45 mm
    style = replaced("column_gap_mm: 7", "column_gap_mm: 20")
    for side in ("left", "right"):
        style = style.replace(f"  {side}: 13", f"  {side}: 50")
    return style, []


# B16: YAML's types do not leak into a style any more than into a fact file.


@case("columns-true")
def _columns_true(folder: Path) -> tuple[str, Expected]:
    style = replaced("columns: 2", "columns: true")
    return style, [("FS112", line_of(style, "columns:"), 10)]


@case("leading-true")
def _leading_true(folder: Path) -> tuple[str, Expected]:
    style = replaced("leading: 1.25", "leading: true")
    return style, [("FS112", line_of(style, "leading:"), 10)]


@case("columns-quoted")
def _columns_text(folder: Path) -> tuple[str, Expected]:
    style = replaced("columns: 2", 'columns: "3"')
    return style, [("FS112", line_of(style, "columns:"), 10)]


@case("body-quoted")
def _body_text(folder: Path) -> tuple[str, Expected]:
    style = replaced("body: 10", 'body: "10"')
    return style, [("FS112", line_of(style, "body:"), 9)]


@case("columns-a-float")
def _columns_float(folder: Path) -> tuple[str, Expected]:
    style = replaced("columns: 2", "columns: 2.0")
    return style, [("FS112", line_of(style, "columns:"), 10)]


@case("sizes-as-whole-numbers")
def _whole_numbers(folder: Path) -> tuple[str, Expected]:
    return replaced("timeline: 7.6", "timeline: 8"), []  # an int is a fine float


@pytest.mark.parametrize("name", sorted(CASES))
def test_style_case(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    copy_briefing(BASE, tmp_path / "brief")
    style, expected = CASES[name](tmp_path)
    (tmp_path / "style.yaml").write_text(style, encoding="utf-8")
    at = sorted(f"style.yaml:{line}:{column}: {code} error" for code, line, column in expected)

    checked = run_cli("validate", "brief", "--style", "style.yaml", within=SECONDS)
    found = sorted(line.split(" error")[0] + " error" for line in _style_lines(checked.output))
    assert found == at, checked.output
    assert checked.exit_code == (1 if expected else 0)

    built = run_cli("build", "brief", "--style", "style.yaml", "-o", "out/b.pdf", within=SECONDS)
    assert sorted(line.split(" error")[0] + " error" for line in _style_lines(built.output)) == at
    if expected:
        assert built.exit_code == 1, built.output
        assert not (tmp_path / "out").exists()
    else:
        assert built.exit_code == 0, built.output
        assert (tmp_path / "out" / "b.pdf").read_bytes().startswith(b"%PDF-")


def _style_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("style.yaml:")]


# The crafted fonts in a real process: bounded time and memory (they took 2.2 GiB, over a
# minute and 329 s before), and a clear FS602.


@pytest.mark.parametrize(
    "name",
    [
        "font-68-bytes-one-group-of-every-code",
        "font-one-group-of-every-code",
        "font-100000-groups-of-all-unicode",
        "font-32766-segments-of-the-whole-bmp",
        "font-cut-off-after-its-cmap",
        "font-claims-65535-glyphs",
    ],
)
def test_crafted_fonts_in_a_real_process(name: str, tmp_path: Path) -> None:
    copy_briefing(BASE, tmp_path / "brief")
    style, [(_code, line, column)] = CASES[name](tmp_path)
    (tmp_path / "style.yaml").write_text(style, encoding="utf-8")
    result = checked_process("validate", "brief", "--style", "style.yaml", cwd=tmp_path)
    assert result.code == 1
    assert f"style.yaml:{line}:{column}: FS602 error: font 'crafted.ttf': " in result.stdout
    assert result.seconds < SECONDS, result


@pytest.mark.parametrize(
    ("maker", "message"),
    [
        (crafted_fonts.one_group_of_every_code, "the font has no head table"),
        (
            crafted_fonts.one_group_of_every_code_in_a_real_font,
            "the font's character map lists 4,294,967,296 characters; at most 200,000 are read",
        ),
        (
            crafted_fonts.many_full_groups,
            "the font's character map lists 111,411,200,000 characters; at most 200,000 are read",
        ),
        (
            crafted_fonts.many_full_segments,
            "the font's character map lists 2,147,319,811 characters; at most 200,000 are read",
        ),
        (crafted_fonts.cut_after_cmap, "the font's GDEF table runs past the end of the file"),
        (
            crafted_fonts.too_many_glyphs,
            "the font's hmtx table holds 11578 bytes; its 65,535 glyphs need 136856",
        ),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_what_each_crafted_font_is_refused_for(maker: Callable[[], bytes], message: str) -> None:
    with pytest.raises(FontError) as refused:
        read_font(maker())
    assert str(refused.value) == message


# validate and build agree: whatever font validation accepts, ReportLab reads and subsets,
# and the characters validation says it draws are the ones ReportLab maps to a glyph.


def reportlab_coverage(data: bytes) -> set[int]:
    font = TTFontFile(io.BytesIO(data))
    return {code for code, glyph in font.charToGlyph.items() if 0 < glyph < font.numGlyphs}


@pytest.mark.parametrize("path", sorted(crafted_fonts.FONTS.glob("*.ttf")), ids=lambda p: p.name)
def test_coverage_is_what_reportlab_draws(path: Path) -> None:
    data = path.read_bytes()
    assert read_font(data) == reportlab_coverage(data)


def _mutations() -> list[tuple[str, bytes]]:
    """The regular face with one table's bytes flipped, one at a time, at a few places."""
    base = crafted_fonts.REGULAR.read_bytes()
    found = []
    for tag, (_entry, offset, length) in sorted(crafted_fonts.tables(base).items()):
        for where in sorted({0, 2, 4, 6, 12, 18, 32, 34, 50, length // 2, length - 2}):
            if 0 <= where < length:
                font = bytearray(base)
                font[offset + where] ^= 0xFF
                found.append((f"{tag.decode().strip()}+{where}", bytes(font)))
    return found


@pytest.mark.parametrize(("where", "data"), _mutations(), ids=[w for w, _ in _mutations()])
def test_a_damaged_font_is_refused_or_embeds(where: str, data: bytes) -> None:
    try:
        covered = read_font(data)
    except FontError:
        return
    font = TTFontFile(io.BytesIO(data))
    font.makeSubset(sorted(covered))  # what the build does with the characters it draws
    assert covered == reportlab_coverage(data), where


# B25: right-to-left text is refused (FS603) even when the fonts cover it: the page sets
# every line left to right, so it would read backwards.


@pytest.mark.parametrize(
    ("text", "column"),
    [("قالت الوزارة", 11), ("The ministry said: «قالت الوزارة».", 11)],
    ids=["arabic", "arabic-in-english"],
)
def test_right_to_left_text_is_refused_whatever_the_fonts(
    text: str, column: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = copy_briefing(BASE, tmp_path / "brief")
    facts = (folder / "facts.yaml").read_text("utf-8")
    (folder / "facts.yaml").write_text(
        facts.replace("text: Something happened in October 2025.", f'text: "{text}"'), "utf-8"
    )
    (tmp_path / "arabic.ttf").write_bytes(crafted_fonts.with_arabic_letters())
    style = DEFAULT
    for face in ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"):
        style = style.replace(face, "arabic.ttf")
    style = style.replace("DejaVuSansCondensed-Oblique.ttf", "arabic.ttf")
    (tmp_path / "arabic.yaml").write_text(style, "utf-8")
    assert read_font(crafted_fonts.with_arabic_letters()) >= set(map(ord, "قالتوزر"))
    for command in (["validate"], ["build", "-o", "out/b.pdf"]):
        result = run_cli(
            command[0], "brief", "--style", "arabic.yaml", *command[1:], within=SECONDS
        )
        assert result.exit_code == 1, result.output
        lines = [line for line in result.output.splitlines() if ": FS6" in line]
        assert lines == [
            f"brief/facts.yaml:5:{column}: FS603 error: U+0642 ARABIC LETTER QAF ('ق') is "
            "written right to left; the page sets every line left to right, so the text "
            "would read backwards"
        ]
    assert not (tmp_path / "out").exists()
