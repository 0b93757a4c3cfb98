"""Issue 13: a page that looks finished. Each point is read back from the built PDF.

The page fills (the largest body size up to the style's max_body, the columns ending near
the footer), its ink stays inside the margins in both styles on both papers, the timeline's
heading is a section heading, captions take at most three lines, the footer says when the
sources were checked (never when the file was made) and repeats the audience marking, a
section can keep its facts as written, and an obviously overfull page fails at once.
"""

from __future__ import annotations

import re
import time
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest
from reportlab.lib.units import mm

from conftest import BASE, SHIPPED, STYLES, VALID, copy_briefing, run_cli
from factsheet import build
from factsheet.collector import Collector
from factsheet.edtf import Day
from factsheet.errors import InvalidData
from factsheet.render import layout
from factsheet.render.breaking import break_lines
from factsheet.render.fonts import register_style_fonts
from factsheet.render.layout import DoesNotFit, fit
from factsheet.render.text import Run
from factsheet.render.timeline import ELLIPSIS, MAX_CAPTION_LINES, measure_timeline
from factsheet.styles import Style, load_style
from factsheet.wording import wording_for
from page_reading import Page, read_page
from test_build import add_facts
from test_layout import sample_content
from test_tagged_pdf import tagged

PAPERS = ["a4", "letter"]
STYLE_NAMES = ["default", "print"]


def style_named(name: str | Path) -> Style:
    style = load_style(name, Collector().scope("style"))
    assert style is not None
    return style


def built(folder: Path, target: Path, **options: str) -> Page:
    build(folder, output=target, **options)
    return read_page(target)


def write_style(folder: Path, *replacements: tuple[str, str]) -> Path:
    text = (STYLES / "default.yaml").read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = folder / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def shipped_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Page]:
    root = tmp_path_factory.mktemp("shipped")
    return {
        (style, paper): built(SHIPPED, root / f"{style}-{paper}.pdf", style=style, paper=paper)
        for style in STYLE_NAMES
        for paper in PAPERS
    }


# --- margins -----------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("style", STYLE_NAMES)
@pytest.mark.parametrize("briefing", ["shipped", "short", "long"])
def test_every_glyph_stays_inside_the_margins(
    briefing: str, style: str, paper: str, tmp_path: Path
) -> None:
    folder = {"shipped": SHIPPED, "short": VALID}.get(briefing)
    if folder is None:
        folder = copy_briefing(VALID, tmp_path / "long")
        add_facts(folder, 12, 30)
    page = built(folder, tmp_path / "page.pdf", style=style, paper=paper)
    margins = style_named(style).spec.margins_mm
    left, right = margins.left * mm, page.width - margins.right * mm
    bottom, top = margins.bottom * mm, page.height - margins.top * mm
    outside = [
        (c.text, round(c.left), round(c.bottom), round(c.right), round(c.top))
        for c in page.inked()
        if c.left < left - 0.5
        or c.right > right + 0.5
        or c.bottom < bottom - 0.5
        or c.top > top + 0.5
    ]
    assert outside == []
    # The title is set at the top margin (not half a centimetre from the edge), and the
    # footer rests on the bottom one.
    assert max(c.top for c in page.inked()) > top - 3 * mm
    assert min(c.bottom for c in page.inked()) < bottom + 2 * mm


# --- filling the page ------------------------------------------------------------------------


def column_bottoms(page: Page) -> tuple[float, float]:
    """The lowest ink of the columns (the lines above the footer's), and the footer's top."""
    lines = page.lines()
    footer = lines[-1]
    assert any("checked" in "".join(c.text for c in line) for line in lines[-2:])
    above = [c for line in lines[:-1] for c in line if c.bottom > max(x.top for x in footer)]
    return min(c.bottom for c in above), max(c.top for c in footer)


