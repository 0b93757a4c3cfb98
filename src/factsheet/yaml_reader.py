"""Read one YAML file into plain Python values, with the position of every value.

YAML's own typing never leaks through: only the core scalar types become Python values, and
anything YAML would read as a boolean, float or timestamp from an unquoted word stays a
:class:`Plain` marker, which text fields refuse. Positions are kept compactly beside the
values (one integer each, not PyYAML's node tree, which costs about 300 bytes a value), and
are turned into line and column only when a problem is reported, counting lines as
``grep -n`` does: a line ends at LF (or CRLF), never at a lone CR, NEL, LS or PS, which
YAML itself counts as line breaks.

One briefing's YAML files share a budget (:data:`MAX_BRIEFING_BYTES` and
:data:`MAX_BRIEFING_VALUES`), opened when its folder is listed: the file that would exceed
it gets FS107, and it and the files after it are not read.
"""

from __future__ import annotations

import codecs
import re
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, Location, diagnostic
from .errors import UsageError
from .files import Allowance, FileProblem, allowance, open_allowance, read_user_file

try:  # The C loader is ten times faster; the pure-Python one behaves the same.
    from yaml import CSafeLoader as _Loader

    _BYTE_OFFSETS = True  # libyaml reports reader errors at UTF-8 byte offsets
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

    _BYTE_OFFSETS = False

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 24
MAX_SCALAR_CHARS = 100_000
# Each composed value costs about 300 bytes of nodes and marks, so 4 MiB of '[1,1,1,...'
# would take over a gigabyte. No YAML spends less than a byte a value ('{a,a,a' is the
# densest), so only files over half the limit in characters are counted before composing.
MAX_VALUES = 250_000
_COUNT_ABOVE = MAX_VALUES // 2
# What one briefing's YAML files may hold in all. Each value costs about 300 bytes once read
# and checked, so these bound a briefing's memory (and time) whatever its files hold.
MAX_BRIEFING_BYTES = 16 * 1024 * 1024
MAX_BRIEFING_VALUES = 1_000_000
# A briefing's two required files are read whatever the others took (bundle.py names them).
ALWAYS_READ = ("briefing.yaml", "sources.yaml")

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _NULL, _BOOL = _TAG + "str", _TAG + "int", _TAG + "null", _TAG + "bool"
_MAP, _SEQ = _TAG + "map", _TAG + "seq"
_FLOAT = _TAG + "float"
_PLAIN_KINDS = {_FLOAT: "a number", _TAG + "timestamp": "a date", _BOOL: "a boolean"}
# YAML 1.1 resolves a bare '=' to this tag; it carries no type, so it stays a string.
_VALUE = _TAG + "value"
_KEY_TAGS = {_STR, _INT, _NULL, _VALUE, *_PLAIN_KINDS}
_FOREIGN_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

_SCANNING_CONTEXTS = ("while scanning a quoted scalar", "while scanning a simple key")
# YAML 1.1 reads 1_000, 0x1F, 0b11 and 1:30 as integers; only plain decimals are numbers here.
_DECIMAL = re.compile(r"[-+]?[0-9]+")
# A tag ('!') can only start after white space or an indicator, never right after a letter
# or digit; files without such a '!' (nearly all) skip the scan for explicit tags.
# (Written with the '!' first, so that the search skips ahead to each '!'.)
_MAYBE_TAG = re.compile(r"!(?<![0-9A-Za-z]!)")
_VALUE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Plain:
    """An unquoted scalar that YAML would have typed (``yes``, ``1.5``, ``2025-10-24``)."""

    kind: str
    text: str

    def __str__(self) -> str:
        return self.text


# A position is YAML's (line, column), both from 0, packed into one integer.
_COLUMN_BITS = 32


@dataclass(frozen=True, slots=True)
class _Mark:
    line: int  # from 0, counted as grep -n counts lines
    column: int  # from 0


@dataclass(frozen=True, slots=True)
class _Marked:
    start_mark: _Mark
    end_mark: _Mark


