"""What makes a URL safe to print and link, and the exact target a PDF link points to.

Validation (FS401) and the renderer both ask this module, so a page never links to an
address that validation did not accept, and never to a host other than the one printed.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import quote, urlsplit, urlunsplit

_HOST = re.compile(
    r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"
)
# Scripts whose letters pass for one another: 'аpple.com' with a Cyrillic а is not apple.com.
_LOOKALIKE_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "GREEK"})
_LINK_SAFE = "/:@!$&'()*+,;=-._~%?"


def ascii_host(host: str) -> str | None:
    """The host as DNS looks it up, or None when it cannot be a DNS name.

    Internationalised names use UTS #46 non-transitional processing (IDNA 2008), so
    'straße.de' stays 'xn--strae-oqa.de' and is never folded into 'strasse.de', a different
    domain. The ``idna`` package is imported only for the rare non-ASCII host. A fully
    qualified name's trailing dot is kept.
    """
    if host.isascii():
        return host
    import idna

    dot = "." if host.endswith(".") else ""
    try:
        return idna.encode(host.rstrip("."), uts46=True, transitional=False).decode("ascii") + dot
    except (idna.IDNAError, UnicodeError):
        return None


def _valid_host(host: str) -> bool:
    """A DNS name (internationalised ones too) or an IP address; urlsplit drops IPv6 brackets."""
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    encoded = ascii_host(host)
    if encoded is None:
        return False
    # A fully qualified name ('example.org.') ends in the root label's dot.
    return _HOST.match(encoded.removesuffix(".")) is not None


def _confusable_host(host: str) -> str | None:
    """Why an internationalised host name can pass for another one, or None."""
    for label in host.split("."):
        if label.isascii():
            continue
        scripts = set()
        for char in label:
            if char == "-" or char.isdigit():
                continue
            if not char.isalpha():  # '⁄' (fraction slash) reads as '/', '。' as '.'
                return f"has {char!r} in its host name, which can pass for punctuation"
            scripts.add(unicodedata.name(char, "").partition(" ")[0])
        if len(scripts & _LOOKALIKE_SCRIPTS) > 1:
            mixed = " and ".join(name.title() for name in sorted(scripts & _LOOKALIKE_SCRIPTS))
            return f"mixes {mixed} letters in {label!r}, so it can pass for another address"
    return None


def url_problem(url: str) -> str | None:
    """Why ``url`` is not a safe http(s) link to print, or None when it is."""
    # Not printable: controls, and characters that print as nothing or reorder what follows
    # (U+200B, U+202E), so that the URL would not read as the address it links to.
    if any(ch.isspace() or ch == "\\" for ch in url) or not url.isprintable():
        return "contains spaces, invisible or control characters, or backslashes"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        return f"is malformed ({error})"
    if parts.scheme.lower() not in ("http", "https"):
        scheme = parts.scheme or "no scheme"
        return f"uses {scheme!r}; only http and https links are printed"
    if not parts.netloc or not parts.hostname or not _valid_host(parts.hostname):
        return "has no valid host name"
    if not parts.hostname.isascii() and (confusable := _confusable_host(parts.hostname)):
        return confusable
    if parts.username is not None or parts.password is not None:
        return "carries a user name or password, which can disguise the real host"
    if port == 0:
        return "has port 0"
    return None


def link_target(url: str) -> str | None:
    """The URL as a PDF link wants it: an ASCII host (IDNA 2008) and percent-encoded path.

    Only URLs that :func:`url_problem` accepts are linked; anything else prints as text.
    """
    if url_problem(url) is not None:
        return None
    parts = urlsplit(url)
    host = ascii_host(parts.hostname or "")
    if host is None:
        return None
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port is not None else "")
    return urlunsplit(
        (
            parts.scheme.lower(),
            netloc,
            quote(parts.path, safe=_LINK_SAFE),
            quote(parts.query, safe=_LINK_SAFE),
            quote(parts.fragment, safe=_LINK_SAFE),
        )
    )
