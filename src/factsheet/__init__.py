"""factsheet: YAML fact records in, a citation-checked one-page briefing PDF out.

``validate`` never imports the PDF stack, and neither does importing ``build``: ReportLab
is loaded inside ``build()`` when a page is drawn.
"""

from __future__ import annotations

__version__ = "0.1.0"

# These names are also submodules. Binding the functions here, after the submodules are
# imported, makes ``factsheet.validate`` and ``factsheet.build`` the functions.
from .build import build
from .validate import validate

__all__ = ["__version__", "build", "validate"]
