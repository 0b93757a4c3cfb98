"""factsheet: YAML fact records in, a citation-checked one-page briefing PDF out.

The public names are loaded on first use, so ``factsheet --version``, ``--help`` and shell
completion never pay for pydantic, PyYAML or ReportLab. The functions live in modules with
other names (``validation``, ``building``), so no function shadows a submodule.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "validate": "validation",
    "build": "building",
    "BuildResult": "building",
    "Report": "report",
    "Diagnostic": "diagnostics",
    "Location": "diagnostics",
    "Severity": "diagnostics",
    "FactsheetError": "errors",
    "InvalidData": "errors",
    "UsageError": "errors",
}

if TYPE_CHECKING:
    from .building import BuildResult, build
    from .diagnostics import Diagnostic, Location, Severity
    from .errors import FactsheetError, InvalidData, UsageError
    from .report import Report
    from .validation import validate


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'factsheet' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


__all__ = [
    "BuildResult",
    "Diagnostic",
    "FactsheetError",
    "InvalidData",
    "Location",
    "Report",
    "Severity",
    "UsageError",
    "__version__",
    "build",
    "validate",
]
