"""Options several commands share: how to report (format, file, colour, exit code) and
where the settings come from (--config, --isolated)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..choices import FORMATS

if TYPE_CHECKING:
    from ..config import Config

F = TypeVar("F", bound=Callable[..., Any])
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def style_option(help_text: str) -> Callable[[F], F]:
    from .completion import complete_styles

    return click.option(
        "--style", metavar="NAME|PATH", shell_complete=complete_styles, help=help_text
    )


def ignore_option(help_text: str) -> Callable[[F], F]:
    from .completion import complete_ignore

    return click.option(
        "--ignore",
        "ignore",
        multiple=True,
        metavar="RULE[,RULE]",
        shell_complete=complete_ignore,
        help=help_text,
    )


def settings_options(function: F) -> F:
    function = click.option(
        "--isolated",
        is_flag=True,
        help="Read no configuration file (pyproject.toml, factsheet.toml).",
    )(function)
    function = click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False),
        metavar="PATH",
        help="Read settings from this file, not the nearest factsheet.toml or pyproject.toml.",
    )(function)
    return function


def colour_option(help_text: str, *, show_default: bool = False) -> Callable[[F], F]:
    return click.option(
        "--color",
        "--colour",
        "color",
        type=click.Choice(["auto", "always", "never"]),
        default="auto",
        show_default=show_default,
        help=help_text,
    )


def report_options(function: F) -> F:
    function = colour_option(
        "Colour text output (auto: on a terminal, unless NO_COLOR; FORCE_COLOR forces it).",
        show_default=True,
    )(function)
    function = click.option(
        "--exit-zero",
        is_flag=True,
        help="Exit 0 even when problems are found (not for usage errors).",
    )(function)
    function = click.option(
        "--output-file",
        type=click.Path(dir_okay=False, allow_dash=False),
        metavar="PATH",
        help="Write the report to PATH (atomically) instead of standard output.",
    )(function)
    function = click.option(
        "--format",
        "output_format",
        type=click.Choice(FORMATS),
        default=None,
        help="Report as text (default), json, github annotations, sarif, gitlab or junit.",
    )(function)
    return function


def load_config(config_path: str | None, isolated: bool) -> Config:
    from ..config import load_config

    return load_config(config_path, isolated=isolated)
