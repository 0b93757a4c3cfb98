"""Load a briefing folder: every file parsed, every record validated, each with its origin."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic, Location, diagnostic
from .loading import Path_, Plain, YamlDocument, display_path, iter_yaml_files, load_yaml
from .models import Briefing, Citation, Fact, Section, Source

BRIEFING_FILE = "briefing.yaml"
SOURCES_FILE = "sources.yaml"
MAX_FILES = 1000

R = TypeVar("R", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Located(Generic[R]):
    """A validated record and where it was written."""

    record: R
    doc: YamlDocument
    path: Path_

    def at(self, *keys: str | int, key: bool = False) -> Location:
        return self.doc.locate(self.path + keys, key=key)


@dataclass
class Bundle:
    """Everything read from one briefing folder."""

    id: str
    folder: Path
    briefing: Located[Briefing] | None = None
    sources: list[Located[Source]] = field(default_factory=list)
    facts: list[Located[Fact]] = field(default_factory=list)
    files: int = 0
    # False when a file could not be read: cross-file checks would then report noise.
    complete: bool = True
    # Records that failed validation still name sources and sections: references to
    # those names must not be reported a second time as 'unknown', 'empty' or 'unused'.
    broken_sources: set[str] = field(default_factory=set)
    broken_sections: set[str] = field(default_factory=set)
    broken_citations: set[str] = field(default_factory=set)

    def note_broken_source(self, item: Any) -> None:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            self.broken_sources.add(item["id"])
        else:  # a source without a readable id: any citation might have meant it
            self.complete = False

    def note_broken_fact(self, item: Any) -> None:
        section = item.get("section") if isinstance(item, dict) else None
        cite = item.get("cite", []) if isinstance(item, dict) else None
        if not isinstance(section, str) or not isinstance(cite, list):
            self.complete = False  # which section or source it meant is unknown
            return
        self.broken_sections.add(section)
        for citation in cite:
            if isinstance(citation, dict) and isinstance(citation.get("source"), str):
                self.broken_citations.add(citation["source"])
            else:
                self.complete = False


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


def _describe(value: Any) -> str:
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


def _closest_key(name: str) -> str | None:
    """Suggest the documented key an unknown one was probably meant to be."""
    import difflib

    from .styles import Colours, Fonts, Margins, Sizes, StyleSpec

    models: list[type[BaseModel]] = [
        Briefing,
        Section,
        Source,
        Citation,
        Fact,
        StyleSpec,
        Fonts,
        Sizes,
        Colours,
        Margins,
    ]
    known = {key for model in models for key in model.model_fields}
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.7)
    return f"Did you mean {close[0]!r}?" if close else None


def schema_diagnostics(
    error: ValidationError, doc: YamlDocument, prefix: Path_
) -> list[Diagnostic]:
    """Turn pydantic's errors into rule-coded diagnostics at the offending value."""
    found = []
    for item in error.errors(include_url=False):
        loc = prefix + tuple(part for part in item["loc"] if isinstance(part, str | int))
        kind, field_name = item["type"], ".".join(str(p) for p in loc)
        if kind == "missing":
            found.append(
                diagnostic("FS111", doc.locate(loc[:-1]), f"required key {loc[-1]!r} is missing")
            )
        elif kind == "extra_forbidden":
            found.append(
                diagnostic(
                    "FS110",
                    doc.locate(loc, key=True),
                    f"unknown key {loc[-1]!r}",
                    _closest_key(str(loc[-1])),
                )
            )
        elif kind in ("edtf", "edtf_reversed"):
            code = "FS302" if kind == "edtf_reversed" else "FS301"
            found.append(diagnostic(code, doc.locate(loc), f"{field_name}: {item['msg']}"))
        elif kind in _TYPE_ERRORS:
            expected = item["msg"].removeprefix("Input should be ").rstrip(".")
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
                    f", got {_describe(item['input'])}",
                    hint,
                )
            )
        else:
            found.append(diagnostic("FS113", doc.locate(loc), f"{field_name}: {item['msg']}"))
    return found


def _items(
    doc: YamlDocument,
    key: str,
    model: type[R],
    diagnostics: list[Diagnostic],
    broken: Callable[[Any], None],
) -> list[Located[R]] | None:
    """Validate ``doc[key]`` item by item, so one bad record does not hide the others.

    Returns None when the file holds no list of records at all.
    """
    data = doc.data
    for extra in data:
        if extra != key:
            diagnostics.append(
                diagnostic(
                    "FS110",
                    doc.locate((extra,), key=True),
                    f"unknown key {extra!r} (this file holds {key!r})",
                )
            )
    if key not in data:
        diagnostics.append(diagnostic("FS111", doc.locate(), f"required key {key!r} is missing"))
        return None
    items = data[key]
    if not isinstance(items, list):
        diagnostics.append(
            diagnostic(
                "FS112", doc.locate((key,)), f"{key}: expected a list, got {_describe(items)}"
            )
        )
        return None
    located = []
    for index, item in enumerate(items):
        try:
            record = model.model_validate(item)
        except ValidationError as error:
            diagnostics.extend(schema_diagnostics(error, doc, (key, index)))
            broken(item)
            continue
        located.append(Located(record, doc, (key, index)))
    return located


def load_bundle(folder: Path, diagnostics: list[Diagnostic]) -> Bundle:
    bundle = Bundle(folder.name, folder)
    display = display_path(folder)
    files = list(iter_yaml_files(folder))[:MAX_FILES]
    names = {path.name for path in files}
    for required in (BRIEFING_FILE, SOURCES_FILE):
        if required not in names:
            diagnostics.append(
                diagnostic(
                    "FS115",
                    Location(f"{display}/{required}"),
                    f"briefing {bundle.id!r} has no {required}",
                )
            )
            bundle.complete = False
    root = folder.resolve()
    for path in files:
        bundle.files += 1
        if not path.resolve().is_relative_to(root):
            # A linked file would let one briefing read, and print, any file on the machine.
            diagnostics.append(
                diagnostic(
                    "FS503",
                    Location(display_path(path)),
                    f"{path.name} links to a file outside the briefing folder; it was not read",
                )
            )
            bundle.complete = False
            continue
        doc = load_yaml(path, display_path(path), diagnostics)
        if doc is None:
            bundle.complete = False
            continue
        if path.name == BRIEFING_FILE:
            try:
                bundle.briefing = Located(Briefing.model_validate(doc.data), doc, ())
            except ValidationError as error:
                diagnostics.extend(schema_diagnostics(error, doc, ()))
        elif path.name == SOURCES_FILE:
            sources = _items(doc, "sources", Source, diagnostics, bundle.note_broken_source)
            bundle.sources.extend(sources or [])
            bundle.complete &= sources is not None
        else:
            facts = _items(doc, "facts", Fact, diagnostics, bundle.note_broken_fact)
            bundle.facts.extend(facts or [])
            bundle.complete &= facts is not None
    return bundle
