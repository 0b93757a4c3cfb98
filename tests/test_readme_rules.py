"""The README's table of rules says what the rule catalogue (factsheet.diagnostics) says.

The table has a row a rule: code, name, severity and what it means. Code, name and severity
must be the catalogue's, in its order. "What it means" may say more than the catalogue's
one-line summary, but it starts with that summary word for word (code spans read as plain
text), so that the two cannot drift apart.
"""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from factsheet.diagnostics import RULES

README = ROOT / "README.md"
HEADING = "## The rules"
ROW = re.compile(r"^\| `(FS\d{3})` \| ([^|]+?) \| ([^|]+?) \| (.+) \|$")


def plain(cell: str) -> str:
    """A Markdown table cell as a reader sees it: no backticks, no escaped pipes."""
    return cell.replace("\\|", "|").replace("`", "").strip()


def readme_rules() -> list[tuple[str, str, str, str]]:
    """(code, name, severity, meaning) for each row of the README's rules table."""
    text = README.read_text(encoding="utf-8")
    assert HEADING in text, f"README.md has no {HEADING!r} section"
    section = text.split(HEADING, 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `FS")]
    parsed = [ROW.match(line) for line in rows]
    unreadable = [line for line, match in zip(rows, parsed, strict=True) if match is None]
    assert unreadable == [], "rows not of the form | `FSnnn` | name | severity | meaning |"
    return [
        (match[1], plain(match[2]), plain(match[3]), plain(match[4]))
        for match in parsed
        if match is not None
    ]


@pytest.fixture(scope="module")
def table() -> list[tuple[str, str, str, str]]:
    rows = readme_rules()
    assert rows, "the README's rules table has no rows"
    return rows


def test_the_table_lists_every_rule_once_in_catalogue_order(
    table: list[tuple[str, str, str, str]],
) -> None:
    codes = [code for code, *_ in table]
    assert sorted(set(RULES) - set(codes)) == [], "rules missing from the README's table"
    assert sorted(set(codes) - set(RULES)) == [], "README rows for rules that do not exist"
    assert len(codes) == len(set(codes)), "a rule has two rows"
    assert codes == list(RULES), "the README lists the rules in another order"


def test_each_row_has_the_catalogue_name_and_severity(
    table: list[tuple[str, str, str, str]],
) -> None:
    differ = [
        f"{code}: README {name} / {severity}, catalogue "
        f"{RULES[code].name} / {RULES[code].severity.value}"
        for code, name, severity, _ in table
        if code in RULES and (name, severity) != (RULES[code].name, RULES[code].severity.value)
    ]
    assert differ == [], "\n".join(differ)


def test_each_meaning_starts_with_the_catalogue_summary(
    table: list[tuple[str, str, str, str]],
) -> None:
    differ = [
        f"{code}:\n  README:    {meaning}\n  catalogue: {RULES[code].summary}"
        for code, _, _, meaning in table
        if code in RULES and not meaning.startswith(RULES[code].summary)
    ]
    assert differ == [], (
        f"{len(differ)} rows of the README's rules table do not start with the catalogue's "
        "summary:\n" + "\n".join(differ)
    )
