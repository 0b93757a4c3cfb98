"""Load a briefing folder: every file parsed, every record validated, each with its origin."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from .collector import RecordException, Scope
from .diagnostics import RULES, Diagnostic, Location, diagnostic
from .excusing import UNEXCUSABLE, excusable, rule_code
from .files import FileProblem, inside
from .models import Briefing, Fact, Source
from .schema_errors import describe, schema_diagnostics, short
from .yaml_reader import (
    KeyPath,
    YamlDocument,
    display_path,
    iter_yaml_entries,
    parse_yaml,
    read_yaml_bytes,
)

BRIEFING_FILE = "briefing.yaml"
SOURCES_FILE = "sources.yaml"
# The same names with YAML's other extension: read by nothing, so a hint says to rename them.
MISNAMED = {"briefing.yml": BRIEFING_FILE, "sources.yml": SOURCES_FILE}
MAX_FILES = 1000


def briefing_id(folder: Path) -> str:
    """The briefing's id: its folder's name, also when it was named as '.' or '..'."""
    # abspath, not resolve: a link to a briefing keeps the name it was given.
    return Path(os.path.abspath(folder)).name or "briefing"  # noqa: PTH100


R = TypeVar("R", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Located(Generic[R]):
    """A validated record and where it was written."""

    record: R
    doc: YamlDocument
    path: KeyPath

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
    digest: Any = field(default_factory=hashlib.sha256)
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


def _items(
    doc: YamlDocument,
    key: str,
    model: type[R],
    problems: Scope,
    broken: Callable[[Any], None],
) -> list[Located[R]] | None:
    """Validate ``doc[key]`` item by item, so one bad record does not hide the others.

    Returns None when the file holds no list of records at all, or when the briefing has
    too many problems to go on.
    """
    data = doc.data
    for extra in data:
        if problems.full:
            return None
        if extra != key:
            problems.add(
                diagnostic(
                    "FS110",
                    doc.locate((extra,), key=True),
                    f"unknown key {short(extra)} (this file holds {key!r})",
                )
            )
    if key not in data:
        problems.add(diagnostic("FS111", doc.locate(), f"required key {key!r} is missing"))
        return None
    items = data[key]
    if not isinstance(items, list):
        problems.add(
            diagnostic(
                "FS112", doc.locate((key,)), f"{key}: expected a list, got {describe(items)}"
            )
        )
        return None
    located = []
    for index, item in enumerate(items):
        if problems.full:
            break
        try:
            record = model.model_validate(item)
        except ValidationError as error:
            problems.extend(schema_diagnostics(error, doc, (key, index), model, problems.room))
            broken(item)
            continue
        entry = Located(record, doc, (key, index))
        register_exceptions(entry, problems)
        located.append(entry)
    return located


def register_exceptions(entry: Located[Any], problems: Scope) -> None:
    """Hand a record's ``ignore:`` exceptions to the collector, checking each one."""
    exceptions: dict[str, str] = getattr(entry.record, "ignore", {})
    if not exceptions:
        return
    start, end = entry.doc.span(entry.path)  # the record holds every position between
    for name, reason in exceptions.items():
        where = entry.at("ignore", name, key=True)
        code = rule_code(name)
        if code is None:
            problems.add(
                diagnostic(
                    "FS113",
                    where,
                    f"ignore: {short(name)} is not a rule code or name",
                    "Name the rule as factsheet prints it: a code such as FS307 or a name "
                    "such as stale (factsheet rules lists them).",
                )
            )
            continue
        if not excusable(code):
            problems.add(
                diagnostic(
                    "FS113",
                    where,
                    f"ignore: {code} ({RULES[code].name}) cannot be excused: {UNEXCUSABLE[code]}",
                    "Fix the file or the record instead.",
                )
            )
            continue
        if not reason.strip():
            problems.add(
                diagnostic(
                    "FS214",
                    entry.at("ignore", name),
                    f"the exception for {code} ({RULES[code].name}) gives no reason",
                )
            )
        problems.excuse(RecordException(code, entry.doc.display, start, end, where))


def _unreadable(path: Path, root: Path) -> Diagnostic | None:
    """Why the YAML file ``path`` in the briefing folder ``root`` must not be read."""
    where = Location(display_path(path))
    try:
        # A linked file would let one briefing read, and print, any file on the machine.
        inside(root, path)
    except FileProblem as problem:
        code = "FS503" if problem.kind == "outside" else "FS115"
        return diagnostic(code, where, f"{path.name} {problem.reason}; it was not read")
    if not path.is_file():
        return diagnostic(
            "FS115",
            where,
            f"{path.name} is not a regular file (a broken link, a pipe or a device); "
            "it was not read",
        )
    return None


def _within_limit(files: list[Path], folder_id: str, problems: Scope) -> list[Path]:
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


def load_bundle(folder: Path, problems: Scope) -> Bundle:
    """Read the briefing in ``folder``, reporting its problems to ``problems``; reading
    stops once the error budget is spent."""
    bundle = Bundle(briefing_id(folder), folder)
    display = display_path(folder)
    files = list(iter_yaml_entries(folder))
    names = {path.name for path in files}
    for required in (BRIEFING_FILE, SOURCES_FILE):
        if required not in names:
            misnamed = [name for name, meant in MISNAMED.items() if meant == required]
            hint = None
            if misnamed[0] in names:
                hint = f"Rename {misnamed[0]} to {required}: only that name is read."
            problems.add(
                diagnostic(
                    "FS115",
                    Location(f"{display}/{required}"),
                    f"briefing {bundle.id!r} has no {required}",
                    hint,
                )
            )
            bundle.complete = False
    # briefing.yml and sources.yml are not fact files: reading them as such would bury the
    # hint above under an error for every key.
    files = [path for path in files if path.name not in MISNAMED]
    if len(files) > MAX_FILES:
        files = _within_limit(files, bundle.id, problems)
        bundle.complete = False
    root = folder.resolve()
    for path in files:
        if problems.full:
            bundle.complete = False  # unchecked records would look unknown or unused
            break
        bundle.files += 1
        _load_file(bundle, path, root, problems)
    return bundle


def _load_file(bundle: Bundle, path: Path, root: Path, problems: Scope) -> None:
    problem = _unreadable(path, root)
    if problem is not None:
        problems.add(problem)
        bundle.complete = False
        return
    found: list[Diagnostic] = []
    raw = read_yaml_bytes(path, display_path(path), found)
    if raw is not None:
        # The PDF's document ID is derived from every input byte, hashed as it is read.
        bundle.digest.update(os.fsencode(path.name) + b"\0" + raw)
    doc = None if raw is None else parse_yaml(raw, path, display_path(path), found)
    problems.extend(found)
    if doc is None:
        bundle.complete = False
        return
    if path.name == BRIEFING_FILE:
        try:
            bundle.briefing = Located(Briefing.model_validate(doc.data), doc, ())
        except ValidationError as error:
            problems.extend(schema_diagnostics(error, doc, (), Briefing, problems.room))
        else:
            for index, section in enumerate(bundle.briefing.record.sections):
                register_exceptions(Located(section, doc, ("sections", index)), problems)
    elif path.name == SOURCES_FILE:
        sources = _items(doc, "sources", Source, problems, bundle.note_broken_source)
        bundle.sources.extend(sources or [])
        bundle.complete &= sources is not None
    else:
        facts = _items(doc, "facts", Fact, problems, bundle.note_broken_fact)
        bundle.facts.extend(facts or [])
        bundle.complete &= facts is not None
