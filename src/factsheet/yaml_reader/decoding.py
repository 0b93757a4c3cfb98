"""A YAML file's bytes as text: UTF-8 only, a byte order mark dropped, no NUL bytes (FS102)."""

from __future__ import annotations

import codecs

from ..diagnostics import Diagnostic, Location, diagnostic

_FOREIGN_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode(raw: bytes, display: str, diagnostics: list[Diagnostic]) -> str | None:
    """The text of ``raw``; None, with a diagnostic appended, when it is not UTF-8 text."""
    where = Location(display, 1, 1)
    if raw.startswith(_FOREIGN_BOMS):
        diagnostics.append(diagnostic("FS102", where, "file is UTF-16 or UTF-32, not UTF-8"))
        return None
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        diagnostics.append(
            diagnostic(
                "FS102",
                Location(display, line, column),
                f"byte 0x{raw[error.start]:02x} is not valid UTF-8",
            )
        )
        return None
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        diagnostics.append(
            diagnostic(
                "FS102", Location(display, line, column), "file contains NUL bytes; it looks binary"
            )
        )
        return None
    return text
