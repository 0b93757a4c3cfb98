"""What one run found: per-briefing results, counted once by the collector."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .bundle import Bundle
from .checks.quotes import QuoteTally
from .collector import Collector, Scope
from .diagnostics import Diagnostic, Severity
from .styles import Style


@dataclass
class BriefingResult:
    bundle: Bundle
    scope: Scope

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.scope.sorted()


@dataclass
class Report:
    """Per-briefing results, the style's problems, and the counts for the summary line."""

    collector: Collector = field(default_factory=Collector)
    briefings: list[BriefingResult] = field(default_factory=list)
    style_scope: Scope | None = None
    quotes: QuoteTally = field(default_factory=QuoteTally)
    # The style the text was checked against, so a build lays out with the same one.
    style: Style | None = None

    @property
    def style_diagnostics(self) -> list[Diagnostic]:
        return self.style_scope.sorted() if self.style_scope else []

    @property
    def diagnostics(self) -> list[Diagnostic]:
        found = self.style_diagnostics
        for result in self.briefings:
            found.extend(result.diagnostics)
        return found

    def shown(self, *, quiet: bool = False) -> Iterator[Diagnostic]:
        """The diagnostics a reporter prints: with ``quiet``, errors only."""
        for item in self.diagnostics:
            if not (quiet and item.severity is Severity.WARNING):
                yield item

    @property
    def errors(self) -> int:
        return self.collector.errors

    @property
    def warnings(self) -> int:
        return self.collector.warnings

    @property
    def ok(self) -> bool:
        return self.collector.errors == 0

    @property
    def files(self) -> int:
        return sum(r.bundle.files for r in self.briefings)

    @property
    def facts(self) -> int:
        return sum(len(r.bundle.facts) for r in self.briefings)

    @property
    def sources(self) -> int:
        return sum(len(r.bundle.sources) for r in self.briefings)
