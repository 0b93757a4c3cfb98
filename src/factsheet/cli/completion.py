"""Shell completion: briefing ids, style names and rule codes, read only when the shell asks."""

from __future__ import annotations

from typing import Any

import click
from click.shell_completion import CompletionItem


def complete_briefings(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from pathlib import Path

    root = Path("facts")
    try:
        from ..config import load_config

        config = load_config()
        root = config.root or root
    except Exception:  # completion must never print an error into the shell
        pass
    names: list[Any] = []
    if root.is_dir():
        for folder in sorted(root.iterdir()):
            held = (folder / "briefing.yaml").is_file() or (folder / "sources.yaml").is_file()
            if held and folder.name.startswith(incomplete):
                names.append(CompletionItem(folder.name, help="briefing"))
    if not names:
        names.append(CompletionItem(incomplete, type="dir"))
    return names


def complete_styles(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from pathlib import Path

    package_styles = Path(__file__).resolve().parent.parent / "styles"
    found: set[str] = set()
    for folder in (Path("styles"), package_styles, package_styles.parent.parent.parent / "styles"):
        if folder.is_dir():
            found.update(p.stem for p in folder.glob("*.yaml"))
    items: list[Any] = [CompletionItem(n) for n in sorted(found) if n.startswith(incomplete)]
    return items or [CompletionItem(incomplete, type="file")]


def _rule_items(incomplete: str, *, ignorable_only: bool) -> list[CompletionItem]:
    from ..diagnostics import RULES
    from ..excusing import UNEXCUSABLE

    head, _, last = incomplete.rpartition(",")
    prefix = f"{head}," if head else ""
    items = []
    for code, rule in RULES.items():
        if ignorable_only and code in UNEXCUSABLE:
            continue
        for name in (code, rule.name):
            if name.lower().startswith(last.lower()):
                items.append(CompletionItem(prefix + name, help=rule.summary))
                break
    return items


def complete_ignore(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    return list(_rule_items(incomplete, ignorable_only=True))


def complete_rules(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    return list(_rule_items(incomplete, ignorable_only=False))
