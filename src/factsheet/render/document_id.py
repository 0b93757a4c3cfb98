"""The digest behind the PDF's /ID: the same for the same inputs, new when any changes."""

from __future__ import annotations

import hashlib

from .. import __version__
from ..styles import Style


def document_digest(style: Style, paper: str, epoch: int, fingerprint: bytes) -> bytes:
    """MD5 over everything the page is made from: the program version, paper, style, the
    time stamp, and the fingerprint of the input files' bytes."""
    digest = hashlib.md5(usedforsecurity=False)
    for part in (__version__, paper, style.name, repr(style.spec), str(epoch)):
        digest.update(part.encode() + b"\0")
    digest.update(fingerprint)
    return digest.digest()
