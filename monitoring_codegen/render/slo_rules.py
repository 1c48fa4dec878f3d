"""SLOs against the metric catalog, when the model is rendered.

An SLO's rules are ordinary rule groups of the model (prometheus/rules/slo-<service>.yaml,
rendered by rules.py, with their tests by rule_tests.py); what only the whole model can
tell is checked here: a ratio reads counters the catalog declares, with labels they have,
and a latency SLI reads a catalog histogram whose buckets include the threshold.
"""

from __future__ import annotations

import difflib

from monitoring_codegen.errors import DefinitionError, DefinitionErrors
from monitoring_codegen.model.project import Model


def check_slos(model: Model) -> dict[str, bytes]:
    """Renders nothing; raises DefinitionErrors naming each SLO whose SLI the catalog refutes."""
    errors: list[DefinitionError] = []
    for slo in model.slos:
        errors.extend(slo.error(message) for message in sli_catalog_problems(slo.sli, model))
    if errors:
        raise DefinitionErrors(errors)
    return {}


def _unknown(name: str, model: Model, kind: str) -> str:
    names = [m.name for m in model.metrics if m.type == kind]
    close = difflib.get_close_matches(name, names, n=1)
    return f"{name!r} is not a {kind} in the metric catalog" + (f" (did you mean {close[0]!r}?)" if close else "")


def sli_catalog_problems(sli, model: Model) -> list[str]:
    from monitoring_codegen.model.slo import LatencySLI, RatioSLI

    problems = []
    if isinstance(sli, RatioSLI):
        for role, name, matchers in sli.metrics():
            metric = model.metric(name)
            if metric is None or metric.type != "counter":
                what = f" (it is a {metric.type})" if metric is not None else ""
                problems.append(
                    f"sli {role}: {_unknown(name, model, 'counter')}{what}; a ratio SLI divides rates of counters"
                )
                continue
            problems.extend(_label_problems(f"sli {role}", name, matchers, metric.series()[name]))
    elif isinstance(sli, LatencySLI):
        metric = model.metric(sli.histogram)
        if metric is None or metric.type != "histogram":
            what = f" (it is a {metric.type})" if metric is not None else ""
            return [f"sli histogram: {_unknown(sli.histogram, model, 'histogram')}{what}"]
        buckets = list(metric.buckets or ())
        if buckets and float(sli.threshold) not in [float(b) for b in buckets]:
            below = [b for b in buckets if b < sli.threshold]
            above = [b for b in buckets if b > sli.threshold]
            nearest = ", ".join(f"{b:g}" for b in ([below[-1]] if below else []) + ([above[0]] if above else []))
            problems.append(
                f"sli threshold {sli.threshold:g} is not a bucket of {sli.histogram} "
                f"(nearest: {nearest}; buckets: {', '.join(f'{b:g}' for b in buckets)}): "
                "the share of faster requests is only known at bucket bounds"
            )
        elif not buckets:
            problems.append(
                f"sli histogram: {sli.histogram} declares no buckets, so a threshold cannot be "
                "checked; declare buckets=(...) on the Metric"
            )
        problems.extend(
            _label_problems("sli selector", sli.histogram, sli._matchers(), metric.series()[f"{sli.histogram}_count"])
        )
    return problems


def _label_problems(what: str, name: str, matchers, labels: frozenset[str]) -> list[str]:
    unknown = sorted({label for label, _, _ in matchers} - labels)
    if not unknown:
        return []
    return [f"{what}: {name} has no label {', '.join(unknown)} in the catalog (it has {', '.join(sorted(labels))})"]
