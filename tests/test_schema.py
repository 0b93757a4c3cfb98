"""`factsheet schema KIND`: JSON Schema that editors can trust on the files factsheet accepts."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import FIXTURES, SHIPPED, STYLES, run_cli
from factsheet.models import Briefing, Citation, Fact, Section, Source
from factsheet.scaffold import scaffold
from factsheet.schema import DRAFT, KINDS, schema, schema_json
from factsheet.styles import StyleSpec


class Yaml12Loader(yaml.SafeLoader):
    """Reads scalars as a YAML 1.2 language server does: an unquoted date stays text and
    only true/false are booleans (PyYAML follows YAML 1.1 and would make dates objects)."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [
        (tag, pattern)
        for tag, pattern in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load(path: Path) -> Any:
    return yaml.load(path.read_text("utf-8"), Loader=Yaml12Loader)


def kind_of(path: Path) -> str:
    return {"briefing.yaml": "briefing", "sources.yaml": "sources"}.get(path.name, "facts")


def validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(schema(kind))


def errors(kind: str, document: Any) -> list[str]:
    return [error.message for error in validator(kind).iter_errors(document)]


def briefing_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_is_a_valid_draft_2020_12_schema_with_a_title(kind: str) -> None:
    document = json.loads(schema_json(kind))
    assert document["$schema"] == DRAFT == "https://json-schema.org/draft/2020-12/schema"
    assert document["title"].startswith("factsheet ")
    assert document["description"]
    assert document["type"] == "object"
    assert document["additionalProperties"] is False
    Draft202012Validator.check_schema(document)


def test_the_cli_prints_the_same_schema_for_each_kind() -> None:
    for kind in KINDS:
        result = run_cli("schema", kind)
        assert result.exit_code == 0, result.output
        assert result.output == schema_json(kind) + "\n"


def test_the_cli_refuses_an_unknown_kind_as_a_usage_error() -> None:
    result = run_cli("schema", "nonsense")
    assert result.exit_code == 2
    assert "nonsense" in result.output


@pytest.mark.parametrize(
    ("kind", "model"),
    [("briefing", Briefing), ("style", StyleSpec)],
)
def test_top_level_properties_are_the_model_fields(kind: str, model: type[Any]) -> None:
    document = schema(kind)
    assert list(document["properties"]) == list(model.model_fields)


def test_nested_records_carry_every_model_field() -> None:
    """Generated, not hand-written: a field added to a model shows up in the schema."""
    definitions = {**schema("briefing")["$defs"], **schema("sources")["$defs"]}
    definitions.update(schema("facts")["$defs"])
    for model in (Section, Source, Fact, Citation):
        assert list(definitions[model.__name__]["properties"]) == list(model.model_fields)
        assert definitions[model.__name__]["additionalProperties"] is False


