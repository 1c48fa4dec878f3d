"""`mcg build`: render everything in memory, then write it with the one writer."""

from __future__ import annotations

import click

from monitoring_codegen.commands.common import definitions_option, out_option, report_errors


@click.command("build")
@definitions_option
@out_option
@click.option("-q", "--quiet", is_flag=True, help="Print nothing on success.")
@click.option(
    "--allow-empty",
    is_flag=True,
    help="Allow a build that removes every file mcg generated earlier (definitions that declare nothing).",
)
@report_errors
def command(definitions: str | None, out: str | None, quiet: bool, allow_empty: bool) -> None:
    """Render every artifact from the definitions into the output folder.

    Nothing is written when any definition is invalid (exit 2).
    """
    from monitoring_codegen.model.source import display_path
    from monitoring_codegen.output.writer import write_rendered
    from monitoring_codegen.pipeline import render_from

    build = render_from(definitions, out)
    _refuse_empty(build)
    report = write_rendered(build.rendered, build.config.out, allow_empty=allow_empty)
    if not quiet:
        out_display = display_path(str(build.config.out), build.config.root)
        click.echo(
            f"mcg build: {len(build.rendered)} files in {out_display}/ "
            f"({len(report.written)} written, {len(report.unchanged)} unchanged, {len(report.removed)} removed)"
        )
        for rel in report.removed:
            click.echo(f"  removed {out_display}/{rel}")


def _refuse_empty(build) -> None:
    """A definitions folder without modules is a wrong path, not a wish to delete every artifact."""
    from monitoring_codegen.errors import UsageError
    from monitoring_codegen.model.loader import discover_modules

    if not discover_modules(build.config.definitions):
        raise UsageError(
            f"no Python modules in the definitions folder {build.config.definitions}: nothing to build "
            "(the output folder is left as it is)"
        )
