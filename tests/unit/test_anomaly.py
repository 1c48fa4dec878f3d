"""Anomaly detectors and forecasts: validation at the user's line, the rules (no record reads
its own output, one label set throughout), catalog checks at build, the generated tests'
scenarios, the simulator, and the panel and period-over-period queries."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from monitoring_codegen import AnomalyDetector, CapacityForecast, DefinitionError, Metric, SpendForecast
from monitoring_codegen.anomaly.forecast import _days_in_month
from monitoring_codegen.anomaly.panels import period_over_period, shifted
from monitoring_codegen.anomaly.rules import records
from monitoring_codegen.anomaly.simulate import _quantile
from monitoring_codegen.errors import DefinitionErrors
from monitoring_codegen.model.project import build_model
from monitoring_codegen.promql.catalog import catalog_from_model
from monitoring_codegen.promql.dependencies import record_cycle, records_read_directly
from monitoring_codegen.promql.labels import result_labels
from monitoring_codegen.promql.parse import parse_expr

THIS_FILE = Path(__file__).name


def _detector(**fields):
    base = dict(name="api", kind="requests", metric="http_requests_total", by=("route",))
    return AnomalyDetector(**{**base, **fields})


def _rules(definition):
    return [rule for group in definition.rule_groups for rule in group.rules]


COMBINATIONS = list(itertools.product(("adaptive", "robust"), ("none", "daily", "weekly")))


# --- the rules -------------------------------------------------------------------------------


@pytest.mark.parametrize("strategy, seasonality", COMBINATIONS)
def test_records_read_only_records_above_them_never_their_own(strategy, seasonality):
    detector = _detector(strategy=strategy, seasonality=seasonality, min_traffic=1)
    recorded = [r for r in _rules(detector) if r.kind == "RecordingRule"]
    by_name = {r.record: [r] for r in recorded}
    for position, rule in enumerate(recorded):
        assert record_cycle(rule, by_name) is None, rule.record
        read = records_read_directly(rule.expr, by_name) or []
        assert all(recorded.index(other) < position for other in read), (rule.record, [o.record for o in read])
    names = [r.record for r in recorded]
    assert ("anomaly:value:abs_deviation" in names) == (strategy == "robust")


@pytest.mark.parametrize("strategy, seasonality", COMBINATIONS)
def test_every_series_of_a_detector_has_one_label_set(strategy, seasonality):
    catalog_metrics = [Metric(name="http_requests_total", type="counter", help="h", labels=("route", "code"))]
    detector = _detector(strategy=strategy, seasonality=seasonality)
    model = _model(*catalog_metrics, detector)
    catalog = catalog_from_model(model, records=True)
    for rule in _rules(detector):
        labels = result_labels(rule.expr, catalog)
        static = set(rule.labels) if rule.kind == "RecordingRule" else set()
        assert not labels.open and labels.known | static == {"route", "anomaly_name"}, rule.key


def test_seasonal_windows_are_centred_a_season_ago():
    daily = {r["record"]: r["expr"] for r in records(_detector(seasonality="daily", window="2h"))}
    assert "[2h] offset 23h)" in daily["anomaly:value:baseline"]
    weekly = {r["record"]: r["expr"] for r in records(_detector(seasonality="weekly"))}
    assert "[1h] offset 6d23h30m)" in weekly["anomaly:value:baseline"]
    # Without a season the windows end `for` ago, so an anomaly is not part of its own baseline.
    plain = {r["record"]: r["expr"] for r in records(_detector(history="2d", **{"for": "20m"}))}
    assert "[1h] offset 20m)" in plain["anomaly:value:baseline"] and "[2d] offset 20m)" in plain["anomaly:value:spread"]


@pytest.mark.parametrize(
    "direction, condition",
    [("up", "> 1"), ("down", "< -1"), ("both", "abs(")],
)
def test_alert_follows_the_direction_and_guards_traffic(direction, condition):
    alert = _rules(_detector(direction=direction, min_traffic=2))[-1]
    assert condition in alert.expr and "avg_over_time(anomaly:value:current" in alert.expr and ">= 2" in alert.expr
    assert alert.for_ == "15m" and alert.labels["severity"] == "warning"
    for expr in (alert.expr, *(r.expr for r in _rules(_detector(direction=direction)))):
        parse_expr(expr)


def test_value_expression_follows_the_kind():
    exprs = {
        kind: records(_detector(kind=kind, metric=metric))[0]["expr"]
        for kind, metric in (
            ("requests", "http_requests_total"),
            ("errors", 'http_requests_total{code="500"}'),
            ("latency", "http_request_duration_seconds"),
            ("resource", "process_open_fds"),
        )
    }
    assert exprs["requests"] == "sum by (route) (rate(http_requests_total[5m]))"
    assert exprs["errors"] == 'sum by (route) (rate(http_requests_total{code="500"}[5m]))'
    assert exprs["latency"].startswith("histogram_quantile(0.95, sum by (le, route) (rate(http_request_duration")
    assert exprs["resource"] == "sum by (route) (process_open_fds)"


# --- validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, message",
    [
        (dict(expr="sum(up)"), "not both"),
        (dict(metric=None), "not both and not neither"),
        (dict(width=0), "width must be above 0"),
        (dict(seasonality="daily", window="1d"), "shorter than the daily season"),
        (dict(kind="errors", min_traffic=1), "min_traffic needs traffic="),
        (dict(traffic="http_requests_total"), "give min_traffic too"),
        (dict(by=("anomaly_name",)), "set by mcg"),
        (dict(rate_window="2h"), "longer than window"),
        (dict(metric="rate(x[5m])"), "must be one metric"),
    ],
)
def test_mistakes_are_reported_at_the_declaring_line(fields, message):
    with pytest.raises(DefinitionError) as caught:
        _detector(**fields)
    text = str(caught.value)
    assert message in text and THIS_FILE in text and "AnomalyDetector" in text, text


def test_forecast_mistakes():
    with pytest.raises(DefinitionError, match="capacity must be above 0"):
        CapacityForecast(name="queue", metric="queue_depth", capacity=0)
    with pytest.raises(DefinitionError, match="fill is a share"):
        CapacityForecast(name="queue", metric="queue_depth", capacity=10, fill=1.5)
    with pytest.raises(DefinitionError, match="budget must be above 0"):
        SpendForecast(name="spend", metric="cost_total", budget=-1)


# --- catalog checks at build -----------------------------------------------------------------


def _model(*definitions):
    collected = []
    for definition in definitions:
        collected.append(definition)
        collected.extend(getattr(definition, "rule_groups", []))
    return build_model(Path.cwd(), None, collected)


def _catalog():
    return [
        Metric(name="http_requests_total", type="counter", help="h", labels=("route", "code")),
        Metric(name="queue_depth", type="gauge", help="h", labels=("queue",)),
        Metric(name="http_request_duration_seconds", type="histogram", help="h", labels=("route",), buckets=(1, 2)),
    ]


def _render_errors(*definitions) -> list[str]:
    from monitoring_codegen.render.anomaly_rules import check_anomalies

    try:
        check_anomalies(_model(*_catalog(), *definitions))
    except DefinitionErrors as exc:
        return [str(e) for e in exc.errors]
    return []


def test_catalog_accepts_matching_definitions():
    assert (
        _render_errors(
            _detector(),
            _detector(name="lat", kind="latency", metric="http_request_duration_seconds"),
            _detector(name="queue", kind="resource", metric="queue_depth", by=("queue",)),
            _detector(name="err", kind="errors", metric='http_requests_total{code="500"}', expr=None),
            _detector(name="expr", metric=None, expr="sum by (route) (rate(http_requests_total[5m]))"),
            CapacityForecast(name="queue", metric="queue_depth", by=("queue",), capacity=10),
            SpendForecast(name="spend", metric="http_requests_total", budget=10),
        )
        == []
    )


@pytest.mark.parametrize(
    "definition, message",
    [
        (lambda: _detector(metric="http_request_total"), "did you mean 'http_requests_total'"),
        (lambda: _detector(kind="resource", metric="http_requests_total"), None),
        (lambda: _detector(kind="requests", metric="queue_depth", by=()), "(it is a gauge)"),
        (lambda: _detector(by=("queue",)), "has no label queue"),
        (lambda: _detector(metric='http_requests_total{status="5"}'), "has no label status"),
        (lambda: _detector(metric=None, expr="sum by (code) (rate(http_requests_total[5m]))"), "has no label route"),
        (
            lambda: _detector(metric=None, expr="rate(http_requests_total[5m])"),
            "keeps code, instance, job beside by=(route)",
        ),
        (lambda: _detector(min_traffic=1, traffic="queue_depth"), "traffic: 'queue_depth' is not a counter"),
        (lambda: CapacityForecast(name="queue", metric="http_requests_total", capacity=1), "is not a gauge"),
        (lambda: SpendForecast(name="spend", metric="queue_depth", budget=1, by=("route",)), "is not a counter"),
    ],
)
def test_catalog_refutes_a_definition_naming_its_line(definition, message):
    errors = _render_errors(definition())
    if message is None:  # a counter watched as a resource is rated: accepted
        assert errors == []
        return
    assert any(message in error for error in errors) and all(THIS_FILE in error for error in errors), errors


# --- generated tests -------------------------------------------------------------------------


def _tests(definition):
    return {test.name: test for rule in _rules(definition) for test in rule.tests}


def _alert_tests(definition):
    return {test.name: test for rule in _rules(definition) if rule.kind == "AlertRule" for test in rule.tests}


@pytest.mark.parametrize("strategy, seasonality", COMBINATIONS)
def test_generated_scenarios_for_every_strategy_and_season(strategy, seasonality):
    tests = _alert_tests(_detector(strategy=strategy, seasonality=seasonality, direction="both", min_traffic=1))
    names = " | ".join(tests)
    assert "the normal daily peak stays silent" in tests, names
    assert any("spike" in n and n.endswith("fires") for n in tests), names
    assert any("on too little traffic stays silent" in n for n in tests), names
    fired = [t for t in tests.values() if t.fires]
    assert fired and all(f.labels == {"route": "route-a", "anomaly_name": "api"} for t in fired for f in t.fires)
    # A history long enough for the season: the evaluation lies past a week for weekly.
    minutes = int(next(iter(tests.values())).at[0].removesuffix("m"))
    assert minutes * 60 > {"none": 86400, "daily": 86400, "weekly": 7 * 86400}[seasonality]
    assert minutes % 60 == 30  # half an hour into the peak hour
    reach = {"none": 26 * 3600 + 900, "daily": 86400 + 1800, "weekly": 7 * 86400 + 1800}[seasonality]
    assert minutes * 60 - reach < 2 * 3600  # no longer than the windows need


def test_a_drop_is_tested_for_a_lower_band_only():
    up = _tests(_detector(seasonality="daily", direction="up"))
    both = _tests(_detector(seasonality="daily", direction="both"))
    assert not any("drop" in n for n in up)
    assert any("drop" in n and n.endswith("fires") for n in both), list(both)


def test_a_wider_band_needs_a_larger_spike():
    def spike(width):
        names = [n for n in _tests(_detector(width=width, margin=0.1)) if "spike" in n]
        return float(names[0].split("x spike")[0].split()[-1])

    assert spike(1) <= spike(3) <= spike(6) and spike(1) < spike(6)


def test_no_tests_where_mcg_cannot_write_the_input():
    assert _tests(_detector(metric=None, expr="sum by (route) (rate(http_requests_total[5m]))")) == {}
    assert _tests(_detector(kind="latency", metric="http_request_duration_seconds")) == {}
    assert _tests(_detector(tests=False)) == {}


def test_traffic_that_includes_the_value_is_written_beside_it():
    tests = _tests(
        _detector(
            kind="errors",
            metric='http_requests_total{code="500"}',
            traffic="http_requests_total",
            min_traffic=1,
            seasonality="daily",
        )
    )
    guarded = [t for n, t in tests.items() if "too little traffic" in n]
    assert guarded, list(tests)
    selectors = sorted(guarded[0].series)
    assert len(selectors) == 2 and any('code="500"' in s for s in selectors) and any('code="' in s for s in selectors)


def test_every_record_has_a_steady_state_test():
    detector = _detector(
        strategy="robust",
        min_traffic=1,
        traffic="http_requests_total",
        kind="errors",
        metric='http_requests_total{code="500"}',
    )
    expected = {}
    for rule in _rules(detector):
        if rule.kind == "RecordingRule":
            [test] = rule.tests
            [sample] = test.expect
            expected[rule.record] = sample.value
    # margin 0.1 of a baseline of 10: the band is 9..11; the traffic also sums the value's series
    assert expected == {
        "anomaly:value:current": 10,
        "anomaly:traffic:rate": 30,
        "anomaly:value:abs_deviation": 0,
        "anomaly:value:baseline": 10,
        "anomaly:value:spread": 0,
        "anomaly:band:upper": 11,
        "anomaly:band:lower": 9,
        "anomaly:level:bands": 0,
    }


def test_forecast_tests():
    capacity = _alert_tests(CapacityForecast(name="queue", metric="queue_depth", by=("queue",), capacity=100, fill=0.5))
    assert [t.fires != [] for t in capacity.values()] == [True, False, False, False], list(capacity)
    spend = _alert_tests(SpendForecast(name="spend", metric="cost_total", budget=3100, lookback="1d"))
    assert [t.fires != [] for t in spend.values()] == [True, False]
    # 3100 a month of 31 days is 100 a day: 1.2x is 120 a day, 10 a 5m step after the first.
    fast = next(iter(spend.values()))
    assert fast.series == {"cost_total": "0+0.416666667x303"}


def test_days_in_month_of_promtools_clock():
    assert _days_in_month(0) == 31
    assert _days_in_month(40 * 86400) == 28  # February 1970
    assert _days_in_month(59 * 86400) == 31  # March


def test_quantile_interpolates_as_prometheus():
    assert _quantile([1, 2, 3, 4], 0.5) == 2.5
    assert _quantile([5], 0.5) == 5
    assert _quantile([1, 3, 2], 0.5) == 2


# --- panels ----------------------------------------------------------------------------------


def test_band_queries_select_the_detector():
    queries = _detector().band_queries()
    assert queries["upper"] == 'anomaly:band:upper{anomaly_name="api"}'
    assert set(queries) == {"value", "baseline", "upper", "lower", "level"}


def test_period_over_period_offsets_selectors_and_subqueries_expressions():
    assert shifted('x{a="b"}', "1d") == 'x{a="b"} offset 1d'
    assert shifted("sum(rate(x[5m]))", "1w") == "last_over_time((sum(rate(x[5m])))[5m:1m] offset 1w)"
    queries = period_over_period("x", "1d")
    assert queries["ratio"] == "(x)\n/\n(x offset 1d)" and queries["delta"] == "(x)\n-\n(x offset 1d)"
    for query in (*queries.values(), shifted("sum(rate(x[5m]))", "1w")):
        parse_expr(query)
    with pytest.raises(ValueError):
        shifted("x", "yesterday")


def test_history_needed_follows_offsets_through_records():
    from monitoring_codegen.promql.dependencies import history_needed

    detector = _detector(seasonality="weekly")
    by_name: dict[str, list] = {}
    for rule in _rules(detector):
        if rule.kind == "RecordingRule":
            by_name.setdefault(rule.record, []).append(rule)
    week = 7 * 86400 - 1800
    assert history_needed('anomaly:value:current{anomaly_name="api"}', by_name) == 0
    assert history_needed('anomaly:level:bands{anomaly_name="api"}', by_name) == week
    assert history_needed('anomaly:level:bands{anomaly_name="other"}', by_name) == 0  # another detector's
    assert history_needed("x offset 1d + last_over_time(y[5m:1m] offset 2d)", by_name) == 2 * 86400
    assert history_needed("rate(x[1d])", by_name) == 0  # a range gives data as soon as it has two samples
