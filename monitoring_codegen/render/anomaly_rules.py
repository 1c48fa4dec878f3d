"""Anomaly detectors and forecasts against the metric catalog, when the model is rendered.

Their rules are ordinary rule groups of the model (prometheus/rules/anomaly-<name>.yaml and
forecast-<name>.yaml, rendered by rules.py, with their tests by rule_tests.py); what only
the whole model can tell is checked here: the metric exists with the type the rules treat
it as, and the labels kept are labels the watched expression has (promql/labels.py).
"""

from __future__ import annotations

from monitoring_codegen.errors import DefinitionError, DefinitionErrors
from monitoring_codegen.model.project import Model
from monitoring_codegen.render.slo_rules import _label_problems, _unknown


def check_anomalies(model: Model) -> dict[str, bytes]:
    """Renders nothing; raises DefinitionErrors naming each definition the catalog refutes."""
    errors: list[DefinitionError] = []
    for detector in model.anomaly_detectors:
        errors.extend(detector.error(message) for message in detector_problems(detector, model))
    for forecast in [*model.capacity_forecasts, *model.spend_forecasts]:
        errors.extend(forecast.error(message) for message in forecast_problems(forecast, model))
    if errors:
        raise DefinitionErrors(errors)
    return {}


def _metric_problems(what: str, selector: str, expected: str, by: tuple[str, ...], model: Model) -> list[str]:
    from monitoring_codegen.model.slo import parse_selector

    name, matchers = parse_selector(selector, what)
    metric = model.metric(name)
    if metric is None or metric.type != expected:
        found = f" (it is a {metric.type})" if metric is not None else ""
        return [f"{what}: {_unknown(name, model, expected)}{found}"]
    series = metric.series()
    labels = series.get(f"{name}_count", series.get(name, frozenset()))
    problems = _label_problems(what, name, matchers, labels)
    missing = sorted(set(by) - labels)
    if missing:
        problems.append(
            f"by: {name} has no label {', '.join(missing)} in the catalog (it has {', '.join(sorted(labels))}), "
            "so that label would be empty on every band"
        )
    return problems


def detector_problems(detector, model: Model) -> list[str]:
    from monitoring_codegen.anomaly.rules import is_counter_metric, value_expr
    from monitoring_codegen.promql.catalog import catalog_from_model
    from monitoring_codegen.promql.labels import result_labels

    problems: list[str] = []
    if detector.metric is not None:
        if detector.detects == "latency":
            expected = "histogram"
        else:
            expected = "counter" if is_counter_metric(detector) else "gauge"
        problems += _metric_problems("metric", detector.metric, expected, detector.by, model)
    else:
        catalog = model.memo(("anomaly-catalog",), lambda: catalog_from_model(model, records=True))
        labels = result_labels(value_expr(detector), catalog)
        missing = [label for label in detector.by if not labels.has(label)]
        if missing:
            has = ", ".join(labels.names() or []) or "no labels"
            problems.append(
                f"by: the expression's result has no label {', '.join(missing)} (it keeps {has}); "
                "the bands would never match the value on it"
            )
        extra = sorted(labels.known - set(detector.by)) if not labels.open else []
        if extra:
            problems.append(
                f"expr keeps {', '.join(extra)} beside by=({', '.join(detector.by)}): aggregate it by the labels "
                "kept, e.g. sum by (" + ", ".join(detector.by) + ") (...)"
            )
    if detector.traffic is not None:
        problems += _metric_problems("traffic", detector.traffic, "counter", detector.by, model)
    return problems


def forecast_problems(forecast, model: Model) -> list[str]:
    from monitoring_codegen.model.forecast import CapacityForecast

    expected = "gauge" if isinstance(forecast, CapacityForecast) else "counter"
    return _metric_problems("metric", forecast.metric, expected, forecast.by, model)
