"""Alerts on the monitoring stack itself: when these fire, other alerts may be silent."""

from monitoring_codegen import AlertTest, Firing, RuleGroup

from ._alerting import alert

PROMETHEUS = {"job": "prometheus", "instance": "prometheus-0:9090"}
ALERTMANAGER = {"job": "alertmanager", "instance": "alertmanager-0:9093"}

SELF_MONITORING_ALERTS = RuleGroup(
    name="monitoring.self",
    file="self-monitoring-alerts",
    rules=[
        alert(
            "TargetDown",
            "up == 0",
            severity="critical",
            summary="{{ $labels.job }} target {{ $labels.instance }} is down",
            description="Prometheus could not scrape {{ $labels.instance }} of job {{ $labels.job }}; "
            "its other alerts are inhibited while it is down.",
            tests=[
                AlertTest(
                    "the API is down for ten minutes",
                    series={'up{job="agent-api", instance="10.0.0.7:8000"}': "0x15"},
                    at="10m",
                    fires=[Firing({"job": "agent-api", "instance": "10.0.0.7:8000"})],
                ),
                AlertTest(
                    "one failed scrape is not an outage",
                    series={'up{job="agent-api", instance="10.0.0.7:8000"}': "1x5 0 1x10"},
                    at="10m",
                    fires=False,
                ),
            ],
        ),
        alert(
            "PrometheusRuleEvaluationFailures",
            "sum by (job, instance, rule_group) (increase(prometheus_rule_evaluation_failures_total[5m])) > 0",
            severity="critical",
            summary="Rule group {{ $labels.rule_group }} fails to evaluate on {{ $labels.instance }}",
            description="Alerts and recordings of this group are not being computed.",
            tests=[
                AlertTest(
                    "a group fails every minute",
                    series={
                        'prometheus_rule_evaluation_failures_total{job="prometheus", instance="prometheus-0:9090", rule_group="agents"}': "0+1x20"
                    },
                    at="10m",
                    fires=[Firing({**PROMETHEUS, "rule_group": "agents"})],
                ),
                AlertTest(
                    "no failures",
                    series={
                        'prometheus_rule_evaluation_failures_total{job="prometheus", instance="prometheus-0:9090", rule_group="agents"}': "0x20"
                    },
                    at="10m",
                    fires=False,
                ),
            ],
        ),
        alert(
            "AlertmanagerNotificationsFailing",
            "sum by (job, instance, integration) (rate(alertmanager_notifications_failed_total[5m])) > 0",
            severity="critical",
            summary="Alertmanager {{ $labels.instance }} fails to send {{ $labels.integration }} notifications",
            description="Notifications are being lost; check receiver credentials and reachability.",
            tests=[
                AlertTest(
                    "webhook deliveries fail",
                    series={
                        'alertmanager_notifications_failed_total{job="alertmanager", instance="alertmanager-0:9093", integration="webhook", reason="other"}': "0+2x20"
                    },
                    at="10m",
                    fires=[Firing({**ALERTMANAGER, "integration": "webhook"})],
                ),
                AlertTest(
                    "deliveries succeed",
                    series={
                        'alertmanager_notifications_failed_total{job="alertmanager", instance="alertmanager-0:9093", integration="webhook", reason="other"}': "0x20"
                    },
                    at="10m",
                    fires=False,
                ),
            ],
        ),
        alert(
            "PrometheusConfigReloadFailed",
            "max by (job, instance) (prometheus_config_last_reload_successful) == 0",
            for_="10m",
            severity="warning",
            summary="Prometheus {{ $labels.instance }} failed to reload its configuration",
            description="The running configuration is stale; the new one has an error.",
            tests=[
                AlertTest(
                    "a bad configuration",
                    series={
                        'prometheus_config_last_reload_successful{job="prometheus", instance="prometheus-0:9090"}': "0x20"
                    },
                    at="15m",
                    fires=[Firing(PROMETHEUS)],
                ),
                AlertTest(
                    "reloaded",
                    series={
                        'prometheus_config_last_reload_successful{job="prometheus", instance="prometheus-0:9090"}': "1x20"
                    },
                    at="15m",
                    fires=False,
                ),
            ],
        ),
        alert(
            "AlertmanagerConfigReloadFailed",
            "max by (job, instance) (alertmanager_config_last_reload_successful) == 0",
            for_="10m",
            severity="warning",
            summary="Alertmanager {{ $labels.instance }} failed to reload its configuration",
            description="The running configuration is stale; the new one has an error.",
            tests=[
                AlertTest(
                    "a bad configuration",
                    series={
                        'alertmanager_config_last_reload_successful{job="alertmanager", instance="alertmanager-0:9093"}': "0x20"
                    },
                    at="15m",
                    fires=[Firing(ALERTMANAGER)],
                ),
                AlertTest(
                    "reloaded",
                    series={
                        'alertmanager_config_last_reload_successful{job="alertmanager", instance="alertmanager-0:9093"}': "1x20"
                    },
                    at="15m",
                    fires=False,
                ),
            ],
        ),
    ],
)
