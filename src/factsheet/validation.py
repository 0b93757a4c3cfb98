"""``validate(paths) -> Report``: the linter, as a library call."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from .bundle import (
    BRIEFING_FILE,
    MISNAMED,
    SOURCES_FILE,
    briefing_id,
    load_bundle,
)
from .checks import run_checks
from .collector import Collector
from .diagnostics import RULES
from .errors import UsageError
from .excusing import UNEXCUSABLE, excusable, rule_code
from .report import BriefingResult, Report
from .styles import load_style

DEFAULT_ROOT = Path("facts")
LINK_RULES = frozenset({"FS215"})
BRIEFING_NAMES = (BRIEFING_FILE, SOURCES_FILE, *MISNAMED)
PathArg = str | os.PathLike[str]


def as_paths(paths: PathArg | Iterable[PathArg] | None) -> list[Path]:
    """One path or several: a single str or PathLike is one path, never a list of letters."""
    if paths is None:
        return []
    if isinstance(paths, str | os.PathLike):
        return [Path(paths)]
    return [Path(p) for p in paths]


def as_codes(codes: str | Iterable[str]) -> frozenset[str]:
    """Rule codes from codes or names ('FS205', 'FS205,fs301', 'unused-source', a list).

    Unknown codes are refused (a typo would silently ignore nothing), and so are the rules
    in :data:`~factsheet.excusing.UNEXCUSABLE`: silencing them would drop records without a
    word (validate would pass a briefing that build then refuses), or break the page.
    """
    values = [codes] if isinstance(codes, str) else list(codes)
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    found, unknown, refused = set(), [], []
    for name in names:
        code = rule_code(name)
        if code is None:
            unknown.append(name)
        elif not excusable(code):
            refused.append(code)
        else:
            found.add(code)
    if unknown:
        raise UsageError(
            f"cannot ignore unknown rule code(s): {', '.join(unknown)} "
            "(factsheet rules lists the codes and names)"
        )
    if refused:
        code = refused[0]
        raise UsageError(
            f"cannot ignore {code} ({RULES[code].name}): {UNEXCUSABLE[code]}; fix the files instead"
        )
    return frozenset(found)


# Folders never searched for briefings: version control, environments, build output.
SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "output", "site-packages"})


def is_briefing(folder: Path) -> bool:
    """A briefing folder holds briefing.yaml or sources.yaml (or, misnamed, their .yml)."""
    return any((folder / name).is_file() for name in BRIEFING_NAMES)


def _briefings_below(path: Path) -> list[Path]:
    """Briefing folders at or below ``path``, in a stable order; a briefing's own subfolders
    (snapshots/) are not searched, nor hidden folders, nor links to folders."""
    found: list[Path] = []
    for top, dirs, _files in os.walk(path, onerror=_unreadable_folder):
        folder = Path(top)
        if is_briefing(folder):
            found.append(folder)
            dirs[:] = []
            continue
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
    return found


def _unreadable_folder(error: OSError) -> None:
    raise UsageError(f"cannot read {str(error.filename)!r}: {error.strerror}")


def _briefing_of_file(path: Path) -> Path | None:
    """The briefing a file belongs to: the nearest folder above it that is a briefing."""
    for folder in path.absolute().parents:
        if is_briefing(folder):
            # Keep the path as the user wrote it, so that diagnostics read the same way.
            depth = len(path.absolute().relative_to(folder).parts)
            relative = path
            for _ in range(depth):
                relative = relative.parent
            return relative
    return None


def discover(paths: Iterable[Path]) -> list[Path]:
    """Briefing folders named by ``paths``: a briefing, any folder above briefings (each
    folder holding briefing.yaml or sources.yaml below it, nothing else), or files inside
    a briefing (snapshots too)."""
    found: dict[Path, Path] = {}  # resolved folder -> the path as the user wrote it

    def add(*folders: Path) -> None:
        for folder in folders:
            found.setdefault(folder.resolve(), folder)

    for path in paths:
        if not path.exists():
            raise UsageError(f"path {str(path)!r} does not exist")
        if path.is_file():
            owner = _briefing_of_file(path)
            if owner is None:
                if path.suffix not in (".yaml", ".yml"):
                    raise UsageError(f"{str(path)!r} is not a YAML file inside a briefing")
                owner = path.parent  # a fact file whose folder lacks the briefing files
            add(owner)
            continue
        briefings = _briefings_below(path)
        if not briefings:
            raise UsageError(
                f"no briefing found under {str(path)!r}: a briefing is a folder holding "
                "briefing.yaml and sources.yaml"
            )
        add(*briefings)
    return list(found.values())


def resolve_briefing(briefing: PathArg | None, root: PathArg | None = None) -> Path:
    """A briefing folder, an id under the facts root, or the only briefing under it."""
    facts = Path(root) if root is not None else DEFAULT_ROOT
    if briefing is None:
        found = discover([facts]) if facts.is_dir() else []
        if len(found) != 1:
            names = ", ".join(sorted(briefing_id(p) for p in found)) or "none"
            raise UsageError(
                f"name the briefing, or use --all: {facts}/ holds {len(found)} ({names})"
            )
        return found[0]
    path = Path(briefing)
    if not path.exists() and (facts / path).is_dir():
        path = facts / path
    if not path.is_dir():
        raise UsageError(f"briefing {str(briefing)!r} is not a folder")
    # A folder of briefings names one page only if it holds exactly one briefing.
    found = discover([path])
    if len(found) != 1:
        names = ", ".join(sorted(briefing_id(p) for p in found))
        raise UsageError(f"name one briefing: {str(briefing)!r} holds {len(found)} ({names})")
    return found[0]


def validate(
    paths: PathArg | Iterable[PathArg] | None = None,
    *,
    style: PathArg | None = None,
    strict: bool = False,
    ignore: str | Iterable[str] = (),
    today: date | None = None,
    root: PathArg | None = None,
    check_links: bool = False,
) -> Report:
    """Check every briefing under ``paths`` (one path or several; default: the facts
    ``root``, ``./facts`` unless given).

    With ``check_links``, every url and archive_url is also requested (FS215); that uses
    the network. Raises :class:`UsageError` for paths that do not exist, an unknown style
    name, or an unknown or unignorable rule in ``ignore``.
    """
    folders = discover(as_paths(paths) or [Path(root) if root is not None else DEFAULT_ROOT])
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
            scope = report.collector.scope(briefing_id(folder))
            bundle = load_bundle(folder, scope)
            for item in run_checks(bundle, covered, day, report.quotes):
                if scope.full:
                    break
                scope.add(item)
            if check_links and not scope.full:
                from .linkcheck import check as check_links_of

                scope.extend(check_links_of(bundle))
            if bundle.complete and not scope.full:
                # Without --check-links, an exception for FS215 cannot have been used.
                scope.finish(unchecked=frozenset() if check_links else LINK_RULES)
            report.briefings.append(BriefingResult(bundle, scope))
    finally:
        if collecting:
            gc.enable()
    return report


__all__ = ["Report", "discover", "resolve_briefing", "validate"]
