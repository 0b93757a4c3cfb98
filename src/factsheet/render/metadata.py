"""What the PDF says about itself: the Info dictionary, the XMP packet that repeats it and
claims PDF/A-2b and PDF/UA-1, and the sRGB output intent PDF/A asks for.

Both dates come from one moment, ``epoch`` (SOURCE_DATE_EPOCH or the briefing's as_of),
never from the clock, so the same inputs still give the same bytes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from .. import __version__
from .content import PageContent
from .icc import DESCRIPTION as SRGB
from .icc import srgb_profile
from .reportlab_private import Name, Stream
from .xmp import xmp_packet


def creation_date(epoch: int) -> Callable[..., str]:
    """A formatter for ``Canvas.setDateFormatter``: ``epoch`` in UTC, as a PDF date.

    ReportLab calls it with its own clock's year, month, day, hour, minute and second,
    which are ignored.
    """
    year, month, day, hour, minute, second = time.gmtime(epoch)[:6]
    text = f"D:{year:04d}{month:02d}{day:02d}{hour:02d}{minute:02d}{second:02d}+00'00'"
    return lambda *_clock: text


def describe(canvas: Canvas, content: PageContent, epoch: int) -> dict[str, Any]:
    """Fill the Info dictionary; return the catalog entries that say the same in XMP."""
    title = content.title
    author = content.author or "factsheet"
    subject = content.subtitle or f"{content.title}: {content.wording.as_of} {content.as_of}"
    keywords = ", ".join(["briefing", *(s.heading for s in content.sections)])
    tool = f"factsheet {__version__}"
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setSubject(subject)
    canvas.setKeywords(keywords)
    canvas.setCreator(tool)
    canvas.setProducer(tool)
    canvas.setDateFormatter(creation_date(epoch))
    canvas.setViewerPreference("DisplayDocTitle", "true")
    canvas.showOutline()  # /PageMode /UseOutlines
    moment = datetime.fromtimestamp(epoch, tz=UTC)
    packet = xmp_packet(
        title=title,
        author=author,
        subject=subject,
        keywords=keywords,
        created=moment,
        modified=moment,
        producer=tool,
        creator_tool=tool,
        lang=content.language,
        trapped=False,  # ReportLab's Info says /Trapped /False
    )
    metadata = Stream({"Type": Name("Metadata"), "Subtype": Name("XML")}, packet, compress=False)
    intent = {
        "Type": Name("OutputIntent"),
        "S": Name("GTS_PDFA1"),
        "OutputConditionIdentifier": SRGB,
        "Info": SRGB,
        "DestOutputProfile": Stream({"N": 3}, srgb_profile()),
    }
    return {"Metadata": metadata, "OutputIntents": [intent]}