@pytest.mark.parametrize("extra", [6, 10, 14])
def test_a_briefing_with_room_fills_the_page_down_to_the_footer(extra: int, tmp_path: Path) -> None:
    folder = copy_briefing(VALID, tmp_path / "brief")
    add_facts(folder, extra, 30)
    result = run_cli("build", str(folder), "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 0, result.output
    body = float(re.search(r"body ([\d.]+) pt", result.output).group(1))  # type: ignore[union-attr]
    assert body < 11, "this briefing needs less than the largest size"
    lowest, footer = column_bottoms(read_page(tmp_path / "x.pdf"))
    assert lowest - footer < 15 * mm


def test_a_short_briefing_is_set_at_the_largest_size_with_its_room_shared_out(
    tmp_path: Path,
) -> None:
    result = run_cli("build", str(VALID), "-o", str(tmp_path / "x.pdf"))
    assert "body 11 pt" in result.output
    page = read_page(tmp_path / "x.pdf")
    fact = next(c for c in page.inked() if c.text == "W")  # "War-risk insurance"
    assert fact.size == 11
    # Gaps between lines grew, but none became a hole: between any two lines of a column
    # there is at most about three lines' space.
    middle = page.width / 2
    for left in (True, False):
        lines = [[c for c in line if (c.left < middle) == left] for line in page.lines()]
        tops = [(max(c.top for c in line), min(c.bottom for c in line)) for line in lines if line]
        holes = [upper[1] - lower[0] for upper, lower in pairwise(tops)]
        assert max(holes[1:-1]) < 3 * 11 * 1.45


def test_the_shipped_briefing_fills_both_columns_on_every_paper(
    shipped_pages: dict[tuple[str, str], Page],
) -> None:
    for key, page in shipped_pages.items():
        lowest, footer = column_bottoms(page)
        assert lowest - footer < 15 * mm, key


def test_loosening_and_spreading_never_overflow_the_room() -> None:
    style = style_named("default")
    for facts in range(1, 20):
        fitted = fit(sample_content(facts), style, "a4")
        room = fitted.column_top - fitted.geometry.bottom - fitted.footer.height
        for column in fitted.columns:
            items = [fitted.items[i] for i in column]
            gaps = [fitted.items[i].space_before + fitted.extra[i] for i in column[1:]]
            assert sum(item.height for item in items) + sum(gaps) <= room + 1e-6, facts


# --- header, timeline heading, captions --------------------------------------------------------


def test_the_header_line_has_its_own_size_and_the_timeline_heading_a_section_headings(
    tmp_path: Path,
) -> None:
    style = write_style(tmp_path, ("dateline: 8.3", "dateline: 9.5"))
    page = built(VALID, tmp_path / "x.pdf", style=str(style))
    text = page.text()
    as_of = page.chars[text.index("As of")]
    assert as_of.size == pytest.approx(9.5)
    key_dates = page.chars[text.index("Key dates")]
    background = page.chars[text.index("Background")]
    assert (key_dates.size, key_dates.font) == (background.size, background.font)


def test_a_caption_takes_at_most_three_lines() -> None:
    style = style_named("default")
    faces = register_style_fonts(style)
    words = wording_for("en")
    short = "Talks resume after a pause of several years between the two sides here"  # 72
    long = "A caption that is the whole text of a key fact, " * 4  # 196: FS211's
    content = sample_content(1)
    milestones = tuple(
        replace(
            content.milestones[0],
            start=Day(2000 + n),
            end=Day(2000 + n),
            caption=text,
            labelled=labelled,
        )
        for n, (text, labelled) in enumerate(
            [(short, True), (long, False), (short, False), ("W" * 60, True)] * 2
        )
    )
    timeline = measure_timeline(milestones, 520, (12, 7.6), style, faces, words)
    assert timeline is not None
    assert all(len(c.lines) <= MAX_CAPTION_LINES for c in timeline.captions)
    printed = ["".join(p.text for line in c.lines for p in line) for c in timeline.captions]
    assert printed[1].endswith(ELLIPSIS), "the long text is cut, with an ellipsis"
    assert timeline.captions[0].style.size >= 6
    # The text alternative keeps every caption whole.
    assert "".join(long.split()) in "".join(timeline.alt().split())


# --- the footer ----------------------------------------------------------------------------------


def test_checked_is_the_last_access_date_or_as_of_if_later(tmp_path: Path) -> None:
    folder = copy_briefing(VALID, tmp_path / "brief")
    page = built(folder, tmp_path / "a.pdf")
    assert "checked October 2025" in page.text()  # accessed 2025-10, after as_of 2025-10-24
    briefing = folder / "briefing.yaml"
    briefing.write_text(briefing.read_text().replace("as_of: 2025-10-24", "as_of: 2025-12-01"))
    assert "checked 1 December 2025" in built(folder, tmp_path / "b.pdf").text()


def test_the_marking_is_repeated_in_the_footer_as_content(tmp_path: Path) -> None:
    target = tmp_path / "x.pdf"
    page = built(VALID, target)
    footer = page.lines()[-1]
    assert "PUBLIC" in "".join(c.text for c in footer)
    marking = [c for c in footer if c.text in "PUBLIC"]
    middle = (min(c.left for c in marking) + max(c.right for c in marking)) / 2
    assert abs(middle - page.width / 2) < 1
    paragraphs = [e for e in tagged(target.read_bytes()) if e.role == "P"]
    assert paragraphs[-1].text == "PUBLIC"
    assert paragraphs[-1].y < 15 * mm


def test_the_credit_can_be_turned_off(tmp_path: Path) -> None:
    style = write_style(tmp_path, ("columns: 2\n", "columns: 2\nfooter:\n  credit: false\n"))
    assert "factsheet" not in built(VALID, tmp_path / "x.pdf", style=str(style)).text()
    assert "factsheet 0" in built(VALID, tmp_path / "y.pdf").text()


# --- order ---------------------------------------------------------------------------------------


def test_a_section_may_keep_its_facts_as_written(tmp_path: Path) -> None:
    folder = copy_briefing(BASE, tmp_path / "brief")
    facts = "".join(
        f"  - id: f{n}\n    section: main\n    date: {year}\n    text: Fact {n} of {year}.\n"
        "    cite:\n      - source: agency\n"
        for n, year in enumerate([2024, 2019, 2022])
    )
    (folder / "facts.yaml").write_text(f"facts:\n{facts}", encoding="utf-8")
    by_date = built(folder, tmp_path / "a.pdf").text()
    assert by_date.index("2019") < by_date.index("2022") < by_date.index("Fact 0")
    briefing = folder / "briefing.yaml"
    briefing.write_text(briefing.read_text() + "    order: as_written\n", encoding="utf-8")
    written = built(folder, tmp_path / "b.pdf").text()
    assert written.index("Fact 0") < written.index("Fact 1") < written.index("Fact 2")


# --- cost ----------------------------------------------------------------------------------------


def test_an_obviously_overfull_page_fails_before_it_is_laid_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def laid_out(*args: object) -> None:
        raise AssertionError("the page was laid out")

    monkeypatch.setattr(layout, "flow_items", laid_out)
    with pytest.raises(DoesNotFit) as refused:
        fit(sample_content(400), style_named("default"), "a4")
    assert refused.value.over_mm > 100


def test_thousands_of_long_words_reach_fs701_in_seconds(tmp_path: Path) -> None:
    folder = copy_briefing(BASE, tmp_path / "brief")
    for number in range(38):
        facts = "".join(
            f"  - {{id: f{number}-{n}, section: main, date: 2025, text: {'W' * 2000}, "
            "cite: [{source: agency}]}\n"
            for n in range(100)
        )
        (folder / f"x{number}.yaml").write_text(f"facts:\n{facts}", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(InvalidData) as refused:
        build(folder, output=tmp_path / "x.pdf")
    assert [d.code for d in refused.value.diagnostics] == ["FS701"]
    assert time.perf_counter() - started < 10


def test_a_long_word_is_split_with_few_measurements() -> None:
    calls = 0

    def measure(text: str, run: Run) -> float:
        nonlocal calls
        calls += 1
        return len(text) * 5.0

    lines = break_lines([Run("x" * 100_000)], 100.0, measure)
    assert len(lines) == 5000 and all(len(line[0].text) == 20 for line in lines)
    # A doubling, then a binary search: about 2 log2(20) measurements a line, where one
    # character at a time took 21.
    assert calls <= 12 * len(lines), f"{calls} measurements"
