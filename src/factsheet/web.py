"""Fetch one page over http(s), within a size limit and timeouts, for a snapshot.

Redirects are followed only to http and https addresses (never ``file:`` or ``ftp:``), at
most five times. The body is read up to the limit and refused past it, so a server that
sends more never fills memory or disk. Every failure is an OSError with a sentence for
people; nothing is written here.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from http.client import HTTPMessage
from typing import IO, Any
from urllib.parse import urlsplit

from . import __version__
from .urls import link_target, url_problem

_KINDS = {"text/html": ".html", "application/xhtml+xml": ".html", "application/pdf": ".pdf"}
MAX_REDIRECTS = 5


class FetchError(OSError):
    """A page could not be fetched; ``str()`` says why."""


class _SameSchemes(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise FetchError(f"the server redirected to {newurl[:80]!r}, which is not http(s)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _suffix(content_type: str, url: str) -> str:
    kind = content_type.split(";")[0].strip().lower()
    if kind in _KINDS:
        return _KINDS[kind]
    if kind == "text/plain":
        return ".txt"
    path = urlsplit(url).path.lower()
    return ".pdf" if path.endswith(".pdf") else ".html"


def fetch(url: str, *, limit: int, timeout: float) -> tuple[bytes, str]:
    """The body of ``url`` and the snapshot suffix its content type calls for."""
    problem = url_problem(url)
    target = None if problem else link_target(url)
    if target is None:
        raise FetchError(f"the address {problem or 'cannot be encoded'}")
    # The ASCII form: IDNA 2008 host (straße.de is not strasse.de), percent-encoded path.
    opener = urllib.request.build_opener(_SameSchemes)
    request = urllib.request.Request(target, headers={"User-Agent": f"factsheet/{__version__}"})
    try:
        response: Any = opener.open(request, timeout=timeout)
    except urllib.error.HTTPError as error:
        raise FetchError(f"the server answered {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, FetchError):
            raise reason from None
        raise FetchError(f"{reason}") from None
    except TimeoutError:
        raise FetchError(f"no answer within {timeout:g} s") from None
    # The socket timeout bounds each read; a server that trickles bytes is bounded by a
    # deadline for the whole body.
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    size = 0
    with response:
        while True:
            try:
                chunk = response.read(min(65536, limit + 1 - size))
            except TimeoutError:
                raise FetchError(f"the page did not arrive within {timeout:g} s") from None
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise FetchError(f"the page is larger than {limit // (1024 * 1024)} MiB")
            if time.monotonic() > deadline:
                raise FetchError(f"the page did not arrive within {timeout:g} s")
        kind = response.headers.get("Content-Type", "")
        return b"".join(chunks), _suffix(kind, response.url)
