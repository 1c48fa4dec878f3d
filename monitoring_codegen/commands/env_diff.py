"""`mcg env-diff A B`: what environment B changes compared with environment A."""

from __future__ import annotations

import sys

import click

from monitoring_codegen.commands.common import definitions_option, report_errors


@click.command("env-diff")
@definitions_option
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.option("--exit-code", is_flag=True, help="Exit 1 when the environments differ.")
@report_errors
def command(definitions: str | None, old: str, new: str, fmt: str, exit_code: bool) -> None:
    """Compare two environments: thresholds and `for` of every rule they load, prometheus.yml,
    prometheus.args and alertmanager.yml. Renders in memory; writes nothing."""
    from monitoring_codegen.differ.environments import diff_environments
    from monitoring_codegen.differ.report import FORMATTERS
    from monitoring_codegen.pipeline import render_from

    build = render_from(definitions)
    diffs = diff_environments(build, old, new)
    click.echo(
        FORMATTERS[fmt](diffs, f"environment {old}").replace("mcg diff", f"mcg env-diff {old} {new}", 1), nl=False
    )
    if exit_code and diffs:
        sys.exit(1)
