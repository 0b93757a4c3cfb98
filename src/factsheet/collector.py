"""The one funnel every diagnostic passes through, exactly once.

Here, and nowhere else, a diagnostic is excused by a record's own ``ignore:`` exception,
dropped for ``--ignore``, promoted by ``--strict``, counted, and refused once a briefing has
used up its error budget (the FS107 that says "only the first 1,000 are reported").
Loaders and checks only *emit*; they ask :attr:`Scope.full` to know when reading on would
be wasted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from .diagnostics import RULES, Diagnostic, Location, Severity, diagnostic

# Errors reported per briefing. A generated or hostile file can hold a quarter of a million
# broken values; the first thousand say what is wrong, and FS107 says that the rest were
# not looked at. Warnings are not counted: there is at most one of each kind a record, and
# a large but sound briefing (every fact stale, say) must not fail for having many.
MAX_ERRORS = 1000


@dataclass
class RecordException:
    """``ignore: {CODE: reason}`` on one record: excuses CODE anywhere inside that record."""

    code: str
    file: str
    start: tuple[int, int]  # (line, column) of the record's first character
    end: tuple[int, int]  # (line, column) just past its last
    where: Location  # the exception's own key, where FS213 points when it is unused
    used: bool = False

    def covers(self, location: Location) -> bool:
        return self.start <= (location.line, location.column) < self.end


@dataclass
class Scope:
    """The diagnostics of one briefing (or of the style), as the collector admits them."""

    label: str
    collector: Collector
    items: list[Diagnostic] = field(default_factory=list)
    errors: int = 0
    truncated: bool = False
    exceptions: dict[tuple[str, str], list[RecordException]] = field(default_factory=dict)

    def excuse(self, exception: RecordException) -> None:
        """Register a record's exception; diagnostics inside the record are matched to it."""
        self.exceptions.setdefault((exception.code, exception.file), []).append(exception)

    def excused(self, item: Diagnostic) -> bool:
        """True (and the exception marked used) when a record excuses ``item``."""
        if not self.exceptions or not item.location.line:
            return False
        for exception in self.exceptions.get((item.code, item.location.file), ()):
            if exception.covers(item.location):
                exception.used = True
                return True
        return False

    def finish(self, unchecked: frozenset[str] = frozenset()) -> None:
        """Report the exceptions that excused nothing (FS213), like an unused noqa.

        Call it only when every check ran on the whole briefing: otherwise an exception
        would look unused because the check that needed it never looked. ``unchecked``
        names rules that did not run at all (FS215 without --check-links).
        """
        for (code, _file), found in self.exceptions.items():
            if code in unchecked:
                continue
            for exception in found:
                if not exception.used and not self.truncated:
                    self.add(
                        diagnostic(
                            "FS213",
                            exception.where,
                            f"the exception for {exception.code} "
                            f"({RULES[exception.code].name}) excuses nothing: this record "
                            f"has no {exception.code} diagnostic",
                        )
                    )

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
    excused: int = 0

    def scope(self, label: str) -> Scope:
        return Scope(label, self)

    def handle(self, scope: Scope, item: Diagnostic) -> None:
        # A record's own exception first: it is then used even when the rule is ignored.
        if scope.excused(item):
            self.excused += 1
            return
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
