"""The typed Model: one field per kind, the memoized rule indexes, the case-collision helper,
and one spelling per keyword-named argument (`for_=` / `**{"for": ...}`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitoring_codegen import (
    AlertOverride,
    AlertRouting,
    AlertRule,
    AlertTest,
    Dashboard,
    Datasource,
    EmailConfig,
    Environment,
    Metric,
    Receiver,
    RecordingRule,
    RecordTest,
    Route,
    RuleGroup,
)
from monitoring_codegen.errors import DefinitionError, DefinitionErrors
from monitoring_codegen.model import registry
from monitoring_codegen.model.definition import Definition
from monitoring_codegen.model.names import case_collisions
from monitoring_codegen.model.project import build_model


def _collect(declare) -> list:
    with registry.collecting() as collected:
        declare()
    return list(collected)


def _declare_all():
    Metric(name="app_requests_total", type="counter", help="requests", labels=("route",))
    Datasource(name="Prometheus", type="prometheus", uid="prom", url="http://127.0.0.1:9090")
    Dashboard(folder="Apps", board={"uid": "apps", "title": "Apps"})
    RuleGroup(
        name="app",
        rules=[
            AlertRule(alert="AppErrors", expr="sum(rate(app_requests_total[5m])) > 1", labels={"severity": "warning"}),
            AlertRule(
                alert="AppErrors", expr="sum(rate(app_requests_total[5m])) > 10", labels={"severity": "critical"}
            ),
            RecordingRule(record="route:app_requests:rate5m", expr="sum by (route) (rate(app_requests_total[5m]))"),
        ],
    )
    Environment(name="prod")
    AlertRouting(name="default", receivers=[Receiver(name="null")], route=Route(receiver="null"))
    AlertTest(alert="AppErrors", series={"app_requests_total": "0+1x10"}, at="5m", fires=False)
    RecordTest(record="route:app_requests:rate5m", series={"app_requests_total": "0+1x10"}, at="5m", expect=[])


def test_every_kind_has_its_typed_field():
    model = build_model(Path("."), None, _collect(_declare_all))
    assert [m.name for m in model.metrics] == ["app_requests_total"]
    assert [d.uid for d in model.datasources] == ["prom"]
    assert [d.uid for d in model.dashboards] == ["apps"]
    assert [g.name for g in model.rule_groups] == ["app"]
    assert [e.name for e in model.environments] == ["prod"]
    assert [r.name for r in model.routings] == ["default"]
    assert [t.alert for t in model.alert_tests] == ["AppErrors"]
    assert [t.record for t in model.record_tests] == ["route:app_requests:rate5m"]
    assert not hasattr(model, "items") and not hasattr(model, "of")


def test_rule_indexes_are_computed_once_and_keep_same_named_rules():
    model = build_model(Path("."), None, _collect(_declare_all))
    alerts = model.alerts_by_name()
    assert alerts is model.alerts_by_name()
    assert [a.labels["severity"] for a in alerts["AppErrors"]] == ["warning", "critical"]
    assert list(model.records_by_name()) == ["route:app_requests:rate5m"]
    assert model.records_by_name() is model.records_by_name()


def test_an_override_of_an_unknown_alert_is_a_cross_check_error():
    def declare():
        RuleGroup(name="app", rules=[AlertRule(alert="Down", expr="up == 0")])
        Environment(name="prod", alert_overrides={"Dwn": AlertOverride(for_="5m")})

    with pytest.raises(DefinitionErrors) as info:
        build_model(Path("."), None, _collect(declare))
    assert [e.message for e in info.value.errors] == ["alert_overrides names unknown alert 'Dwn'"]


def test_a_definition_kind_mcg_does_not_know_is_an_error_not_a_silent_drop():
    class Custom(Definition):
        kind = "Custom"
        name: str

    with pytest.raises(DefinitionErrors) as info:
        build_model(Path("."), None, _collect(lambda: Custom(name="x")))
    assert [e.message for e in info.value.errors] == ["Custom is not a kind of definition mcg renders"]


def test_case_collisions_report_each_later_spelling_against_the_first():
    names = ["prod", "Prod", "prod", "PROD", "dev"]
    assert case_collisions(names, lambda n: n) == [("prod", "Prod"), ("prod", "PROD")]
    assert case_collisions(["a", "b"], lambda n: n) == []


def test_folder_spelled_two_ways_is_reported_once_per_other_spelling():
    def declare():
        Dashboard(folder="Apps", board={"uid": "a", "title": "A"})
        Dashboard(folder="apps", board={"uid": "b", "title": "B"})
        Dashboard(folder="Apps", board={"uid": "c", "title": "C"})

    with pytest.raises(DefinitionErrors) as info:
        build_model(Path("."), None, _collect(declare))
    assert [e.message for e in info.value.errors] == [
        "folder 'apps' differs only in case from 'Apps'; that breaks on case-insensitive file systems"
    ]


@pytest.mark.parametrize(
    "make, attribute, value",
    [
        (lambda **kw: AlertRule(alert="A", expr="up == 0", **kw), "for_", "5m"),
        (lambda **kw: AlertOverride(**kw), "for_", "5m"),
        (lambda **kw: Route(receiver="r", **kw), "continue_", True),
    ],
)
def test_keyword_fields_take_the_python_name_or_the_alias(make, attribute, value):
    alias = attribute.rstrip("_")
    assert getattr(make(**{attribute: value}), attribute) == value
    assert getattr(make(**{alias: value}), attribute) == value


def test_email_from_takes_from_or_from_():
    common = {"to": "a@example.com", "smarthost": "smtp.example.com:587"}
    assert EmailConfig(from_="b@example.com", **common).from_ == "b@example.com"
    assert EmailConfig(**{"from": "b@example.com"}, **common).to_alertmanager()["from"] == "b@example.com"


def test_no_third_spelling_of_for():
    with pytest.raises(DefinitionError, match="duration: Extra inputs are not permitted"):
        AlertRule(alert="A", expr="up == 0", duration="5m")


def test_errors_name_the_alias_whichever_spelling_was_used():
    for spelling in ({"for_": "soon"}, {"for": "soon"}):
        with pytest.raises(DefinitionError) as info:
            AlertRule(alert="A", expr="up == 0", **spelling)
        assert info.value.message.startswith("for: 'soon' is not a Prometheus duration")
        with pytest.raises(DefinitionError) as info:
            AlertOverride(**spelling)
        assert info.value.name is None  # an override has no name; its `for` is not one


def test_rule_groups_are_keyed_by_file_and_name(project):
    """Prometheus needs group names unique within a rule file only."""
    from conftest import run_mcg

    root = project(
        {
            "a.py": """
                from monitoring_codegen import AlertRule, RuleGroup
                A = RuleGroup(name="EmbeddedExporter", file="a", rules=[AlertRule(alert="A", expr="up == 0")])
                B = RuleGroup(name="EmbeddedExporter", file="b", rules=[AlertRule(alert="B", expr="up == 0")])
            """
        }
    )
    assert run_mcg("build", cwd=root).returncode == 0
    assert sorted(p.name for p in (root / "out/prometheus/rules").iterdir()) == ["a.yaml", "b.yaml"]
    (root / "definitions/b.py").write_text(
        "from monitoring_codegen import AlertRule, RuleGroup\n"
        'C = RuleGroup(name="EmbeddedExporter", file="a", rules=[AlertRule(alert="C", expr="up == 0")])\n'
    )
    result = run_mcg("build", cwd=root)
    assert result.returncode == 2
    assert "group 'EmbeddedExporter' of rule file a.yaml is declared more than once" in result.stderr


def test_repeated_rules_are_accepted_as_prometheus_accepts_them(project):
    from conftest import run_mcg

    root = project(
        {
            "r.py": """
                from monitoring_codegen import AlertRule, RuleGroup
                G = RuleGroup(name="g", rules=[
                    AlertRule(alert="Same", expr="up == 0", labels={"severity": "warning"}),
                    AlertRule(alert="Same", expr="up == 0", labels={"severity": "warning"}),
                    AlertRule(alert="Same", expr="up == 1", labels={"severity": "warning"}),
                ])
            """
        }
    )
    assert run_mcg("build", cwd=root).returncode == 0
    lint = run_mcg("lint", "--format", "json", cwd=root)
    import json

    rules = [f["rule"] for f in json.loads(lint.stdout)["findings"]]
    assert rules.count("RUL005") == 1  # the exact repeat
    assert rules.count("RUL002") == 1  # same name and labels, another expression
