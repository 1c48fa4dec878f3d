"""SLO definitions: validation at the user's line, sloth's windows and numbers, sloth's rules
for sloth's own example rule for rule, catalog checks, and the generated alert tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from monitoring_codegen import SLO, BurnWindow, BurnWindows, DefinitionError, Metric
from monitoring_codegen.errors import DefinitionErrors
from monitoring_codegen.model.project import build_model
from monitoring_codegen.model.registry import collecting
from monitoring_codegen.promql.buckets import go_float, le_matcher, le_spellings
from monitoring_codegen.slo.rules import rule_groups
from monitoring_codegen.slo.sloth import slos_from_file, slos_from_text
from monitoring_codegen.slo.windows import prometheus_duration
from monitoring_codegen.yamlio import load_yaml

# sloth's examples and its own output for them (Apache-2.0, see tests/corpus/README.md).
SLOTH = Path(__file__).resolve().parents[1] / "corpus" / "sloth"
THIS_FILE = Path(__file__).name

RATIO = dict(errors='http_requests_total{status_code=~"5.."}', total="http_requests_total")


def _slo(**fields):
    base = dict(service="api", name="availability", objective=99.9, sli=SLO.ratio(**RATIO))
    return SLO(**{**base, **fields})


def _normalised(rule: dict) -> dict:
    return {**rule, "expr": re.sub(r"\s+", " ", rule["expr"]).strip()}


# --- sloth's numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, text",
    [
        (99.9 / 100, "0.9990000000000001"),
        ((100 - 99.9) / 100, "0.0009999999999999432"),
        (14.4, "14.4"),
        (6.0, "6"),
        (30.0, "30"),
        (1e-5, "1e-05"),
        (1e6, "1e+06"),
        (123456.0, "123456"),
        (1.4000000000000001, "1.4000000000000001"),
    ],
)
def test_go_float_prints_numbers_as_go(value, text):
    assert go_float(value) == text


@pytest.mark.parametrize(
    "period, factors",
    [
        ("30d", [14.4, 6, 3, 1]),
        ("28d", [13.44, 5.6000000000000005, 2.8000000000000003, 0.9333333333333333]),
        # sloth's examples/windows/7d.yaml and its generated 7d rules
        ("7d", [13.44, 3.5, 1.4000000000000001, 0.98]),
    ],
)
def test_burn_rate_factors_are_sloths(period, factors):
    windows = BurnWindows.for_period(period)
    assert [w.factor(period) for w in windows.pairs().values()] == factors


def test_other_periods_keep_the_30d_burn_rates():
    windows = BurnWindows.for_period("90d")
    assert [round(w.factor("90d"), 9) for w in windows.pairs().values()] == [14.4, 6, 3, 1]
    with pytest.raises(ValueError, match="not longer than the 3d window"):
        BurnWindows.for_period("2d")


def test_prometheus_duration_is_models_string():
    assert [prometheus_duration(d * 86400) for d in (30, 28, 7, 1, 3)] == ["30d", "4w", "1w", "1d", "3d"]


def test_le_spellings_of_both_clients():
    assert le_spellings(2) == ["2.0", "2"] and le_matcher(2) == 'le=~"2[.]0|2"'
    assert le_matcher(0.25) == 'le="0.25"'


# --- validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"objective": 100}, "objective is a percentage"),
        ({"objective": 0}, "objective is a percentage"),
        ({"period": "1h"}, "not longer than the 3d window"),
        ({"service": "my service"}, "must be letters, digits"),
        ({"labels": {"sloth_id": "x"}}, "sloth_id are set by mcg"),
        ({"windows": BurnWindows.for_period("30d"), "period": "2d"}, "not shorter than the period"),
    ],
)
def test_invalid_slo_is_reported_at_the_users_line(fields, message):
    with pytest.raises(DefinitionError) as info:
        _slo(**fields)
    assert message in str(info.value)
    assert THIS_FILE in str(info.value.location)


def test_sli_errors_at_the_users_line():
    with pytest.raises(DefinitionError, match="not both") as info:
        SLO.ratio(errors="a_total", good="b_total", total="c_total")
    assert THIS_FILE in str(info.value.location)
    with pytest.raises(DefinitionError, match="must be one metric"):
        SLO.ratio(errors="rate(a_total[5m])", total="a_total")
    with pytest.raises(DefinitionError, match="window"):
        SLO.raw("sum(rate(x[5m]))")
    with pytest.raises(DefinitionError, match="does not parse"):
        SLO.raw("vector(0)[{{ window }}]")
    with pytest.raises(DefinitionError, match="min_events needs an SLI that counts events"):
        _slo(sli=SLO.raw("1 - avg_over_time(up[{{ window }}])"), min_events=10)
    with pytest.raises(ValueError, match="shorter than long"):
        BurnWindow(budget_percent=2, short="1h", long="5m")


# --- rules -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "example, rules",
    [
        ("getting-started", 17),
        ("kubernetes-apiserver", 34),
        ("openslo-getting-started", 15),
        ("openslo-kubernetes-apiserver", 45),
    ],
)
def test_sloths_examples_equal_sloths_output_rule_for_rule(example, rules):
    import yaml

    slos = slos_from_file(
        str(SLOTH / f"{example}.yml"),
        extra_labels={"cmd": "examplesgen.sh"},
        info={"sloth_mode": "cli-gen-prom", "sloth_spec": "prometheus/v1", "sloth_version": "dev"},
    )
    mine = [g for slo in slos for g in rule_groups(slo.rules())]
    # sloth writes one YAML document per spec document.
    text = (SLOTH / f"{example}.gen.yml").read_text()
    theirs = [g for doc in yaml.safe_load_all(text) if doc for g in doc["groups"]]
    assert [g["name"] for g in mine] == [g["name"] for g in theirs]
    assert [len(g["rules"]) for g in mine] == [len(g["rules"]) for g in theirs]
    pairs = [(a, b) for ga, gb in zip(mine, theirs) for a, b in zip(ga["rules"], gb["rules"])]
    assert len(pairs) == rules
    for a, b in pairs:
        assert _normalised(a) == _normalised(b)


def test_openslo_objectives_become_slos_with_the_spec_period():
    text = (SLOTH / "openslo-getting-started.yml").read_text().replace("count: 30", "count: 28")
    (slo,) = slos_from_text(text, "spec.yml", period="7d")
    assert (slo.key, slo.period, slo.objective, slo.sli.kind) == (
        "my-service-sloth-slo-my-service-0",
        "28d",
        99.9,
        "raw",
    )
    assert [g.name.split("-recordings-")[0] for g in slo.rule_groups] == ["sloth-slo-sli", "sloth-slo-meta"]
    assert "ratio_rate4w" in [r.record for r in slo.rule_groups[0].rules][-1]


@pytest.mark.parametrize(
    "change, message",
    [
        (("unit: Day", "unit: Month"), "only windows in days"),
        (("queryType: promql", "queryType: graphite"), "queryType must be promql"),
        (("source: prometheus", "source: datadog"), "source must be prometheus"),
        (("target: 0.999", "target: high"), "target must be a ratio"),
        (("target: 0.999", "target: 1.5"), "objective is a percentage"),
        (("kind: SLO", "kind: SLI"), "kind must be 'SLO'"),
    ],
)
def test_openslo_refusals_say_what_is_wrong(change, message):
    text = (SLOTH / "openslo-getting-started.yml").read_text().replace(*change)
    with pytest.raises(DefinitionError, match=message):
        slos_from_text(text, "spec.yml")


def test_seven_day_period_names_windows_as_sloth():
    slo = _slo(period="7d")
    records = [r.record for r in slo.rule_groups[0].rules]
    assert records[-1] == "slo:sli_error:ratio_rate1w"
    assert "(13.44 * 0.0009999999999999432)" in slo.rule_groups[2].rules[0].expr
    assert "(0.98 * 0.0009999999999999432)" in slo.rule_groups[2].rules[1].expr


def test_alerts_off_and_one_alert_off():
    assert [g.name for g in _slo(alerts=False).rule_groups] == [
        "sloth-slo-sli-recordings-api-availability",
        "sloth-slo-meta-recordings-api-availability",
    ]
    alerts = _slo(ticket={"enabled": False}).rule_groups[2].rules
    assert [a.labels["sloth_severity"] for a in alerts] == ["page"]


def test_traffic_guard_joins_each_pair():
    alert = _slo(min_events=100).rule_groups[2].rules[0]
    assert alert.expr.count("on() (sum(increase(http_requests_total[1h])) >= 100)") == 1
    assert alert.expr.count("on() (sum(increase(http_requests_total[6h])) >= 100)") == 1


def test_latency_sli_reads_bucket_and_count():
    slo = _slo(sli=SLO.latency(histogram="llm_request_duration_seconds", threshold=8, selector='provider="openai"'))
    expr = slo.rule_groups[0].rules[0].expr
    assert 'sum(rate(llm_request_duration_seconds_count{provider="openai"}[5m]))' in expr
    assert 'llm_request_duration_seconds_bucket{provider="openai",le=~"8[.]0|8"}[5m]' in expr


def test_rule_groups_go_to_one_file_per_service():
    assert {g.file_stem for g in _slo().rule_groups} == {"slo-api"}


# --- generated alert tests -------------------------------------------------------------------


def test_every_alert_gets_tests_above_and_below():
    page, ticket = _slo(min_events=100).rule_groups[2].rules
    names = [t.name for t in page.tests]
    assert any("1.05x burn rate 14.4" in n and n.endswith("fires") for n in names)
    assert any("0.95x burn rate 14.4" in n and n.endswith("stays silent") for n in names)
    assert any("1.05x burn rate 6 " in n for n in names) and any("0.95x burn rate 6 " in n for n in names)
    assert any("on too little traffic" in n for n in names)
    assert any(t.fires for t in ticket.tests) and any(not t.fires for t in ticket.tests)


def test_input_series_satisfy_the_selectors():
    page = _slo().rule_groups[2].rules[0]
    series = page.tests[0].series
    assert set(series) == {'http_requests_total{status_code="500"}', 'http_requests_total{status_code="200"}'}
    good = _slo(sli=SLO.ratio(good='agent_operations_total{status="success"}', total="agent_operations_total"))
    assert set(good.rule_groups[2].rules[0].tests[0].series) == {
        'agent_operations_total{status="success"}',
        'agent_operations_total{status="500"}',
    }


def test_raw_sli_has_no_generated_tests():
    slo = _slo(sli=SLO.raw("1 - avg_over_time(up{job='api'}[{{ window }}])"))
    assert all(not a.tests for a in slo.rule_groups[2].rules)


# --- catalog checks at build -----------------------------------------------------------------


def _model(*definitions):
    collected = []
    for definition in definitions:
        collected.append(definition)
        collected.extend(getattr(definition, "rule_groups", []))
    return build_model(Path.cwd(), None, collected)


def _catalog():
    return [
        Metric(name="http_requests_total", type="counter", help="h", labels=("status_code", "route")),
        Metric(
            name="llm_request_duration_seconds",
            type="histogram",
            help="h",
            unit="seconds",
            labels=("provider",),
            buckets=(1, 2, 4, 8, 15),
        ),
    ]


def _render_errors(*definitions) -> list[str]:
    from monitoring_codegen.render.slo_rules import check_slos

    try:
        check_slos(_model(*_catalog(), *definitions))
    except DefinitionErrors as exc:
        return [str(e) for e in exc.errors]
    return []


def test_catalog_accepts_shipped_style_slos():
    assert (
        _render_errors(
            _slo(), _slo(name="latency", sli=SLO.latency(histogram="llm_request_duration_seconds", threshold=8))
        )
        == []
    )


def test_threshold_not_a_bucket_names_the_nearest():
    [error] = _render_errors(_slo(sli=SLO.latency(histogram="llm_request_duration_seconds", threshold=10)))
    assert "threshold 10 is not a bucket" in error and "nearest: 8, 15" in error and THIS_FILE in error


def test_ratio_of_unknown_or_non_counter_metrics():
    [error] = _render_errors(
        _slo(sli=SLO.ratio(errors='http_request_total{status_code="500"}', total="http_requests_total"))
    )
    assert "did you mean 'http_requests_total'" in error
    [error] = _render_errors(_slo(sli=SLO.ratio(errors='http_requests_total{code="500"}', total="http_requests_total")))
    assert "has no label code" in error


def test_slo_registers_its_rule_groups():
    with collecting() as collected:
        slo = _slo()
    assert collected[0] is slo or slo in collected
    model = build_model(Path.cwd(), None, collected)
    assert [s.key for s in model.slos] == ["api-availability"]
    assert len(model.rule_groups) == 4 and len(model.alerts()) == 2 + 3  # burn: page, ticket; budget: 3 levels


# --- sloth specs -----------------------------------------------------------------------------


def test_sloth_plugins_are_refused():
    spec = """