def test_output_is_byte_identical_across_processes_and_hash_seeds() -> None:
    outputs = set()
    for seed in ("1", "2", "random"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-m", "factsheet", "schema", "facts"],
            capture_output=True,
            check=True,
            env=environment,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1
    assert outputs.pop().decode("ascii") == schema_json("facts") + "\n"


@pytest.mark.parametrize("path", briefing_files(SHIPPED), ids=lambda path: path.name)
def test_the_shipped_briefing_files_are_accepted(path: Path) -> None:
    assert errors(kind_of(path), load(path)) == []


@pytest.mark.parametrize("path", sorted(STYLES.glob("*.yaml")), ids=lambda path: path.name)
def test_the_shipped_styles_are_accepted(path: Path) -> None:
    assert errors("style", load(path)) == []


def test_valid_fixtures_are_accepted() -> None:
    """Every briefing that `factsheet validate` accepts must also satisfy the editor."""
    valid = FIXTURES / "valid"
    for path in sorted(valid.rglob("*.yaml")) if valid.is_dir() else []:
        if path.parent.name != "styles":
            assert errors(kind_of(path), load(path)) == [], path


def test_a_scaffolded_briefing_is_accepted(tmp_path: Path) -> None:
    folder = scaffold("example-briefing", tmp_path, today=date(2026, 1, 31))
    files = briefing_files(folder)
    assert len(files) == 3
    for path in files:
        assert errors(kind_of(path), load(path)) == [], path


def test_dates_are_accepted_at_every_precision_as_text_or_a_bare_year() -> None:
    fact = {"id": "a", "section": "s", "text": "Something happened.", "cite": [{"source": "x"}]}
    for date_value in (1946, "1946", "1956-10", "1956-10-19", "2016/2018", "2016-05/2018-01-02"):
        assert errors("facts", {"facts": [{**fact, "date": date_value}]}) == [], date_value
    for not_a_date in ("19 October 1956", "1956-1-5", "2016/", "", True, 1.5):
        assert errors("facts", {"facts": [{**fact, "date": not_a_date}]}), not_a_date


def test_mistakes_an_editor_should_flag_are_rejected() -> None:
    briefing = load(SHIPPED / "briefing.yaml")
    assert errors("briefing", {**briefing, "titel": "typo"})
    assert errors("briefing", {key: value for key, value in briefing.items() if key != "as_of"})
    assert errors("briefing", {**briefing, "sections": []})
    assert errors("briefing", {**briefing, "sections": [{"id": "Not A Slug", "heading": "x"}]})
    assert errors("briefing", {**briefing, "title": ""})

    sources = load(SHIPPED / "sources.yaml")
    source = sources["sources"][0]
    assert errors("sources", {"sources": [{**source, "published": "October 2025"}]})
    assert errors("sources", {"sources": [{**source, "homepage": "x"}]})

    fact = {"id": "a", "section": "s", "date": 2020, "text": "Text.", "cite": [{"source": "x"}]}
    assert errors("facts", {"facts": [fact]}) == []
    assert errors("facts", {"facts": [{**fact, "text": 1956}]})  # text: 1956 is not text
    assert errors("facts", {"facts": [{**fact, "key": "yes"}]})
    assert errors("facts", {"facts": [{**fact, "cite": [{"source": "x", "page": 2}]}]})
    assert errors("facts", {"fact": [fact]})

    style = load(STYLES / "default.yaml")
    assert errors("style", {**style, "colours": {"text": "navy"}})
    assert errors("style", {key: value for key, value in style.items() if key != "fonts"})


def properties_of(node: Any, where: str = "") -> list[tuple[str, Any]]:
    """Every (path, property schema) in a schema, at any depth."""
    found: list[tuple[str, Any]] = []
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            found.append((f"{where}.{key}", value))
        for key, value in node.items():
            found += properties_of(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += properties_of(value, f"{where}[{index}]")
    return found


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_key_has_a_description_and_the_schema_an_id(kind: str) -> None:
    document = schema(kind)
    assert document["$id"] == f"urn:factsheet:schema:{kind}"
    undocumented = [path for path, value in properties_of(document) if not value.get("description")]
    assert undocumented == []


def test_the_schema_requires_what_validation_requires() -> None:
    fact = {"id": "a", "section": "s", "date": 2020, "text": "Text.", "cite": [{"source": "x"}]}
    assert errors("facts", {"facts": [fact]}) == []
    uncited = {key: value for key, value in fact.items() if key != "cite"}
    assert errors("facts", {"facts": [uncited]})  # FS201: a fact needs a citation
    assert errors("facts", {"facts": [{**fact, "cite": []}]})
    assert errors("facts", {"facts": [{**fact, "ignore": {"FS307": "old on purpose"}}]}) == []
    assert errors("facts", {"facts": [{**fact, "ignore": {"FS307": " "}}]})  # FS214
    assert errors("facts", {"facts": [{**fact, "ignore": {"not a rule!": "x"}}]})

    source = {"id": "x", "title": "T", "published": "2025-01-01"}
    assert errors("sources", {"sources": [source]}) == []
    linked = {**source, "url": "https://example.org/a", "accessed": "2025-02-01"}
    assert errors("sources", {"sources": [linked]}) == []
    assert errors("sources", {"sources": [{**linked, "url": "HTTP://EXAMPLE.ORG/"}]}) == []
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "example.org"):
        assert errors("sources", {"sources": [{**linked, "url": bad}]}), bad
        assert errors("sources", {"sources": [{**linked, "archive_url": bad}]}), bad
    no_access = {key: value for key, value in linked.items() if key != "accessed"}
    assert errors("sources", {"sources": [no_access]})  # FS403
    undated = {key: value for key, value in source.items() if key != "published"}
    assert errors("sources", {"sources": [undated]})  # FS111: accessed stands in for it
    assert errors("sources", {"sources": [{**undated, "accessed": "2025-02-01"}]}) == []
