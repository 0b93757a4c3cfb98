"""The digest behind the PDF's /ID: the same for the same inputs, new when any changes."""

from __future__ import annotations

import hashlib
from dataclasses import fields, is_dataclass

from .. import __version__
from ..styles import Style
from .content import Milestone, PageContent, SectionContent

# The digest was first taken over repr(content). Classes and fields of the content have
# been renamed since; spelling them under their first names keeps the /ID of a briefing
# that has not changed the same, and a future rename must add itself here.
_FIRST_CLASS_NAMES: dict[type, str] = {SectionContent: "SectionBlock"}
_FIRST_FIELD_NAMES: dict[type, dict[str, str]] = {Milestone: {"date_text": "label"}}


def spelling(value: object) -> str:
    """``repr(value)`` with classes and fields under their first names.

    The content holds only dataclasses, tuples and plain values; the format is the one
    ``dataclasses`` and ``tuple`` use for repr.
    """
    if is_dataclass(value) and not isinstance(value, type):
        kind = type(value)
        renamed = _FIRST_FIELD_NAMES.get(kind, {})
        parts = ", ".join(
            f"{renamed.get(field.name, field.name)}={spelling(getattr(value, field.name))}"
            for field in fields(value)
            if field.repr
        )
        return f"{_FIRST_CLASS_NAMES.get(kind, kind.__qualname__)}({parts})"
    if isinstance(value, tuple):
        items = [spelling(item) for item in value]
        return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"
    return repr(value)


def document_digest(content: PageContent, style: Style, paper: str, fingerprint: bytes) -> bytes:
    """MD5 over the program version, paper, style, content and the input files' fingerprint."""
    digest = hashlib.md5(usedforsecurity=False)
    for part in (__version__, paper, style.name, repr(style.spec), spelling(content)):
        digest.update(part.encode())
    digest.update(fingerprint)
    return digest.digest()
