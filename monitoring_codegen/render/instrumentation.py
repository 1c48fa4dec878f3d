"""Application instrumentation from the catalog: `instrumentation/metrics.py` (prometheus_client,
one typed helper per metric, an ASGI middleware for the HTTP metrics) and `METRICS.md`.

Applications that emit their metrics through these helpers emit exactly the names,
labels and buckets the dashboards and rules read.
"""

from __future__ import annotations

import json
import keyword
import re

from monitoring_codegen.model.project import Model
from monitoring_codegen.promql.dashboard_queries import dashboard_queries
from monitoring_codegen.promql.dependencies import expr_names
from monitoring_codegen.render.templating import _environment

INSTRUMENTATION_DIR = "instrumentation"
_CLASSES = {"counter": "Counter", "gauge": "Gauge", "histogram": "Histogram", "summary": "Summary"}
_USAGE = {
    "counter": "call `.inc()` or `.inc(amount)` on the result.",
    "gauge": "call `.set(value)`, `.inc()` or `.dec()` on the result.",
    "histogram": "call `.observe(value)` on the result, or use it as a timer (`with ...time():`).",
    "summary": "call `.observe(value)` on the result.",
}
# Where the middleware finds each label of the HTTP metrics.
_HTTP_LABELS = {"method", "route", "status_code"}


def _identifier(name: str) -> str:
    ident = re.sub(r"[^A-Za-z0-9_]", "_", name)
    if ident[0].isdigit():
        ident = "_" + ident
    return ident + "_" if keyword.iskeyword(ident) else ident


def _number(value: float) -> str:
    return repr(float(value))


def _metric_context(model: Model, metric, used_by: dict[str, list[str]], relpaths: dict[str, str]) -> dict:
    params = [{"label": label, "arg": _identifier(label)} for label in metric.labels]
    series = sorted(metric.series())
    return {
        "name": metric.name,
        "type": metric.type,
        "cls": _CLASSES[metric.type],
        "help": metric.help,
        "unit": metric.unit,
        "labels": list(metric.labels),
        "params": params,
        "buckets": [_number(b) for b in metric.buckets] if metric.buckets else None,
        "constant": _identifier(metric.name).upper(),
        "function": _identifier(metric.name),
        "usage": _USAGE[metric.type],
        "series": series,
        "anchor": metric.name.lower(),
        "source": _relpath(model, metric.source.file, relpaths) if metric.source else "",
        "used_by": used_by.get(metric.name, []),
        "exported_by": metric.exported_by,
    }


def _relpath(model: Model, file: str, relpaths: dict[str, str]) -> str:
    """model.relpath, once per definitions file (it may resolve symlinks on disk)."""
    found = relpaths.get(file)
    if found is None:
        found = relpaths[file] = model.relpath(file)
    return found


def _readers(model: Model) -> dict[str, list[str]]:
    """Metric name -> the dashboards and rules that read one of its series.

    Dashboards repeat queries and rules repeat expressions (the large bench workload: 100
    distinct among 6,000 panel queries, 4,433 among 12,000 rules): each distinct text is
    expanded, converted and walked once, not once per panel and rule."""
    owner: dict[str, str] = {}
    for metric in model.metrics:
        for series in metric.series():
            owner[series] = metric.name
    owned: dict[tuple[str, bool], list[str]] = {}

    def read_metrics(expr: str, grafana: bool) -> list[str]:
        found = owned.get((expr, grafana))
        if found is None:
            names = expr_names(_grafana_free(expr) if grafana else expr)
            found = owned[(expr, grafana)] = [owner[name] for name in names if name in owner]
        return found

    readers: dict[str, set[str]] = {}
    for dashboard in model.dashboards:
        reader = f"dashboard `{dashboard.uid}`"
        for query in dashboard_queries(dashboard.key, dashboard.raw_json()):
            for metric_name in read_metrics(query.expr, True):
                readers.setdefault(metric_name, set()).add(reader)
    for rule in [*model.alerts(), *model.records()]:
        reader = f"{'alert' if rule.kind == 'AlertRule' else 'record'} `{rule.key}`"
        for metric_name in read_metrics(rule.rendered_expr(), False):
            readers.setdefault(metric_name, set()).add(reader)
    return {name: sorted(found) for name, found in readers.items()}


def _grafana_free(expr: str) -> str:
    from monitoring_codegen.promql.dashboard_queries import expand_grafana

    return expand_grafana(expr)


def _middleware(metrics: list[dict]) -> dict | None:
    by_name = {m["name"]: m for m in metrics}
    requests = by_name.get("http_requests_total")
    duration = by_name.get("http_request_duration_seconds")
    if not requests or not duration or requests["type"] != "counter" or duration["type"] != "histogram":
        return None
    if not set(requests["labels"]) <= _HTTP_LABELS or not set(duration["labels"]) <= _HTTP_LABELS:
        return None  # labels the middleware cannot fill in
    return {
        "requests": requests["function"],
        "duration": duration["function"],
        "requests_params": requests["params"],
        "duration_params": duration["params"],
    }


def render_instrumentation(model: Model) -> dict[str, bytes]:
    app_metrics = [m for m in model.metrics if not m.exported_by]
    if not app_metrics:
        return {}
    used_by = _readers(model)
    relpaths: dict[str, str] = {}
    metrics = [_metric_context(model, m, used_by, relpaths) for m in app_metrics]
    external = [_metric_context(model, m, used_by, relpaths) for m in model.metrics if m.exported_by]
    sources = sorted({m["source"] for m in metrics if m["source"]})
    middleware = _middleware(metrics)
    classes = sorted({m["cls"] for m in metrics})
    exports = sorted(
        [m["constant"] for m in metrics]
        + [m["function"] for m in metrics]
        + (["PrometheusMiddleware", "default_route"] if middleware else [])
    )
    env = _environment().overlay()
    env.filters["pystr"] = lambda text: json.dumps(str(text), ensure_ascii=False)
    env.filters["md_code"] = lambda text: f"`{text}`"
    env.filters["md_cell"] = lambda text: str(text).replace("|", "\\|").replace("\n", " ")
    context = {
        "metrics": metrics,
        "external": external,
        "sources": sources,
        "middleware": middleware,
        "client_classes": classes,
        "exports": exports,
    }
    return {
        f"{INSTRUMENTATION_DIR}/metrics.py": env.get_template("instrumentation/metrics.py.j2")
        .render(**context)
        .encode("utf-8"),
        f"{INSTRUMENTATION_DIR}/METRICS.md": env.get_template("instrumentation/METRICS.md.j2")
        .render(**context)
        .encode("utf-8"),
    }
