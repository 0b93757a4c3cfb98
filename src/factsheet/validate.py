"""``validate(paths) -> Report``: the linter, as a library call."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from .bundle import BRIEFING_FILE, MAX_PROBLEMS, Bundle, load_bundle, too_many_problems
from .checks import check_dates, check_key_dates, check_references, check_unique_ids
from .diagnostics import RULES, Diagnostic, Severity
from .errors import UsageError
from .loading import iter_yaml_files
from .styles import Style, load_style
from .textchecks import QuoteTally, check_glyphs, check_quotes, check_urls

DEFAULT_ROOT = Path("facts")


@dataclass
class BriefingResult:
    bundle: Bundle
    diagnostics: list[Diagnostic]


@dataclass
class Report:
    """What one run found: per-briefing results plus counts for the summary line."""

    briefings: list[BriefingResult] = field(default_factory=list)
    style_diagnostics: list[Diagnostic] = field(default_factory=list)
    quotes: QuoteTally = field(default_factory=QuoteTally)
    # The style the text was checked against, so a build lays out with the same one.
    style: Style | None = None

    @property
    def diagnostics(self) -> list[Diagnostic]:
        found = list(self.style_diagnostics)
        for result in self.briefings:
            found.extend(result.diagnostics)
        return found

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)

    @property
    def ok(self) -> bool:
        return self.errors == 0

    @property
    def files(self) -> int:
        return sum(r.bundle.files for r in self.briefings)

    @property
    def facts(self) -> int:
        return sum(len(r.bundle.facts) for r in self.briefings)

    @property
    def sources(self) -> int:
        return sum(len(r.bundle.sources) for r in self.briefings)


def _is_briefing(folder: Path) -> bool:
    return (folder / BRIEFING_FILE).is_file() or any(iter_yaml_files(folder))


def discover(paths: Iterable[Path]) -> list[Path]:
    """Briefing folders named by ``paths``: briefings, folders of briefings, or their files."""
    found: dict[Path, Path] = {}  # resolved folder -> the path as the user wrote it

    def add(*folders: Path) -> None:
        for folder in folders:
            found.setdefault(folder.resolve(), folder)

    for path in paths:
        if not path.exists():
            raise UsageError(f"path {str(path)!r} does not exist")
        if path.is_file():
            if path.suffix not in (".yaml", ".yml"):
                raise UsageError(f"{str(path)!r} is not a YAML file")
            add(path.parent)
        elif (path / BRIEFING_FILE).is_file():
            add(path)
        else:
            try:
                children = sorted(
                    p for p in path.iterdir() if p.is_dir() and not p.name.startswith(".")
                )
            except OSError as error:
                raise UsageError(f"cannot read {str(path)!r}: {error.strerror}") from None
            briefings = [child for child in children if _is_briefing(child)]
            if not briefings and any(iter_yaml_files(path)):
                briefings = [path]  # a briefing missing its briefing.yaml: say so
            if not briefings:
                raise UsageError(f"no briefing found under {str(path)!r}")
            add(*briefings)
    return list(found.values())


def check_bundle(
    bundle: Bundle, style: Style | None, today: date, tally: QuoteTally
) -> Iterator[Diagnostic]:
    """The checks across records, lazily: a caller that has seen enough can stop early."""
    yield from check_unique_ids(bundle)
    yield from check_references(bundle)
    yield from check_dates(bundle, today)
    yield from check_key_dates(bundle)
    yield from check_urls(bundle)
    yield from check_quotes(bundle, tally)
    if style is not None:
        yield from check_glyphs(bundle, style.covered())


def _check_within_limit(
    bundle: Bundle,
    style: Style | None,
    today: date,
    tally: QuoteTally,
    found: list[Diagnostic],
    ignore: frozenset[str],
) -> None:
    """Add the checks' findings (but not ignored ones) to ``found`` up to MAX_PROBLEMS errors.

    Warnings are not counted: there is at most one of each kind a record, and a large but
    sound briefing (every fact stale, say) must not fail for having many.
    """
    errors = sum(1 for item in found if item.severity is Severity.ERROR)
    if errors > MAX_PROBLEMS:  # loading stopped early and said so
        return
    for item in check_bundle(bundle, style, today, tally):
        if item.code in ignore:
            continue
        if item.severity is Severity.ERROR:
            if errors == MAX_PROBLEMS:
                found.append(too_many_problems(bundle.id, bundle.folder / BRIEFING_FILE))
                return
            errors += 1
        found.append(item)


def _settle(found: list[Diagnostic], ignore: frozenset[str], strict: bool) -> list[Diagnostic]:
    kept = [d for d in found if d.code not in ignore]
    if strict:
        kept = [replace(d, severity=Severity.ERROR) for d in kept]
    return sorted(kept, key=lambda d: (d.location, d.code))


def validate(
    paths: Sequence[Path | str] = (),
    *,
    style: str | Path | None = None,
    strict: bool = False,
    ignore: Iterable[str] = (),
    today: date | None = None,
) -> Report:
    """Check every briefing under ``paths`` (default: ``./facts``).

    Raises :class:`UsageError` for paths that do not exist, an unknown style name or an
    unknown rule code in ``ignore``.
    """
    folders = discover([Path(p) for p in paths] or [DEFAULT_ROOT])
    ignored = frozenset(code.strip().upper() for code in ignore if code.strip())
    unknown = sorted(ignored - RULES.keys())
    if unknown:  # a typo here would silently ignore nothing
        raise UsageError(f"cannot ignore unknown rule code(s): {', '.join(unknown)}")
    report = Report()
    style_found: list[Diagnostic] = []
    loaded_style = report.style = load_style(style, style_found)
    report.style_diagnostics = _settle(style_found, ignored, strict)
    # Loading allocates hundreds of thousands of acyclic objects (nodes, dicts, records);
    # cyclic GC passes over that growing heap cost more than the parse itself (2.5x on
    # 10,000 facts), and reference counting frees everything here anyway.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for folder in folders:
            found: list[Diagnostic] = []
            bundle = load_bundle(folder, found, ignored)
            day = today or date.today()
            _check_within_limit(bundle, loaded_style, day, report.quotes, found, ignored)
            report.briefings.append(BriefingResult(bundle, _settle(found, ignored, strict)))
    finally:
        if collecting:
            gc.enable()
    return report


__all__ = ["Report", "validate"]
