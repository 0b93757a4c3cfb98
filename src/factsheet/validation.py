"""``validate(paths) -> Report``: the linter, as a library call."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from .bundle import BRIEFING_FILE, load_bundle
from .checks import run_checks
from .collector import Collector
from .diagnostics import RULES
from .errors import UsageError
from .report import BriefingResult, Report
from .styles import load_style
from .yaml_reader import iter_yaml_files

DEFAULT_ROOT = Path("facts")
PathArg = str | os.PathLike[str]


def as_paths(paths: PathArg | Iterable[PathArg] | None) -> list[Path]:
    """One path or several: a single str or PathLike is one path, never a list of letters."""
    if paths is None:
        return []
    if isinstance(paths, str | os.PathLike):
        return [Path(paths)]
    return [Path(p) for p in paths]


def as_codes(codes: str | Iterable[str]) -> frozenset[str]:
    """Rule codes from 'FS205', 'FS205,fs301' or a list of them; unknown codes are refused."""
    values = [codes] if isinstance(codes, str) else list(codes)
    found = frozenset(
        code.strip().upper() for value in values for code in value.split(",") if code.strip()
    )
    unknown = sorted(found - RULES.keys())
    if unknown:  # a typo here would silently ignore nothing
        raise UsageError(f"cannot ignore unknown rule code(s): {', '.join(unknown)}")
    return found


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


def resolve_briefing(briefing: PathArg | None) -> Path:
    """A briefing folder, an id under ./facts, or the only briefing under ./facts."""
    if briefing is None:
        found = discover([DEFAULT_ROOT]) if DEFAULT_ROOT.is_dir() else []
        if len(found) != 1:
            names = ", ".join(sorted(p.name for p in found)) or "none"
            raise UsageError(f"name the briefing: ./facts holds {len(found)} ({names})")
        return found[0]
    path = Path(briefing)
    if not path.exists() and (DEFAULT_ROOT / path).is_dir():
        path = DEFAULT_ROOT / path
    if not path.is_dir():
        raise UsageError(f"briefing {str(briefing)!r} is not a folder")
    # A folder of briefings names one page only if it holds exactly one briefing.
    found = discover([path])
    if len(found) != 1:
        names = ", ".join(sorted(p.name for p in found))
        raise UsageError(f"name one briefing: {str(briefing)!r} holds {len(found)} ({names})")
    return found[0]


def validate(
    paths: PathArg | Iterable[PathArg] | None = None,
    *,
    style: PathArg | None = None,
    strict: bool = False,
    ignore: str | Iterable[str] = (),
    today: date | None = None,
) -> Report:
    """Check every briefing under ``paths`` (one path or several; default: ``./facts``).

    Raises :class:`UsageError` for paths that do not exist, an unknown style name or an
    unknown rule code in ``ignore``.
    """
    folders = discover(as_paths(paths) or [DEFAULT_ROOT])
    report = Report(Collector(ignore=as_codes(ignore), strict=strict))
    report.style_scope = report.collector.scope("style")
    report.style = load_style(style, report.style_scope)
    covered = report.style.covered() if report.style else None
    day = today or date.today()
    # Loading allocates hundreds of thousands of acyclic objects (nodes, dicts, records);
    # cyclic GC passes over that growing heap cost more than the parse itself (2.5x on
    # 10,000 facts), and reference counting frees everything here anyway.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for folder in folders:
            scope = report.collector.scope(folder.name)
            bundle = load_bundle(folder, scope)
            for item in run_checks(bundle, covered, day, report.quotes):
                if scope.full:
                    break
                scope.add(item)
            report.briefings.append(BriefingResult(bundle, scope))
    finally:
        if collecting:
            gc.enable()
    return report


__all__ = ["Report", "discover", "resolve_briefing", "validate"]
