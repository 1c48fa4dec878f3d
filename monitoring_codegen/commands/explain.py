"""`mcg explain RULE`: what a lint rule checks, why, and its bad and good examples."""

from __future__ import annotations

import click

from monitoring_codegen.commands.common import report_errors


@click.command("explain")
@click.argument("rule")
@report_errors
def command(rule: str) -> None:
    """Explain lint RULE (an id like PQL010 or a name like promql/self-ratio)."""
    from monitoring_codegen.errors import UsageError
    from monitoring_codegen.lint.registry import all_rules, find_rule
    from monitoring_codegen.lint.report import explain

    found = find_rule(rule)
    if found is None:
        known = ", ".join(r.id for r in all_rules())
        raise UsageError(f"unknown lint rule {rule!r} (known: {known})")
    click.echo(explain(found), nl=False)
