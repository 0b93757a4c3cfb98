"""JSON Schema for each kind of file, generated from the models, for editors' YAML servers.

The schema describes the shape of one file as a YAML 1.2 language server reads it (there,
unquoted ``2025-10-24`` is text and ``1946`` a number; both are dates here). Relations
between files — citations, sections, date order — are left to ``factsheet validate``.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from . import __version__
from .errors import UsageError
from .models import Briefing, FactsFile, SourcesFile
from .styles import StyleSpec

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# kind -> (model, title, description)
KINDS: dict[str, tuple[type[BaseModel], str, str]] = {
    "briefing": (
        Briefing,
        "factsheet briefing.yaml",
        "What a briefing is about and how its page is divided: title, as_of date and the "
        "ordered sections that facts name.",
    ),
    "sources": (
        SourcesFile,
        "factsheet sources.yaml",
        "The sources a briefing's facts cite, each with a unique id, a published date and, "
        "when it has a url, the date it was accessed.",
    ),
    "facts": (
        FactsFile,
        "factsheet facts file",
        "Dated, cited facts: any *.yaml file in a briefing folder other than briefing.yaml "
        "and sources.yaml.",
    ),
    "style": (
        StyleSpec,
        "factsheet style",
        "A page style: fonts, sizes in points, colours, margins and columns.",
    ),
}


# What each key means, as an editor shows it on hover: (record, key) -> text. A test keeps
# one for every key of every record, so a new field cannot arrive undocumented.
DESCRIPTIONS: dict[str, dict[str, str]] = {
    "Briefing": {
        "title": "The briefing's title, printed in the header band (at most 300 characters).",
        "subtitle": "A line under the title.",
        "as_of": "The date the briefing speaks for: YYYY, YYYY-MM or YYYY-MM-DD. No fact may "
        "be dated after it.",
        "author": "The office or author line printed in the header.",
        "audience": "A marking printed in the header, such as Public or Internal.",
        "language": "The page's language as a BCP 47 tag (en, fr, de-CH); default en.",
        "parties": "The sides of a dispute, whose positions facts can be attributed to.",
        "sections": "The page's sections in order; every fact names one (at least one, at "
        "most 50).",
    },
    "Party": {
        "id": "A slug that facts (attributed_to) and sources (party) use to name the party.",
        "name": "The party's name, printed before a position attributed to it.",
    },
    "Section": {
        "id": "A slug that facts use to name the section.",
        "heading": "The section's heading on the page.",
        "max_age_days": "Facts older than this many days (against as_of) are stale (FS307).",
        "min_sources": "Facts here should cite at least this many independent sources "
        "(distinct owners), or FS206 warns.",
        "each_party": "When true, every declared party needs a position (a fact attributed "
        "to it) in this section.",
        "order": "date sorts the section's facts by date; as_written keeps the files' order.",
        "ignore": "Deliberate exceptions on this section: a rule code or name, and why it "
        "does not apply here.",
    },
    "Source": {
        "id": "A unique slug that citations name.",
        "title": "The source's title, printed in the sources list.",
        "publisher": "Who published it; printed before the title.",
        "owner": "Who stands behind it; sources with one owner count as one for "
        "min_sources. Default: the publisher.",
        "party": "The party this source speaks for (its government's page, its state media).",
        "published": "The publication date, YYYY[-MM[-DD]]; omit it when the page shows none.",
        "url": "An http(s) address of the source. A url needs an accessed date.",
        "accessed": "The date the page was read, YYYY-MM-DD; required with a url, and when "
        "published is omitted.",
        "archive_url": "An http(s) address of an archived copy.",
        "snapshot": "A saved copy (.txt, .html/.htm or .pdf) inside the briefing folder, "
        "against which quotes are checked.",
        "snapshot_sha256": "The SHA-256 digest of the snapshot, recorded when it was taken.",
        "note": "A note printed in the sources list.",
        "ignore": "Deliberate exceptions on this source: a rule code or name, and why it "
        "does not apply here.",
    },
    "Citation": {
        "source": "The id of a source declared in sources.yaml.",
        "locator": "Where in the source: a page, a section, a heading.",
        "quote": "The source's exact words; checked against its snapshot.",
    },
    "Fact": {
        "id": "A slug unique within the briefing.",
        "section": "The id of a section declared in briefing.yaml.",
        "date": "When it happened, in EDTF level 0: YYYY, YYYY-MM, YYYY-MM-DD or START/END.",
        "text": "The statement itself, as printed (at most 2,000 characters).",
        "cite": "The sources that support it: at least one citation.",
        "attributed_to": "The party whose position or claim this states; printed before it.",
        "key": "When true, the fact is also shown on the key-dates timeline (at most 8).",
        "label": "The timeline caption of a key fact (at most 60 characters).",
        "ignore": "Deliberate exceptions on this fact: a rule code or name, and why it does "
        "not apply here.",
    },
    "SourcesFile": {"sources": "The sources the briefing's facts cite."},
    "FactsFile": {"facts": "Dated, cited facts."},
    "StyleSpec": {
        "description": "What the style looks like, in a sentence.",
        "fonts": "TrueType files for regular, bold and italic text, looked up beside the "
        "style file, then among the shipped fonts.",
        "sizes": "Type sizes in points, and the smallest sizes the text may shrink to.",
        "leading": "Line height as a multiple of the font size.",
        "sources_leading": "The sources list's line height, as a multiple of its size.",
        "colours": "Colours as #rrggbb.",
        "margins_mm": "Page margins in millimetres.",
        "column_gap_mm": "The gap between columns in millimetres.",
        "columns": "How many columns the sections are set in.",
        "footer": "What the footer prints besides the counts, the date and the marking.",
    },
    "Footer": {"credit": "Print 'factsheet <version>' at the right of the footer."},
    "Fonts": {
        "regular": "The font file for body text.",
        "bold": "The font file for headings and emphasis.",
        "italic": "The font file for notes and attributions.",
        "fallback": "Font files for characters the faces above lack, tried in order.",
    },
    "Sizes": {
        "title": "The title's size.",
        "subtitle": "The subtitle's size.",
        "heading": "Section headings' size.",
        "body": "The design size: heading, sources and timeline sizes are given for it and "
        "scale with the body size chosen, the largest from min_body to max_body that fits.",
        "timeline": "Timeline labels' size.",
        "sources": "The sources list's size; it shrinks down to min_sources to fit.",
        "footer": "The footer's size.",
        "dateline": "The size of the header's line under the title ('As of ...').",
        "min_body": "The smallest body size (at least 7.5).",
        "max_body": "The largest body size, used when the page has room to spare.",
        "min_sources": "The smallest sources size (at least 6).",
    },
    "Colours": {
        "text": "Body text.",
        "accent": "Headings, citation numbers and timeline dots.",
        "muted": "Dates, notes and the footer.",
        "rule": "Thin rules and the timeline axis.",
        "band": "The header band (#ffffff draws a rule instead).",
        "band_text": "Text on the header band.",
    },
    "Margins": {
        "top": "Top margin.",
        "bottom": "Bottom margin.",
        "left": "Left margin.",
        "right": "Right margin.",
    },
}
# An http(s) address, as FS401 requires (the scheme in any letter case, no spaces).
URL_PATTERN = r"^[hH][tT][tT][pP][sS]?://[^\s/?#]+[^\s]*$"
RULE_PATTERN = r"^([Ff][Ss][0-9]{3}|[a-z]+(-[a-z]+)*)$"


def _describe(record: str, node: dict[str, Any]) -> None:
    texts = DESCRIPTIONS.get(record, {})
    for key, value in node.get("properties", {}).items():
        if key in texts and isinstance(value, dict):
            value.setdefault("description", texts[key])


def _string_branch(node: dict[str, Any]) -> dict[str, Any]:
    """The string alternative of an optional value (``anyOf: [string, null]``)."""
    branches: list[dict[str, Any]] = node.get("anyOf", [node])
    for branch in branches:
        if branch.get("type") == "string":
            return branch
    return node


def _tighten(definitions: dict[str, Any]) -> None:
    """Say what validation requires where a schema can: a citation at least, http(s) links,
    an access date with a url, a reason with every exception."""
    fact = definitions.get("Fact")
    if fact is not None:
        fact["required"] = [*fact.get("required", []), "cite"]
        cite = fact["properties"]["cite"]
        cite.pop("default", None)
        cite["minItems"] = 1
    source = definitions.get("Source")
    if source is not None:
        for key in ("url", "archive_url"):
            _string_branch(source["properties"][key])["pattern"] = URL_PATTERN
        source["dependentRequired"] = {"url": ["accessed"]}
        source["anyOf"] = [{"required": ["published"]}, {"required": ["accessed"]}]
    for record in definitions.values():
        exceptions = record.get("properties", {}).get("ignore")
        if isinstance(exceptions, dict):
            exceptions["propertyNames"] = {"pattern": RULE_PATTERN}
            exceptions["additionalProperties"]["pattern"] = r"\S"


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of file, as a dictionary."""
    try:
        model, title, description = KINDS[kind]
    except KeyError:
        raise UsageError(f"no schema for {kind!r} (choose from {', '.join(KINDS)})") from None
    generated = model.model_json_schema(mode="validation")
    generated.pop("title", None)
    generated.pop("description", None)
    definitions = generated.get("$defs", {})
    _describe(model.__name__, generated)
    for name, node in definitions.items():
        _describe(name, node)
    _tighten(definitions)
    return {
        "$schema": DRAFT,
        "$id": f"urn:factsheet:schema:{kind}",
        "$comment": f"Generated by factsheet {__version__} with 'factsheet schema {kind}'.",
        "title": title,
        "description": description,
        **generated,
    }


def schema_json(kind: str) -> str:
    """The schema as JSON text; the same models always give the same bytes."""
    # pydantic orders keys itself (alphabetically, but fields in declaration order, as the
    # README documents them), so no sort_keys here: editors list properties in that order.
    return json.dumps(schema(kind), indent=2)
