"""The keys of a style file, as strict pydantic models: fonts, type sizes, colours, margins."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

# BODY_FLOOR and SOURCES_FLOOR are the legibility limits the fitter never goes below.
BODY_FLOOR = 7.5
SOURCES_FLOOR = 6.0

Colour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]


def _points(low: float, high: float, *, above: bool = False) -> Any:
    """A type size in points, from ``low`` (or just above it) to ``high``."""
    return Field(gt=low, le=high) if above else Field(ge=low, le=high)


class _Strict(BaseModel):
    # Strict like the fact files: `columns: true`, `columns: "3"` and `body: "10"` are
    # wrong types (FS112), not numbers.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


FontFile = Annotated[str, Field(min_length=1)]
MAX_FALLBACKS = 8


class Fonts(_Strict):
    regular: FontFile
    bold: FontFile
    italic: FontFile
    # Faces for the characters the three above lack (a Japanese place name in a Latin
    # style): each is drawn from the first fallback that has it, same size and baseline.
    fallback: Annotated[list[FontFile], Field(max_length=MAX_FALLBACKS)] = []


class Sizes(_Strict):
    """Type sizes in points. ``body`` is the design size: heading, sources and timeline are
    given for it and scale with the body size the fitter chooses, the largest from
    ``min_body`` to ``max_body`` at which the page is full but not over."""

    # Each is bounded so that what it sizes stays legible and inside its room: the footer's
    # band, for one, is measured from the footer size and would be overprinted above 10.
    title: Annotated[float, _points(8, 36)] = 17
    subtitle: Annotated[float, _points(6, 24)] = 10
    heading: Annotated[float, _points(6, 24)] = 10.5
    body: Annotated[float, _points(0, 18, above=True)] = 8.8  # min_body is its floor
    timeline: Annotated[float, _points(SOURCES_FLOOR, 12)] = 7
    sources: Annotated[float, _points(0, 14, above=True)] = 7  # min_sources is its floor
    footer: Annotated[float, _points(5, 10)] = 6.5
    dateline: Annotated[float, _points(6, 14)] = 8  # the header's "As of" line
    min_body: Annotated[float, _points(BODY_FLOOR, 18)] = BODY_FLOOR
    max_body: Annotated[float, _points(BODY_FLOOR, 18)] = 11
    min_sources: Annotated[float, _points(SOURCES_FLOOR, 14)] = SOURCES_FLOOR

    @model_validator(mode="after")
    def _starts_above_its_floor(self) -> Sizes:
        if self.body < self.min_body or self.sources < self.min_sources:
            raise ValueError(
                f"body ({self.body:g}) and sources ({self.sources:g}) must not be below "
                f"min_body ({self.min_body:g}) and min_sources ({self.min_sources:g})"
            )
        if self.max_body < self.min_body:
            raise ValueError(
                f"max_body ({self.max_body:g}) must not be below min_body ({self.min_body:g})"
            )
        return self


class Colours(_Strict):
    text: Colour = "#1d2430"
    accent: Colour = "#1f4e79"
    muted: Colour = "#5b6472"
    rule: Colour = "#c7ced8"
    band: Colour = "#1f4e79"
    band_text: Colour = "#ffffff"


class Margins(_Strict):
    top: Annotated[float, Field(ge=5, le=60)] = 12
    bottom: Annotated[float, Field(ge=5, le=60)] = 12
    left: Annotated[float, Field(ge=5, le=60)] = 13
    right: Annotated[float, Field(ge=5, le=60)] = 13


class Footer(_Strict):
    credit: bool = True  # "factsheet <version>" at the right of the footer


class StyleSpec(_Strict):
    """The keys of a style file."""

    description: str = ""
    fonts: Fonts
    sizes: Sizes = Sizes()
    leading: Annotated[float, Field(ge=1.0, le=2.5)] = 1.25
    sources_leading: Annotated[float, Field(ge=1.0, le=2.5)] = 1.15  # of the sources list
    colours: Colours = Colours()
    margins_mm: Margins = Margins()
    column_gap_mm: Annotated[float, Field(ge=2, le=40)] = 7
    columns: Annotated[int, Field(ge=1, le=3)] = 2
    footer: Footer = Footer()
