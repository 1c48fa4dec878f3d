"""`mcg validate`: promtool and amtool on what `mcg build` would write."""

from __future__ import annotations

import sys

import click

from monitoring_codegen.commands.common import definitions_option, report_errors


@click.command("validate")
@definitions_option
@click.option("-v", "--verbose", is_flag=True, help="Print the tools' output for passing files too.")
@report_errors
def command(definitions: str | None, verbose: bool) -> None:
    """Check the rendered rule files (`promtool check rules`), Prometheus configs
    (`promtool check config`) and Alertmanager configs (`amtool check-config`).

    Renders in memory; nothing in out/ is read or written. Failures name the
    definitions the file comes from. Exit 0 when every file passes, 1 when one fails,
    2 on a definition error or when a tool is missing.
    """
    from monitoring_codegen.config import load_config
    from monitoring_codegen.pipeline import render
    from monitoring_codegen.tools.binaries import find_tool
    from monitoring_codegen.tools.validation import validate_build

    config = load_config(definitions)
    find_tool("promtool")
    build = render(config)
    checks = validate_build(build)
    failed = [c for c in checks if not c.ok]
    for check in checks:
        if check.ok and not verbose and not check.note:
            continue
        click.echo(f"{'ok  ' if check.ok else 'FAIL'} {check.tool} {check.path}")
        if check.note:
            click.echo(f"       note: {check.note}")
        if not check.ok:
            for definition in check.definitions:
                where = definition.source.display(config.root) if definition.source else "<unknown>"
                click.echo(f"       from {definition.kind} {definition.key!r} at {where}")
        if not check.ok or verbose:
            for line in check.output.splitlines():
                click.echo("       " + line)
    counts: dict[str, int] = {}
    for check in checks:
        counts[check.tool] = counts.get(check.tool, 0) + 1
    summary = ", ".join(f"{n} x {tool}" for tool, n in sorted(counts.items())) or "nothing to check"
    click.echo(
        f"mcg validate: {len(checks)} files ({summary}): {len(checks) - len(failed)} passed, {len(failed)} failed"
    )
    if failed:
        sys.exit(1)
