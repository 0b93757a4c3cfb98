"""The pieces under the checks: EDTF dates, quote normalisation, URLs and font coverage."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFontFile

from factsheet.collector import Collector
from factsheet.edtf import (
    Day,
    EdtfError,
    Interval,
    end_of,
    is_after,
    parse_day,
    parse_edtf,
    sort_key,
    start_of,
)
from factsheet.font_coverage import FontError, coverage
from factsheet.snapshots import fold, fold_quote
from factsheet.styles import FONTS_DIR, load_style
from factsheet.urls import url_problem
from factsheet.wording import wording_for

# EDTF level 0


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("1956", Day(1956), 1),
        ("1956-10", Day(1956, 10), 2),
        ("1956-10-19", Day(1956, 10, 19), 3),
        ("2024-02-29", Day(2024, 2, 29), 3),
        ("2000-02-29", Day(2000, 2, 29), 3),
    ],
)
def test_a_date_keeps_its_precision(text: str, expected: Day, precision: int) -> None:
    parsed = parse_edtf(text)
    assert parsed == expected
    assert isinstance(parsed, Day) and parsed.precision == precision
    assert str(parsed) == text  # 1956 never becomes 1956-01-01


def test_a_year_spans_the_whole_year() -> None:
    year = parse_day("1956")
    assert (year.first(), year.last()) == (date(1956, 1, 1), date(1956, 12, 31))
    assert parse_day("2024-02").last() == date(2024, 2, 29)
    english = wording_for("en")
    assert english.day(year) == "1956"
    assert english.day(parse_day("1956-10")) == "October 1956"
    assert english.day(parse_day("1956-10-19"), short=True) == "19 Oct 1956"


def test_an_interval_keeps_both_ends() -> None:
    interval = parse_edtf("2016/2018-05")
    assert interval == Interval(Day(2016), Day(2018, 5))
    assert (start_of(interval), end_of(interval)) == (Day(2016), Day(2018, 5))
    assert str(interval) == "2016/2018-05"


@pytest.mark.parametrize(
    "text",
    [
        "2025-02-30",
        "2025-02-29",
        "1900-02-29",
        "2025-13",
        "2025-00",
        "2025-04-31",
        "0000-01-01",
        "1956-1-5",
        "56",
        "19561",
        "",
        "2016/",
        "/2018",
        "2016/2017/2018",
        "19 October 1956",
        "1956-10-19T10:00:00",
        "٢٠٢٥",  # Arabic-Indic digits are digits to Python's \d, not to EDTF
        "-500",
    ],
)
def test_not_a_date(text: str) -> None:
    with pytest.raises(EdtfError) as caught:
        parse_edtf(text)
    assert not caught.value.reversed_interval


@pytest.mark.parametrize("text", ["2018/2016", "2016-05-10/2016-05-09", "2016-06/2016-05-31"])
def test_an_interval_that_ends_before_it_starts(text: str) -> None:
    with pytest.raises(EdtfError) as caught:
        parse_edtf(text)
    assert caught.value.reversed_interval


@pytest.mark.parametrize(
    "text", ["2016/2016", "2016-05/2016", "2016/2016-01-01", "2016-05/2016-05-01"]
)
def test_an_interval_whose_ends_meet_at_the_coarser_precision_is_fine(text: str) -> None:
    assert isinstance(parse_edtf(text), Interval)


@pytest.mark.parametrize(
    ("value", "reference", "after"),
    [
        ("2025-10", "2025-10-24", False),  # the issue's own example
        ("2025", "2025-10-24", False),
        ("2025-10-24", "2025-10", False),
        ("2025-10-25", "2025-10-24", True),
        ("2025-11", "2025-10-24", True),
        ("2026", "2025-12-31", True),
        ("2016/2030", "2020", False),  # an interval counts from its start
        ("2021/2022", "2020-12-31", True),
    ],
)
def test_is_after_compares_at_the_coarser_precision(
    value: str, reference: str, after: bool
) -> None:
    assert is_after(parse_edtf(value), parse_day(reference)) is after


def test_a_year_sorts_before_the_months_in_it() -> None:
    dates = [parse_edtf(t) for t in ("1956-10-19", "1956", "1951", "1956-10", "2016/2018")]
    assert [str(d) for d in sorted(dates, key=sort_key)] == [
        "1951",
        "1956",
        "1956-10",
        "1956-10-19",
        "2016/2018",
    ]


# Quotes


@pytest.mark.parametrize(
    ("quote", "snapshot"),
    [
        ('It\'s a "record"', "It’s a “record”"),
        ("talks - and then", "talks – and then"),
        ("talks - and then", "talks — and then"),
        ("“not a partner”", "Russia was not a partner for talks"),
        ("'not a partner'", "Russia was not a partner for talks"),
        ("«not a partner»", "Russia was not a partner for talks"),
        ("a fallback route", "a fallback\n   route"),
        ("Tōkyō", "To\u0304kyo\u0304"),  # composed and decomposed ō
        ("a\u00a0b", "a b"),  # no-break space is whitespace
        ('"left" and "right"', 'he said "left" and "right" twice'),
    ],
)
def test_quotes_that_match_their_snapshot(quote: str, snapshot: str) -> None:
    assert fold_quote(quote) in fold(snapshot)


@pytest.mark.parametrize(
    ("quote", "snapshot"),
    [
        ("Not a partner", "not a partner"),  # case matters
        ("not a partner.", "not a partner"),
        ("not  partner", "not a partner"),
        ("“not a partner", "not a partner"),  # an opening mark alone is part of the quote
    ],
)
def test_quotes_that_do_not_match_their_snapshot(quote: str, snapshot: str) -> None:
    assert fold_quote(quote) not in fold(snapshot)


def test_fold_quote_folds_marks_and_strips_enclosing_ones() -> None:
    assert fold_quote("  “He said ‘no’ — twice”  ") == "He said 'no' - twice"
    assert fold_quote("\"'nested'\"") == "nested"


# URLs


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org",
        "https://example.org/path?q=1#frag",
        "http://news.example.com:8080/story",
        "HTTPS://EXAMPLE.ORG/",
        "https://web.archive.org/web/2025/https://example.org/x",
        "https://пример.рф/статья",  # an internationalised host name
        "https://xn--e1afmkfd.xn--p1ai/",
        "http://192.0.2.1/",
        "http://[2001:db8::1]:8080/",
    ],
)
def test_urls_that_are_fine(url: str) -> None:
    assert url_problem(url) is None


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("javascript:alert(1)", "'javascript'"),
        ("JavaScript:alert(1)", "'javascript'"),
        ("file:///etc/passwd", "'file'"),
        ("data:text/html;base64,PHNjcmlwdD4=", "'data'"),
        ("ftp://example.org/file", "'ftp'"),
        ("example.org/page", "no scheme"),
        ("//example.org/page", "no scheme"),
        ("https://", "host"),
        ("https:///path", "host"),
        ("https:example.org", "host"),
        ("https://exa_mple.org/", "host"),
        ("https://-example.org/", "host"),
        ("https://example..org/", "host"),
        ("https://exa mple.org/", "spaces"),
        ("https://example.org/\x07", "control"),
        ("https://example.org\\@evil.test/", "backslash"),
        ("https://user:secret@example.org/", "user name"),
        ("https://example.org@evil.test/", "user name"),
        ("https://example.org:99999/", "malformed"),
        ("https://example.org:0/", "port 0"),
        ("http://[::1/", "malformed"),
    ],
)
def test_urls_that_are_refused(url: str, says: str) -> None:
    problem = url_problem(url)
    assert problem is not None and says in problem


# Fonts


SANS = FONTS_DIR / "DejaVuSansCondensed.ttf"


def test_the_shipped_sans_draws_the_scripts_briefings_use() -> None:
    covered = coverage(SANS)
    for char in "AzЯжΩωōłŁ–—“”’€":
        assert ord(char) in covered, char
    for char in "東京\U0001f600\U0001f680":  # CJK and emoji are not in the shipped cut
        assert ord(char) not in covered, char


def test_the_default_style_covers_what_all_its_faces_cover() -> None:
    problems = Collector().scope("style")
    style = load_style(None, problems)
    assert style is not None and problems.items == []
    covered = style.covered()
    faces = [coverage(path) for path in style.font_files.values()]
    assert covered == frozenset.intersection(*faces)
    assert {ord("Я"), ord("Ω"), ord("ō"), ord("ł")} <= covered
    assert 0x6771 not in covered


@pytest.mark.parametrize("path", sorted(FONTS_DIR.glob("*.ttf")), ids=lambda path: path.name)
def test_coverage_agrees_with_reportlab(path: Path) -> None:
    mapped = {code for code, glyph in TTFontFile(str(path)).charToGlyph.items() if glyph}
    assert coverage(path) == frozenset(mapped)


def test_what_is_not_a_font_is_a_font_error(tmp_path: Path) -> None:
    cases = {
        "empty.ttf": b"",
        "text.ttf": b"This is a text file pretending to be a font.\n",
        "truncated.ttf": SANS.read_bytes()[:4000],
    }
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
        with pytest.raises(FontError):
            coverage(tmp_path / name)
    with pytest.raises(FontError):
        coverage(tmp_path / "missing.ttf")


@pytest.mark.parametrize("path", sorted(FONTS_DIR.glob("*.ttf")), ids=lambda path: path.name)
def test_the_shipped_fonts_pass_the_full_check_they_are_trusted_to_pass(path: Path) -> None:
    from factsheet.font_coverage import SHIPPED_FONTS, read_font

    assert path.resolve().parent == SHIPPED_FONTS
    data = path.read_bytes()
    assert read_font(data) == read_font(data, trusted=True)
