"""`mcg lint`: PromQL, rule and dashboard checks that know the metric catalog."""

from __future__ import annotations

import sys

import click

from monitoring_codegen.commands.common import report_errors


@click.command("lint")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--definitions",
    "definitions",
    type=click.Path(file_okay=False),
    default=None,
    help="Definitions folder: linted when no PATH is given, else its catalog and datasources apply "
    "(default: [tool.mcg] definitions, when present).",
)
@click.option("--no-definitions", is_flag=True, help="Lint PATHs without the definitions' catalog.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github", "sarif", "markdown"]),
    default="text",
    help="Output format (markdown only with --list-rules).",
)
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.option(
    "--prometheus-version",
    default=None,
    metavar="X.Y",
    help="Target Prometheus version (default: [tool.mcg.lint] prometheus_version, else 3.0).",
)
@click.option("--list-rules", is_flag=True, help="List every rule: id, name, default severity, summary.")
@report_errors
def command(paths, definitions, no_definitions, fmt, strict, prometheus_version, list_rules) -> None:
    """Lint the definitions, or Prometheus rule files and Grafana dashboards given as PATHs.

    \b
    Exit 0 when no finding has severity error (and, with --strict, none has warning),
    1 otherwise, 2 for usage errors and unreadable input.
    """
    from monitoring_codegen.errors import UsageError
    from monitoring_codegen.lint import report

    if list_rules:
        from monitoring_codegen.lint.registry import all_rules

        rules = all_rules()
        out = {"markdown": report.rules_markdown, "json": report.rules_json}.get(fmt, report.rules_text)(rules)
        click.echo(out, nl=False)
        return
    if fmt == "markdown":
        raise UsageError("--format markdown is for --list-rules")
    from monitoring_codegen import isolation
    from monitoring_codegen.lint.runner import lint

    # `exiting`: the `mcg` process itself ends after the report (not so a CliRunner in tests).
    result = lint(
        list(paths),
        definitions,
        use_definitions=not no_definitions,
        prometheus_version=prometheus_version,
        exiting=isolation.is_entry_point(),
    )
    click.echo(report.FORMATTERS[fmt](result.findings, result.checked), nl=False)
    failing = {"error", "warning"} if strict else {"error"}
    sys.exit(1 if any(f.severity in failing for f in result.findings) else 0)
