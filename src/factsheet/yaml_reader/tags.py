"""YAML's tags, as PyYAML resolves them, and the :class:`Plain` marker for the values YAML
would type from an unquoted word (a float, a date, a boolean), which text fields refuse."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

TAG = "tag:yaml.org,2002:"
STR, INT, NULL, BOOL = TAG + "str", TAG + "int", TAG + "null", TAG + "bool"
MAP, SEQ = TAG + "map", TAG + "seq"
FLOAT = TAG + "float"
MERGE = TAG + "merge"
PLAIN_KINDS = {FLOAT: "a number", TAG + "timestamp": "a date", BOOL: "a boolean"}
# YAML 1.1 resolves a bare '=' to this tag; it carries no type, so it stays a string.
VALUE = TAG + "value"
KEY_TAGS = {STR, INT, NULL, VALUE, *PLAIN_KINDS}
# YAML 1.1 reads 1_000, 0x1F, 0b11 and 1:30 as integers; only plain decimals are numbers here.
DECIMAL = re.compile(r"[-+]?[0-9]+")


@dataclass(frozen=True, slots=True)
class Plain:
    """An unquoted scalar that YAML would have typed (``yes``, ``1.5``, ``2025-10-24``)."""

    kind: str
    text: str

    def __str__(self) -> str:
        return self.text


_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers

assert None not in _IMPLICIT, "a resolver for any first character: tag_of would miss it"
# Per first character, one pattern matching any plain scalar YAML would type (a number, a
# date, a boolean, null...): the build's fast path takes only those it does not match.
TYPED = {
    first: re.compile("|".join(f"(?:{pattern.pattern})" for _tag, pattern in typers), re.X)
    for first, typers in _IMPLICIT.items()
}


def tag_of(event: Any) -> str:
    """The tag YAML gives the node of ``event``, as PyYAML's composer resolves it."""
    tag: str | None = event.tag
    if tag is not None and tag != "!":
        return tag
    if type(event) is yaml.ScalarEvent:
        if event.implicit[0]:
            value = event.value
            for resolved, pattern in _IMPLICIT.get(value[:1], ()):
                if pattern.match(value):
                    return str(resolved)
        return STR
    return MAP if type(event) is yaml.MappingStartEvent else SEQ
