"""FS401–FS403: every link is a safe http(s) address, and a linked page says when it was read."""

from __future__ import annotations

from collections.abc import Iterator

from ..bundle import Bundle
from ..diagnostics import Diagnostic, diagnostic
from ..urls import url_problem


def check(bundle: Bundle) -> Iterator[Diagnostic]:
    for source in bundle.sources:
        record = source.record
        for name in ("url", "archive_url"):
            url = getattr(record, name)
            problem = url_problem(url) if url is not None else None
            if problem:
                yield diagnostic("FS401", source.at(name), f"{name} {url[:80]!r} {problem}")
        if record.url and record.accessed is None:
            yield diagnostic(
                "FS403", source.at("url"), f"source {record.id!r} has a url but no accessed date"
            )
        if not record.url and not record.archive_url:
            yield diagnostic(
                "FS402", source.at("id"), f"source {record.id!r} has neither url nor archive_url"
            )
