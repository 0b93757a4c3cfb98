"""What every format shares: the summary line, and paths and messages made safe to print."""

from __future__ import annotations

from ..diagnostics import Location, plural
from ..report import Findings

# A path is printed as it is unless it holds one of these: a colon would let it read as a
# position ("x:9:9: FS999 error: forged"), a quote would end the quoted form early.
_PLAIN_UNSAFE = frozenset(':"\\')
_ESCAPES = {"\\": "\\\\", '"': '\\"', ":": "\\x3a", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def summary(findings: Findings) -> str:
    text = (
        f"{plural(len(findings.briefings), 'briefing')}, {plural(findings.files, 'file')}, "
        f"{plural(findings.facts, 'fact')}, {plural(findings.sources, 'source')} checked; "
        f"{plural(findings.quotes_verified, 'quote')} verified, "
        f"{findings.quotes_unverifiable} without a snapshot; "
        f"{plural(findings.errors, 'error')}, {plural(findings.warnings, 'warning')}"
    )
    if findings.excused:
        text += f" ({findings.excused} excused by records' ignore:)"
    return text


def unsurrogate(text: str) -> str:
    """A file name that is not UTF-8 reaches Python with lone surrogates (PEP 383); they
    cannot be encoded, so each undecodable byte is written as ``\\xNN`` instead."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogateescape" if _only_escapes(text) else "backslashreplace")
        return raw.decode("utf-8", "backslashreplace")
    return text


def _only_escapes(text: str) -> bool:
    return all(not 0xD800 <= ord(c) <= 0xDFFF or 0xDC80 <= ord(c) <= 0xDCFF for c in text)


def visible(text: str) -> str:
    """Control and bidirectional characters (a file name may hold them) as escapes, so that
    no input can forge a line, move the cursor or recolour the terminal."""
    text = unsurrogate(text)
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def shown_path(path: str) -> str:
    """A path as text output prints it: unchanged when it is plain; otherwise in one quoted,
    escaped form, so that no file name can forge a diagnostic or another line."""
    path = unsurrogate(path)
    if path.isprintable() and not _PLAIN_UNSAFE & set(path):
        return path
    escaped = "".join(
        _ESCAPES.get(char) or (char if char.isprintable() else repr(char)[1:-1]) for char in path
    )
    return f'"{escaped}"'


def shown_location(location: Location) -> str:
    where = shown_path(location.file)
    return f"{where}:{location.line}:{location.column}" if location.line else where
