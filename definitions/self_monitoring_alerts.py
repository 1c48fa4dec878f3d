"""Alerts on the monitoring stack itself: when these fire, other alerts may be silent."""

from monitoring_codegen import RuleGroup

from ._alerting import alert

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
        ),
        alert(
            "PrometheusRuleEvaluationFailures",
            "sum by (job, instance, rule_group) (increase(prometheus_rule_evaluation_failures_total[5m])) > 0",
            severity="critical",
            summary="Rule group {{ $labels.rule_group }} fails to evaluate on {{ $labels.instance }}",
            description="Alerts and recordings of this group are not being computed.",
        ),
        alert(
            "AlertmanagerNotificationsFailing",
            "sum by (job, instance, integration) (rate(alertmanager_notifications_failed_total[5m])) > 0",
            severity="critical",
            summary="Alertmanager {{ $labels.instance }} fails to send {{ $labels.integration }} notifications",
            description="Notifications are being lost; check receiver credentials and reachability.",
        ),
        alert(
            "PrometheusConfigReloadFailed",
            "max by (job, instance) (prometheus_config_last_reload_successful) == 0",
            for_="10m",
            severity="warning",
            summary="Prometheus {{ $labels.instance }} failed to reload its configuration",
            description="The running configuration is stale; the new one has an error.",
        ),
        alert(
            "AlertmanagerConfigReloadFailed",
            "max by (job, instance) (alertmanager_config_last_reload_successful) == 0",
            for_="10m",
            severity="warning",
            summary="Alertmanager {{ $labels.instance }} failed to reload its configuration",
            description="The running configuration is stale; the new one has an error.",
        ),
    ],
)
