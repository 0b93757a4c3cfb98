"""``factsheet new NAME``: a commented example briefing that validates and builds as it is."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from importlib import resources
from pathlib import Path
from string import Template

from .errors import UsageError

NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
# Written in this order; any file other than briefing.yaml and sources.yaml holds facts.
TEMPLATES = ("briefing.yaml", "sources.yaml", "facts.yaml")


def _title(name: str) -> str:
    """'baltic-shipping' -> 'Baltic shipping'."""
    return name.replace("-", " ").strip().capitalize() or name


def render(name: str, folder: Path, today: date) -> dict[str, str]:
    """The text of each file of a new briefing called ``name``."""
    values = {
        "name": name,
        # JSON strings are YAML double-quoted scalars: a name like 'yes' or '1956' stays text.
        "title": json.dumps(_title(name), ensure_ascii=False),
        "folder": folder.as_posix(),
        "today": today.isoformat(),
    }
    templates = resources.files("factsheet").joinpath("templates")
    return {
        file_name: Template(templates.joinpath(file_name).read_text("utf-8")).substitute(values)
        for file_name in TEMPLATES
    }


def scaffold(name: str, root: Path, *, today: date | None = None) -> Path:
    """Create ``root/name/`` holding an example briefing; return the new folder.

    Raises :class:`UsageError` when ``name`` is not a slug or the folder already exists.
    """
    if not NAME.fullmatch(name):
        raise UsageError(
            f"{name!r} is not a briefing name: use up to 80 lower-case letters, digits and "
            "hyphens, starting with a letter or digit (for example baltic-shipping)"
        )
    folder = root / name
    if folder.exists() or folder.is_symlink():
        raise UsageError(f"{str(folder)!r} already exists; choose another name or remove it")
    texts = render(name, folder, today or date.today())
    try:
        root.mkdir(parents=True, exist_ok=True)
        folder.mkdir()
    except FileExistsError:
        raise UsageError(f"cannot create {str(folder)!r}: the path is taken") from None
    except OSError as error:
        raise UsageError(f"cannot create {str(folder)!r}: {error.strerror or error}") from None
    try:
        for file_name, text in texts.items():
            (folder / file_name).write_text(text, encoding="utf-8")
    except OSError as error:
        shutil.rmtree(folder, ignore_errors=True)
        raise UsageError(f"cannot write in {str(folder)!r}: {error.strerror or error}") from None
    return folder
