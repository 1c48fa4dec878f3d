"""Monitoring stack: is Prometheus scraping and evaluating, is Alertmanager delivering,
is Grafana up? When this dashboard is red, trust no other."""

from grafanalib import core as G

from monitoring_codegen import Dashboard

from .._panels import dashboard, query_variable, stat, table, target, timeseries

JOB = 'job=~"$job"'

SELF_MONITORING = Dashboard(
    folder="Monitoring",
    board=dashboard(
        title="Monitoring Stack",
        uid="monitoring-self",
        description="Prometheus, Alertmanager and Grafana health.",
        tags=["monitoring", "self"],
        variables=[query_variable("job", "label_values(up, job)", "Job")],
        panels=[
            stat(
                "Targets down",
                f"count(up{{{JOB}}} == 0) or vector(0)",
                "short",
                "Scrape targets failing now.",
                thresholds=[G.Threshold("green", 0, 0.0), G.Threshold("red", 1, 1.0)],
            ),
            stat("Series in head", f"sum(prometheus_tsdb_head_series{{{JOB}}})", "short"),
            stat(
                "Config reloads OK",
                f"min(prometheus_config_last_reload_successful{{{JOB}}}) * min(alertmanager_config_last_reload_successful{{{JOB}}})",
                "bool_yes_no",
                "1 when Prometheus and Alertmanager run their latest configuration.",
            ),
            stat("Alerts in Alertmanager", f'sum(alertmanager_alerts{{{JOB}, state="active"}})', "short"),
            table("Scrape targets", f"up{{{JOB}}}", "bool_on_off", "Every target with its last scrape result."),
            timeseries(
                "Scrape duration by job",
                [
                    target(f"max by (job) (scrape_duration_seconds{{{JOB}}})", "{{job}}"),
                ],
                "s",
                "Slowest scrape per job.",
            ),
            timeseries(
                "Samples appended",
                [
                    target(
                        f"sum(rate(prometheus_tsdb_head_samples_appended_total{{{JOB}}}[$__rate_interval]))",
                        "samples/s",
                    ),
                ],
                "short",
                "Ingestion rate of Prometheus.",
            ),
            timeseries(
                "Rule evaluation failures",
                [
                    target(
                        f"sum by (rule_group) (rate(prometheus_rule_evaluation_failures_total{{{JOB}}}[$__rate_interval]))",
                        "{{rule_group}}",
                    ),
                ],
                "ops",
                "Failed evaluations per second, by rule group.",
            ),
            timeseries(
                "Notifications by integration",
                [
                    target(
                        f"sum by (integration) (rate(alertmanager_notifications_total{{{JOB}}}[$__rate_interval]))",
                        "sent {{integration}}",
                        "A",
                    ),
                    target(
                        f"sum by (integration) (rate(alertmanager_notifications_failed_total{{{JOB}}}[$__rate_interval]))",
                        "failed {{integration}}",
                        "B",
                    ),
                ],
                "ops",
                "Alertmanager notifications, sent and failed.",
            ),
            timeseries(
                "Grafana up",
                [
                    # Both matchers on `job`: Grafana's target, shown while the job filter includes it.
                    target(f'up{{job="grafana", {JOB}}}', "{{instance}}"),
                ],
                "bool_on_off",
                "Grafana's own metrics endpoint.",
            ),
        ],
    ),
)
