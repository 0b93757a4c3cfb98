"""Read one YAML file into plain Python values while keeping the node tree for positions.

YAML's own typing never leaks through: only the core scalar types become Python values, and
anything YAML would read as a boolean, float or timestamp from an unquoted word stays a
:class:`Plain` marker, which text fields refuse. Positions are looked up lazily from the
node tree, so valid files pay nothing for line numbers.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, Location, diagnostic
from .files import FileProblem, read_user_file

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


@dataclass
class YamlDocument:
    """A parsed file: its values, and the node tree that answers 'where is this?'."""

    path: Path
    display: str
    data: Any
    root: Node | None
    # Key lookups per mapping node, built on first use: a file with many problems in one
    # big mapping would otherwise scan it once per problem.
    _keys: dict[int, dict[str, tuple[Node, Node]]] = field(default_factory=dict, repr=False)

    def _entries(self, node: MappingNode) -> dict[str, tuple[Node, Node]]:
        entries = self._keys.get(id(node))
        if entries is None:
            entries = {}
            for k, v in node.value:
                if isinstance(k, ScalarNode):
                    entries.setdefault(k.value, (k, v))  # the first of duplicates, as read
            self._keys[id(node)] = entries
        return entries

    def _walk(self, keys: KeyPath) -> tuple[Node | None, Node | None]:
        node, key_node = self.root, None
        for key in keys:
            if isinstance(node, MappingNode):
                entry = self._entries(node).get(key) if isinstance(key, str) else None
                if entry is None:
                    return node, key_node
                key_node, node = entry
            elif isinstance(node, SequenceNode) and isinstance(key, int):
                if not 0 <= key < len(node.value):
                    return node, key_node
                node, key_node = node.value[key], None
            else:
                return node, key_node
        return node, key_node

    def locate(self, keys: KeyPath = (), *, key: bool = False) -> Location:
        """Position of the value at ``keys`` (or of its key), or the nearest enclosing one."""
        node, key_node = self._walk(keys)
        target = key_node if key and key_node is not None else node
        if target is None:
            return Location(self.display, 1, 1)
        mark = target.start_mark
        return Location(self.display, mark.line + 1, mark.column + 1)


def display_path(path: Path, base: Path | None = None) -> str:
    """Paths are reported relative to the working directory where that is possible."""
    try:
        return str(path.relative_to(base or Path.cwd()))
    except ValueError:
        return str(path)


def read_yaml_bytes(path: Path, display: str, diagnostics: list[Diagnostic]) -> bytes | None:
    """The file's bytes, at most MAX_FILE_BYTES of a regular file; else a diagnostic."""
    try:
        return read_user_file(path, limit=MAX_FILE_BYTES)
    except FileProblem as problem:
        if problem.kind == "too-large":
            where = Location(display, 1, 1)
            diagnostics.append(diagnostic("FS107", where, f"file {problem.reason}"))
        else:
            diagnostics.append(diagnostic("FS115", Location(display), f"file {problem.reason}"))
        return None


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
    try:
        problem = _prescan(text, display)
        if problem is not None:
            diagnostics.append(problem)
            return None
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        diagnostics.append(_syntax_diagnostic(error, display))
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
    document = YamlDocument(path, display, None, root)
    if not isinstance(root, MappingNode):  # a tagged mapping is the converter's FS106
        diagnostics.append(
            diagnostic("FS103", document.locate(), "top level must be a mapping of keys to values")
        )
        return None
    try:
        document.data = _Converter(display, diagnostics).convert(root, 0)
    except _Stop:
        return None
    return document


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


def _prescan(text: str, display: str) -> Diagnostic | None:
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
            mark = culprit.start_mark
            where = Location(display, mark.line + 1, mark.column + 1) if mark else Location(display)
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
        mark = event.start_mark
        where = Location(display, mark.line + 1, mark.column + 1) if mark else Location(display)
        if tag is not None:
            return diagnostic("FS106", where, f"tag {tag!r} is not allowed")
        return diagnostic("FS107", where, f"file holds more than {MAX_VALUES:,} values")
    return None


def _syntax_diagnostic(error: yaml.MarkedYAMLError, display: str) -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    # An unclosed quote or a key without ':' is noticed lines later; the token that
    # started the trouble is the position worth reporting.
    if error.context in _SCANNING_CONTEXTS and error.context_mark:
        mark = error.context_mark
    location = Location(display, mark.line + 1, mark.column + 1) if mark else Location(display)
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
    """Nodes to plain values. Aliases never get here: the event pre-scan refuses them."""

    def __init__(self, display: str, diagnostics: list[Diagnostic]) -> None:
        self.display = display
        self.diagnostics = diagnostics

    def _at(self, node: Node) -> Location:
        return Location(self.display, node.start_mark.line + 1, node.start_mark.column + 1)

    def _fail(self, code: str, node: Node, message: str) -> _Stop:
        self.diagnostics.append(diagnostic(code, self._at(node), message))
        return _Stop()

    def convert(self, node: Node, depth: int) -> Any:
        if isinstance(node, ScalarNode) and node.tag == _STR:  # the common case, first
            if len(node.value) > MAX_SCALAR_CHARS:
                return self._scalar(node, _STR)
            return node.value
        if depth > MAX_DEPTH:
            raise self._fail("FS107", node, f"nesting deeper than {MAX_DEPTH} levels")
        tag = node.tag
        if isinstance(node, ScalarNode):
            return self._scalar(node, tag)
        if isinstance(node, MappingNode) and tag == _MAP:
            return self._mapping(node, depth)
        if isinstance(node, SequenceNode) and tag == _SEQ:
            return [self.convert(item, depth + 1) for item in node.value]
        raise self._fail("FS106", node, f"tag {tag!r} is not allowed")

    def _mapping(self, node: MappingNode, depth: int) -> dict[str, Any]:
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
            result[key] = self.convert(value_node, depth + 1)
        return result

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
    link, a pipe), so that it can be reported; folders named ``*.yaml`` are left out."""
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.suffix in (".yaml", ".yml") and not entry.is_dir():
            yield entry
