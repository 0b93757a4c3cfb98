"""Line breaking, column packing and timeline placement, checked on their own."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth

from factsheet.collector import Collector
from factsheet.edtf import Day
from factsheet.render.content import Milestone
from factsheet.render.fonts import FaceNames, register_style_fonts
from factsheet.render.packing import overflow, pack
from factsheet.render.text import Run, TextBlock, TextStyle
from factsheet.render.timeline import _positions
from factsheet.styles import load_style


def faces() -> FaceNames:
    style = load_style("default", Collector().scope("style"))
    assert style is not None
    return register_style_fonts(style)


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
    columns = pack(blocks, 2, 400)
    assert columns is not None
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
def test_overflow_is_zero_exactly_when_pack_succeeds(
    heights: list[float], columns: int, height: float
) -> None:
    blocks = [Box(h) for h in heights]
    placed = pack(blocks, columns, height)
    assert (placed is None) == (overflow(blocks, columns, height) > 0)


days = st.builds(Day, st.integers(min_value=1, max_value=2025), st.none(), st.none())


@given(st.lists(days, min_size=1, max_size=7), st.floats(min_value=300, max_value=600))
def test_timeline_slots_never_overlap_or_leave_the_page(dates: list[Day], width: float) -> None:
    milestones = tuple(
        Milestone(d, d, str(d.year), "caption") for d in sorted(dates, key=lambda day: day.year)
    )
    slot = width / len(milestones)
    positions = _positions(milestones, width, slot)
    assert positions[0] - slot / 2 >= -1e-6
    assert positions[-1] + slot / 2 <= width + 1e-6
    for left, right in pairwise(positions):
        assert right - left >= slot - 1e-6
