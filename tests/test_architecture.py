"""The design rules the code keeps, checked from its imports.

Imports point down the layers below; only the CLI imports click; only ``render/`` imports
ReportLab; ``render/`` never imports the checks; there are no cycles. Imports inside
``if TYPE_CHECKING:`` blocks are for the type checker only and are not counted.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "factsheet"

# Lower layers never import higher ones. Modules of one package (checks/, render/) may
# import each other; the package root only re-exports, lazily.
LAYERS: dict[str, int] = {
    "diagnostics": 0,
    "choices": 0,
    "errors": 1,
    "files": 1,
    "suggest": 1,
    "edtf": 1,
    "urls": 1,
    "wording": 2,
    "collector": 1,
    "excusing": 1,
    "rules_docs": 2,
    "font_coverage": 1,
    "yaml_reader": 2,
    "snapshots": 2,
    "sources_edit": 2,
    "web": 2,
    "config": 2,
    "models": 3,
    "schema_errors": 3,
    "style_spec": 3,
    "styles": 4,
    "bundle": 4,
    "checks": 5,
    "render": 5,
    "linkcheck": 5,
    "report": 6,
    "validation": 7,
    "building": 8,
    "capture": 8,
    "reporters": 8,
    "schema": 8,
    "scaffold": 8,
    "batch": 9,
    "watch": 10,
    "cli": 11,
    "_entry": 12,
    "__main__": 13,
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_block(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.If)
        and isinstance(node.test, ast.Name)
        and node.test.id == "TYPE_CHECKING"
    )


def runtime_imports(path: Path) -> set[str]:
    """Absolute names of what ``path`` imports when it runs, at any depth."""
    tree = ast.parse(path.read_text("utf-8"))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if _type_checking_block(node):
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                prefix = ".".join(["factsheet", *base, *([node.module] if node.module else [])])
                found.update(f"{prefix}.{alias.name}" for alias in node.names)
                found.add(prefix)
            else:
                found.add(node.module or "")
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def internal(name: str) -> str | None:
    """The top-level factsheet module an import name refers to, if any."""
    parts = name.split(".")
    if parts[0] != "factsheet":
        return None
    if len(parts) == 1:
        return ""
    return parts[1]


def test_every_module_has_a_layer() -> None:
    tops = {name.split(".")[0] for name in MODULES if name}
    assert tops <= LAYERS.keys(), f"add to LAYERS: {sorted(tops - LAYERS.keys())}"


@pytest.mark.parametrize("module", sorted(MODULES), ids=lambda name: name or "__init__")
def test_imports_point_down(module: str) -> None:
    if not module:  # the package root re-exports lazily
        return
    top = module.split(".")[0]
    upward = []
    for name in runtime_imports(MODULES[module]):
        target = internal(name)
        if not target or target == top or target not in LAYERS:
            continue
        if LAYERS[target] >= LAYERS[top]:
            upward.append(target)
    assert not upward, f"{module} imports {sorted(set(upward))}, which are not below it"


@pytest.mark.parametrize("module", sorted(MODULES), ids=lambda name: name or "__init__")
def test_only_the_cli_imports_click_and_only_render_imports_reportlab(module: str) -> None:
    imports = runtime_imports(MODULES[module])
    top = module.split(".")[0]
    if top != "cli":
        assert not {n for n in imports if n.split(".")[0] == "click"}, module
    if top != "render":
        assert not {n for n in imports if n.split(".")[0] == "reportlab"}, module


def test_render_never_imports_the_checks() -> None:
    for module, path in MODULES.items():
        if module.startswith("render"):
            targets = {internal(name) for name in runtime_imports(path)}
            assert not targets & {"checks", "validation", "building", "report", "cli"}, module


def test_there_are_no_import_cycles() -> None:
    graph: dict[str, set[str]] = {
        module.split(".")[0]: set()
        for module in MODULES
        if module  # the root is only a lazy re-export
    }
    for module, path in MODULES.items():
        if not module:
            continue
        top = module.split(".")[0]
        for name in runtime_imports(path):
            target = internal(name)
            if target and target != top and target in graph:
                graph[top].add(target)

    def cycle_from(start: str, node: str, seen: tuple[str, ...]) -> tuple[str, ...] | None:
        for following in sorted(graph[node]):
            if following == start:
                return (*seen, following)
            if following not in seen:
                found = cycle_from(start, following, (*seen, following))
                if found:
                    return found
        return None

    for module in graph:
        assert cycle_from(module, module, (module,)) is None


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["validate", "--help"]])
def test_version_and_help_import_nothing_heavy(argv: list[str]) -> None:
    code = (
        "import sys\nfrom factsheet.cli import cli\n"
        f"try:\n    cli.main({argv!r}, standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        "heavy = {'pydantic', 'yaml', 'reportlab'} & {m.split('.')[0] for m in sys.modules}\n"
        "print(sorted(heavy))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip().splitlines()[-1] == "[]"
