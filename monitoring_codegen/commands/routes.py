"""`mcg routes`: run the Alertmanager routing tests with the real amtool."""

from __future__ import annotations

import sys

import click

from monitoring_codegen.commands.common import definitions_option, report_errors


@click.command("routes")
@definitions_option
@click.option("--env", "environments", multiple=True, help="Only this environment (repeatable).")
@click.option(
    "--check-configs",
    is_flag=True,
    help="Also run promtool check config and amtool check-config on every server config.",
)
@click.option("-v", "--verbose", is_flag=True, help="List passing tests too.")
@report_errors
def command(definitions: str | None, environments: tuple[str, ...], check_configs: bool, verbose: bool) -> None:
    """Check that alerts reach the receivers their RoutingTests expect.

    Renders in memory (out/ is not read or written) and runs `amtool config routes test
    --verify.receivers=...` for every RoutingTest of every environment's routing. Exit 0
    when all pass, 1 when one fails, 2 on a definition error or a missing amtool.
    """
    from monitoring_codegen.config import load_config
    from monitoring_codegen.pipeline import render
    from monitoring_codegen.tools.binaries import find_tool
    from monitoring_codegen.tools.server_checks import check_server_configs, run_routing_tests

    config = load_config(definitions)
    amtool = find_tool("amtool")
    build = render(config)
    failed = 0
    if check_configs:
        for check in check_server_configs(build, amtool=amtool):
            if not check.ok:
                failed += 1
            if verbose or not check.ok:
                click.echo(
                    f"{'ok  ' if check.ok else 'FAIL'} {check.tool} {check.path}"
                    + (f" ({check.note})" if check.note else "")
                )
                if not check.ok:
                    for line in check.output.splitlines():
                        click.echo("       " + line)
    results = run_routing_tests(build, list(environments) or None, amtool=amtool)
    for result in results:
        if result.passed and not verbose:
            continue
        click.echo(result.describe())
    failed_tests = sum(1 for r in results if not r.passed)
    click.echo(
        f"mcg routes: {len(results) - failed_tests} passed, {failed_tests} failed"
        + (f"; {failed} server config(s) invalid" if failed else "")
    )
    if failed or failed_tests:
        sys.exit(1)
