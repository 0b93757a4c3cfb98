"""pydantic's validation errors as rule-coded diagnostics at the offending value."""

from __future__ import annotations

from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic, diagnostic
from .suggest import Suggester
from .yaml_reader import KeyPath, Plain, YamlDocument

_TYPE_ERRORS = {
    "string_type",
    "int_type",
    "bool_type",
    "list_type",
    "dict_type",
    "model_type",
    "model_attributes_type",
    "int_from_float",
    "int_parsing",
    "float_type",
    "none_required",
    "is_instance_of",
    "dataclass_type",
}


def describe(value: Any) -> str:
    if isinstance(value, Plain):
        return f"{value.text!r}, which YAML reads as {value.kind}"
    if isinstance(value, bool):
        return f"{str(value).lower()}, a boolean"
    if isinstance(value, int | float):
        return f"{value}, a number"
    if value is None:
        return "nothing (null)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)[:60]


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model that holds the last key of ``loc``, following fields and list items."""
    current: type[BaseModel] | None = model
    for part in loc[:-1]:
        if isinstance(part, int) or current is None:
            continue
        field = current.model_fields.get(part)
        if field is None:
            return None
        nested = [field.annotation, *get_args(field.annotation)]
        nested += [inner for outer in nested for inner in get_args(outer)]
        current = next(
            (t for t in nested if isinstance(t, type) and issubclass(t, BaseModel)), None
        )
    return current


def _closest_key(name: str, model: type[BaseModel] | None) -> str | None:
    """Suggest the key of the same record that an unknown one was probably meant to be."""
    return None if model is None else Suggester()(name, model.model_fields.keys())


def short(name: object, limit: int = 60) -> str:
    """A name from the input, quoted and cut short: a hostile key must not flood the report."""
    text = repr(name)
    return text if len(text) <= limit else text[: limit - 1] + "…'"


def schema_diagnostics(
    error: ValidationError,
    doc: YamlDocument,
    prefix: KeyPath,
    model: type[BaseModel],
    limit: int | None = None,
) -> list[Diagnostic]:
    """Turn pydantic's errors into rule-coded diagnostics at the offending value.

    At most ``limit`` are made: each one looks up a position and perhaps a suggestion.
    """
    found: list[Diagnostic] = []
    for item in error.errors(include_url=False):
        if limit is not None and len(found) >= limit:
            break
        loc = prefix + tuple(part for part in item["loc"] if isinstance(part, str | int))
        kind, field_name = item["type"], key_name(loc)
        if kind == "missing":
            found.append(
                diagnostic("FS111", doc.locate(loc[:-1]), f"required key {loc[-1]!r} is missing")
            )
        elif kind == "extra_forbidden":
            found.append(
                diagnostic(
                    "FS110",
                    doc.locate(loc, key=True),
                    f"unknown key {short(loc[-1])}",
                    _closest_key(str(loc[-1]), _model_at(model, loc[len(prefix) :])),
                )
            )
        elif kind in ("edtf", "edtf_reversed"):
            code = "FS302" if kind == "edtf_reversed" else "FS301"
            found.append(diagnostic(code, doc.locate(loc), f"{field_name}: {item['msg']}"))
        elif kind in ("too_long", "string_too_long"):
            value, most = item["input"], (item.get("ctx") or {}).get("max_length", "?")
            what = "characters" if isinstance(value, str) else "entries"
            found.append(
                diagnostic(
                    "FS113",
                    doc.locate(loc),
                    f"{field_name}: {len(value)} {what}; at most {most} are allowed",
                )
            )
        elif kind in _TYPE_ERRORS:
            expected = item["msg"].removeprefix("Input should be ").rstrip(".")
            if kind == "bool_type":
                expected = "true or false"
            hint = (
                "Quote it: YAML types unquoted words and numbers."
                if isinstance(item["input"], Plain | bool | int | float)
                else None
            )
            found.append(
                diagnostic(
                    "FS112",
                    doc.locate(loc),
                    f"{field_name}: expected {expected.removeprefix('expected ')}"
                    f", got {describe(item['input'])}",
                    hint,
                )
            )
        else:
            found.append(diagnostic("FS113", doc.locate(loc), f"{field_name}: {_plain(item)}"))
    return found


def key_name(loc: KeyPath) -> str:
    """The key as a person finds it in the file: 'cite[2].locator', not 'facts.0.cite.1.locator'.

    A file's top-level list and the record's place in it are left out (the location says
    where the record is); list positions count from 1.
    """
    parts = list(loc)
    if len(parts) >= 2 and parts[0] in ("facts", "sources") and isinstance(parts[1], int):
        parts = parts[2:]
    name = ""
    for part in parts:
        name += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if name else part)
    return name or "value"


def _plain(item: Any) -> str:
    """pydantic's message for a value that is not allowed, in the words of this format."""
    kind, ctx = item["type"], item.get("ctx") or {}
    value = item["input"]
    if isinstance(value, str):
        shown = short(value)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        shown = str(value)
    else:
        shown = describe(value)
    if kind == "string_pattern_mismatch" and "a-z0-9" in str(ctx.get("pattern", "")):
        return f"{shown} is not an id: use lowercase letters, digits and hyphens"
    if kind == "string_pattern_mismatch":
        return f"{shown} is not in the expected form"
    bounds = {
        "greater_than": "greater than {gt}",
        "greater_than_equal": "at least {ge}",
        "less_than": "less than {lt}",
        "less_than_equal": "at most {le}",
        "too_short": "at least {min_length} long",
    }
    if kind in bounds:
        return f"{shown} is not allowed; it must be {bounds[kind].format(**ctx)}"
    if kind == "literal_error":
        return f"{shown} is not allowed; use {ctx.get('expected', 'one of the documented values')}"
    return str(item["msg"])
