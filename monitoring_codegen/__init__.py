"""mcg: monitoring as code for Prometheus, Alertmanager and Grafana.

The public names are imported lazily so that `mcg --help` does not pay for
pydantic and grafanalib.
"""

__version__ = "0.1.0"

# public name -> module that defines it
_PUBLIC = {
    "Metric": "catalog",
    "AlertRule": "rules",
    "RecordingRule": "rules",
    "RuleGroup": "rules",
    "Datasource": "datasources",
    "Dashboard": "dashboards",
    "DefinitionError": "errors",
    "Environment": "environments",
    "AlertOverride": "environments",
    "KubernetesTarget": "environments",
    "MimirTarget": "environments",
    "AlertRouting": "routing",
    "Receiver": "routing",
    "SlackConfig": "routing",
    "PagerDutyConfig": "routing",
    "EmailConfig": "routing",
    "WebhookConfig": "routing",
    "Route": "routing",
    "InhibitRule": "routing",
    "RoutingTest": "routing",
    "ScrapeJob": "scrape",
    "StaticTargets": "scrape",
    "KubernetesPods": "scrape",
    "FileSD": "scrape",
    "BasicAuth": "scrape",
    "TLSConfig": "scrape",
    "AlertmanagerTargets": "scrape",
    "RemoteWrite": "remote_write",
    "QueueConfig": "remote_write",
    "AlertTest": "testing",
    "RecordTest": "testing",
    "Firing": "testing",
    "Sample": "testing",
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
