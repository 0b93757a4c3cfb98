"""The one funnel every diagnostic passes through, exactly once.

Here, and nowhere else, a diagnostic is dropped for ``--ignore``, promoted by ``--strict``,
counted, and refused once a briefing has used up its error budget (the FS107 that says
"only the first 1,000 are reported"). Loaders and checks only *emit*; they ask
:attr:`Scope.full` to know when reading on would be wasted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from .diagnostics import Diagnostic, Location, Severity, diagnostic

# Errors reported per briefing. A generated or hostile file can hold a quarter of a million
# broken values; the first thousand say what is wrong, and FS107 says that the rest were
# not looked at. Warnings are not counted: there is at most one of each kind a record, and
# a large but sound briefing (every fact stale, say) must not fail for having many.
MAX_ERRORS = 1000


@dataclass
class Scope:
    """The diagnostics of one briefing (or of the style), as the collector admits them."""

    label: str
    collector: Collector
    items: list[Diagnostic] = field(default_factory=list)
    errors: int = 0
    truncated: bool = False

    @property
    def full(self) -> bool:
        """True once the error budget is spent: whatever is read after this is not reported."""
        return self.truncated

    @property
    def room(self) -> int:
        """How many more errors may come before the budget is spent (plus the one that ends it)."""
        return 0 if self.truncated else self.collector.limit - self.errors + 1

    def add(self, item: Diagnostic) -> None:
        self.collector.handle(self, item)

    def extend(self, items: Iterable[Diagnostic]) -> None:
        for item in items:
            if self.truncated:
                return
            self.collector.handle(self, item)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.location, d.code))


@dataclass
class Collector:
    """Decides, counts and keeps every diagnostic of one run."""

    ignore: frozenset[str] = frozenset()
    strict: bool = False
    limit: int = MAX_ERRORS
    errors: int = 0
    warnings: int = 0
    ignored: int = 0

    def scope(self, label: str) -> Scope:
        return Scope(label, self)

    def handle(self, scope: Scope, item: Diagnostic) -> None:
        if item.code in self.ignore:
            self.ignored += 1
            return
        if scope.truncated:
            return
        # The budget counts errors as the rules define them, so --strict changes what fails,
        # never which findings are shown.
        if item.severity is Severity.ERROR:
            if scope.errors == self.limit:
                scope.truncated = True
                item = _too_many(scope.label, item.location)
            else:
                scope.errors += 1
        if self.strict and item.severity is Severity.WARNING:
            item = replace(item, severity=Severity.ERROR)
        if item.severity is Severity.ERROR:
            self.errors += 1
        else:
            self.warnings += 1
        scope.items.append(item)


def _too_many(label: str, first_unreported: Location) -> Diagnostic:
    return diagnostic(
        "FS107",
        Location(first_unreported.file),
        f"briefing {label!r} has more than {MAX_ERRORS:,} errors; only the first "
        f"{MAX_ERRORS:,} are reported, and checking stopped at this file",
        "Fix these first, or check how the files were generated.",
    )
