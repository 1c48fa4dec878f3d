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
