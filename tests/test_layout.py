"""Line breaking, column packing, timeline placement and fitting, checked on their own."""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import BytesIO
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from factsheet.collector import Collector
from factsheet.edtf import Day
from factsheet.render import (
    estimate,
    flow,
    fonts,
    footer,
    layout,
    metadata,
    packing,
    page,
    text,
    timeline,
)
from factsheet.render.content import (
    Citation,
    FactLine,
    Milestone,
    PageContent,
    SectionContent,
    SourceEntry,
)
from factsheet.render.fonts import FaceNames, register_style_fonts
from factsheet.render.packing import balance, overflow
from factsheet.render.text import Run, TextBlock, TextStyle
from factsheet.render.timeline import _positions, _true_positions
from factsheet.styles import Style, load_style


def default_style() -> Style:
    style = load_style("default", Collector().scope("style"))
    assert style is not None
    return style


def faces() -> FaceNames:
    return register_style_fonts(default_style())


def sample_content(facts: int) -> PageContent:
    """One section of ``facts`` alike facts, one source, two key dates."""
    return PageContent(
        briefing_id="sample",
        title="A title",
        subtitle="A subtitle",
        as_of="24 October 2025",
        author="Desk",
        audience="internal",
        language="en",
        sections=(
            SectionContent(
                "one",
                "One",
                tuple(
                    FactLine(f"f{i}", "2023", "Some words here " * 10, (Citation(1),))
                    for i in range(facts)
                ),
            ),
        ),
        sources=(
            SourceEntry(
                1,
                "s",
                "Title",
                "Publisher",
                None,
                "1 Jan 2025",
                "https://example.org/a",
                "2 Jan 2025",
                None,
                None,
            ),
        ),
        milestones=(
            Milestone(Day(1956), Day(1956), "1956", "Declaration"),
            Milestone(Day(2018, 11, 14), Day(2018, 11, 14), "14 Nov 2018", "Talks"),
        ),
        checked="24 October 2025",
        fact_count=facts,
    )


def line_widths(block: TextBlock) -> list[float]:
    return [sum(piece.width for piece in line) for line in block.lines]


