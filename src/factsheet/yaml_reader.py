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
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

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


class _Stop(Exception):
    """Abandon conversion of one file; the diagnostic is already recorded."""


# A position is YAML's (line, column), both from 0, packed into one integer.
_COLUMN_BITS = 32


def _packed(node: Node) -> int:
    mark = node.start_mark
    return (mark.line << _COLUMN_BITS) | mark.column


def _packed_end(node: Node) -> int:
    mark = node.end_mark
    return (mark.line << _COLUMN_BITS) | mark.column


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

    def location(self, display: str, node: Node) -> Location:
        return Location(display, *self(_packed(node)))


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
    try:
        problem = _prescan(text, display, lines)
        if problem is not None:
            diagnostics.append(problem)
            return None
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        diagnostics.append(_syntax_diagnostic(error, display, lines))
        return None
    except yaml.reader.ReaderError as error:  # a control character: no mark, only an offset
        diagnostics.append(_reader_diagnostic(error, text, display))
        return None
    except yaml.YAMLError as error:  # pragma: no cover - every other error carries marks
        diagnostics.append(diagnostic("FS100", where, f"YAML does not parse: {error}"))
        return None
    if root is None:
        diagnostics.append(diagnostic("FS101", where, "file holds only comments"))
        return None
    if isinstance(root, ScalarNode) and root.tag == _NULL and not root.value:
        diagnostics.append(diagnostic("FS101", where, "file holds an empty document"))
        return None
    if not isinstance(root, MappingNode):  # a tagged mapping is the converter's FS106
        diagnostics.append(
            diagnostic(
                "FS103",
                lines.location(display, root),
                "top level must be a mapping of keys to values",
            )
        )
        return None
    budget = allowance(path.parent)
    always = path.name in ALWAYS_READ
    if budget is not None and budget.exhausted and not always:
        return None
    converter = _Converter(display, diagnostics, lines)
    try:
        data, positions = converter.convert(root, 0)
    except _Stop:
        return None
    finally:
        del root  # the node tree: about 300 bytes a value, and no longer needed
    if budget is not None:
        if converter.values > budget.values and not always:
            what = f"{MAX_BRIEFING_VALUES:,} values"
            diagnostics.append(_over_budget(budget, display, what))
            return None
        budget.values = max(0, budget.values - converter.values)
    return YamlDocument(path, display, data, positions, lines)


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


def _prescan(text: str, display: str, lines: Lines) -> Diagnostic | None:
    """Refuse explicit tags and too many values from the event stream, before composing.

    Composing keeps every node; the event stream keeps none, so this costs little memory.
    It only runs when the text could hold either problem.
    """
    count_values = len(text) > _COUNT_ABOVE
    # Only an anchor ('&') makes an alias ('*') possible; the event stream shows each alias
    # where it is written, on keys as well as values.
    maybe_alias = "&" in text and "*" in text
    if not count_values and not maybe_alias and not _MAYBE_TAG.search(text):
        return None
    values = 0
    previous: yaml.Event | None = None
    for event in yaml.parse(text, Loader=_Loader):
        if not isinstance(event, _VALUE_EVENTS):
            continue
        values += 1
        if isinstance(event, yaml.AliasEvent):
            merge = isinstance(previous, yaml.ScalarEvent) and previous.value == "<<"
            culprit = previous if merge and previous is not None else event
            where = _event_location(culprit, display, lines)
            if merge:
                return diagnostic("FS105", where, "merge keys ('<<') are not allowed")
            return diagnostic(
                "FS105",
                where,
                f"*{event.anchor} repeats a value defined elsewhere "
                "(anchors and aliases are not allowed)",
            )
        previous = event
        # An AliasEvent has no tag; every other value event has one only when written.
        tag = getattr(event, "tag", None)
        if tag is None and values <= MAX_VALUES:
            continue
        where = _event_location(event, display, lines)
        if tag is not None:
            return diagnostic("FS106", where, f"tag {tag!r} is not allowed")
        return diagnostic("FS107", where, f"file holds more than {MAX_VALUES:,} values")
    return None


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


class _Converter:
    """Nodes to plain values and their positions. Aliases never get here: the event
    pre-scan refuses them."""

    def __init__(self, display: str, diagnostics: list[Diagnostic], lines: Lines) -> None:
        self.display = display
        self.diagnostics = diagnostics
        self.lines = lines
        self.values = 0

    def _at(self, node: Node) -> Location:
        return self.lines.location(self.display, node)

    def _fail(self, code: str, node: Node, message: str) -> _Stop:
        self.diagnostics.append(diagnostic(code, self._at(node), message))
        return _Stop()

    def convert(self, node: Node, depth: int) -> tuple[Any, _Where | None]:
        """The value of ``node``, and where the values inside it were written (None for a
        scalar)."""
        self.values += 1
        if isinstance(node, ScalarNode) and node.tag == _STR:  # the common case, first
            if len(node.value) > MAX_SCALAR_CHARS:
                return self._scalar(node, _STR), None
            return node.value, None
        if depth > MAX_DEPTH:
            raise self._fail("FS107", node, f"nesting deeper than {MAX_DEPTH} levels")
        tag = node.tag
        if isinstance(node, ScalarNode):
            return self._scalar(node, tag), None
        if isinstance(node, MappingNode) and tag == _MAP:
            return self._mapping(node, depth)
        if isinstance(node, SequenceNode) and tag == _SEQ:
            return self._sequence(node, depth)
        raise self._fail("FS106", node, f"tag {tag!r} is not allowed")

    def _sequence(self, node: SequenceNode, depth: int) -> tuple[list[Any], _Where]:
        where = _Where(_packed(node), _packed_end(node))
        result: list[Any] = []
        for item in node.value:
            value, inner = self.convert(item, depth + 1)
            if inner is not None:
                if where.inner is None:
                    where.inner = {}
                where.inner[len(result)] = inner
            where.spots.append(_packed(item))
            result.append(value)
        return result, where

    def _mapping(self, node: MappingNode, depth: int) -> tuple[dict[str, Any], _Where]:
        where = _Where(_packed(node), _packed_end(node))
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise self._fail("FS112", key_node, "keys must be plain words, not lists or maps")
            if key_node.tag == _TAG + "merge":
                raise self._fail("FS105", key_node, "merge keys ('<<') are not allowed")
            if key_node.tag not in _KEY_TAGS:
                raise self._fail("FS106", key_node, f"tag {key_node.tag!r} is not allowed")
            key = key_node.value
            if key in result:
                self.diagnostics.append(
                    diagnostic(
                        "FS104",
                        self._at(key_node),
                        f"key {key!r} appears twice in this mapping",
                        "Keep one; YAML would silently keep only the last.",
                    )
                )
                continue
            self.values += 1  # the key
            value, inner = self.convert(value_node, depth + 1)
            if inner is not None:
                if where.inner is None:
                    where.inner = {}
                where.inner[len(result)] = inner
            where.spots.append(_packed(key_node))
            where.spots.append(_packed(value_node))
            result[key] = value
        return result, where

    def _scalar(self, node: ScalarNode, tag: str) -> Any:
        text: str = node.value
        if len(text) > MAX_SCALAR_CHARS:
            raise self._fail("FS107", node, f"value is longer than {MAX_SCALAR_CHARS} characters")
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
            raise self._fail("FS106", node, f"tag {tag!r} is not allowed")
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
