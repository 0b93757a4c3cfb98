"""The built wheel is self-contained: styles, fonts and templates ship inside it.

The project is built as a user's installer would (sdist, then a wheel from the sdist),
installed into a fresh virtual environment, and run from a directory that has nothing to
do with this checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

import factsheet
from conftest import FONTS, ROOT, SHIPPED

pytestmark = pytest.mark.slow

FONT_FILES = sorted(path.name for path in FONTS.glob("*.ttf"))
TEMPLATES = sorted(path.name for path in (ROOT / "src" / "factsheet" / "templates").iterdir())


def run(
    command: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )


def check(result: subprocess.CompletedProcess[str], code: int = 0) -> str:
    output = result.stdout + result.stderr
    assert result.returncode == code, f"{' '.join(result.args)} -> {result.returncode}\n{output}"
    return output


@dataclass(frozen=True)
class Installed:
    wheel: Path
    bin: Path
    work: Path
    env: dict[str, str]

    def factsheet(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run([str(self.bin / "factsheet"), *args], self.work, self.env)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    check(run([sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)], ROOT))
    wheels = list(dist.glob("factsheet-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("fresh")
    venv = base / "venv"
    check(run([sys.executable, "-m", "venv", str(venv)], base))
    bin_dir = venv / "bin"
    check(run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)], base))
    work = base / "elsewhere"
    shutil.copytree(SHIPPED, work / "facts" / SHIPPED.name)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
    }
    env.update({"NO_COLOR": "1", "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"})
    return Installed(wheel, bin_dir, work, env)


def test_the_wheel_carries_styles_fonts_and_templates(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {"factsheet/styles/default.yaml", "factsheet/styles/print.yaml"}
    expected |= {f"factsheet/fonts/{font}" for font in FONT_FILES}
    expected |= {f"factsheet/templates/{template}" for template in TEMPLATES}
    assert len(FONT_FILES) >= 6
    assert expected <= names, sorted(expected - names)
    assert any(name.endswith("licenses/src/factsheet/fonts/LICENSE-DejaVu.txt") for name in names)
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


def test_the_installed_package_runs_from_an_unrelated_directory(installed: Installed) -> None:
    where = check(
        run(
            [str(installed.bin / "python"), "-c", "import factsheet; print(factsheet.__file__)"],
            installed.work,
            installed.env,
        )
    )
    assert Path(where.strip()).is_relative_to(installed.bin.parent), where
    assert factsheet.__version__ in check(installed.factsheet("--version"))
    module = run(
        [str(installed.bin / "python"), "-m", "factsheet", "--version"],
        installed.work,
        installed.env,
    )
    assert factsheet.__version__ in check(module)
    for command in ("validate", "build", "schema", "new"):
        assert "Example:" in check(installed.factsheet(command, "--help")), command


def test_the_installed_package_validates_the_shipped_briefing(installed: Installed) -> None:
    output = check(installed.factsheet("validate", f"facts/{SHIPPED.name}"))
    assert "0 errors" in output
    check(installed.factsheet("validate"))  # every briefing under ./facts
    check(installed.factsheet("validate", "--style", "print", "--strict"))
    assert "does not exist" in check(installed.factsheet("validate", "no-such-folder"), code=2)


def test_the_installed_package_scaffolds_and_prints_schemas(installed: Installed) -> None:
    check(installed.factsheet("new", "from-the-wheel"))
    check(installed.factsheet("validate", "--strict", "facts/from-the-wheel"))
    document = json.loads(check(installed.factsheet("schema", "facts")))
    assert document["$schema"].endswith("/draft/2020-12/schema")


def test_the_installed_package_builds_a_pdf(installed: Installed) -> None:
    names = zipfile.ZipFile(installed.wheel).namelist()
    assert "factsheet/py.typed" in names  # type checkers use the package's own hints
    output_pdf = installed.work / "out.pdf"
    check(installed.factsheet("build", f"facts/{SHIPPED.name}", "-o", "out.pdf"))
    assert output_pdf.read_bytes().startswith(b"%PDF")
    check(
        installed.factsheet("build", f"facts/{SHIPPED.name}", "--style", "print", "-o", "print.pdf")
    )
    assert (installed.work / "print.pdf").read_bytes().startswith(b"%PDF")
