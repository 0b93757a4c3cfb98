"""The page's own words per language: the table both validate and the renderer read."""

from __future__ import annotations

import pytest

from factsheet.collector import Collector
from factsheet.edtf import Day, Interval
from factsheet.styles import load_style
from factsheet.wording import TABLE, is_known, wording_for


def test_the_primary_subtag_chooses_the_table() -> None:
    assert wording_for("fr-CA").language == "fr"
    assert wording_for("RU").language == "ru"
    assert wording_for("pt-BR").language == "en" and not is_known("pt-BR")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "24 October 2025"),
        ("fr", "24 octobre 2025"),
        ("de", "24. Oktober 2025"),
        ("es", "24 de octubre de 2025"),
        ("ru", "24 октября 2025"),  # the genitive, as a date needs
    ],
)
def test_dates_follow_each_language(language: str, expected: str) -> None:
    assert wording_for(language).day(Day(2025, 10, 24)) == expected


def test_a_month_alone_is_nominative_in_russian() -> None:
    assert wording_for("ru").day(Day(2025, 5)) == "май 2025"
    assert wording_for("ru").day(Day(2025, 5, 9)) == "9 мая 2025"
    assert wording_for("en").day(Day(2025)) == "2025"


def test_short_dates_and_intervals() -> None:
    span = Interval(Day(1945, 8, 28), Day(1945, 9, 5))
    assert wording_for("en").date(span, short=True) == "28 Aug 1945–5 Sep 1945"
    assert wording_for("fr").date(span, short=True) == "28 août 1945–5 sept. 1945"


@pytest.mark.parametrize(
    ("count", "word"),
    [
        (1, "факт"),
        (2, "факта"),
        (4, "факта"),
        (5, "фактов"),
        (11, "фактов"),
        (12, "фактов"),
        (21, "факт"),
        (22, "факта"),
        (111, "фактов"),
    ],
)
def test_russian_counts_follow_its_plural_rule(count: int, word: str) -> None:
    russian = wording_for("ru")
    assert russian.count(count, russian.fact) == f"{count} {word}"


def test_english_and_french_counts() -> None:
    english, french = wording_for("en"), wording_for("fr")
    assert english.count(1, english.source) == "1 source"
    assert english.count(0, english.source) == "0 sources"
    assert french.count(0, french.fact) == "0 fait"  # French counts zero as singular
    assert french.count(2, french.fact) == "2 faits"


@pytest.mark.parametrize("style", ["default", "print"])
@pytest.mark.parametrize("language", sorted(TABLE))
def test_the_shipped_fonts_draw_every_language_of_the_table(style: str, language: str) -> None:
    loaded = load_style(style, Collector().scope("style"))
    assert loaded is not None
    covered = loaded.covered()
    missing = {c for c in TABLE[language].printed_text() if ord(c) not in covered and c != " "}
    assert missing == set()
