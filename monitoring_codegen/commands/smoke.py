"""`mcg smoke`: dashboard queries and rule expressions against a live Prometheus."""

from __future__ import annotations

import sys

import click

from monitoring_codegen.commands.common import definitions_option, report_errors


@click.command("smoke")
@definitions_option
@click.option("--prometheus-url", "url", required=True, metavar="URL", help="e.g. http://127.0.0.1:9090")
@click.option(
    "--rate-interval",
    default="1m",
    show_default=True,
    help="Value for $__rate_interval (Grafana uses 4x the scrape interval at least).",
)
@click.option("--timeout", default=10.0, show_default=True, help="Seconds per HTTP request.")
@click.option("-v", "--verbose", is_flag=True, help="List queries that returned data too.")
@report_errors
def command(definitions: str | None, url: str, rate_interval: str, timeout: float, verbose: bool) -> None:
    """Run every dashboard query (Grafana macros expanded, variables on All) and every
    rule expression as an instant query against a live Prometheus.

    Reports queries that fail, and queries that return nothing together with the
    selectors that match no series. Alert expressions may return nothing (the alert
    is not firing); only their errors and unmatched selectors count. Exit 0 when
    every query is fine, 1 otherwise, 2 on a definition error or when Prometheus
    cannot be reached.
    """
    from monitoring_codegen.config import load_config
    from monitoring_codegen.errors import McgError, UsageError
    from monitoring_codegen.model.durations import validate_duration
    from monitoring_codegen.pipeline import render
    from monitoring_codegen.tools.smoke import PrometheusAPI, collect_queries, run_smoke

    try:
        validate_duration(rate_interval)
    except ValueError as exc:
        raise UsageError(f"--rate-interval: {exc}") from None
    config = load_config(definitions)
    api = PrometheusAPI(url, timeout)
    unreachable = api.reachable()
    if unreachable:
        raise McgError(unreachable)
    build = render(config)
    results = run_smoke(api, collect_queries(build.model, build.rendered, rate_interval))

    def where(definition) -> str:
        return definition.source.display(config.root) if definition.source else "<unknown>"

    problems = [r for r in results if not r.ok]
    for result in results:
        q = result.query
        if result.waiting_for_history and not q.empty_ok:
            days = q.needs_history / 86400
            click.echo(
                f"wait  {q.where}: no data yet; it reads {days:g} day(s) back (an offset), "
                "so it is empty until Prometheus holds that much history"
            )
            continue
        if result.ok and not verbose:
            continue
        if result.error:
            click.echo(f"ERROR {q.where}  ({where(q.definition)})\n       {result.error}\n       query: {q.expr}")
        elif not result.ok:
            what = "no data" if result.series == 0 else "problem"
            click.echo(f"EMPTY {q.where}  ({where(q.definition)}): {what}\n       query: {q.expr}")
            for selector in result.missing_selectors:
                click.echo(f"       selector matches no series: {selector}")
            if not result.missing_selectors and result.series == 0:
                click.echo("       every selector has series: the expression itself filters everything out")
        else:
            click.echo(f"ok    {q.where}: {result.series} series")
    kinds: dict[str, int] = {}
    for r in results:
        kinds[r.query.kind] = kinds.get(r.query.kind, 0) + 1
    errors = sum(1 for r in problems if r.error)
    detail = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    click.echo(
        f"mcg smoke: {len(results)} queries ({detail}) against {api.url}: "
        f"{len(results) - len(problems)} fine, {len(problems) - errors} empty, {errors} errors"
    )
    if problems:
        sys.exit(1)