class _Where:
    """Where the values of one mapping or list were written.

    ``spots`` holds, for a mapping, the packed position of each key and then of its value,
    entry after entry in the order of the converted dict (the first of duplicate keys, as
    read); for a list, the position of each item. ``inner`` holds the same for the entries
    that are themselves mappings or lists, by entry number.
    """

    __slots__ = ("end", "index", "inner", "spots", "start")

    def __init__(self, start: int, end: int) -> None:
        self.start = start
        self.end = end
        self.spots = array("q")
        self.inner: dict[int, _Where] | None = None
        self.index: dict[str, int] | None = None  # key -> entry, built on the first lookup

    def entry_of(self, mapping: dict[str, Any], key: str) -> int | None:
        if self.index is None:
            self.index = {name: number for number, name in enumerate(mapping)}
        return self.index.get(key)

    def child(self, entry: int) -> _Where | None:
        return None if self.inner is None else self.inner.get(entry)


_ODD_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


class Lines:
    """YAML's (line, column) as the line and column a person finds with ``grep -n``.

    YAML ends a line at CR, NEL, LS and PS too; a file holding none of them (nearly all)
    maps one to one, and keeps no copy of its text.
    """

    def __init__(self, text: str) -> None:
        self._text = text if _ODD_BREAK.search(text) else None
        self._starts: list[int] | None = None  # where each of YAML's lines starts
        self._newlines: list[int] | None = None  # where each LF is

    def __call__(self, packed: int) -> tuple[int, int]:
        """1-based (line, column) of the packed position."""
        line, column = packed >> _COLUMN_BITS, packed & ((1 << _COLUMN_BITS) - 1)
        if self._text is None:
            return line + 1, column + 1
        if self._starts is None or self._newlines is None:
            self._starts = [0, *(m.end() for m in _YAML_BREAK.finditer(self._text))]
            self._newlines = [m.start() for m in re.finditer("\n", self._text)]
        offset = self._starts[min(line, len(self._starts) - 1)] + column
        before = bisect_left(self._newlines, offset)
        line_start = self._newlines[before - 1] + 1 if before else 0
        return before + 1, offset - line_start + 1


@dataclass
class YamlDocument:
    """A parsed file: its values, and where each of them was written."""

    path: Path
    display: str
    data: Any
    where: _Where | None
    lines: Lines = field(repr=False)

    def _find(self, keys: KeyPath) -> tuple[int | None, int | None, _Where | None]:
        """Packed positions of the value at ``keys`` (or of the nearest enclosing one) and of
        its key, and the positions inside it when it is a mapping or list."""
        value, where = self.data, self.where
        here, key_at = (where.start if where else None), None
        for key in keys:
            if where is None:
                break
            if isinstance(value, dict) and isinstance(key, str):
                entry = where.entry_of(value, key)
                if entry is None:
                    break
                key_at, here = where.spots[2 * entry], where.spots[2 * entry + 1]
                value, where = value[key], where.child(entry)
            elif isinstance(value, list) and isinstance(key, int):
                if not 0 <= key < len(value):
                    break
                here, key_at = where.spots[key], None
                value, where = value[key], where.child(key)
            else:
                break
        return here, key_at, where if where is not None and where.start == here else None

    def span(self, keys: KeyPath = ()) -> tuple[tuple[int, int], tuple[int, int]]:
        """(line, column) where the value at ``keys`` starts and where it ends, both from 1
        and counted like :meth:`locate`: a record holds every position between the two."""
        here, _key_at, where = self._find(keys)
        if here is None:
            return (0, 0), (0, 0)
        return self.lines(here), self.lines(where.end if where is not None else here)

    def _walk(self, keys: KeyPath) -> tuple[_Marked | None, _Marked | None]:
        """For callers written against PyYAML's nodes: objects with a ``start_mark`` and an
        ``end_mark`` (``line`` and ``column`` from 0) for the value at ``keys`` and its key.
        Prefer :meth:`span` and :meth:`locate`."""
        here, key_at, _where = self._find(keys)
        (start, end) = self.span(keys)
        value = (
            None
            if here is None
            else _Marked(_Mark(start[0] - 1, start[1] - 1), _Mark(end[0] - 1, end[1] - 1))
        )
        if key_at is None:
            return value, None
        line, column = self.lines(key_at)
        mark = _Mark(line - 1, column - 1)
        return value, _Marked(mark, mark)

    def locate(self, keys: KeyPath = (), *, key: bool = False) -> Location:
        """Position of the value at ``keys`` (or of its key), or the nearest enclosing one."""
        here, key_at, _where = self._find(keys)
        target = key_at if key and key_at is not None else here
        if target is None:
            return Location(self.display, 1, 1)
        return Location(self.display, *self.lines(target))


