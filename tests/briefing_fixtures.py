"""Shared by the validate tests: where the fixtures live and how their expectations read.

Each folder under ``tests/fixtures/invalid/`` is named ``<rule code>-<short name>`` and holds
an ``expected.txt``: one diagnostic a line, ``CODE file:line:column`` (or ``CODE file`` for a
diagnostic about a whole file), with the file relative to the briefing folder. ``#`` starts
a comment line.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from factsheet.diagnostics import Diagnostic

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
VALID = FIXTURES / "valid" / "black-sea-grain"
INVALID = FIXTURES / "invalid"
STYLE_FIXTURES = FIXTURES / "styles"
SHIPPED = ROOT / "facts" / "russia-japan-peace-treaty"
# The library takes `today`; the fixtures only use dates before 2026 or in 2999, so the
# CLI (which uses the real date) sees the same results.
TODAY = date(2026, 1, 15)

Finding = tuple[str, str, int, int]


def invalid_fixtures() -> list[Path]:
    return sorted(path for path in INVALID.iterdir() if path.is_dir())


def rule_of(folder: Path) -> str:
    return folder.name.split("-", 1)[0]


def expected_findings(folder: Path) -> list[Finding]:
    found: list[Finding] = []
    for raw in (folder / "expected.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        code, where = line.split()
        file, _, position = where.partition(":")
        row, _, column = position.partition(":")
        found.append((code, file, int(row or 0), int(column or 0)))
    return sorted(found)


def findings(diagnostics: Iterable[Diagnostic], folder: Path) -> list[Finding]:
    """Diagnostics as (code, file relative to ``folder``, line, column), sorted."""
    base = folder.resolve()
    return sorted(
        (
            d.code,
            Path(d.location.file).resolve().relative_to(base).as_posix(),
            d.location.line,
            d.location.column,
        )
        for d in diagnostics
    )