words = st.text(
    alphabet=st.characters(
        min_codepoint=0x21, max_codepoint=0x24F, blacklist_categories=("Zs", "Cc", "Cs", "Zl", "Zp")
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(words, min_size=1, max_size=40), st.floats(min_value=20, max_value=300))
def test_lines_never_exceed_the_width(parts: list[str], width: float) -> None:
    names = faces()
    block = TextBlock([Run(" ".join(parts))], TextStyle(names, 9, 1.25, "#000000"), width)
    assert all(w <= width + 1e-6 for w in line_widths(block))
    # Nothing is dropped: the text that is set equals the text given, spaces aside.
    set_text = "".join(piece.text for line in block.lines for piece in line)
    # Soft hyphens are typesetting hints and are dropped; nothing else is.
    assert set_text.replace(" ", "") == "".join(parts).replace("\u00ad", "")


def test_no_break_space_keeps_citation_with_its_word() -> None:
    names = faces()
    style = TextStyle(names, 10, 1.25, "#000000")
    text = "alpha beta gamma delta"
    width = stringWidth(text, names.regular, 10) + 2
    runs = [Run(text), Run("\u00a0"), Run("[1]", link="#source-1")]
    block = TextBlock(runs, style, width)
    last = block.lines[-1]
    assert last[-1].text == "[1]"
    assert len(last) > 2, "the citation travels with the last word, not alone"


def test_a_word_wider_than_the_line_is_split_not_clipped() -> None:
    names = faces()
    word = "x" * 200
    block = TextBlock([Run(word)], TextStyle(names, 10, 1.25, "#000000"), 60)
    assert len(block.lines) > 5
    assert "".join(p.text for line in block.lines for p in line) == word
    assert all(w <= 60 for w in line_widths(block))
    assert block.height == len(block.lines) * 10 * 1.25


@dataclass
class Box:
    height: float
    space_before: float = 4.0
    keep_with_next: bool = False


def test_packing_balances_columns_and_keeps_headings_with_the_next_block() -> None:
    blocks = [
        Box(10, keep_with_next=True),
        *[Box(20) for _ in range(5)],
        Box(10, keep_with_next=True),
        *[Box(20) for _ in range(5)],
    ]
    assert overflow(blocks, 2, 400) == 0
    columns = balance(blocks, 2, 400)
    assert sorted(i for column in columns for i in column) == list(range(len(blocks)))
    for column in columns:
        assert not blocks[column[-1]].keep_with_next, "a heading never ends a column"
    heights = [sum(blocks[i].height for i in column) for column in columns]
    assert abs(heights[0] - heights[1]) <= 30


@given(
    st.lists(st.floats(min_value=1, max_value=100), min_size=1, max_size=60),
    st.integers(min_value=1, max_value=3),
    st.floats(min_value=50, max_value=500),
)
def test_when_nothing_overflows_balanced_columns_hold_every_block_within_the_height(
    heights: list[float], columns: int, height: float
) -> None:
    blocks = [Box(h) for h in heights]
    assume(overflow(blocks, columns, height) == 0)
    placed = balance(blocks, columns, height)
    assert [i for column in placed for i in column] == list(range(len(blocks)))
    for column in placed:
        if column:
            used = sum(blocks[i].height + blocks[i].space_before for i in column)
            assert used - blocks[column[0]].space_before <= height + 1e-6


days = st.builds(Day, st.integers(min_value=1, max_value=2025), st.none(), st.none())


@given(st.lists(days, min_size=1, max_size=7), st.floats(min_value=300, max_value=600))
def test_timeline_slots_never_overlap_or_leave_the_page(dates: list[Day], width: float) -> None:
    milestones = tuple(
        Milestone(d, d, str(d.year), "caption") for d in sorted(dates, key=lambda day: day.year)
    )
    slot = width / len(milestones)
    positions = _positions(_true_positions(milestones, width, slot), width, slot)
    assert positions[0] - slot / 2 >= -1e-6
    assert positions[-1] + slot / 2 <= width + 1e-6
    for left, right in pairwise(positions):
        assert right - left >= slot - 1e-6


def test_fit_measures_each_size_once_and_balances_only_the_size_it_keeps(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: dict[str, list[tuple[Any, ...]]] = {}

    def record(name: str) -> None:
        function = getattr(layout, name)

        def recorded(*args: Any) -> Any:
            calls.setdefault(name, []).append(args)
            return function(*args)

        monkeypatch.setattr(layout, name, recorded)

    for name in ("register_style_fonts", "PageGeometry", "_header", "flow_items", "balance"):
        record(name)
    # 24 facts overflow at the style's 10 pt, so fit searches down the sizes.
    fitted = layout.fit(sample_content(24), default_style(), "a4")
    tried = [sizes.body for (_content, _style, _faces, sizes, _width) in calls["flow_items"]]
    assert len(tried) > 2 and fitted.sizes.body < tried[0]
    assert len(set(tried)) == len(tried), f"a size was measured twice: {tried}"
    for name in ("register_style_fonts", "PageGeometry", "_header", "balance"):
        assert len(calls[name]) == 1, name


def test_draw_paints_the_layout_without_measuring_anything(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    content, style = sample_content(24), default_style()
    fitted = layout.fit(content, style, "a4")
    expected = page.draw(content, fitted, style, "a4", 0)

    def measuring(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("draw measured or laid out something")

    steps = [
        *("register_style_fonts", "flow_items", "measure_timeline", "overflow", "balance"),
        *("measure_footer", "spread", "lower_bound_over", "break_lines", "_header"),
    ]
    for module in (layout, page, flow, fonts, packing, timeline, footer, estimate, text):
        for name in (*steps, "PageGeometry"):
            if hasattr(module, name):
                monkeypatch.setattr(module, name, measuring)
    assert page.draw(content, fitted, style, "a4", 0) == expected


def test_the_creation_date_is_spelled_as_reportlab_spells_source_date_epoch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def creation_date(canvas: Canvas) -> bytes:
        found = re.search(rb"/CreationDate \(([^)]*)\)", canvas.getpdfdata())
        assert found is not None
        return found.group(1)

    for epoch in (0, 1761264000, -62135596800, 253402300799):  # 1970, 2025, year 1, 9999
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
        own = creation_date(Canvas(BytesIO(), invariant=1))
        monkeypatch.delenv("SOURCE_DATE_EPOCH")
        canvas = Canvas(BytesIO(), invariant=1)
        canvas.setDateFormatter(metadata.creation_date(epoch))
        assert creation_date(canvas) == own


def test_the_renderer_knows_a_size_for_every_paper_the_command_accepts() -> None:
    from factsheet.choices import PAPERS
    from factsheet.render import layout

    assert set(layout.PAPERS) == set(PAPERS)
