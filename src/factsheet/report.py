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

    def findings(self) -> Findings:
        """What the reporters print, as plain data (it crosses process boundaries)."""
        return Findings(
            briefings=[
                BriefingSummary(
                    id=result.bundle.id,
                    path=str(result.bundle.folder),
                    files=result.bundle.files,
                    facts=len(result.bundle.facts),
                    sources=len(result.bundle.sources),
                    diagnostics=tuple(result.diagnostics),
                )
                for result in self.briefings
            ],
            style_diagnostics=self.style_diagnostics,
            quotes_verified=self.quotes.verified,
            quotes_unverifiable=self.quotes.unverifiable,
            excused=self.collector.excused,
        )


@dataclass(frozen=True)
class BriefingSummary:
    """One briefing's counts and diagnostics."""

    id: str
    path: str
    files: int = 0
    facts: int = 0
    sources: int = 0
    diagnostics: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class BuildOutcome:
    """What became of one briefing's build: a written PDF, or why there is none."""

    id: str
    path: str
    ok: bool
    output: str | None = None
    message: str = ""
    details: str = ""  # pages, paper, counts and body size of a written PDF
    body_size: float | None = None
    usage: bool = False  # failed for a usage reason (the target cannot be written), exit 2


@dataclass
class Findings:
    """A run as the reporters see it: diagnostics and counts, and the builds if any.

    Counts are derived from the diagnostics, which the collector has already decided, so
    findings of several processes (a parallel build) add up exactly.
    """

    briefings: list[BriefingSummary] = field(default_factory=list)
    style_diagnostics: list[Diagnostic] = field(default_factory=list)
    quotes_verified: int = 0
    quotes_unverifiable: int = 0
    excused: int = 0
    builds: list[BuildOutcome] | None = None

    @property
    def diagnostics(self) -> list[Diagnostic]:
        found = list(self.style_diagnostics)
        for briefing in self.briefings:
            found.extend(briefing.diagnostics)
        return found

    def shown(self, *, quiet: bool = False) -> Iterator[Diagnostic]:
        for item in self.diagnostics:
            if not (quiet and item.severity is Severity.WARNING):
                yield item

    @property
    def errors(self) -> int:
        return sum(1 for item in self.diagnostics if item.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for item in self.diagnostics if item.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        builds_ok = all(build.ok for build in self.builds or ())
        return self.errors == 0 and builds_ok

    @property
    def files(self) -> int:
        return sum(b.files for b in self.briefings)

    @property
    def facts(self) -> int:
        return sum(b.facts for b in self.briefings)

    @property
    def sources(self) -> int:
        return sum(b.sources for b in self.briefings)

    @classmethod
    def merge(cls, parts: list[Findings]) -> Findings:
        """Findings of separate runs as one; the style, checked by each, counts once."""
        merged = cls(builds=[] if any(p.builds is not None for p in parts) else None)
        for part in parts:
            merged.briefings.extend(part.briefings)
            for item in part.style_diagnostics:
                if item not in merged.style_diagnostics:
                    merged.style_diagnostics.append(item)
            merged.quotes_verified += part.quotes_verified
            merged.quotes_unverifiable += part.quotes_unverifiable
            merged.excused += part.excused
            if part.builds is not None and merged.builds is not None:
                merged.builds.extend(part.builds)
        return merged
