"""The record types of a briefing, as strict pydantic models.

Models check shape and single values; relations between records (citations, sections,
dates against sources) are the business of :mod:`factsheet.checks`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from .edtf import Day, EdtfDate, EdtfError, parse_day, parse_edtf
from .yaml_reader import Plain

# C0/C1 controls, line separators, and the bidirectional embeddings, overrides and
# isolates that can make printed text read differently from what was reviewed.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_INTERVAL_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$"


def _date_text(value: Any) -> str:
    if isinstance(value, bool):
        raise PydanticCustomError("edtf", "expected a date, got a boolean")
    if isinstance(value, int):
        return f"{value:04d}" if value >= 0 else str(value)
    if isinstance(value, Plain) and value.kind in ("a date", "a number"):
        return value.text
    if isinstance(value, str):
        return value
    raise PydanticCustomError("edtf", "expected a date such as 2025, 2025-10 or 2025-10-24")


def _validate_day(value: Any) -> Day:
    if isinstance(value, Day):
        return value
    try:
        return parse_day(_date_text(value))
    except EdtfError as error:
        raise PydanticCustomError("edtf", str(error)) from None


def _validate_edtf(value: Any) -> EdtfDate:
    if isinstance(value, Day):
        return value
    try:
        return parse_edtf(_date_text(value))
    except EdtfError as error:
        kind = "edtf_reversed" if error.reversed_interval else "edtf"
        raise PydanticCustomError(kind, str(error)) from None


# What prints as nothing: format characters (U+200B, U+00AD, U+2060), spaces, separators,
# controls and combining marks with nothing to combine with, and the filler letters.
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Zs", "Zl", "Zp", "Mn", "Me"})
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def _shows_nothing(value: str) -> bool:
    """True if no character of ``value`` prints; stops at the first one that does."""
    if value.isascii():
        return not value.strip()
    return all(
        char in _FILLERS or unicodedata.category(char) in _INVISIBLE_CATEGORIES for char in value
    )


def _validate_text(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "expected text")
    if not value.strip():
        raise PydanticCustomError("text_empty", "text must not be empty")
    if _shows_nothing(value):
        raise PydanticCustomError(
            "text_empty",
            "text must not be empty: it holds only characters that print as nothing "
            "(such as {code})",
            {"code": f"U+{ord(value.strip()[0]):04X}"},
        )
    control = _CONTROL.search(value)
    if control:
        raise PydanticCustomError(
            "text_control",
            "text contains the invisible control character {code}",
            {"code": f"U+{ord(control.group()):04X}"},
        )
    return value


def _date_schema(pattern: str) -> WithJsonSchema:
    """A date is written as text, or as a bare year that YAML reads as a number."""
    year = {"type": "integer", "minimum": 0, "maximum": 9999}
    return WithJsonSchema({"anyOf": [{"type": "string", "pattern": pattern}, year]})


DayField = Annotated[Day, PlainValidator(_validate_day), _date_schema(_DATE_PATTERN)]
EdtfField = Annotated[EdtfDate, PlainValidator(_validate_edtf), _date_schema(_INTERVAL_PATTERN)]


def _text_schema(max_length: int) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "minLength": 1, "maxLength": max_length})


# Written out, not built by a function: mypy only accepts literal aliases as types.
_TextCheck = PlainValidator(_validate_text)
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")]
ShortText = Annotated[str, _TextCheck, StringConstraints(max_length=300), _text_schema(300)]
LabelText = Annotated[str, _TextCheck, StringConstraints(max_length=60), _text_schema(60)]
LongText = Annotated[str, _TextCheck, StringConstraints(max_length=2000), _text_schema(2000)]
UrlText = Annotated[str, StringConstraints(max_length=2000)]
# Deliberate exceptions on one record: rule code (or name) -> why it does not apply here.
# Which codes may be excused, and that a reason is given, is checked in bundle.py.
Exceptions = Annotated[
    dict[str, Annotated[str, StringConstraints(max_length=300)]], Field(max_length=20)
]


class _Record(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Section(_Record):
    id: Slug
    heading: ShortText
    max_age_days: Annotated[int, Field(gt=0, le=1_000_000)] | None = None
    # Counts independent sources: sources with distinct owners.
    min_sources: Annotated[int, Field(gt=0, le=100)] | None = None
    # Every declared party must have a position (a fact attributed to it) here.
    each_party: bool = False
    # "date" sorts the facts by date; "as_written" keeps the files' order, so that a
    # framing sentence can lead its section.
    order: Literal["date", "as_written"] = "date"
    ignore: Exceptions = {}


class Party(_Record):
    """A side of a dispute, whose positions facts can be attributed to."""

    id: Slug
    name: LabelText


class Briefing(_Record):
    """``briefing.yaml``: what the page is about and how it is divided."""

    title: ShortText
    subtitle: ShortText | None = None
    as_of: DayField
    author: ShortText | None = None
    audience: ShortText | None = None
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = "en"
    parties: Annotated[list[Party], Field(max_length=10)] = []
    sections: Annotated[list[Section], Field(min_length=1, max_length=50)]


class Source(_Record):
    """One entry of ``sources.yaml``."""

    id: Slug
    title: ShortText
    publisher: ShortText | None = None
    # Who stands behind the source; two sources with one owner are one voice.
    owner: ShortText | None = None
    # The source speaks for this party (a government's own page, its state media).
    party: Slug | None = None
    # Omitted when the page shows no date; then ``accessed`` stands in for it.
    published: DayField | None = None
    url: UrlText | None = None
    accessed: DayField | None = None
    archive_url: UrlText | None = None
    snapshot: Annotated[str, StringConstraints(min_length=1, max_length=500)] | None = None
    snapshot_sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = None
    note: ShortText | None = None
    ignore: Exceptions = {}

    @property
    def owned_by(self) -> str:
        """The owner, else the publisher, else the source itself: compared case-insensitively."""
        return (self.owner or self.publisher or self.id).casefold()

    @property
    def dated(self) -> Day | None:
        """The date that bounds what the source can report: published, else accessed."""
        return self.published or self.accessed


class Citation(_Record):
    source: Slug
    locator: ShortText | None = None
    quote: LongText | None = None


class Fact(_Record):
    """One dated, cited statement."""

    id: Slug
    section: Slug
    date: EdtfField
    text: LongText
    cite: Annotated[list[Citation], Field(max_length=50)] = []
    # The fact states this party's position or claim, not the narrator's.
    attributed_to: Slug | None = None
    key: bool = False
    # Timeline caption for key facts; the fact text is used when absent.
    label: LabelText | None = None
    ignore: Exceptions = {}


class SourcesFile(_Record):
    """The whole of ``sources.yaml``, for the JSON Schema; validation goes record by record."""

    model_config = ConfigDict(defer_build=True)
    sources: list[Source]


class FactsFile(_Record):
    """A whole facts file, for the JSON Schema; validation goes record by record."""

    model_config = ConfigDict(defer_build=True)
    facts: list[Fact]
