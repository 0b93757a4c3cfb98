"""Plain values and their positions, built from PyYAML's events as they come: a mapping or
list is opened at its start event, filled, and closed at its end event.

Only the core scalar types become Python values; anything YAML would read as a boolean,
float or timestamp from an unquoted word stays a :class:`~.tags.Plain` marker. What the
build finds (a repeated key, a tag, a key that is not a word, nesting too deep) is kept in
``found``; the first error that stops it sets ``fatal``.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..diagnostics import Diagnostic, Location, diagnostic
from .positions import COLUMN_BITS, Lines, Where, event_location, packed
from .tags import (
    BOOL,
    DECIMAL,
    FLOAT,
    INT,
    KEY_TAGS,
    MAP,
    MERGE,
    NULL,
    PLAIN_KINDS,
    SEQ,
    STR,
    VALUE,
    Plain,
    tag_of,
)

MAX_DEPTH = 24
MAX_SCALAR_CHARS = 100_000

NODE_EVENTS = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)


class Open:
    """A mapping or list being built: its value, where its entries were written, and (for a
    mapping) the key waiting for its value."""

    __slots__ = ("depth", "key", "key_at", "skip", "value", "where")

    def __init__(self, value: dict[str, Any] | list[Any], where: Where, depth: int) -> None:
        self.value = value
        self.where = where
        self.depth = depth
        self.key: str | None = None
        self.key_at = 0
        self.skip = False  # the value of a repeated key comes next: it is left out


class Builder:
    """The values of one file, built event by event (see :meth:`build`)."""

    def __init__(self, display: str, lines: Lines) -> None:
        self.display = display
        self.lines = lines
        self.shape: Diagnostic | None = None  # empty, or not a mapping
        self.found: list[Diagnostic] = []  # what converting found
        self.fatal = False
        self.building = True
        self.skipping = 0  # depth inside a left-out value
        self.stack: list[Open] = []
        self.values = 0  # values converted (keys included), for the briefing's budget
        self.data: dict[str, Any] | None = None
        self.where: Where | None = None

    def _at(self, event: Any) -> Location:
        return event_location(event, self.display, self.lines)

    def _fail(self, code: str, event: Any, message: str) -> None:
        self.found.append(diagnostic(code, self._at(event), message))
        self.fatal = True
        self.building = False

    def build(self, event: Any) -> None:
        """Take the next event into the values."""
        if self.skipping:
            if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                self.skipping += 1
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                self.skipping -= 1
            return
        if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            self._close(event)
            return
        if not isinstance(event, NODE_EVENTS):
            return  # stream and document events; aliases stop the build (see the reader)
        if not self.stack:
            self._root(event)
            return
        top = self.stack[-1]
        if isinstance(top.value, dict):
            if top.skip:
                top.skip = False
                if not isinstance(event, yaml.ScalarEvent):
                    self.skipping = 1
                return
            if top.key is None:
                self._key(top, event)
                return
        self._value(top, event)

    def _root(self, event: Any) -> None:
        self.building = False
        if isinstance(event, yaml.MappingStartEvent) and tag_of(event) == MAP:
            self.building = True
            self.values += 1
            self.stack.append(Open({}, Where(packed(event.start_mark), 0), 0))
            return
        if isinstance(event, yaml.ScalarEvent) and not event.value and tag_of(event) == NULL:
            message = "file holds an empty document"
            self.shape = diagnostic("FS101", Location(self.display, 1, 1), message)
        elif isinstance(event, yaml.MappingStartEvent):  # tagged: the converter's FS106
            self.building = True
            self.values += 1
            self._fail("FS106", event, f"tag {tag_of(event)!r} is not allowed")
        else:
            message = "top level must be a mapping of keys to values"
            self.shape = diagnostic("FS103", self._at(event), message)

    def _key(self, top: Open, event: Any) -> None:
        if not isinstance(event, yaml.ScalarEvent):
            self._fail("FS112", event, "keys must be plain words, not lists or maps")
            return
        tag = tag_of(event)
        if tag == MERGE:
            self._fail("FS105", event, "merge keys ('<<') are not allowed")
            return
        if tag not in KEY_TAGS:
            self._fail("FS106", event, f"tag {tag!r} is not allowed")
            return
        key = event.value
        assert isinstance(top.value, dict)
        if key in top.value:
            self.found.append(
                diagnostic(
                    "FS104",
                    self._at(event),
                    f"key {key!r} appears twice in this mapping",
                    "Keep one; YAML would silently keep only the last.",
                )
            )
            top.skip = True
            return
        self.values += 1
        mark: Any = event.start_mark
        top.key, top.key_at = key, (mark.line << COLUMN_BITS) | mark.column

    def _value(self, top: Open, event: Any) -> None:
        self.values += 1
        depth = top.depth + 1
        tag = tag_of(event)
        if type(event) is yaml.ScalarEvent:
            if tag == STR and len(event.value) <= MAX_SCALAR_CHARS:  # the common case
                mark: Any = event.start_mark
                at = (mark.line << COLUMN_BITS) | mark.column
                if top.key is not None:  # in a mapping: inlined _attach
                    top.where.spots.append(top.key_at)
                    top.where.spots.append(at)
                    top.value[top.key] = event.value  # type: ignore[call-overload]
                    top.key = None
                else:
                    self._attach(top, event.value, at, None)
                return
            if tag != STR and depth > MAX_DEPTH:
                self._fail("FS107", event, f"nesting deeper than {MAX_DEPTH} levels")
                return
            value = self._scalar(event, tag)
            if not self.fatal:
                self._attach(top, value, packed(event.start_mark), None)
            return
        if depth > MAX_DEPTH:
            self._fail("FS107", event, f"nesting deeper than {MAX_DEPTH} levels")
            return
        mapping = isinstance(event, yaml.MappingStartEvent)
        if tag != (MAP if mapping else SEQ):
            self._fail("FS106", event, f"tag {tag!r} is not allowed")
            return
        opened: dict[str, Any] | list[Any] = {} if mapping else []
        self.stack.append(Open(opened, Where(packed(event.start_mark), 0), depth))

    def _close(self, event: Any) -> None:
        done = self.stack.pop()
        done.where.end = packed(event.end_mark)
        if not self.stack:
            assert isinstance(done.value, dict)
            self.data, self.where = done.value, done.where
            self.building = False
            return
        self._attach(self.stack[-1], done.value, done.where.start, done.where)

    def _attach(self, top: Open, value: Any, at: int, inner: Where | None) -> None:
        where = top.where
        if isinstance(top.value, dict):
            if inner is not None:
                if where.inner is None:
                    where.inner = {}
                where.inner[len(top.value)] = inner
            where.spots.append(top.key_at)
            where.spots.append(at)
            assert top.key is not None
            top.value[top.key] = value
            top.key = None
        else:
            if inner is not None:
                if where.inner is None:
                    where.inner = {}
                where.inner[len(top.value)] = inner
            where.spots.append(at)
            top.value.append(value)

    def _scalar(self, event: Any, tag: str) -> Any:
        text: str = event.value
        if len(text) > MAX_SCALAR_CHARS:
            self._fail("FS107", event, f"value is longer than {MAX_SCALAR_CHARS} characters")
            return None
        if tag in (STR, VALUE):
            return text
        if tag == NULL:
            return None
        if tag == INT:
            try:
                if DECIMAL.fullmatch(text):
                    return int(text, 10)
            except ValueError:  # more digits than Python converts
                pass
            return Plain("a number", text)
        if tag == FLOAT and not text.lstrip("+-").startswith("."):
            try:
                return float(text)
            except ValueError:
                return Plain("a number", text)
        if tag == BOOL and text.lower() in ("true", "false"):
            return text.lower() == "true"
        kind = PLAIN_KINDS.get(tag)
        if kind is None:
            self._fail("FS106", event, f"tag {tag!r} is not allowed")
            return None
        return Plain(kind, text)
