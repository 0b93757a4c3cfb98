"""Render a run's :class:`~factsheet.report.Findings` in each output format.

=========  ==========================================================  ===================
format     for                                                         module
=========  ==========================================================  ===================
text       people at a terminal (coloured when asked)                  ``text``
json       scripts; a stable shape whose ``version`` changes only       ``json``
           when an existing field does
github     GitHub Actions annotations; ``markdown`` is the job summary  ``github``
sarif      SARIF 2.1.0: GitHub code scanning and other SARIF viewers    ``sarif``
gitlab     GitLab's Code Quality report                                 ``gitlab``
junit      JUnit XML, which most CI systems show as test results       ``junit``
=========  ==========================================================  ===================

Every renderer takes the findings and the keyword options ``colour`` and ``quiet`` and
returns the text to print (without a final newline).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from ..choices import FORMATS
from ..report import Findings

# Formats meant for a machine: one document, which a build prints on stdout alone.
DOCUMENT_FORMATS = frozenset({"json", "sarif", "gitlab", "junit"})
Renderer = Callable[..., str]


def renderer(output_format: str) -> Renderer:
    """The render function of a format, its module imported only when it is used."""
    if output_format not in FORMATS:
        raise ValueError(f"no output format {output_format!r}")
    module = import_module(f"{__name__}.{output_format}")
    function: Renderer = module.render
    return function


def render(
    output_format: str, findings: Findings, *, colour: bool = False, quiet: bool = False
) -> str:
    return renderer(output_format)(findings, colour=colour, quiet=quiet)


__all__ = ["DOCUMENT_FORMATS", "FORMATS", "render", "renderer"]
