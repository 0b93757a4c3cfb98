"""``factsheet rules`` and ``factsheet schema``: what the rules mean, and the files' shapes."""

from __future__ import annotations

import sys

import click

from .completion import complete_rules
from .exits import EXIT_USAGE
from .options import CONTEXT
from .output import emit


@click.command(context_settings=CONTEXT)
@click.argument("rule", required=False, shell_complete=complete_rules)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="List or explain as text or JSON.",
)
def rules(rule: str | None, output_format: str) -> None:
    """List every rule, or explain one: what it finds, why it matters, how to fix it.

    RULE is a code (FS206) or a name (few-sources).

    \b
    Example:
      factsheet rules
      factsheet rules FS206
    """
    import json

    from ..diagnostics import RULES
    from ..excusing import rule_code
    from ..rules_docs import WHY, can_ignore, explain

    if rule is not None:
        code = rule_code(rule)
        if code is None:
            click.echo(f"factsheet: no rule {rule!r} (factsheet rules lists them)", err=True)
            sys.exit(EXIT_USAGE)
        chosen = [RULES[code]]
    else:
        chosen = list(RULES.values())
    if output_format == "json":
        document = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity.value,
                "summary": r.summary,
                "why": WHY.get(r.code, ""),
                "fix": r.hint,
                "ignorable": can_ignore(r.code),
            }
            for r in chosen
        ]
        emit(json.dumps(document[0] if rule else document, indent=2, ensure_ascii=False))
        return
    if rule is not None:
        emit(explain(chosen[0]))
        return
    width = max(len(r.name) for r in chosen)
    emit(
        "\n".join(
            f"{r.code}  {r.name:<{width}}  {r.severity.value:<7}  {r.summary}" for r in chosen
        )
    )


@click.command(context_settings=CONTEXT)
@click.argument("kind", type=click.Choice(["briefing", "sources", "facts", "style"]))
def schema(kind: str) -> None:
    """Print the JSON Schema of a file kind, for editors' YAML language servers.

    \b
    Example:
      factsheet schema facts > facts.schema.json
    """
    from ..schema import schema_json

    emit(schema_json(kind))
