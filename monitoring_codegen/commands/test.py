"""`mcg test`: run every rule test with the real promtool, report per rule with file:line."""

from __future__ import annotations

import sys

import click

from monitoring_codegen.commands.common import definitions_option, report_errors


@click.command("test")
@definitions_option
@click.option(
    "--coverage",
    "show_coverage",
    is_flag=True,
    help="Also list alerts and recording rules without tests (and alerts never tested firing or silent).",
)
@click.option("-v", "--verbose", is_flag=True, help="List passing tests too.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="github: also one workflow annotation per failing test, at the test's line.",
)
@report_errors
def command(definitions: str | None, show_coverage: bool, verbose: bool, fmt: str) -> None:
    """Run the rule tests declared in the definitions with `promtool test rules`.

    Renders in memory (out/ is not read or written), runs every test case with the
    real promtool and reports each failure with the test's file:line and promtool's
    explanation. Exit 0 when all pass, 1 when one fails, 2 on a definition error or
    when promtool is not installed.
    """
    from monitoring_codegen.config import load_config
    from monitoring_codegen.pipeline import render
    from monitoring_codegen.tools.binaries import find_tool
    from monitoring_codegen.tools.rule_tests import coverage, run_rule_tests

    config = load_config(definitions)
    promtool = find_tool("promtool")  # before rendering: a missing tool is the first thing to fix
    build = render(config)
    results = run_rule_tests(build.model, build.rendered, promtool)
    root = config.root

    def where(definition) -> str:
        return definition.source.display(root) if definition.source else "<unknown>"

    failed = [r for r in results if not r.passed]
    for result in results:
        if result.passed and not verbose:
            continue
        status = "ok  " if result.passed else "FAIL"
        click.echo(
            f"{status} {result.case.name}  ({where(result.case.test)}; "
            f"{result.case.rule.kind} at {where(result.case.rule)})"
        )
        if not result.passed:
            for line in result.output.splitlines():
                click.echo("       " + line)
    if fmt == "github":
        for line in github_annotations(failed, root):
            click.echo(line)
    rules = {id(r.case.rule) for r in results}
    failed_rules = {id(r.case.rule) for r in failed}
    click.echo(
        f"mcg test: {len(results)} tests of {len(rules)} rules: {len(results) - len(failed)} passed, "
        f"{len(failed)} failed" + (f" ({len(failed_rules)} rules)" if failed else "")
    )

    if show_coverage:
        report = coverage(build.model)
        total = len(build.model.alerts()) + len(build.model.records())
        click.echo(f"coverage: {total - len(report.untested)} of {total} rules have tests")
        for rule in report.untested:
            click.echo(f"  untested        {rule.kind} {rule.key!r}  {where(rule)}")
        for rule in report.no_firing:
            click.echo(f"  never fires     AlertRule {rule.key!r}  {where(rule)}  (no test expects it to fire)")
        for rule in report.no_silent:
            click.echo(f"  never silent    AlertRule {rule.key!r}  {where(rule)}  (no test expects it to stay silent)")
    if failed:
        sys.exit(1)


def github_annotations(failed, root) -> list[str]:
    """One `::error` workflow annotation per failed test, at the test's file:line."""
    from monitoring_codegen.github import annotation
    from monitoring_codegen.model.source import display_path

    lines = []
    for result in failed:
        source = result.case.test.source
        if source is None:
            continue
        lines.append(
            annotation(
                "error",
                f"{result.case.name} failed:\n{result.output}",
                file=display_path(source.file, root),
                line=source.line,
                title="mcg test",
            )
        )
    return lines
