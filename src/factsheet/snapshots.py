"""Snapshots: the text of a source as it was read, for checking quotes against.

A snapshot is plain text, HTML (the text a browser shows: tags, scripts and styles left
out, entities decoded) or PDF (its extracted text). The HTML and PDF readers are imported
only when such a snapshot exists. Folding and searching stay linear in the snapshot's size.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .files import FileProblem, inside, read_user_file, spend_snapshot_bytes

MAX_SNAPSHOT_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 2000
SUFFIXES = (".txt", ".html", ".htm", ".pdf")

_FOLD = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
    }
)
_SPACE = re.compile(r"\s+")
_MARKS = "\"'"
# Unicode's stream-safe form allows 30 non-starters in a row. CPython sorts a run of
# combining marks by insertion, so a crafted run of 100,000 would take minutes to
# normalise; anything past 30 is no quotation and is dropped before normalising.
_STREAM_SAFE = 30
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{" + str(_STREAM_SAFE + 1) + ",}")


class SnapshotError(Exception):
    """A snapshot file that was read but cannot be turned into text."""


@dataclass(frozen=True)
class Snapshot:
    text: str
    sha256: str


def _stream_safe(run: re.Match[str]) -> str:
    kept, marks = [], 0
    for char in run.group():
        marks = marks + 1 if unicodedata.combining(char) else 0
        if marks <= _STREAM_SAFE:
            kept.append(char)
    return "".join(kept)


def fold(text: str) -> str:
    """Fold what a faithful quotation may differ in: compatibility forms (NFKC: 'ﬁ', '…'),
    curly quotes and dashes, and runs of white space."""
    if not text.isascii():
        text = _NON_ASCII_RUN.sub(_stream_safe, text)
        text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    return _SPACE.sub(" ", text).strip()


def fold_quote(quote: str) -> str:
    """A quotation folded like its snapshot, and without its outer quotation marks."""
    text = fold(quote)
    # Found by index: slicing once per pair would copy the text once per pair.
    start, end = 0, len(text)
    while end - start >= 2 and text[start] in _MARKS and text[end - 1] == text[start]:
        start, end = start + 1, end - 1
        while start < end and text[start] == " ":
            start += 1
        while end > start and text[end - 1] == " ":
            end -= 1
    return text[start:end]


def html_text(markup: str) -> str:
    """The text of an HTML page, with entities decoded and scripts and styles left out."""
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.hidden = 0

        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag in ("script", "style", "noscript", "template"):
                self.hidden += 1
            elif tag in ("p", "br", "div", "li", "h1", "h2", "h3", "h4", "tr", "td"):
                self.parts.append(" ")

        def handle_endtag(self, tag: str) -> None:
            if tag in ("script", "style", "noscript", "template") and self.hidden:
                self.hidden -= 1

        def handle_data(self, data: str) -> None:
            if not self.hidden:
                self.parts.append(data)

    parser = _Text()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


def pdf_text(raw: bytes) -> str:
    """The extracted text of a PDF, page by page, up to MAX_PDF_PAGES pages."""
    import logging
    from io import BytesIO

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf logs what it repairs to stderr, around factsheet's own report; a file that
    # cannot be read is reported once, as FS502.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)

    try:
        reader = PdfReader(BytesIO(raw))
        if reader.is_encrypted:
            raise SnapshotError("is an encrypted PDF")
        pages = reader.pages[:MAX_PDF_PAGES]
        return "\n".join(page.extract_text() or "" for page in pages)
    except (PyPdfError, ValueError, KeyError, TypeError, RecursionError) as error:
        raise SnapshotError(f"cannot be read as a PDF ({type(error).__name__})") from None


def decode(raw: bytes, suffix: str) -> str:
    """The text of a snapshot's bytes, by the kind its file name says."""
    if suffix == ".pdf":
        return pdf_text(raw)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SnapshotError("is not UTF-8 text") from None
    return html_text(text) if suffix in (".html", ".htm") else text


def read_snapshot(folder: Path, relative: str) -> Snapshot:
    """The snapshot ``relative`` to ``folder``; raises FileProblem or SnapshotError."""
    path = folder / relative
    inside(folder, path)
    try:
        size = path.stat().st_size
    except (OSError, ValueError):
        size = 0  # the read below says why
    if size <= MAX_SNAPSHOT_BYTES:  # a larger one is refused on its own by the read below
        spend_snapshot_bytes(folder, size)
    raw = read_user_file(path, limit=MAX_SNAPSHOT_BYTES, root=folder)
    digest = hashlib.sha256(raw).hexdigest()
    return Snapshot(decode(raw, path.suffix.lower()), digest)


def closest_passage(quote: str, text: str, width: int = 80) -> str | None:
    """The passage of ``text`` that shares the longest beginning or end with ``quote``.

    Binary search on the length of the shared part: about 2 log2(len(quote)) substring
    searches, each linear, so even a 20 MiB snapshot answers in a fraction of a second.
    """

    def longest(piece_of: int) -> tuple[int, int]:  # (length, position in text)
        low, high, found = 0, len(quote), (0, -1)
        while low < high:
            middle = (low + high + 1) // 2
            piece = quote[:middle] if piece_of == 0 else quote[-middle:]
            at = text.find(piece)
            if at >= 0:
                low, found = middle, (middle, at)
            else:
                high = middle - 1
        return found

    (head, head_at), (tail, tail_at) = longest(0), longest(1)
    if max(head, tail) < min(12, len(quote) // 2 + 1):
        return None
    start = head_at if head >= tail else max(tail_at + tail - len(quote), 0)
    return text[start : start + max(len(quote) + 10, width)]


__all__ = ["SUFFIXES", "FileProblem", "Snapshot", "SnapshotError", "fold", "read_snapshot"]