def display_path(path: Path, base: Path | None = None) -> str:
    """Paths are reported relative to the working directory where that is possible."""
    try:
        return str(path.relative_to(base or Path.cwd()))
    except (ValueError, OSError):  # elsewhere, or the working folder was deleted
        return str(path)


def _over_budget(budget: Allowance, display: str, what: str) -> Diagnostic:
    budget.exhausted = True
    return diagnostic(
        "FS107",
        Location(display),
        f"the briefing's YAML files hold more than {what} in all; this file and the files "
        "after it (in name order) were not read",
        "Split the briefing, or check how its files were generated.",
    )


def read_yaml_bytes(path: Path, display: str, diagnostics: list[Diagnostic]) -> bytes | None:
    """The file's bytes, at most MAX_FILE_BYTES of a regular file, within its briefing's
    budget; else a diagnostic."""
    shared = allowance(path.parent)
    # The required files are counted, but read whatever the others took.
    budget = None if path.name in ALWAYS_READ else shared
    if budget is not None:
        if budget.exhausted:
            return None  # the FS107 at the first file over the budget says so
        try:
            size = path.stat().st_size
        except (OSError, ValueError):
            size = 0  # the read below reports it
        if budget.yaml_bytes < size <= MAX_FILE_BYTES:
            diagnostics.append(_over_budget(budget, display, f"{MAX_BRIEFING_BYTES >> 20} MiB"))
            return None
    try:
        raw = read_user_file(path, limit=MAX_FILE_BYTES)
    except FileProblem as problem:
        if problem.kind == "too-large":
            where = Location(display, 1, 1)
            diagnostics.append(diagnostic("FS107", where, f"file {problem.reason}"))
        else:
            diagnostics.append(diagnostic("FS115", Location(display), f"file {problem.reason}"))
        return None
    if budget is not None and len(raw) > budget.yaml_bytes:  # it grew since it was measured
        diagnostics.append(_over_budget(budget, display, f"{MAX_BRIEFING_BYTES >> 20} MiB"))
        return None
    if shared is not None:
        shared.yaml_bytes = max(0, shared.yaml_bytes - len(raw))
    return raw


def load_yaml(path: Path, display: str, diagnostics: list[Diagnostic]) -> YamlDocument | None:
    """Read and parse ``path``; on failure append diagnostics and return None."""
    raw = read_yaml_bytes(path, display, diagnostics)
    return None if raw is None else parse_yaml(raw, path, display, diagnostics)


def parse_yaml(
    raw: bytes, path: Path, display: str, diagnostics: list[Diagnostic]
) -> YamlDocument | None:
    """Parse the bytes of ``path``; on failure append diagnostics and return None."""
    where = Location(display, 1, 1)
    text = _decode(raw, display, diagnostics)
    if text is None:
        return None
    if not text.strip():
        diagnostics.append(diagnostic("FS101", where, "file is empty"))
        return None
    lines = Lines(text)
    reader = _Reader(text, display, lines)
    reader.read()
    found = reader.outcome()
    diagnostics.extend(found)
    if reader.data is None or reader.where is None or reader.fatal:
        return None
    budget = allowance(path.parent)
    always = path.name in ALWAYS_READ
    if budget is not None and budget.exhausted and not always:
        return None
    if budget is not None:
        if reader.values > budget.values and not always:
            what = f"{MAX_BRIEFING_VALUES:,} values"
            diagnostics.append(_over_budget(budget, display, what))
            return None
        budget.values = max(0, budget.values - reader.values)
    return YamlDocument(path, display, reader.data, reader.where, lines)


