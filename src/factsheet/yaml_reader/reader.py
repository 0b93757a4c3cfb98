"""One pass over PyYAML's event stream: the checks composing would make (tags, aliases, too
many values, a second document), and the build of the values as the events come."""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..diagnostics import Diagnostic, Location, diagnostic
from .building import MAX_SCALAR_CHARS, Builder
from .positions import COLUMN_BITS, Lines, event_location
from .syntax_errors import reader_diagnostic, syntax_diagnostic
from .tags import TYPED

try:  # The C loader is ten times faster; the pure-Python one behaves the same.
    from yaml import CSafeLoader as _Loader

    _BYTE_OFFSETS = True  # libyaml reports reader errors at UTF-8 byte offsets
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

    _BYTE_OFFSETS = False

# Each composed value costs about 300 bytes of nodes and marks, so 4 MiB of '[1,1,1,...'
# would take over a gigabyte. No YAML spends less than a byte a value ('{a,a,a' is the
# densest), so only files over half the limit in characters are counted before composing.
MAX_VALUES = 250_000
_COUNT_ABOVE = MAX_VALUES // 2

# A tag ('!') can only start after white space or an indicator, never right after a letter
# or digit; files without such a '!' (nearly all) skip the scan for explicit tags.
# (Written with the '!' first, so that the search skips ahead to each '!'.)
_MAYBE_TAG = re.compile(r"!(?<![0-9A-Za-z]!)")
_VALUE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)


