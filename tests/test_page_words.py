"""Issue 13: the page speaks the briefing's language, cites its sources in one style, and
draws what its style's faces lack from the style's fallback fonts.

Every point is read back from a built PDF: the words and dates of each language of the
wording table (and English, marked /Lang en, for one it lacks), the sources list's hanging
indent and where its URLs break, and each fallback glyph's font, size, baseline and
embedding. validate and build must agree on which characters can be drawn.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from conftest import SHIPPED, STYLES, VALID, copy_briefing
from factsheet import build, validate
from factsheet.edtf import Day
from factsheet.errors import InvalidData
from factsheet.render.breaking import URL_BREAKS, break_lines
from factsheet.render.citations import source_runs
from factsheet.render.content import SourceEntry
from factsheet.render.text import Run
from factsheet.wording import TABLE, wording_for
from made_fonts import JAPANESE, cff_font, truetype_font
from page_reading import Char, Page, read_page
from pdf_conformance import check_pdf
from test_tagged_pdf import tagged

PLACES = "北方領土 (歯舞)"


def in_language(folder: Path, language: str) -> Path:
    briefing = folder / "briefing.yaml"
    text = briefing.read_text(encoding="utf-8")
    briefing.write_text(text.replace("language: en", f"language: {language}"), encoding="utf-8")
    return folder


def squeezed(page: Page) -> str:
    return "".join(page.text().split())


# --- languages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", sorted(TABLE))
def test_the_page_words_itself_in_the_briefings_language(language: str, tmp_path: Path) -> None:
    folder = in_language(copy_briefing(VALID, tmp_path / "brief"), language)
    target = tmp_path / "x.pdf"
    build(folder, output=target)
    text = squeezed(read_page(target))
    words = wording_for(language)
    said = [
        f"{words.as_of} {words.day(Day(2025, 10, 24))}",  # the header
        words.key_dates,
        words.sources,
        f"{words.count(6, words.fact)} · {words.count(3, words.source)} · "
        + words.when(words.checked, Day(2025, 10)),  # the last access, in October
        words.day(Day(2025, 10, 20), short=True),  # a fact's date
        words.quoted("Wire story on Black Sea insurance"),  # a source's title
    ]
    for phrase in said:
        assert "".join(phrase.split()) in text, phrase
    # Nothing is marked as another language: the page's words are the briefing's own.
    assert [e for e in tagged(target.read_bytes()) if e.lang] == []
    assert check_pdf(target) == []


def test_a_language_without_wording_gets_english_marked_as_english(tmp_path: Path) -> None:
    folder = in_language(copy_briefing(VALID, tmp_path / "brief"), "pt-BR")
    target = tmp_path / "x.pdf"
    build(folder, output=target)
    english = {"".join(e.text.split()) for e in tagged(target.read_bytes()) if e.lang == "en"}
    assert {"Keydates", "Sources"} <= english
    assert "Asof24October2025" in english
    assert any(text.startswith("6facts") for text in english)


# --- the sources list ------------------------------------------------------------------------


def source_lines(page: Page) -> list[list[Char]]:
    """The sources list's lines: the right column's, under its heading, above the footer."""
    right = [c for c in page.inked() if c.left > page.width / 2]
    rows: dict[float, list[Char]] = {}
    for char in right:
        rows.setdefault(round(char.baseline, 1), []).append(char)
    lines = [sorted(rows[y], key=lambda c: c.left) for y in sorted(rows, reverse=True)]
    said = ["".join(c.text for c in line) for line in lines]
    return lines[said.index("Sources") + 1 : -1]


@pytest.mark.parametrize("style", ["default", "print"])
def test_the_sources_list_hangs_its_lines_under_the_text_not_the_number(
    style: str, tmp_path: Path
) -> None:
    target = tmp_path / "x.pdf"
    build(SHIPPED, output=target, style=style)
    lines = source_lines(read_page(target))
    numbered = [line for line in lines if line[0].text == "["]
    assert len(numbered) == 17
    assert len({round(line[0].left, 1) for line in numbered}) == 1, "numbers at the edge"
    label = numbered[0][0].left
    # Where each entry's text starts after its number: one x for the whole list...
    starts = [next(c for c in line if c.left > line[0].left + 12).left for line in numbered]
    indent = starts[-1]  # "[17]" is the widest number
    assert indent > label + 12
    assert all(abs(x - indent) < 1.5 for x in starts)
    # ...and every line an entry wraps to starts there too, never back under its number.
    wrapped = [line[0].left for line in lines if line[0].text != "["]
    assert wrapped and all(abs(x - indent) < 1.5 for x in wrapped)


def test_a_url_breaks_after_its_punctuation_and_never_after_its_scheme() -> None:
    def measure(text: str, _run: Run) -> float:
        return 5.0 * len(text)

    url = "https://en.sputniknews.africa/20251024/1079858882.html?page=2&lang=en"
    for width in range(60, 400, 7):
        lines = break_lines([Run("See " + url, breaks_after=URL_BREAKS)], width, measure)
        texts = ["".join(piece.text for piece in line) for line in lines]
        assert "".join(texts).replace(" ", "") == "See" + url
        for text in texts[:-1]:
            # A line broken at a space keeps it (at no width); one broken in the URL does not.
            assert text == "See " or text.endswith(tuple(URL_BREAKS)), (width, texts)
            assert not text.endswith("://"), (width, texts)


def test_a_line_broken_at_a_space_keeps_it_for_readers_at_no_width() -> None:
    def measure(text: str, _run: Run) -> float:
        return 5.0 * len(text)

    lines = break_lines([Run("its territory was declared")], 50, measure)
    assert ["".join(p.text for p in line) for line in lines] == [
        "its ",
        "territory ",
        "was ",
        "declared",
    ]
    for line in lines[:-1]:
        assert line[-1].text == " " and line[-1].width == 0.0
        assert line[-1].run is line[-2].run  # no run, link or tag of its own


def test_a_url_longer_than_the_line_is_cut_anywhere_as_a_last_resort() -> None:
    def measure(text: str, _run: Run) -> float:
        return 5.0 * len(text)

    url = "https://example.org/" + "a" * 100
    lines = break_lines([Run(url, breaks_after=URL_BREAKS)], 100, measure)
    texts = ["".join(piece.text for piece in line) for line in lines]
    assert texts[0] == "https://example.org/" and all(len(t) <= 20 for t in texts)
    assert "".join(texts) == url


def test_sources_are_cited_in_one_style() -> None:
    words = wording_for("en")
    entry = SourceEntry(
        1,
        "s",
        "Hard nut to crack",
        "Sputnik Africa",
        "Russian state",
        "24 Oct 2025",
        "https://example.org/a",
        "accessed 30 Nov 2026",
        None,
        "Excerpt.",
    )
    runs = source_runs(entry, "#000000", words)
    assert (runs[0].text, runs[0].face) == ("Sputnik Africa", "italic")
    said = "".join(run.text for run in runs)
    assert said == (
        "Sputnik Africa (Owner:\u00a0Russian state). \u201cHard nut to crack\u201d. "
        "24\u00a0Oct\u00a02025. https://example.org/a (accessed\u00a030\u00a0Nov\u00a02026). "
        "Excerpt."
    )
    supplied = source_runs(
        SourceEntry(2, "t", "[Kyodo report]", None, None, None, None, None, None, None),
        "#000000",
        words,
    )
    assert "".join(run.text for run in supplied) == "[Kyodo report]. n.d. "


# --- fallback fonts ----------------------------------------------------------------------------


def japanese_briefing(folder: Path) -> Path:
    copy_briefing(VALID, folder)
    facts = folder / "shipping.yaml"
    text = facts.read_text(encoding="utf-8")
    text = text.replace("text: Ships from", f"text: Ships to {PLACES} and from")
    facts.write_text(text, "utf-8")
    briefing = folder / "briefing.yaml"
    text = briefing.read_text(encoding="utf-8")
    briefing.write_text(text.replace("Shipping and ports", f"Ports near {PLACES}"), "utf-8")
    return folder


def fallback_style(folder: Path, font: Path) -> Path:
    text = (STYLES / "default.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "  italic: DejaVuSansCondensed-Oblique.ttf\n",
        f"  italic: DejaVuSansCondensed-Oblique.ttf\n  fallback: [{font.name}]\n",
    )
    path = folder / "cjk.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_and_build_agree_on_what_a_fallback_can_draw(tmp_path: Path) -> None:
    folder = japanese_briefing(tmp_path / "brief")
    missing = [d for d in validate([folder]).diagnostics if d.code == "FS601"]
    assert {d.message[:6] for d in missing} == {f"U+{ord(c):04X}" for c in "北方領土歯舞"}
    partial = fallback_style(tmp_path, truetype_font(tmp_path / "some.ttf", "北方領土"))
    left = {(d.code, d.message[:6]) for d in validate([folder], style=partial).diagnostics}
    assert left == {("FS601", f"U+{ord(c):04X}") for c in "歯舞"}, "FS601 only for those"
    with pytest.raises(InvalidData, match="error"):
        build(folder, output=tmp_path / "no.pdf", style=partial)
    style = fallback_style(tmp_path, truetype_font(tmp_path / "all.ttf", JAPANESE))
    assert validate([folder], style=style).diagnostics == []


def test_a_fallback_glyph_is_drawn_at_the_same_size_and_baseline_and_embedded(
    tmp_path: Path,
) -> None:
    folder = japanese_briefing(tmp_path / "brief")
    style = fallback_style(tmp_path, truetype_font(tmp_path / "all.ttf", JAPANESE))
    target = tmp_path / "x.pdf"
    build(folder, output=target, style=str(style))
    page = read_page(target)
    text = page.text()
    for at in (index for index, char in enumerate(text) if char == "北"):
        before, place = page.chars[at - 2], page.chars[at]  # "(" or "o", then 北
        assert place.font.endswith("MadeFallback")
        assert not before.font.endswith("MadeFallback")
        assert place.size == before.size
        assert place.baseline == pytest.approx(before.baseline)
    assert "".join(PLACES.split()) in "".join(text.split())
    assert check_pdf(target) == []  # embedded, with a ToUnicode map for every code shown
    with pikepdf.open(target) as pdf:
        fonts = pdf.pages[0].Resources.Font
        made = [f for f in fonts.values() if str(f.BaseFont).endswith("MadeFallback")]
        assert made and all("/FontFile2" in f.FontDescriptor for f in made)


def test_a_cff_fallback_is_refused_with_a_reason(tmp_path: Path) -> None:
    style = fallback_style(tmp_path, cff_font(tmp_path / "cjk.otf"))
    [problem] = validate([VALID], style=style).diagnostics
    assert problem.code == "FS602"
    assert "CFF" in problem.message and "cjk.otf" in problem.message
    line = style.read_text().splitlines().index("  fallback: [cjk.otf]") + 1
    assert problem.location.line == line


@pytest.mark.parametrize(
    ("language", "day", "said"),
    [
        ("en", Day(2026, 11, 30), "checked 30 November 2026"),
        ("fr", Day(2026, 11, 30), "vérifié le 30 novembre 2026"),
        ("fr", Day(2025, 10), "vérifié en octobre 2025"),
        ("de", Day(2025, 10), "geprüft im Oktober 2025"),
        ("de", Day(2025), "geprüft 2025"),
        ("es", Day(2026, 11, 30), "verificado el 30 de noviembre de 2026"),
        ("ru", Day(2025, 10), "проверено: октябрь 2025"),
    ],
)
def test_a_date_after_checked_takes_the_words_its_precision_needs(
    language: str, day: Day, said: str
) -> None:
    words = wording_for(language)
    assert words.when(words.checked, day) == said
