"""Load a briefing folder: every file parsed, every record validated, each with its origin."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic, Location, diagnostic
from .loading import Path_, Plain, YamlDocument, display_path, iter_yaml_entries, load_yaml
from .models import Briefing, Fact, Source

BRIEFING_FILE = "briefing.yaml"
SOURCES_FILE = "sources.yaml"
MAX_FILES = 1000
# Errors reported per briefing. A generated or hostile file can hold a quarter of a million
# broken values; the first thousand say what is wrong, and FS107 says that the rest were
# not looked at. (Everything found while loading is an error.)
MAX_PROBLEMS = 1000

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
    if model is None:
        return None
    import difflib

    close = difflib.get_close_matches(name, sorted(model.model_fields), n=1, cutoff=0.7)
    return f"Did you mean {close[0]!r}?" if close else None


def _short(name: object, limit: int = 60) -> str:
    """A name from the input, quoted and cut short: a hostile key must not flood the report."""
    text = repr(name)
    return text if len(text) <= limit else text[: limit - 1] + "…'"


def schema_diagnostics(
    error: ValidationError,
    doc: YamlDocument,
    prefix: Path_,
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
                    f"unknown key {_short(loc[-1])}",
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
                    f", got {_describe(item['input'])}",
                    hint,
                )
            )
        else:
            found.append(diagnostic("FS113", doc.locate(loc), f"{field_name}: {item['msg']}"))
    return found


class Problems:
    """Where a briefing's problems go while it loads.

    Ignored rules are dropped as they come; the rest (all errors) count towards
    MAX_PROBLEMS, and one more than that is enough to know there are too many.
    """

    def __init__(self, found: list[Diagnostic], ignore: frozenset[str] = frozenset()) -> None:
        self.found = found
        self.ignore = ignore
        self.stop = len(found) + MAX_PROBLEMS + 1

    def add(self, *items: Diagnostic) -> None:
        self.extend(items)

    def extend(self, items: Iterable[Diagnostic]) -> None:
        self.found.extend(item for item in items if item.code not in self.ignore)

    @property
    def room(self) -> int:
        return max(self.stop - len(self.found), 0)


def _items(
    doc: YamlDocument,
    key: str,
    model: type[R],
    problems: Problems,
    broken: Callable[[Any], None],
) -> list[Located[R]] | None:
    """Validate ``doc[key]`` item by item, so one bad record does not hide the others.

    Returns None when the file holds no list of records at all, or when the briefing has
    too many problems to go on.
    """
    data = doc.data
    for extra in data:
        if not problems.room:
            return None
        if extra != key:
            problems.add(
                diagnostic(
                    "FS110",
                    doc.locate((extra,), key=True),
                    f"unknown key {_short(extra)} (this file holds {key!r})",
                )
            )
    if key not in data:
        problems.add(diagnostic("FS111", doc.locate(), f"required key {key!r} is missing"))
        return None
    items = data[key]
    if not isinstance(items, list):
        problems.add(
            diagnostic(
                "FS112", doc.locate((key,)), f"{key}: expected a list, got {_describe(items)}"
            )
        )
        return None
    located = []
    for index, item in enumerate(items):
        if not problems.room:
            break
        try:
            record = model.model_validate(item)
        except ValidationError as error:
            problems.extend(schema_diagnostics(error, doc, (key, index), model, problems.room))
            broken(item)
            continue
        located.append(Located(record, doc, (key, index)))
    return located


def _unreadable(path: Path, root: Path) -> Diagnostic | None:
    """Why the YAML file ``path`` in the briefing folder ``root`` must not be read."""
    where = Location(display_path(path))
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # a link loop (RuntimeError before Python 3.13)
        return diagnostic("FS115", where, f"{path.name} is a link that loops; it was not read")
    if not target.is_relative_to(root):
        # A linked file would let one briefing read, and print, any file on the machine.
        return diagnostic(
            "FS503",
            where,
            f"{path.name} links to a file outside the briefing folder; it was not read",
        )
    if not path.is_file():
        return diagnostic(
            "FS115",
            where,
            f"{path.name} is not a regular file (a broken link, a pipe or a device); "
            "it was not read",
        )
    return None


def _within_limit(files: list[Path], folder_id: str, problems: Problems) -> list[Path]:
    """The files to read: the two required ones, then fact files up to MAX_FILES in all."""
    required = [path for path in files if path.name in (BRIEFING_FILE, SOURCES_FILE)]
    others = [path for path in files if path.name not in (BRIEFING_FILE, SOURCES_FILE)]
    kept = others[: MAX_FILES - len(required)]
    problems.add(
        diagnostic(
            "FS107",
            Location(display_path(others[len(kept)])),
            f"briefing {folder_id!r} has {len(files):,} YAML files; only {MAX_FILES:,} are "
            f"read, and {len(others) - len(kept):,} from this one on are not",
            "Merge fact files, or split the briefing.",
        )
    )
    return sorted(required + kept)


def load_bundle(
    folder: Path, diagnostics: list[Diagnostic], ignore: frozenset[str] = frozenset()
) -> Bundle:
    """Read the briefing in ``folder``, adding its problems (but not ``ignore``d ones) to
    ``diagnostics``; reading stops once it has more than MAX_PROBLEMS."""
    bundle = Bundle(folder.name, folder)
    problems = Problems(diagnostics, ignore)
    display = display_path(folder)
    files = list(iter_yaml_entries(folder))
    names = {path.name for path in files}
    for required in (BRIEFING_FILE, SOURCES_FILE):
        if required not in names:
            problems.add(
                diagnostic(
                    "FS115",
                    Location(f"{display}/{required}"),
                    f"briefing {bundle.id!r} has no {required}",
                )
            )
            bundle.complete = False
    if len(files) > MAX_FILES:
        files = _within_limit(files, bundle.id, problems)
        bundle.complete = False
    root = folder.resolve()
    for path in files:
        bundle.files += 1
        _load_file(bundle, path, root, problems)
        if not problems.room:
            del diagnostics[problems.stop - 1 :]
            problems.add(too_many_problems(bundle.id, path, stopped=path != files[-1]))
            bundle.complete = False  # unchecked records would look unknown or unused
            break
    return bundle


def too_many_problems(briefing_id: str, path: Path, *, stopped: bool = False) -> Diagnostic:
    """FS107 for a briefing with more than MAX_PROBLEMS errors, at the file reached."""
    after = f"; files after {path.name} were not read" if stopped else ""
    return diagnostic(
        "FS107",
        Location(display_path(path)),
        f"briefing {briefing_id!r} has more than {MAX_PROBLEMS:,} errors; only the first "
        f"{MAX_PROBLEMS:,} are reported{after}",
        "Fix these first, or check how the files were generated.",
    )


def _load_file(bundle: Bundle, path: Path, root: Path, problems: Problems) -> None:
    problem = _unreadable(path, root)
    if problem is not None:
        problems.add(problem)
        bundle.complete = False
        return
    found: list[Diagnostic] = []
    doc = load_yaml(path, display_path(path), found)
    problems.extend(found)
    if doc is None:
        bundle.complete = False
        return
    if path.name == BRIEFING_FILE:
        try:
            bundle.briefing = Located(Briefing.model_validate(doc.data), doc, ())
        except ValidationError as error:
            problems.extend(schema_diagnostics(error, doc, (), Briefing, problems.room))
    elif path.name == SOURCES_FILE:
        sources = _items(doc, "sources", Source, problems, bundle.note_broken_source)
        bundle.sources.extend(sources or [])
        bundle.complete &= sources is not None
    else:
        facts = _items(doc, "facts", Fact, problems, bundle.note_broken_fact)
        bundle.facts.extend(facts or [])
        bundle.complete &= facts is not None
