"""`mcg smoke` pieces that need no Prometheus: Grafana expansion, selectors, query collection.
Against a live Prometheus it runs in test_e2e.py."""

from __future__ import annotations

from conftest import run_mcg

from monitoring_codegen.promql.dashboard_queries import expand_grafana
from monitoring_codegen.tools.smoke import collect_queries, selector_texts


def test_grafana_macros_and_variables_expand():
    expr = (
        'sum by (route) (rate(http_requests_total{job=~"$job", route=~"${route}", method=~"[[method]]", '
        'env=~"${env:regex}"}[$__rate_interval])) / $__interval_ms + increase(x[$__range]) + y[$__interval]'
    )
    assert expand_grafana(expr, "2m") == (
        'sum by (route) (rate(http_requests_total{job=~".*", route=~".*", method=~".*", env=~".*"}[2m])) '
        "/ 15000 + increase(x[1h]) + y[15s]"
    )
    assert expand_grafana('up{job="$job"}', variables={"job": "api"}) == 'up{job="api"}'
    # Built-ins in every variable syntax, as the linter reads them (one regex serves both).
    assert expand_grafana("x[${__range}] / ${__interval_ms} + y[[[__rate_interval]]]", "2m") == (
        "x[1h] / 15000 + y[2m]"
    )


def test_selectors_of_an_expression():
    expr = (
        'sum(rate(a_total{status="error", route=~"/api.*"}[5m])) / sum(rate(a_total[5m])) '
        'or on() vector(0) + count({__name__="b", x!="1"})'
    )
    assert selector_texts(expr) == ['a_total{status="error", route=~"/api.*"}', "a_total", '{__name__="b", x!="1"}']
    assert selector_texts("not ( promql") == []


def test_every_shipped_dashboard_query_is_collected(shipped):
    from monitoring_codegen.promql.dashboard_queries import iter_panels

    build = shipped
    queries = collect_queries(build.model, build.rendered)
    panels_with_targets = sum(
        len([t for t in p.get("targets") or [] if t.get("expr")])
        for d in build.model.dashboards
        for p in iter_panels(d.raw_json())
    )
    assert sum(1 for q in queries if q.kind == "dashboard") == panels_with_targets > 40
    assert sum(1 for q in queries if q.kind == "alert") == len(build.model.alerts())
    assert sum(1 for q in queries if q.kind == "record") == len(build.model.records())
    assert all("$" not in q.expr for q in queries), [q.expr for q in queries if "$" in q.expr]
    assert {q.kind for q in queries} == {"dashboard", "variable", "alert", "record"}


def test_smoke_needs_a_reachable_prometheus(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.mcg]\n")
    (tmp_path / "definitions").mkdir()
    result = run_mcg("smoke", "--prometheus-url", "http://127.0.0.1:9", cwd=tmp_path)
    assert result.returncode == 2 and "cannot query http://127.0.0.1:9" in result.stderr
    result = run_mcg("smoke", "--prometheus-url", "localhost:9090", cwd=tmp_path)
    assert result.returncode == 2 and "is not an http(s) URL" in result.stderr
