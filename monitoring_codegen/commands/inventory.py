"""`mcg list`: what the definitions declare, and where."""

from __future__ import annotations

import click

from monitoring_codegen.commands.common import definitions_option, report_errors


def _panels(board_json) -> list[dict]:
    from monitoring_codegen.promql.dashboard_queries import iter_panels

    return [p for p in iter_panels(board_json) if p.get("type") != "row"]


def _as_rendered(dashboard, model) -> dict:
    """The dashboard as `mcg build` writes it (a graph is listed as the timeseries it becomes)."""
    from monitoring_codegen.render.dashboards import dashboard_json

    raw = dashboard.raw_json()
    try:
        return dashboard_json(dashboard, model)
    except ValueError:  # a layout or datasource mistake: `mcg build` reports it; list what was declared
        return raw


@click.command("list")
@definitions_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@report_errors
def command(definitions: str | None, fmt: str) -> None:
    """Inventory table: dashboards, panels, alerts, records, datasources with their source."""
    from monitoring_codegen.config import load_config
    from monitoring_codegen.model.rules import AlertRule
    from monitoring_codegen.pipeline import load_model

    config = load_config(definitions)
    model = load_model(config)
    rows: list[tuple[str, str, str, str]] = []

    def where(definition) -> str:
        return definition.source.display(config.root) if definition.source else ""

    for ds in model.datasources:
        rows.append(("datasource", ds.name, f"{ds.type} uid={ds.uid}", where(ds)))
    for metric in model.metrics:
        rows.append(("metric", metric.name, metric.type, where(metric)))
    for dashboard in model.dashboards:
        panels = _panels(_as_rendered(dashboard, model))
        rows.append(("dashboard", dashboard.title, f"uid={dashboard.uid} folder={dashboard.folder}", where(dashboard)))
        for panel in panels:
            rows.append(
                ("panel", panel.get("title", ""), f"{panel.get('type', '')} in {dashboard.uid}", where(dashboard))
            )
    for group in model.rule_groups:
        for rule in group.rules:
            if isinstance(rule, AlertRule):
                rows.append(
                    (
                        "alert",
                        rule.alert,
                        f"group={group.name} severity={rule.labels.get('severity', '-')}",
                        where(rule),
                    )
                )
            else:
                rows.append(("record", rule.record, f"group={group.name}", where(rule)))
    for item in [*model.routings, *model.alert_tests, *model.environments, *model.record_tests]:
        rows.append((item.kind.lower(), str(item.key), "", where(item)))
    if fmt == "json":
        import json

        click.echo(json.dumps([dict(zip(("kind", "name", "detail", "source"), r)) for r in rows], indent=2))
        return
    if not rows:
        click.echo(f"mcg list: no definitions in {config.definitions}")
        return
    headers = ("KIND", "NAME", "DETAIL", "SOURCE")
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths))
    click.echo(line.rstrip())
    for r in rows:
        click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    counts: dict[str, int] = {}
    for r in rows:
        counts[r[0]] = counts.get(r[0], 0) + 1
    click.echo("\n" + ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in sorted(counts.items())))