version: prometheus/v1
service: s
slos:
  - name: x
    objective: 99
    sli: {plugin: {id: sloth-common/kubernetes/apiserver/availability}}
    alerting: {name: X}
"""
    with pytest.raises(DefinitionError, match="SLI plugin .* runs Go code inside sloth"):
        slos_from_text(spec, "spec.yml")


def test_sloth_multi_document_and_raw():
    spec = """
version: prometheus/v1
service: svc-a
slos:
  - name: one
    objective: 99
    sli: {raw: {error_ratio_query: "1 - avg_over_time(up[{{.window}}])"}}
    alerting: {page_alert: {disable: true}, ticket_alert: {disable: true}}
---
version: prometheus/v1
service: svc-b
slos:
  - name: two
    objective: 99.5
    sli: {events: {error_query: "sum(rate(e_total[{{.window}}]))", total_query: "sum(rate(t_total[{{.window}}]))"}}
    alerting: {name: BTwo}
"""
    slos = slos_from_text(spec, "spec.yml")
    assert [s.key for s in slos] == ["svc-a-one", "svc-b-two"]
    assert slos[0].rule_groups[0].rules[0].expr == "(1 - avg_over_time(up[5m]))"
    with pytest.raises(DefinitionError, match="version must be 'prometheus/v1'"):
        slos_from_text("version: sloth/v1\n", "spec.yml")


def test_every_recording_rule_gets_a_value_test():
    slo = _slo()
    records = [r for g in slo.rule_groups for r in g.records()]
    assert records and all(len(r.tests) == 1 for r in records)
    burn = next(r for r in records if r.record == "slo:current_burn_rate:ratio")
    [sample] = burn.tests[0].expect
    assert sample.labels == {"sloth_window": "5m"} and sample.value == 0.5 / (1 - 99.9 / 100)


def test_from_sloth_resolves_paths_from_the_calling_module(tmp_path):
    (tmp_path / "spec.yml").write_text(
        "version: prometheus/v1\nservice: svc\nslos:\n  - name: one\n    objective: 99\n"
        "    sli: {raw: {error_ratio_query: '1 - avg_over_time(up[{{.window}}])'}}\n    alerting: {name: SvcOne}\n"
    )
    module = tmp_path / "defs.py"
    module.write_text("from monitoring_codegen import SLO\nSLOS = SLO.from_sloth('spec.yml')\n")
    namespace: dict = {}
    exec(compile(module.read_text(), str(module), "exec"), namespace)
    [slo] = namespace["SLOS"]
    assert slo.key == "svc-one" and slo.source.file == str(module) and slo.source.line == 2


# --- what the generated tests cost promtool ---------------------------------------------------


def _outcome_of(test) -> set[str]:
    return {f.labels["sloth_severity"] for f in test.fires}


def test_histories_are_whole_grid_steps_and_as_short_as_the_scenario_allows():
    page, ticket = _slo().rule_groups[2].rules
    tests = [*page.tests, *ticket.tests]
    assert all(int(t.at[0].removesuffix("m")) % 30 == 0 for t in tests), [t.at for t in tests]
    # The 1h page window needs a few hours at most (once a day of history at every minute).
    assert max(int(t.at[0].removesuffix("m")) for t in page.tests) <= 210
    # Silence just below the ticket's 2h/1d threshold (2.85x the budget) needs the 3d window to
    # dilute it below 1x: a history of almost three days, the longest of all.
    [slow_below] = [t for t in ticket.tests if "0.95x burn rate 3 " in t.name]
    assert not slow_below.fires and 2 * 1440 < int(slow_below.at[0].removesuffix("m")) <= 3 * 1440 + 60
    assert max(int(t.at[0].removesuffix("m")) for t in tests) == int(slow_below.at[0].removesuffix("m"))
    records = [t for g in _slo().rule_groups for r in g.records() for t in r.tests]
    assert {t.at[0] for t in records} == {"60m"}


def test_a_firing_test_fires_because_of_its_own_threshold():
    # Errors over the whole history at 1.05 x 14.4 would burn the 30m/6h pair too; the test's
    # history leaves the 6h window below 6, so only the 5m/1h threshold makes the page fire.
    page = _slo().rule_groups[2].rules[0]
    [quick] = [t for t in page.tests if "1.05x burn rate 14.4" in t.name]
    from monitoring_codegen.slo.alert_tests import _outcome

    rules = _slo().rules()
    minutes = int(quick.at[0].removesuffix("m"))
    ratio = 1.05 * 14.4 * rules.error_budget_ratio()
    outcome = _outcome(rules, rules.error_budget_ratio(), ratio, 70, minutes, 1000)
    assert outcome["page_quick"] == (True, True) and outcome["page_slow"][0] is False


def test_below_every_threshold_is_not_repeated_by_the_ticket():
    page, ticket = _slo().rule_groups[2].rules
    assert [t.name for t in page.tests if "lowest" in t.name] == [
        "page: error ratio 0.95x the lowest burn rate 1 stays silent"
    ]
    # The ticket's 0.95 x 1 scenario is that test already: nothing of the name fires.
    assert not any("lowest" in t.name for t in ticket.tests)
    assert any("0.95x burn rate 1 " in t.name and not t.fires for t in ticket.tests)


def test_silent_tests_pass_the_traffic_guard():
    # Silence just below a threshold proves the threshold only when the guard lets the traffic
    # through: with a high minimum the history grows until the long window holds enough events.
    slo = _slo(min_events=100_000)
    page = slo.rule_groups[2].rules[0]
    [below] = [t for t in page.tests if "0.95x burn rate 6 " in t.name]
    minutes = int(below.at[0].removesuffix("m"))
    good = below.series['http_requests_total{status_code="200"}']
    per_minute = float(good.split()[0].split("+")[1].split("x")[0])  # before the errors: all good
    assert per_minute * min(minutes, 360) >= 100_000


def test_slo_test_files_evaluate_on_the_grid_in_dependency_order(shipped):

    for name, own in (("slo-api", 1), ("slo-agent-platform", 2)):
        doc = load_yaml(shipped.rendered[f"prometheus/tests/{name}.yaml"])
        # Only the SLO's own rule file: the other service's records share sloth's names, not its sloth_id.
        assert doc["rule_files"] == [f"../rules/{name}.yaml"]
        assert doc["evaluation_interval"] == "30m"
        order = doc["group_eval_order"]
        assert len(order) == 4 * own  # sloth's three groups and the budget policy's
        for group in order:
            if group.startswith("sloth-slo-alerts-") or group.startswith("sloth-slo-meta-recordings-"):
                slo_id = group.split("-alerts-")[-1].split("-meta-recordings-")[-1]
                assert order.index(f"sloth-slo-sli-recordings-{slo_id}") < order.index(group)


def test_slo_tests_cost_promtool_few_rule_evaluations(shipped):
    # promtool evaluates every loaded rule at every evaluation step of every test group: before
    # the grid, these files cost ~211,000 rule evaluations (~60 s of promtool); now ~24,000, of
    # which ~15,000 are the three-day histories of the ticket's 2h/1d "stays silent" tests.
    from monitoring_codegen.model.durations import parse_duration

    total = 0
    for path, content in shipped.rendered.items():
        if not path.startswith("prometheus/tests/slo-"):
            continue
        doc = load_yaml(content)
        step = parse_duration(doc["evaluation_interval"])
        rules = sum(
            len(group["rules"])
            for rule_file in doc["rule_files"]
            for group in load_yaml(shipped.rendered["prometheus/" + rule_file.removeprefix("../")])["groups"]
        )
        for group in doc["tests"]:
            times = [t["eval_time"] for t in group.get("alert_rule_test", []) + group.get("promql_expr_test", [])]
            total += rules * (max(parse_duration(t) for t in times) // step + 1)
    assert total < 30_000, total


# --- error budget policy ---------------------------------------------------------------------


def _budget_alerts(slo):
    return [r for g in slo.rule_groups if g.name.startswith("slo-budget-alerts-") for r in g.rules]


def test_budget_policy_alerts_fire_in_bands_routed_like_tickets():
    slo = _slo(ticket={"labels": {"severity": "warning"}}, alert_labels={"team": "platform"})
    alerts = _budget_alerts(slo)
    assert [a.labels["budget_level"] for a in alerts] == ["50%", "25%", "exhausted"]
    assert {a.alert for a in alerts} == {"ApiAvailabilityErrorBudgetLow"}
    for alert in alerts:
        assert alert.labels["sloth_severity"] == "ticket" and alert.labels["severity"] == "warning"
        assert alert.labels["team"] == "platform"
    exprs = [re.sub(r"\{[^}]*\}", "", a.expr.strip()) for a in alerts]
    remaining = "max(slo:period_error_budget_remaining:ratio) without (sloth_window)"
    assert exprs == [f"{remaining} < 0.5 >= 0.25", f"{remaining} < 0.25 > 0", f"{remaining} <= 0"]


@pytest.mark.parametrize(
    "levels, remaining, fired",
    [
        ((50, 25, 0), 0.6, None),
        ((50, 25, 0), 0.5, None),
        ((50, 25, 0), 0.49, 0.5),
        ((50, 25, 0), 0.25, 0.5),
        ((50, 25, 0), 0.01, 0.25),
        ((50, 25, 0), 0.0, 0.0),
        ((50, 25, 0), -3.0, 0.0),
        ((75, 10), -1.0, 0.1),
        ((75, 10), 0.5, 0.75),
    ],
)
def test_budget_bands(levels, remaining, fired):
    from monitoring_codegen.slo.rules import BudgetMeta

    meta = BudgetMeta(name="X", levels=tuple(sorted(levels, reverse=True)))
    assert BudgetMeta.band_of(remaining, meta.bands()) == fired


def test_budget_tests_fire_just_below_each_level_and_not_just_above():
    alerts = _budget_alerts(_slo(budget_alerts={"levels": (80, 30)}))
    assert [a.labels["budget_level"] for a in alerts] == ["80%", "30%"]
    outcomes = {t.name: [f.labels["budget_level"] for f in t.fires] for a in alerts for t in a.tests}
    assert outcomes == {
        "budget left 78%, just below 80%: fires 80%": ["80%"],
        "budget left 82%, just above 80%: stays silent": [],
        "budget left 28%, just below 30%: fires 30%": ["30%"],
        "budget left 32%, just above 30%: fires 80%": ["80%"],
    }


@pytest.mark.parametrize(
    "policy, message",
    [
        ({"levels": (50, 100)}, "in \\[0, 100\\)"),
        ({"levels": ()}, "at least one level"),
        ({"levels": (5, 5)}, "repeat"),
    ],
)
def test_budget_policy_refusals(policy, message):
    with pytest.raises(DefinitionError, match=message):
        _slo(budget_alerts=policy)


def test_budget_policy_off_and_not_in_sloth_specs():
    assert not _budget_alerts(_slo(budget_alerts=None))
    assert not _budget_alerts(_slo(budget_alerts={"enabled": False}))
    assert not _budget_alerts(_slo(alerts=False))
    (slo,) = slos_from_file(str(SLOTH / "getting-started.yml"))
    assert not _budget_alerts(slo)


def test_coverage_counts_a_test_where_only_a_sibling_fires_as_silent():
    from monitoring_codegen.tools.rule_tests import _fires_rule

    alerts = _budget_alerts(_slo())
    quarter = next(a for a in alerts if a.labels["budget_level"] == "25%")
    just_above = next(t for t in quarter.tests if "just above" in t.name)
    # The 50% level fires there: a test that the 25% level stays silent, not that it fires.
    assert [f.labels["budget_level"] for f in just_above.fires] == ["50%"]
    assert not _fires_rule(quarter, just_above)
    assert all(_fires_rule(quarter, t) for t in quarter.tests if "just below" in t.name)


def test_shipped_slo_alerts_are_covered_both_ways(shipped):
    from monitoring_codegen.tools.rule_tests import coverage

    result = coverage(shipped.model)
    slo_rules = {id(r) for slo in shipped.model.slos for g in slo.rule_groups for r in g.rules}
    for found in (result.untested, result.no_firing, result.no_silent):
        assert not [r for r in found if id(r) in slo_rules]
