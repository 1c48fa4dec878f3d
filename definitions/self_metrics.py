"""Metrics of the monitoring stack itself (Prometheus, Alertmanager, Grafana), as their
exporters publish them. Declared so that self-monitoring rules and dashboards are checked
against the catalog like everything else; `exported_by` keeps them out of the generated
application instrumentation."""

from functools import partial

from monitoring_codegen import Metric

# Prometheus exposes its own metrics and adds `up` and `scrape_*` to every target itself.
PrometheusMetric = partial(Metric, exported_by="prometheus")
AlertmanagerMetric = partial(Metric, exported_by="alertmanager")

UP = PrometheusMetric(name="up", type="gauge", help="1 when the last scrape of the target succeeded.")
SCRAPE_DURATION = PrometheusMetric(
    name="scrape_duration_seconds",
    type="gauge",
    unit="seconds",
    grafana_unit="s",
    help="Duration of the last scrape of the target.",
)
RULE_EVALUATION_FAILURES = PrometheusMetric(
    name="prometheus_rule_evaluation_failures_total",
    type="counter",
    help="Rule evaluations that failed.",
    labels=("rule_group",),
)
RULE_EVALUATIONS = PrometheusMetric(
    name="prometheus_rule_evaluations_total",
    type="counter",
    help="Rule evaluations.",
    labels=("rule_group",),
)
PROMETHEUS_CONFIG_RELOAD = PrometheusMetric(
    name="prometheus_config_last_reload_successful",
    type="gauge",
    help="1 when the last configuration reload succeeded.",
)
PROMETHEUS_HEAD_SERIES = PrometheusMetric(
    name="prometheus_tsdb_head_series",
    type="gauge",
    help="Series in the TSDB head block.",
)
PROMETHEUS_SAMPLES_APPENDED = PrometheusMetric(
    name="prometheus_tsdb_head_samples_appended_total",
    type="counter",
    help="Samples appended to the head block.",
    labels=("type",),
)
PROMETHEUS_NOTIFICATIONS_DROPPED = PrometheusMetric(
    name="prometheus_notifications_dropped_total",
    type="counter",
    help="Alerts dropped on their way to Alertmanager.",
)
ALERTMANAGER_NOTIFICATIONS = AlertmanagerMetric(
    name="alertmanager_notifications_total",
    type="counter",
    help="Notifications attempted.",
    labels=("integration",),
)
ALERTMANAGER_NOTIFICATIONS_FAILED = AlertmanagerMetric(
    name="alertmanager_notifications_failed_total",
    type="counter",
    help="Notifications that failed.",
    labels=("integration", "reason"),
)
ALERTMANAGER_CONFIG_RELOAD = AlertmanagerMetric(
    name="alertmanager_config_last_reload_successful",
    type="gauge",
    help="1 when the last configuration reload succeeded.",
)
ALERTMANAGER_ALERTS = AlertmanagerMetric(
    name="alertmanager_alerts",
    type="gauge",
    help="Alerts held by Alertmanager.",
    labels=("state",),
)
