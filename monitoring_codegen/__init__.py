"""mcg: monitoring as code for Prometheus, Alertmanager and Grafana.

The public names are imported lazily so that `mcg --help` does not pay for
pydantic and grafanalib.
"""

__version__ = "0.1.0"

# public name -> module that defines it
_PUBLIC = {
    "Metric": "model.catalog",
    "AlertRule": "model.rules",
    "RecordingRule": "model.rules",
    "RuleGroup": "model.rules",
    "Datasource": "model.datasources",
    "Dashboard": "model.dashboards",
    "DefinitionError": "errors",
    "Environment": "model.server.environments",
    "AlertOverride": "model.server.environments",
    "KubernetesTarget": "model.server.environments",
    "MimirTarget": "model.server.environments",
    "AlertRouting": "model.server.routing",
    "Receiver": "model.server.routing",
    "SlackConfig": "model.server.routing",
    "PagerDutyConfig": "model.server.routing",
    "EmailConfig": "model.server.routing",
    "WebhookConfig": "model.server.routing",
    "Route": "model.server.routing",
    "InhibitRule": "model.server.routing",
    "RoutingTest": "model.server.routing",
    "ScrapeJob": "model.server.scrape",
    "StaticTargets": "model.server.scrape",
    "KubernetesPods": "model.server.scrape",
    "FileSD": "model.server.scrape",
    "BasicAuth": "model.server.scrape",
    "TLSConfig": "model.server.scrape",
    "AlertmanagerTargets": "model.server.scrape",
    "RemoteWrite": "model.server.remote_write",
    "QueueConfig": "model.server.remote_write",
    "AlertTest": "model.rule_tests",
    "RecordTest": "model.rule_tests",
    "Firing": "model.rule_tests",
    "Sample": "model.rule_tests",
    "SLO": "model.slo",
    "SLOAlert": "model.slo",
    "BudgetAlerts": "model.slo",
    "slo_dashboards": "slo.dashboard",
    "BurnWindow": "model.slo",
    "BurnWindows": "model.slo",
    "AnomalyDetector": "model.anomaly",
    "CapacityForecast": "model.forecast",
    "SpendForecast": "model.forecast",
}

__all__ = sorted(_PUBLIC) + ["__version__"]


def __getattr__(name):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'monitoring_codegen' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
