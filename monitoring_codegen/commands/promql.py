"""`mcg promql EXPR`: what one PromQL query returns and reads, offline, against the catalog.

Result labels (promql/labels), the series read with their catalog types and the recording
rules behind them (promql/explain), and the lint findings on the query (the real engine,
run on this one query with the definitions' catalog and recording rules known).
"""

from __future__ import annotations

import click

from monitoring_codegen.commands.common import report_errors

QUERY_PATH = "<query>"


@click.command("promql")
@click.argument("expr")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format.")
@click.option(
    "--definitions",
    "definitions",
    type=click.Path(file_okay=False),
    default=None,
    help="Definitions folder whose catalog and recording rules apply "
    "(default: [tool.mcg] definitions, when present; else an empty catalog).",
)
@report_errors
def command(expr: str, fmt: str, definitions: str | None) -> None:
    """Explain the PromQL query EXPR: the labels of its result series, the metrics and
    recording rules it reads, and the lint findings on it.

    \b
    Grafana macros and variables ($__rate_interval, $var) are accepted and read as in a
    dashboard query. Exit 0 when EXPR parses (findings included), 2 when it does not.
    """
    import json

    from monitoring_codegen.config import load_config
    from monitoring_codegen.errors import UsageError
    from monitoring_codegen.lint.settings import load_settings
    from monitoring_codegen.promql.catalog import catalog_from_model
    from monitoring_codegen.promql.explain import explain_query

    if not expr.strip():
        raise UsageError("empty PromQL expression")
    config = load_config(definitions)
    settings = load_settings(config.section("lint"))
    query = _parsed_query(expr)  # before loading the definitions: a typo fails fast
    model = None
    if config.definitions.is_dir():
        from monitoring_codegen.pipeline import load_model

        model = load_model(config)
    elif definitions is not None:
        raise UsageError(f"definitions folder not found: {config.definitions}")
    catalog = catalog_from_model(model, settings.extra_labels, records=True)
    explanation = explain_query(query.expr, catalog, model)  # before lint adds what it observes
    findings = _lint(query, catalog, settings)
    if fmt == "json":
        data = {
            "expr": expr,
            "labels": explanation.labels,
            "metrics": [m.to_json() for m in explanation.metrics],
            "recording_rules": [r.to_json() for r in explanation.recording_rules],
            "findings": [
                {"rule": f.rule, "name": f.name, "severity": f.severity, "message": f.message} for f in findings
            ],
        }
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(_text(expr, explanation, findings, dashboard=query.in_dashboard), nl=False)


def _parsed_query(expr: str):
    """The lint engine's Query of EXPR, parsed; a UsageError naming the column when it does not parse."""
    from monitoring_codegen.errors import UsageError
    from monitoring_codegen.lint.inputs.linted import Query
    from monitoring_codegen.promql.grafana import variable_names
    from monitoring_codegen.promql.parse import ExpressionTooComplex

    # With Grafana macros it is a dashboard query (expanded as lint expands panel targets);
    # otherwise a plain expression, checked like a rule's.
    origin = "panel" if variable_names(expr) else "query"
    query = Query(expr, QUERY_PATH, 1, "query", origin).analyse()
    error = query.error
    if error is None:
        return query
    if isinstance(error, ExpressionTooComplex):
        raise UsageError(f"PromQL too complex to analyse: {error}")
    reason = " ".join(str(getattr(error, "reason", error)).split())
    raise UsageError(f"PromQL does not parse{_at(expr, query.error_column)}: {reason}")


def _at(expr: str, column: int | None) -> str:
    """` at column N` (with the line in a multi-line EXPR) and the text from there: the caret, on one line."""
    if not column:
        return ""
    offset = column - 1
    start = expr.rfind("\n", 0, offset) + 1
    end = expr.find("\n", offset)
    col = offset - start + 1
    where = f" at line {expr.count(chr(10), 0, offset) + 1}, column {col}" if "\n" in expr else f" at column {col}"
    rest = expr[offset : end if end != -1 else len(expr)].rstrip()
    if not rest:
        return f"{where} (at the end)"
    return f"{where} (near {_quote(rest if len(rest) <= 32 else rest[:31] + '…')})"


def _quote(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


def _lint(query, catalog, settings):
    """The engine's findings on this one query: only the rules that check queries run (rule,
    dashboard and catalog rules are about containers the query does not have)."""
    from monitoring_codegen.lint.engine import LintInput, run
    from monitoring_codegen.lint.inputs.linted import LintedDashboard, Panel
    from monitoring_codegen.lint.registry import all_rules

    rules = tuple(rule for rule in all_rules() if rule.hooks() == {"check_query"})
    holder = LintedDashboard(data={"title": QUERY_PATH}, path=QUERY_PATH, line=1)
    holder.panels.append(Panel(data={"title": "query"}, dashboard=holder, line=1, queries=[query]))
    return run(LintInput(dashboards=[holder], catalog=catalog), settings, rules=rules)


def _text(expr: str, explanation, findings, *, dashboard: bool) -> str:
    lines = [f"query: {expr}"]
    if dashboard:
        lines.append("  (a Grafana dashboard query: macros and variables read as `mcg lint` reads panel targets)")
    lines.append("")
    unknown = [m.name for m in explanation.metrics if m.source == "unknown"]
    if explanation.labels is None:
        why = f" (reads series outside the catalog: {', '.join(unknown)})" if unknown else ""
        lines.append(f"labels: unknown offline{why}")
    else:
        lines.append(f"labels: {', '.join(explanation.labels) if explanation.labels else '(none)'}")
    lines.append("")
    lines.append("metrics:" if explanation.metrics else "metrics: (none)")
    width = max((len(m.name) for m in explanation.metrics), default=0)
    for m in explanation.metrics:
        if m.source == "catalog":
            what = f"{m.type} in the catalog" + (f" (series of {m.metric})" if m.metric != m.name else "")
        elif m.source == "recording":
            what = f"{m.type}, recorded by a rule"
        else:
            what = "unknown"
        where = f"  {m.where}" if m.where else ""
        via = "" if m.direct else "  [through a recording rule]"
        lines.append(f"  {m.name:<{width}}  {what}{where}{via}")
    lines.append("")
    lines.append("recording rules:" if explanation.recording_rules else "recording rules: (none)")
    for rule in explanation.recording_rules:
        where = f"  ({rule.where})" if rule.where else ""
        lines.append(f"  {rule.name} = {' '.join(rule.expr.split())}{where}")
    lines.append("")
    lines.append("findings:" if findings else "findings: (none)")
    for f in findings:
        lines.append(f"  {f.severity} [{f.rule} {f.name}] {f.message}")
    return "\n".join(lines) + "\n"