def _decode(raw: bytes, display: str, diagnostics: list[Diagnostic]) -> str | None:
    where = Location(display, 1, 1)
    if raw.startswith(_FOREIGN_BOMS):
        diagnostics.append(diagnostic("FS102", where, "file is UTF-16 or UTF-32, not UTF-8"))
        return None
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        diagnostics.append(
            diagnostic(
                "FS102",
                Location(display, line, column),
                f"byte 0x{raw[error.start]:02x} is not valid UTF-8",
            )
        )
        return None
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        diagnostics.append(
            diagnostic(
                "FS102", Location(display, line, column), "file contains NUL bytes; it looks binary"
            )
        )
        return None
    return text


def _event_location(event: yaml.Event, display: str, lines: Lines) -> Location:
    mark = event.start_mark
    if mark is None:  # pragma: no cover - libyaml marks every event
        return Location(display)
    return Location(display, *lines((mark.line << _COLUMN_BITS) | mark.column))


def _syntax_diagnostic(error: yaml.MarkedYAMLError, display: str, lines: Lines) -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    # An unclosed quote or a key without ':' is noticed lines later; the token that
    # started the trouble is the position worth reporting.
    if error.context in _SCANNING_CONTEXTS and error.context_mark:
        mark = error.context_mark
    location = (
        Location(display, *lines((mark.line << _COLUMN_BITS) | mark.column))
        if mark
        else Location(display)
    )
    problem = error.problem or "invalid YAML"
    if "maximum nesting depth" in problem:  # libyaml's own limit, 1,000 levels
        return diagnostic("FS107", location, f"nesting deeper than {MAX_DEPTH} levels")
    if error.context and error.context.startswith("found duplicate anchor"):
        first = error.context_mark
        at = f" (first defined at line {first.line + 1})" if first else ""
        return diagnostic("FS100", location, f"YAML does not parse: an anchor is defined twice{at}")
    if error.context:
        context = error.context.rstrip()
        problem = f"{problem} {context}" if context.startswith("while") else f"{context}: {problem}"
    return diagnostic("FS100", location, f"YAML does not parse: {problem}")


def _reader_diagnostic(error: yaml.reader.ReaderError, text: str, display: str) -> Diagnostic:
    if _BYTE_OFFSETS:
        before = text.encode("utf-8")[: error.position].decode("utf-8", "replace")
    else:  # pragma: no cover - the pure-Python reader counts characters
        before = text[: error.position]
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return diagnostic(
        "FS100",
        Location(display, line, column),
        f"YAML does not parse: character U+{error.character:04X}: {error.reason}",
    )


_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
_MERGE = _TAG + "merge"
_NODE_EVENTS = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)


assert None not in _IMPLICIT, "a resolver for any first character: _resolved would miss it"
# Per first character, one pattern matching any plain scalar YAML would type (a number, a
# date, a boolean, null...): the build's fast path takes only those it does not match.
_TYPED = {
    first: re.compile("|".join(f"(?:{pattern.pattern})" for _tag, pattern in typers), re.X)
    for first, typers in _IMPLICIT.items()
}


def _resolved(event: Any) -> str:
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
        return _STR
    return _MAP if type(event) is yaml.MappingStartEvent else _SEQ


def _mark_packed(mark: Any) -> int:
    line: int = mark.line
    column: int = mark.column
    return (line << _COLUMN_BITS) | column


class _Open:
    """A mapping or list being built: its value, where its entries were written, and (for a
    mapping) the key waiting for its value."""

    __slots__ = ("depth", "key", "key_at", "skip", "value", "where")

    def __init__(self, value: dict[str, Any] | list[Any], where: _Where, depth: int) -> None:
        self.value = value
        self.where = where
        self.depth = depth
        self.key: str | None = None
        self.key_at = 0
        self.skip = False  # the value of a repeated key comes next: it is left out


