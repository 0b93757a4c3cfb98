"""One exception family for everything factsheet refuses to do, with structured fields."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .diagnostics import Diagnostic

if TYPE_CHECKING:
    from .report import Report


@dataclass
class FactsheetError(Exception):
    """Base class: ``message`` for people, ``diagnostics`` for reporters."""

    message: str
    diagnostics: Sequence[Diagnostic] = field(default_factory=tuple)

    def __str__(self) -> str:
        return self.message


class UsageError(FactsheetError):
    """The command was asked for something that cannot be (exit 2): bad path, unknown style."""


@dataclass
class InvalidData(FactsheetError):
    """The fact files, the style or the layout failed a check (exit 1).

    ``report`` is the validation report the refusal rests on, counts included.
    """

    report: Report | None = None
