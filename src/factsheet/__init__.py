"""factsheet: YAML fact records in, a citation-checked one-page briefing PDF out.

``validate`` never imports the PDF stack; ``build`` loads it on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "build", "validate"]

if TYPE_CHECKING:
    from .build import build
    from .validate import validate


def __getattr__(name: str) -> Any:
    if name == "validate":
        from .validate import validate

        return validate
    if name == "build":
        from .build import build

        return build
    raise AttributeError(name)
