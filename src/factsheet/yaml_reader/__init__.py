"""Read one YAML file into plain Python values, with the position of every value.

YAML's own typing never leaks through: only the core scalar types become Python values, and
anything YAML would read as a boolean, float or timestamp from an unquoted word stays a
:class:`Plain` marker, which text fields refuse. Positions are kept compactly beside the
values (one integer each, not PyYAML's node tree, which costs about 300 bytes a value), and
are turned into line and column only when a problem is reported, counting lines as
``grep -n`` does: a line ends at LF (or CRLF), never at a lone CR, NEL, LS or PS, which
YAML itself counts as line breaks.

One briefing's YAML files share a budget (:data:`MAX_BRIEFING_BYTES` and
:data:`MAX_BRIEFING_VALUES`), opened when its folder is listed: the file that would exceed
it gets FS107, and it and the files after it are not read.

This module reads a file within those budgets; the rest of the package parses it, in the
order a file goes through it: ``decoding`` (bytes to text), ``reader`` (one pass over
PyYAML's events, with the checks composing would make), ``building`` (the values, as the
events come), ``tags`` (what YAML would type), ``positions`` (packed positions, lines as
``grep -n`` counts them), ``syntax_errors`` (PyYAML's errors as diagnostics) and
``document`` (:class:`YamlDocument`: the values, and where each was written).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..diagnostics import Diagnostic, Location, diagnostic
from ..errors import UsageError
from ..files import Allowance, FileProblem, allowance, open_allowance, read_user_file
from .building import MAX_DEPTH, MAX_SCALAR_CHARS
from .decoding import decode
from .document import KeyPath, YamlDocument
from .positions import Lines
from .reader import MAX_VALUES, Reader
from .tags import Plain

__all__ = [
    "ALWAYS_READ",
    "MAX_BRIEFING_BYTES",
    "MAX_BRIEFING_VALUES",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_SCALAR_CHARS",
    "MAX_VALUES",
    "KeyPath",
    "Plain",
    "YamlDocument",
    "display_path",
    "iter_yaml_entries",
    "iter_yaml_files",
    "load_yaml",
    "parse_yaml",
    "read_yaml_bytes",
]

MAX_FILE_BYTES = 4 * 1024 * 1024
# What one briefing's YAML files may hold in all. Each value costs about 300 bytes once read
# and checked, so these bound a briefing's memory (and time) whatever its files hold.
MAX_BRIEFING_BYTES = 16 * 1024 * 1024
MAX_BRIEFING_VALUES = 600_000
# A briefing's two required files are read whatever the others took (bundle.py names them).
ALWAYS_READ = ("briefing.yaml", "sources.yaml")


def display_path(path: Path, base: Path | None = None) -> str:
    """Paths are reported relative to the working directory where that is possible."""
    try:
        return str(path.relative_to(base or Path.cwd()))
    except (ValueError, OSError):  # elsewhere, or the working folder was deleted
        return str(path)


def _over_budget(budget: Allowance, display: str, what: str) -> Diagnostic:
    budget.exhausted = True
    return diagnostic(
        "FS107",
        Location(display),
        f"the briefing's YAML files hold more than {what} in all; this file and the files "
        "after it (in name order) were not read",
        "Split the briefing, or check how its files were generated.",
    )


def read_yaml_bytes(path: Path, display: str, diagnostics: list[Diagnostic]) -> bytes | None:
    """The file's bytes, at most MAX_FILE_BYTES of a regular file, within its briefing's
    budget; else a diagnostic."""
    shared = allowance(path.parent)
    # The required files are counted, but read whatever the others took.
    budget = None if path.name in ALWAYS_READ else shared
    if budget is not None:
        if budget.exhausted:
            return None  # the FS107 at the first file over the budget says so
        try:
            size = path.stat().st_size
        except (OSError, ValueError):
            size = 0  # the read below reports it
        if budget.yaml_bytes < size <= MAX_FILE_BYTES:
            diagnostics.append(_over_budget(budget, display, f"{MAX_BRIEFING_BYTES >> 20} MiB"))
            return None
    try:
        raw = read_user_file(path, limit=MAX_FILE_BYTES)
    except FileProblem as problem:
        if problem.kind == "too-large":
            where = Location(display, 1, 1)
            diagnostics.append(diagnostic("FS107", where, f"file {problem.reason}"))
        else:
            diagnostics.append(diagnostic("FS115", Location(display), f"file {problem.reason}"))
        return None
    if budget is not None and len(raw) > budget.yaml_bytes:  # it grew since it was measured
        diagnostics.append(_over_budget(budget, display, f"{MAX_BRIEFING_BYTES >> 20} MiB"))
        return None
    if shared is not None:
        shared.yaml_bytes = max(0, shared.yaml_bytes - len(raw))
    return raw


def load_yaml(path: Path, display: str, diagnostics: list[Diagnostic]) -> YamlDocument | None:
    """Read and parse ``path``; on failure append diagnostics and return None."""
    raw = read_yaml_bytes(path, display, diagnostics)
    return None if raw is None else parse_yaml(raw, path, display, diagnostics)


def parse_yaml(
    raw: bytes, path: Path, display: str, diagnostics: list[Diagnostic]
) -> YamlDocument | None:
    """Parse the bytes of ``path``; on failure append diagnostics and return None."""
    where = Location(display, 1, 1)
    text = decode(raw, display, diagnostics)
    if text is None:
        return None
    if not text.strip():
        diagnostics.append(diagnostic("FS101", where, "file is empty"))
        return None
    lines = Lines(text)
    reader = Reader(text, display, lines)
    reader.read()
    found = reader.outcome()
    diagnostics.extend(found)
    if reader.data is None or reader.where is None or reader.fatal:
        return None
    budget = allowance(path.parent)
    always = path.name in ALWAYS_READ
    if budget is not None and budget.exhausted and not always:
        return None
    if budget is not None:
        if reader.values > budget.values and not always:
            what = f"{MAX_BRIEFING_VALUES:,} values"
            diagnostics.append(_over_budget(budget, display, what))
            return None
        budget.values = max(0, budget.values - reader.values)
    return YamlDocument(path, display, reader.data, reader.where, lines)


def iter_yaml_files(folder: Path) -> Iterator[Path]:
    """YAML files directly in ``folder``, in a stable order, hidden files skipped."""
    for entry in iter_yaml_entries(folder):
        if entry.is_file():
            yield entry


def iter_yaml_entries(folder: Path) -> Iterator[Path]:
    """Like :func:`iter_yaml_files`, but with what cannot be read as a file too (a broken
    link, a pipe), so that it can be reported; folders named ``*.yaml`` are left out.

    Listing a briefing's folder opens its reading budget afresh: a load of a briefing
    starts by listing it. A folder that cannot be listed is a UsageError.
    """
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        reason = error.strerror or str(error)
        raise UsageError(f"cannot list the folder {str(folder)!r}: {reason}") from None
    open_allowance(folder, MAX_BRIEFING_BYTES, MAX_BRIEFING_VALUES)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.suffix in (".yaml", ".yml") and not entry.is_dir():
            yield entry
