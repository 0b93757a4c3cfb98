"""FS114: every fact, source, section and party id is used once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from ..bundle import Bundle
from ..diagnostics import Diagnostic, Location, diagnostic

Ids = list[tuple[str, Callable[[], Location]]]


def _groups(bundle: Bundle) -> list[tuple[str, Ids]]:
    # Positions are looked up only for duplicates: most briefings have none.
    groups: list[tuple[str, Ids]] = [
        ("fact", [(f.record.id, partial(f.at, "id")) for f in bundle.facts]),
        ("source", [(s.record.id, partial(s.at, "id")) for s in bundle.sources]),
    ]
    if bundle.briefing:
        where = bundle.briefing.at
        sections = bundle.briefing.record.sections
        groups.append(
            (
                "section",
                [(s.id, partial(where, "sections", i, "id")) for i, s in enumerate(sections)],
            )
        )
        parties = bundle.briefing.record.parties
        groups.append(
            ("party", [(p.id, partial(where, "parties", i, "id")) for i, p in enumerate(parties)])
        )
    return groups


def check(bundle: Bundle) -> Iterator[Diagnostic]:
    for kind, ids in _groups(bundle):
        first_seen: dict[str, Callable[[], Location]] = {}
        for name, locate in ids:
            if name in first_seen:
                yield diagnostic(
                    "FS114", locate(), f"{kind} id {name!r} is already used at {first_seen[name]()}"
                )
            else:
                first_seen[name] = locate
