"""PyYAML's errors (syntax, composing, a character it refuses) → located, rule-coded
diagnostics, at the position worth reporting."""

from __future__ import annotations

import yaml

from ..diagnostics import Diagnostic, Location, diagnostic
from .building import MAX_DEPTH
from .positions import COLUMN_BITS, Lines

_SCANNING_CONTEXTS = ("while scanning a quoted scalar", "while scanning a simple key")


def syntax_diagnostic(error: yaml.MarkedYAMLError, display: str, lines: Lines) -> Diagnostic:
    """FS100 (FS107 for libyaml's own nesting limit) for a syntax or composer error."""
    mark = error.problem_mark or error.context_mark
    # An unclosed quote or a key without ':' is noticed lines later; the token that
    # started the trouble is the position worth reporting.
    if error.context in _SCANNING_CONTEXTS and error.context_mark:
        mark = error.context_mark
    location = (
        Location(display, *lines((mark.line << COLUMN_BITS) | mark.column))
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


def reader_diagnostic(
    error: yaml.reader.ReaderError, text: str, display: str, *, byte_offsets: bool
) -> Diagnostic:
    """FS100 for a character YAML refuses, which the reader reports only by its offset:
    in UTF-8 bytes when ``byte_offsets`` (libyaml), else in characters."""
    if byte_offsets:
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
