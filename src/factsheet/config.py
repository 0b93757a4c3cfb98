"""Settings in one place: ``[tool.factsheet]`` in pyproject.toml, or a factsheet.toml.

The nearest file up from the working directory is used (in one folder, factsheet.toml wins
over pyproject.toml, and a pyproject.toml without ``[tool.factsheet]`` is passed over), as
ruff does. The command line wins over the file; ``--config PATH`` names the file and
``--isolated`` reads none. Paths in the file are relative to the folder that holds it.

A key factsheet does not know is a usage error that names the file, the line and the key:
a misspelt ``stirct = true`` must not be ignored without a word.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from .choices import FORMATS, PAPERS
from .errors import UsageError
from .excusing import UNEXCUSABLE, rule_code
from .suggest import Suggester

CONFIG_FILE = "factsheet.toml"
PYPROJECT = "pyproject.toml"
# key -> (expected type, what it sets)
KEYS: dict[str, tuple[type, str]] = {
    "root": (str, "the folder that holds the briefings (default: facts)"),
    "ignore": (list, "rule codes or names to skip everywhere"),
    "strict": (bool, "treat warnings as errors"),
    "style": (str, "a style name, or a path to a style file"),
    "paper": (str, "a4 or letter"),
    "format": (str, "how validate and build report: " + ", ".join(FORMATS)),
}


@dataclass(frozen=True)
class Config:
    """The settings in force; ``path`` is None when no file was read."""

    path: Path | None = None
    root: Path | None = None
    ignore: tuple[str, ...] = ()
    strict: bool | None = None
    style: str | None = None
    paper: str | None = None
    format: str | None = None
    values: dict[str, Any] = field(default_factory=dict, repr=False)


def _candidates(start: Path) -> Iterator[Path]:
    for folder in (start, *start.parents):
        yield folder / CONFIG_FILE
        yield folder / PYPROJECT


def find_config(start: Path | None = None) -> Path | None:
    """The nearest factsheet.toml, or pyproject.toml with a [tool.factsheet] table; None
    also when the working folder has been deleted (there is nowhere to look up from)."""
    try:
        here = (start or Path.cwd()).absolute()
    except OSError:
        return None
    for path in _candidates(here):
        if not path.is_file():
            continue
        if path.name == CONFIG_FILE:
            return path
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if re.search(r"^\s*\[\s*tool\s*\.\s*factsheet\s*\]", text, re.MULTILINE):
            return path
    return None


def line_of(text: str, key: str, table: str | None) -> int:
    """The line where ``key`` is set (tomllib keeps no positions): the first line that
    assigns it after the table's header, else the first anywhere; 0 when not found."""
    pattern = re.compile(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*=", re.MULTILINE)
    offset = 0
    if table is not None:
        header = re.search(rf"^[ \t]*\[[ \t]*{re.escape(table)}[ \t]*\]", text, re.MULTILINE)
        offset = header.end() if header else 0
    match = pattern.search(text, offset) or pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 0


def _where(path: Path, text: str, key: str, table: str | None) -> str:
    line = line_of(text, key, table)
    shown = _relative(path)
    return f"{shown}:{line}" if line else str(shown)


def read_config(path: Path) -> Config:
    """Read and check one configuration file; every problem is a UsageError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"configuration file {str(path)!r} does not exist") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read configuration file {str(path)!r}: {error}") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: not valid TOML: {error}") from None
    if path.name != PYPROJECT:  # factsheet.toml, or any file named with --config
        table, values = None, document
    else:
        tool = document.get("tool", {})
        if not isinstance(tool, dict):
            raise UsageError(f"{path}: tool must be a table")
        table, values = "tool.factsheet", tool.get("factsheet", {})
        if not isinstance(values, dict):
            raise UsageError(f"{path}: [tool.factsheet] must be a table")
    for key, value in values.items():
        if key not in KEYS:
            near = Suggester()(key, list(KEYS))
            hint = f" ({near})" if near else ""
            raise UsageError(
                f"{_where(path, text, key, table)}: unknown key {key!r} in the factsheet "
                f"configuration{hint}; known keys: {', '.join(KEYS)}"
            )
        expected, meaning = KEYS[key]
        if not isinstance(value, expected) or (
            expected is list and not all(isinstance(item, str) for item in cast(list[Any], value))
        ):
            kind = "a list of strings" if expected is list else expected.__name__
            raise UsageError(f"{_where(path, text, key, table)}: {key} must be {kind} ({meaning})")
    for name in values.get("ignore", ()):
        code = rule_code(name)
        if code is None:
            raise UsageError(
                f"{_where(path, text, 'ignore', table)}: ignore: no rule {name!r} "
                "(factsheet rules lists them)"
            )
        if code in UNEXCUSABLE:
            raise UsageError(
                f"{_where(path, text, 'ignore', table)}: cannot ignore {code}: "
                f"{UNEXCUSABLE[code]}; fix the files instead"
            )
    if "paper" in values and values["paper"].lower() not in PAPERS:
        raise UsageError(f"{_where(path, text, 'paper', table)}: paper must be a4 or letter")
    if "format" in values and values["format"] not in FORMATS:
        raise UsageError(
            f"{_where(path, text, 'format', table)}: format must be one of {', '.join(FORMATS)}"
        )
    base = path.parent
    style = values.get("style")
    if isinstance(style, str) and ("/" in style or style.endswith((".yaml", ".yml"))):
        style = str(_relative(base / style))
    root = values.get("root")
    return Config(
        path=path,
        root=_relative(base / root) if isinstance(root, str) else None,
        ignore=tuple(values.get("ignore", ())),
        strict=values.get("strict"),
        style=style,
        paper=values["paper"].lower() if "paper" in values else None,
        format=values.get("format"),
        values=dict(values),
    )


def _relative(path: Path) -> Path:
    """A path from the configuration, relative to the working directory where it can be, so
    that diagnostics print the short paths people type; as it is when the working folder
    has been deleted."""
    try:
        return Path(os.path.relpath(path))
    except OSError:
        return path


def load_config(path: str | Path | None = None, *, isolated: bool = False) -> Config:
    """The configuration in force: the file named, else the nearest one, else none."""
    if isolated:
        if path is not None:
            raise UsageError("--config and --isolated cannot be used together")
        return Config()
    found = Path(path) if path is not None else find_config()
    return read_config(found) if found is not None else Config()
