"""The checks across records, one module per rule family.

===========  ===========================  ==========================
codes        family                       module
===========  ===========================  ==========================
FS100–FS113  files, YAML and schema       ``yaml_reader``, ``bundle``
FS114        duplicate ids                ``checks.ids``
FS115        briefing files               ``bundle``
FS2xx        references and sections      ``checks.references``
FS206–FS210  independence, parties        ``checks.evidence``
FS211–FS212  the page's own text          ``checks.page``
FS3xx        dates                        ``checks.dates``
FS4xx        sources and links            ``checks.links``
FS5xx        quotes and snapshots         ``checks.quotes``
FS6xx        fonts and styles             ``checks.glyphs``, ``styles``
FS7xx        layout                       ``building``
===========  ===========================  ==========================

Each check is a generator: the caller stops pulling once the error budget is spent.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..bundle import Bundle
from ..diagnostics import Diagnostic
from ..suggest import Suggester
from . import dates, evidence, glyphs, ids, links, page, quotes, references
from .quotes import QuoteTally


def run_checks(
    bundle: Bundle, covered: frozenset[int] | None, today: date, tally: QuoteTally
) -> Iterator[Diagnostic]:
    """Every cross-record check of one briefing, lazily, in a fixed order."""
    did_you_mean = Suggester()
    yield from ids.check(bundle)
    yield from references.check(bundle, did_you_mean)
    yield from evidence.check(bundle, did_you_mean)
    yield from page.check(bundle)
    yield from dates.check(bundle, today)
    yield from links.check(bundle)
    yield from quotes.check(bundle, tally)
    yield from glyphs.check(bundle, covered)


__all__ = ["QuoteTally", "run_checks"]
