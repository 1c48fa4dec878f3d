"""`mcg diff`: what a rebuild would change, by meaning rather than by line."""

from __future__ import annotations

import sys

import click

from monitoring_codegen.commands.common import definitions_option, out_option, report_errors


@click.command("diff")
@definitions_option
@out_option
@click.option(
    "--against",
    "against",
    metavar="GITREF",
    default=None,
    help="Compare with the output folder as committed at this git ref (e.g. origin/main) "
    "instead of the one on disk. Reads git objects; nothing is checked out.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="markdown: a pull-request comment body; json: for tools.",
)
@click.option("--exit-code", is_flag=True, help="Exit 1 when there are changes, like `git diff --exit-code`.")
@report_errors
def command(definitions: str | None, out: str | None, against: str | None, fmt: str, exit_code: bool) -> None:
    """Show what the definitions change in the generated files.

    Dashboards by meaning (dashboard added, removed or renamed; panels added, removed,
    moved or retitled; queries and legends old and new; variables), rules per rule
    (added, removed; expr, for, labels, annotations), other files as a unified diff.
    Compares a fresh render with the output folder on disk, or with `--against REF`.
    Writes nothing. Exit 0 (with --exit-code: 1 when something changes), 2 on a
    definition error.
    """
    from monitoring_codegen.differ import diff_trees
    from monitoring_codegen.differ.report import FORMATTERS
    from monitoring_codegen.differ.trees import disk_tree, git_tree
    from monitoring_codegen.model.source import display_path
    from monitoring_codegen.pipeline import render_from

    build = render_from(definitions, out)
    out_dir = build.config.out
    if against:
        old = git_tree(against, out_dir, build.rendered, build.config.root)
        label = against
    else:
        old = disk_tree(out_dir, build.rendered)
        label = f"{display_path(str(out_dir), build.config.root)}/ on disk"
    diffs = diff_trees(old, build.rendered)
    click.echo(FORMATTERS[fmt](diffs, label), nl=False)
    if exit_code and diffs:
        sys.exit(1)
