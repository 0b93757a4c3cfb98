"""One exception family for everything factsheet refuses to do, with structured fields."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .diagnostics import Diagnostic


@dataclass
class FactsheetError(Exception):
    """Base class: ``message`` for people, ``diagnostics`` for reporters."""

    message: str
    diagnostics: Sequence[Diagnostic] = field(default_factory=tuple)

    def __str__(self) -> str:
        return self.message


class UsageError(FactsheetError):
    """The command was asked for something that cannot be (exit 2): bad path, unknown style."""


class InvalidData(FactsheetError):
    """The fact files, the style or the layout failed a check (exit 1)."""
