"""Metrics of the monitoring stack itself (Prometheus, Alertmanager, Grafana), as their
exporters publish them. Declared so that self-monitoring rules and dashboards are checked
against the catalog like everything else."""

from monitoring_codegen import Metric

UP = Metric(name="up", type="gauge", help="1 when the last scrape of the target succeeded.")
SCRAPE_DURATION = Metric(name="scrape_duration_seconds", type="gauge", unit="seconds", grafana_unit="s",
                         help="Duration of the last scrape of the target.")
RULE_EVALUATION_FAILURES = Metric(
    name="prometheus_rule_evaluation_failures_total", type="counter",
    help="Rule evaluations that failed.", labels=("rule_group",),
)
RULE_EVALUATIONS = Metric(
    name="prometheus_rule_evaluations_total", type="counter",
    help="Rule evaluations.", labels=("rule_group",),
)
PROMETHEUS_CONFIG_RELOAD = Metric(
    name="prometheus_config_last_reload_successful", type="gauge",
    help="1 when the last configuration reload succeeded.",
)
PROMETHEUS_HEAD_SERIES = Metric(
    name="prometheus_tsdb_head_series", type="gauge", help="Series in the TSDB head block.",
)
PROMETHEUS_SAMPLES_APPENDED = Metric(
    name="prometheus_tsdb_head_samples_appended_total", type="counter",
    help="Samples appended to the head block.", labels=("type",),
)
PROMETHEUS_NOTIFICATIONS_DROPPED = Metric(
    name="prometheus_notifications_dropped_total", type="counter",
    help="Alerts dropped on their way to Alertmanager.",
)
ALERTMANAGER_NOTIFICATIONS = Metric(
    name="alertmanager_notifications_total", type="counter",
    help="Notifications attempted.", labels=("integration",),
)
ALERTMANAGER_NOTIFICATIONS_FAILED = Metric(
    name="alertmanager_notifications_failed_total", type="counter",
    help="Notifications that failed.", labels=("integration", "reason"),
)
ALERTMANAGER_CONFIG_RELOAD = Metric(
    name="alertmanager_config_last_reload_successful", type="gauge",
    help="1 when the last configuration reload succeeded.",
)
ALERTMANAGER_ALERTS = Metric(
    name="alertmanager_alerts", type="gauge", help="Alerts held by Alertmanager.", labels=("state",),
)
