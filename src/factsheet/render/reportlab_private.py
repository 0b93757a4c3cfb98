"""Every place the renderer relies on ReportLab beyond its public API, and why.

ReportLab 5.1 has no public way to do what these functions do. Keeping each in one named
function here gives an upgrade one file to check, and tests/test_reportlab_private.py pins
each against the installed ReportLab: if a release renames or drops what is used here, a
test fails, rather than a build quietly producing different bytes.
"""

from __future__ import annotations

import binascii
import os
from collections.abc import Iterator
from contextlib import contextmanager

from reportlab.pdfgen.canvas import Canvas


def set_document_id(canvas: Canvas, digest: bytes) -> None:
    """Make ``digest`` both halves of the trailer's /ID.

    ReportLab derives /ID from the title, author, subject, keywords and the time stamp, so
    in invariant mode two briefings that share those share an /ID; it has no way to be
    given one. ``PDFDocument.ID()`` returns ``_ID`` as it is when it is set, and the
    trailer writes those bytes verbatim: two hex strings in brackets, between newlines, as
    ReportLab spells its own (without the comment it adds after it).
    """
    half = b"<" + binascii.hexlify(digest) + b">"
    canvas._doc._ID = b"\n[" + half + half + b"]\n"


@contextmanager
def source_date_epoch_hidden() -> Iterator[None]:
    """Hide SOURCE_DATE_EPOCH from ReportLab while a canvas is made, then restore it.

    A canvas reads the variable itself when it is created (``reportlab.lib.utils.TimeStamp``)
    and converts it with ``int()``, unchecked: a value that is not whole seconds raises
    inside ``Canvas()``. The caller has already read and checked it and sets the creation
    date with ``Canvas.setDateFormatter``, so ReportLab's own reading is never wanted.
    """
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved
