"""`mcg import`: existing Grafana dashboards and Prometheus rules as Python definitions."""

from __future__ import annotations

from pathlib import Path

import click

from monitoring_codegen.commands.common import definitions_option, report_errors


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--to",
    "to",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder for the generated modules (default: imported/ in the definitions folder).",
)
@click.option("--folder", default="Imported", show_default=True, help="Grafana folder of the imported dashboards.")
@click.option("--force", is_flag=True, help="Replace modules an earlier import wrote (never other files).")
@definitions_option
@report_errors
def command(paths: tuple[str, ...], to: str | None, folder: str, force: bool, definitions: str | None) -> None:
    """Import Grafana dashboards (JSON) and Prometheus rule files, PrometheusRule manifests or
    Mimir/Cortex rule namespaces (YAML) from PATHS (files or folders) as Python modules.

    The kind of each file is told from its content. Metrics the queries read that the catalog
    lacks are declared in an inferred catalog module. Nothing is written when any input is
    refused or a module exists already (exit 2).
    """
    from monitoring_codegen.config import load_config
    from monitoring_codegen.errors import UsageError
    from monitoring_codegen.importer.run import plan_import, write_plan
    from monitoring_codegen.model.names import validate_folder
    from monitoring_codegen.model.source import display_path

    config = load_config(definitions)
    target = Path(to).absolute() if to else config.definitions / "imported"
    root = config.root

    def display(path: Path) -> str:
        return display_path(str(path.absolute()), root)

    out = config.out.resolve()
    if target.resolve() == out or out in target.resolve().parents:
        raise UsageError(f"{display(target)} is inside the output folder {display(out)}: mcg build replaces it")
    if target.exists() and not target.is_dir():
        raise UsageError(f"{display(target)} is a file, not a folder for the imported modules")
    try:
        validate_folder(folder)
    except ValueError as exc:
        raise UsageError(f"--folder {folder!r}: {exc}") from None

    def project(skip_files: set[Path]):
        return _project_facts(config, folder, skip_files)

    plan = plan_import(list(paths), target, root, folder, force, project, display)
    write_plan(plan)
    click.echo(f"mcg import: {len(plan.lines) - (1 if plan.metrics else 0)} files imported into {display(target)}/")
    for line in plan.lines:
        click.echo(f"  {line}")
    for line in plan.skipped:
        click.echo(f"  {line}")
    if plan.notes.items:
        click.echo(f"not mapped ({len(plan.notes.items)}):")
        for line in plan.notes.lines():
            click.echo(line)
    if config.definitions.resolve() not in (target.resolve(), *target.resolve().parents):
        click.echo(f"note: {display(target)} is outside the definitions folder: `mcg build` does not read it")
    click.echo("next: `mcg build` renders them, `mcg lint` checks them against the catalog")


def _project_facts(config, folder: str, skip_files: set[Path]):
    """The metrics, recorded series and dashboards the project declares (definitions in
    `skip_files`, about to be replaced, apart). Empty when the definitions do not load."""
    from monitoring_codegen.errors import McgError
    from monitoring_codegen.importer.run import ProjectFacts
    from monitoring_codegen.model.loader import discover_modules

    facts = ProjectFacts()
    if not config.definitions.is_dir() or not discover_modules(config.definitions):
        return facts
    from monitoring_codegen.pipeline import load_model

    try:
        model = load_model(config)
    except McgError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        click.echo(f"note: the project's definitions did not load ({first}); every metric read is inferred", err=True)
        return facts

    def kept(definition) -> bool:
        return not (definition.source and Path(definition.source.file).resolve() in skip_files)

    for metric in filter(kept, model.metrics):
        facts.series.update(metric.series())
    facts.series.update(rule.record for rule in model.records() if kept(rule))
    for dashboard in filter(kept, model.dashboards):
        facts.uids.add(str(dashboard.uid).casefold())
        if dashboard.folder.casefold() == folder.casefold():
            facts.titles.add(str(dashboard.title).casefold())
    return facts
