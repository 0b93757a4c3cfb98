"""The library surface the README shows: ``from factsheet import validate, build``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

import factsheet
from conftest import SHIPPED
from factsheet import build, validate


def test_readme_library_example_runs(tmp_path: Path) -> None:
    report = validate([SHIPPED], strict=True)
    facts = sum(
        len(yaml.safe_load(path.read_text(encoding="utf-8"))["facts"])
        for path in SHIPPED.glob("*.yaml")
        if path.name not in ("briefing.yaml", "sources.yaml")
    )
    assert report.ok and report.facts == facts > 0
    result = build(SHIPPED, output=tmp_path / "brief.pdf", paper="a4")
    assert result.path.read_bytes().startswith(b"%PDF-")
    # Importing the submodules elsewhere must not turn the functions back into modules.
    import factsheet.building as _builder  # noqa: F401

    assert callable(factsheet.validate) and callable(factsheet.build)


def test_validating_never_imports_the_pdf_stack() -> None:
    code = (
        "import sys, factsheet\n"
        f"factsheet.validate([{str(SHIPPED)!r}])\n"
        "print(sorted(m for m in sys.modules if m.startswith('reportlab')))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"