class Reader(Builder):
    """One pass over the event stream: plain values and their positions, built as the
    events come, never PyYAML's node tree (about 300 bytes a value).

    It reports what composing and then converting the tree would report, in the same
    order of precedence: when the text could hold a tag, an alias or too many values, the
    first of those (or a syntax error before it) wins, as the pre-scan of the whole stream
    found it before anything was composed; then a syntax or composer error anywhere (a
    duplicate anchor, an undefined alias, a second document); then an empty file or one
    that is not a mapping; then what converting found (repeated keys, and the first error
    that stops it).
    """

    def __init__(self, text: str, display: str, lines: Lines) -> None:
        super().__init__(display, lines)
        self.text = text
        self.count_values = len(text) > _COUNT_ABOVE
        # Only an anchor ('&') makes an alias ('*') possible.
        self.maybe_alias = "&" in text and "*" in text
        self.prescanning = self.count_values or self.maybe_alias or bool(_MAYBE_TAG.search(text))
        self.seen = 0  # value events, as the pre-scan counts them
        self.previous: Any = None
        self.early: Diagnostic | None = None  # a tag, an alias or too many values
        self.broken: Diagnostic | None = None  # a syntax error
        self.composer: Diagnostic | None = None  # a duplicate anchor, a second document...
        self.documents = 0
        self.anchors: dict[str, Any] = {}

    def read(self) -> None:
        loader = _Loader(self.text)
        try:
            self._events(loader.get_event)
        except yaml.MarkedYAMLError as error:
            self.broken = syntax_diagnostic(error, self.display, self.lines)
        except yaml.reader.ReaderError as error:  # a control character: only an offset
            self.broken = reader_diagnostic(
                error, self.text, self.display, byte_offsets=_BYTE_OFFSETS
            )
        finally:
            loader.dispose()

    def _events(self, next_event: Any) -> None:
        """Every event, in order. A text scalar that no check needs to see, the most common
        event by far, is built here inline (as :meth:`Builder.build` would build it); every
        other event goes the long way."""
        scalar, stack, typed = yaml.ScalarEvent, self.stack, TYPED.get
        prescanning, bits, longest = self.prescanning, COLUMN_BITS, MAX_SCALAR_CHARS
        while (event := next_event()) is not None:
            if type(event) is scalar and not prescanning and event.anchor is None:
                if not self.building or self.composer is not None:
                    continue
                value: str = event.value
                top = stack[-1] if stack and not self.skipping else None
                if (
                    top is not None
                    and event.tag is None
                    and len(value) <= longest
                    and not (
                        event.implicit[0]
                        and (pattern := typed(value[:1])) is not None
                        and pattern.match(value)
                    )
                ):
                    mark: Any = event.start_mark
                    at = (mark.line << bits) | mark.column
                    container = top.value
                    if type(container) is list:
                        self.values += 1
                        top.where.spots.append(at)
                        container.append(value)
                        continue
                    if not top.skip:
                        assert isinstance(container, dict)
                        if top.key is not None:
                            self.values += 1
                            spots = top.where.spots
                            spots.append(top.key_at)
                            spots.append(at)
                            container[top.key] = value
                            top.key = None
                            continue
                        if value not in container:
                            self.values += 1
                            top.key, top.key_at = value, at
                            continue
                self.build(event)
                continue
            if self._scan(event):
                return
            if self.building and self.composer is None:
                self.build(event)

    def outcome(self) -> list[Diagnostic]:
        """The diagnostics of the file, in the precedence described above."""
        for first in (self.early, self.broken, self.composer):
            if first is not None:
                self.fatal = True
                return [first]
        if self.documents == 0:
            self.fatal = True
            return [diagnostic("FS101", Location(self.display, 1, 1), "file holds only comments")]
        if self.shape is not None:
            self.fatal = True
            return [self.shape]
        if self.data is None and not self.fatal:  # pragma: no cover - a stream ends its mapping
            self.fatal = True
            return [diagnostic("FS100", Location(self.display, 1, 1), "YAML does not parse")]
        return self.found

    def _scan(self, event: Any) -> bool:
        """The pre-scan's and the composer's checks, on every event; True to stop reading."""
        if self.prescanning and isinstance(event, _VALUE_EVENTS):
            self.seen += 1
            problem = self._prescan_problem(event)
            if problem is not None:
                self.early = problem
                return True
            self.previous = event
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1 and self.composer is None:
                self.composer = self._composer_error(
                    yaml.composer.ComposerError(
                        "expected a single document in the stream",
                        None,
                        "but found another document",
                        self._mark(event),
                    )
                )
        elif isinstance(event, yaml.AliasEvent):
            if self.composer is None:
                self.composer = self._composer_error(
                    yaml.composer.ComposerError(
                        None, None, "found undefined alias", self._mark(event)
                    )
                )
        elif isinstance(event, _VALUE_EVENTS) and event.anchor is not None:
            first = self.anchors.get(event.anchor)
            if first is not None and self.composer is None:
                self.composer = self._composer_error(
                    yaml.composer.ComposerError(
                        "found duplicate anchor; first occurrence",
                        first,
                        "second occurrence",
                        self._mark(event),
                    )
                )
            self.anchors.setdefault(event.anchor, event.start_mark)
        # Composing stops at its first error; the pre-scan read the whole stream first.
        return self.composer is not None and not self.prescanning

    def _prescan_problem(self, event: Any) -> Diagnostic | None:
        if isinstance(event, yaml.AliasEvent):
            previous = self.previous
            merge = isinstance(previous, yaml.ScalarEvent) and previous.value == "<<"
            where = event_location(previous if merge else event, self.display, self.lines)
            if merge:
                return diagnostic("FS105", where, "merge keys ('<<') are not allowed")
            return diagnostic(
                "FS105",
                where,
                f"*{event.anchor} repeats a value defined elsewhere "
                "(anchors and aliases are not allowed)",
            )
        tag = event.tag
        if tag is None and self.seen <= MAX_VALUES:
            return None
        where = event_location(event, self.display, self.lines)
        if tag is not None:
            return diagnostic("FS106", where, f"tag {tag!r} is not allowed")
        return diagnostic("FS107", where, f"file holds more than {MAX_VALUES:,} values")

    def _composer_error(self, error: yaml.MarkedYAMLError) -> Diagnostic:
        return syntax_diagnostic(error, self.display, self.lines)

    @staticmethod
    def _mark(event: Any) -> Any:
        """The event's start mark: libyaml's own Mark, which PyYAML's errors accept."""
        return event.start_mark