class _Reader:
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
        self.text = text
        self.display = display
        self.lines = lines
        self.count_values = len(text) > _COUNT_ABOVE
        # Only an anchor ('&') makes an alias ('*') possible.
        self.maybe_alias = "&" in text and "*" in text
        self.prescanning = self.count_values or self.maybe_alias or bool(_MAYBE_TAG.search(text))
        self.seen = 0  # value events, as the pre-scan counts them
        self.previous: Any = None
        self.early: Diagnostic | None = None  # a tag, an alias or too many values
        self.broken: Diagnostic | None = None  # a syntax error
        self.composer: Diagnostic | None = None  # a duplicate anchor, a second document...
        self.shape: Diagnostic | None = None  # empty, or not a mapping
        self.documents = 0
        self.anchors: dict[str, Any] = {}
        self.found: list[Diagnostic] = []  # what converting found
        self.fatal = False
        self.building = True
        self.skipping = 0  # depth inside a left-out value
        self.stack: list[_Open] = []
        self.values = 0  # values converted (keys included), for the briefing's budget
        self.data: dict[str, Any] | None = None
        self.where: _Where | None = None

    # The stream

    def read(self) -> None:
        loader = _Loader(self.text)
        try:
            self._events(loader.get_event)
        except yaml.MarkedYAMLError as error:
            self.broken = _syntax_diagnostic(error, self.display, self.lines)
        except yaml.reader.ReaderError as error:  # a control character: only an offset
            self.broken = _reader_diagnostic(error, self.text, self.display)
        finally:
            loader.dispose()

    def _events(self, next_event: Any) -> None:
        """Every event, in order. A text scalar that no check needs to see, the most common
        event by far, is built here inline; every other event goes the long way."""
        scalar, stack, typed = yaml.ScalarEvent, self.stack, _TYPED.get
        prescanning, bits, longest = self.prescanning, _COLUMN_BITS, MAX_SCALAR_CHARS
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
                self._build(event)
                continue
            if self._scan(event):
                return
            if self.building and self.composer is None:
                self._build(event)

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
            where = _event_location(previous if merge else event, self.display, self.lines)
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
        where = _event_location(event, self.display, self.lines)
        if tag is not None:
            return diagnostic("FS106", where, f"tag {tag!r} is not allowed")
        return diagnostic("FS107", where, f"file holds more than {MAX_VALUES:,} values")

    def _composer_error(self, error: yaml.MarkedYAMLError) -> Diagnostic:
        return _syntax_diagnostic(error, self.display, self.lines)

    @staticmethod
    def _mark(event: Any) -> Any:
        """The event's start mark: libyaml's own Mark, which PyYAML's errors accept."""
        return event.start_mark

    # Building

    def _at(self, event: Any) -> Location:
        return _event_location(event, self.display, self.lines)

    def _fail(self, code: str, event: Any, message: str) -> None:
        self.found.append(diagnostic(code, self._at(event), message))
        self.fatal = True
        self.building = False

    def _build(self, event: Any) -> None:
        if self.skipping:
            if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                self.skipping += 1
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                self.skipping -= 1
            return
        if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            self._close(event)
            return
        if not isinstance(event, _NODE_EVENTS):
            return  # stream and document events; aliases stop the build (see _scan)
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
        if isinstance(event, yaml.MappingStartEvent) and _resolved(event) == _MAP:
            self.building = True
            self.values += 1
            self.stack.append(_Open({}, _Where(_mark_packed(event.start_mark), 0), 0))
            return
        if isinstance(event, yaml.ScalarEvent) and not event.value and _resolved(event) == _NULL:
            message = "file holds an empty document"
            self.shape = diagnostic("FS101", Location(self.display, 1, 1), message)
        elif isinstance(event, yaml.MappingStartEvent):  # tagged: the converter's FS106
            self.building = True
            self.values += 1
            self._fail("FS106", event, f"tag {_resolved(event)!r} is not allowed")
        else:
            message = "top level must be a mapping of keys to values"
            self.shape = diagnostic("FS103", self._at(event), message)

    def _key(self, top: _Open, event: Any) -> None:
        if not isinstance(event, yaml.ScalarEvent):
            self._fail("FS112", event, "keys must be plain words, not lists or maps")
            return
        tag = _resolved(event)
        if tag == _MERGE:
            self._fail("FS105", event, "merge keys ('<<') are not allowed")
            return
        if tag not in _KEY_TAGS:
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
        top.key, top.key_at = key, (mark.line << _COLUMN_BITS) | mark.column

    def _value(self, top: _Open, event: Any) -> None:
        self.values += 1
        depth = top.depth + 1
        tag = _resolved(event)
        if type(event) is yaml.ScalarEvent:
            if tag == _STR and len(event.value) <= MAX_SCALAR_CHARS:  # the common case
                mark: Any = event.start_mark
                at = (mark.line << _COLUMN_BITS) | mark.column
                if top.key is not None:  # in a mapping: inlined _attach
                    top.where.spots.append(top.key_at)
                    top.where.spots.append(at)
                    top.value[top.key] = event.value  # type: ignore[call-overload]
                    top.key = None
                else:
                    self._attach(top, event.value, at, None)
                return
            if tag != _STR and depth > MAX_DEPTH:
                self._fail("FS107", event, f"nesting deeper than {MAX_DEPTH} levels")
                return
            value = self._scalar(event, tag)
            if not self.fatal:
                self._attach(top, value, _mark_packed(event.start_mark), None)
            return
        if depth > MAX_DEPTH:
            self._fail("FS107", event, f"nesting deeper than {MAX_DEPTH} levels")
            return
        mapping = isinstance(event, yaml.MappingStartEvent)
        if tag != (_MAP if mapping else _SEQ):
            self._fail("FS106", event, f"tag {tag!r} is not allowed")
            return
        opened: dict[str, Any] | list[Any] = {} if mapping else []
        self.stack.append(_Open(opened, _Where(_mark_packed(event.start_mark), 0), depth))

    def _close(self, event: Any) -> None:
        done = self.stack.pop()
        done.where.end = _mark_packed(event.end_mark)
        if not self.stack:
            assert isinstance(done.value, dict)
            self.data, self.where = done.value, done.where
            self.building = False
            return
        self._attach(self.stack[-1], done.value, done.where.start, done.where)

    def _attach(self, top: _Open, value: Any, at: int, inner: _Where | None) -> None:
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
        if tag in (_STR, _VALUE):
            return text
        if tag == _NULL:
            return None
        if tag == _INT:
            try:
                if _DECIMAL.fullmatch(text):
                    return int(text, 10)
            except ValueError:  # more digits than Python converts
                pass
            return Plain("a number", text)
        if tag == _FLOAT and not text.lstrip("+-").startswith("."):
            try:
                return float(text)
            except ValueError:
                return Plain("a number", text)
        if tag == _BOOL and text.lower() in ("true", "false"):
            return text.lower() == "true"
        kind = _PLAIN_KINDS.get(tag)
        if kind is None:
            self._fail("FS106", event, f"tag {tag!r} is not allowed")
            return None
        return Plain(kind, text)


def iter_yaml_files(folder: Path) -> Iterator[Path]:
    """YAML files directly in ``folder``, in a stable order, hidden files skipped."""
    for entry in iter_yaml_entries(folder):
        if entry.is_file():
            yield entry


def iter_yaml_entries(folder: Path) -> Iterator[Path]:
    """Like :func:`iter_yaml_files`, but with what cannot be read as a file too (a broken
    link, a pipe), so that it can be reported; folders named ``*.yaml`` are left out.

    Listing a briefing's folder opens its reading budget afresh: a load of a briefing
    starts by listing it. A folder that cannot be listed is a UsageError.
    """
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        reason = error.strerror or str(error)
        raise UsageError(f"cannot list the folder {str(folder)!r}: {reason}") from None
    open_allowance(folder, MAX_BRIEFING_BYTES, MAX_BRIEFING_VALUES)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.suffix in (".yaml", ".yml") and not entry.is_dir():
            yield entry
