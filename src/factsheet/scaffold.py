"""``factsheet new NAME``: a commented example briefing that validates and builds as it is."""

from __future__ import annotations

import json
import re
import shlex
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


def shell_word(text: str) -> str:
    """``text`` as one word a POSIX shell reads back as it is, and on one line.

    The folder is written into comment lines of the new files: a line break in it would end
    the comment and turn the rest into YAML. A word with characters that do not print is
    written in bash's $'...' form, with each of them as an escape.
    """
    if text.isprintable():
        return shlex.quote(text)
    escaped = []
    for char in text:
        if char in "\\'":
            escaped.append("\\" + char)
        elif char.isprintable():
            escaped.append(char)
        elif ord(char) < 0x80:
            escaped.append(f"\\x{ord(char):02x}")
        elif ord(char) < 0x10000:
            escaped.append(f"\\u{ord(char):04x}")
        else:
            escaped.append(f"\\U{ord(char):08x}")
    return "$'" + "".join(escaped) + "'"


def render(name: str, folder: Path, today: date) -> dict[str, str]:
    """The text of each file of a new briefing called ``name``."""
    values = {
        "name": name,
        # JSON strings are YAML double-quoted scalars: a name like 'yes' or '1956' stays text.
        "title": json.dumps(_title(name), ensure_ascii=False),
        # Printed in comment lines, ready to paste into a shell.
        "folder": shell_word(folder.as_posix()),
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
