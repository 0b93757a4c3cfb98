"""``validate --check-links``: does every url and archive_url still answer?

Opt-in, because it uses the network. Links are checked concurrently, with a timeout each
and at most :data:`PER_HOST` requests at a time to any one host, so that a briefing with
fifty links to one site does not hammer it. A HEAD request is tried first; servers that
refuse HEAD get a GET for the first byte. An answer of 400 or more, or none at all, is
FS215 dead-link (a warning: the source may be only briefly down).

Only addresses that pass FS401 are requested, and redirects are followed only to http(s).
"""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from . import __version__
from .bundle import Bundle
from .diagnostics import Diagnostic, Location, diagnostic
from .urls import link_target, url_problem
from .web import _SameSchemes

TIMEOUT = 10.0
WORKERS = 16
PER_HOST = 2
_REFUSES_HEAD = {405, 501}


@dataclass(frozen=True)
class Link:
    url: str
    key: str  # url or archive_url
    where: Location


class _Hosts:
    """One semaphore per host: at most PER_HOST requests to it at once."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.lock = threading.Lock()
        self.slots: dict[str, threading.Semaphore] = {}

    def slot(self, url: str) -> threading.Semaphore:
        host = (urlsplit(url).hostname or "").lower()
        with self.lock:
            return self.slots.setdefault(host, threading.Semaphore(self.limit))


def _request(url: str, method: str, timeout: float) -> int:
    opener = urllib.request.build_opener(_SameSchemes)
    headers = {"User-Agent": f"factsheet/{__version__} (link check)"}
    if method == "GET":
        headers["Range"] = "bytes=0-0"
    target = link_target(url)
    if target is None:
        raise OSError("the address cannot be encoded as a link")
    # The ASCII form the page links to: IDNA 2008 host, percent-encoded path.
    request = urllib.request.Request(target, method=method, headers=headers)
    try:
        response: Any = opener.open(request, timeout=timeout)
    except urllib.error.HTTPError as error:
        if 300 <= error.code < 400:  # urllib refuses to follow it (another scheme, a loop)
            raise OSError(
                f"the server answered {error.code} with a redirect not followed"
            ) from None
        return int(error.code)
    with response:
        return int(response.status)


def status_of(url: str, timeout: float = TIMEOUT) -> tuple[int | None, str]:
    """The HTTP status ``url`` answers with, or None and why there was no answer."""
    try:
        status = _request(url, "HEAD", timeout)
        if status in _REFUSES_HEAD:
            status = _request(url, "GET", timeout)
    except urllib.error.URLError as error:
        return None, str(error.reason)
    except TimeoutError:
        return None, f"no answer within {timeout:g} s"
    except OSError as error:
        return None, str(error)
    return status, ""


def links_of(bundle: Bundle) -> list[Link]:
    found = []
    for located in bundle.sources:
        for key in ("url", "archive_url"):
            url = getattr(located.record, key)
            if isinstance(url, str) and url_problem(url) is None:
                found.append(Link(url, key, located.at(key)))
    return found


def check(
    bundle: Bundle, *, timeout: float = TIMEOUT, per_host: int = PER_HOST
) -> Iterator[Diagnostic]:
    """FS215 for every link of the briefing that does not answer, in source order."""
    links = links_of(bundle)
    if not links:
        return
    hosts = _Hosts(per_host)
    answers: dict[str, tuple[int | None, str]] = {}

    def one(url: str) -> tuple[int | None, str]:
        with hosts.slot(url):
            return status_of(url, timeout)

    unique = list(dict.fromkeys(link.url for link in links))
    with ThreadPoolExecutor(max_workers=min(WORKERS, len(unique))) as pool:
        for url, answer in zip(unique, pool.map(one, unique), strict=True):
            answers[url] = answer
    for link in links:
        status, reason = answers[link.url]
        if status is None:
            message = f"{link.key} did not answer: {reason}"
        elif status >= 400:
            message = f"{link.key} answered {status}"
        else:
            continue
        yield diagnostic("FS215", link.where, message)
