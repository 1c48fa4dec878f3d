"""SLOs for the slo/ lint checks: from the definitions, and from sloth `prometheus/v1` and
OpenSLO `v1alpha` spec files given to `mcg lint` (each SLO at its line in the file).

A spec file is read leniently: what the checks are about (an objective of 100, an SLI
reading a gauge, a threshold between buckets) is reported as findings, not as a refusal to
read the file; a SLI that cannot be read at all leaves its SLO to the objective check.
"""

from __future__ import annotations

import re
from typing import Any

from monitoring_codegen.errors import DefinitionError
from monitoring_codegen.lint.inputs.linted import LintedSLO

# How sloth tells its spec kinds apart (a line of the document, not a parse).
_SPEC_RE = re.compile(
    r"""^(version:[ \t]+['"]?prometheus/v1['"]?|apiVersion:[ \t]+['"]?openslo/v1alpha['"]?)[ \t]*(#.*)?$""", re.M
)


def looks_like_slo_spec(text: str) -> bool:
    return _SPEC_RE.search(text) is not None


def slos_from_model(model, where) -> list[LintedSLO]:
    """Every SLO of the definitions; `where(definition)` gives its (path, line)."""
    from monitoring_codegen.slo.alert_tests import input_series
    from monitoring_codegen.slo.rules import ALERT_GROUP_PREFIX

    module_tests = {test.target for test in model.alert_tests}
    out = []
    for slo in model.slos:
        path, line = where(slo)
        burn = [r for g in slo.rule_groups if g.name.startswith(ALERT_GROUP_PREFIX) for r in g.alerts()]
        tested = all(rule.tests or rule.alert in module_tests for rule in burn)
        if not slo.tests:
            reason = "tests=False"
        elif input_series(slo.sli) is None:
            reason = _why_untested(slo.sli)
        else:
            reason = ""
        out.append(
            LintedSLO(
                service=slo.service,
                name=slo.name,
                path=path,
                line=line,
                objective=slo.objective,
                sli=slo.sli,
                burn_alerts=bool(burn),
                tested=tested,
                untested_reason=reason,
                ignores=dict(slo.lint_ignore),
                from_definitions=True,
            )
        )
    return out


def _why_untested(sli) -> str:
    kind = getattr(sli, "kind", "")
    if kind == "raw":
        return "mcg cannot write input series for a raw SLI"
    if kind == "events":
        return "mcg writes input series for events SLIs of the form sum(rate(errors[w])) / sum(rate(total[w])) only"
    return "mcg cannot write input series for this SLI (its part and its total read different metrics?)"


def load_slo_spec(text: str, path: str) -> list[LintedSLO]:
    """The SLOs of a sloth or OpenSLO spec file, each at the line of its entry."""
    import yaml

    from monitoring_codegen.errors import UsageError
    from monitoring_codegen.yamlio import SafeLoader

    try:
        nodes = [n for n in yaml.compose_all(text, Loader=SafeLoader) if n is not None]
        documents = [d for d in yaml.load_all(text, Loader=SafeLoader) if d is not None]
    except yaml.YAMLError as exc:
        raise UsageError(f"{path}: not YAML: {exc}") from None
    out: list[LintedSLO] = []
    for node, document in zip(nodes, documents):
        if not isinstance(document, dict):
            continue
        if document.get("apiVersion") == "openslo/v1alpha":
            out.extend(_openslo(node, document, path))
        elif document.get("version") == "prometheus/v1":
            out.extend(_sloth(node, document, path))
    return out


def _child(node, key: str):
    """The YAML node under `key` of a mapping node, or None."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value in node.value:
        if getattr(key_node, "value", None) == key:
            return value
    return None


def _items(node, key: str) -> list:
    import yaml

    child = _child(node, key)
    return list(child.value) if isinstance(child, yaml.SequenceNode) else []


def _line(node, fallback) -> int:
    return node.start_mark.line + 1 if node is not None else fallback.start_mark.line + 1


def _read_sli(build, *args: Any, **kwargs: Any) -> tuple[Any, str | None]:
    try:
        return build(*args, **kwargs), None
    except DefinitionError as exc:
        return None, exc.message


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _sloth(node, document: dict, path: str) -> list[LintedSLO]:
    from monitoring_codegen.model.slo import SLO
    from monitoring_codegen.slo.alert_tests import input_series

    out = []
    items = _list(document.get("slos"))
    for item, item_node in zip(items, _items(node, "slos") or [None] * len(items)):
        if not isinstance(item, dict):
            continue
        sli_spec = _mapping(item.get("sli"))
        sli: Any = None
        problem: str | None = "no events or raw SLI"
        events, raw = sli_spec.get("events"), sli_spec.get("raw")
        if isinstance(events, dict):
            sli, problem = _read_sli(
                SLO.events, error_query=events.get("error_query"), total_query=events.get("total_query")
            )
        elif isinstance(raw, dict):
            sli, problem = _read_sli(SLO.raw, raw.get("error_ratio_query"))
        elif "plugin" in sli_spec:
            problem = "an SLI plugin (Go code run by sloth)"
        alerting = _mapping(item.get("alerting"))
        burn = any(not _mapping(alerting.get(key)).get("disable", False) for key in ("page_alert", "ticket_alert"))
        testable = sli is not None and input_series(sli) is not None
        out.append(
            LintedSLO(
                service=str(document.get("service")),
                name=str(item.get("name")),
                path=path,
                line=_line(item_node, node),
                objective=item.get("objective"),
                sli=sli,
                sli_problem=problem if sli is None else None,
                burn_alerts=burn,
                tested=testable,
                untested_reason="" if testable else (_why_untested(sli) if sli is not None else problem or ""),
            )
        )
    return out


def _openslo(node, document: dict, path: str) -> list[LintedSLO]:
    from monitoring_codegen.model.slo import SLO
    from monitoring_codegen.slo.openslo import _RAW_TEMPLATE

    spec = _mapping(document.get("spec"))
    metadata = _mapping(document.get("metadata"))
    objectives = _list(spec.get("objectives"))
    nodes = _items(_child(node, "spec"), "objectives") or [None] * len(objectives)
    out = []
    for index, (objective, item_node) in enumerate(zip(objectives, nodes)):
        if not isinstance(objective, dict):
            continue
        target = objective.get("target")
        ratio = _mapping(objective.get("ratioMetrics"))
        queries = {role: _mapping(ratio.get(role)).get("query") for role in ("good", "total")}
        sli: Any = None
        problem: str | None = "no ratioMetrics with good and total PromQL queries"
        if all(isinstance(q, str) for q in queries.values()):
            sli, problem = _read_sli(SLO.raw, _RAW_TEMPLATE.format(**queries))
        is_number = isinstance(target, (int, float)) and not isinstance(target, bool)
        out.append(
            LintedSLO(
                service=str(spec.get("service")),
                name=f"{metadata.get('name')}-{index}",
                path=path,
                line=_line(item_node, node),
                # OpenSLO targets are ratios; the objective is the percentage sloth makes of them.
                objective=target * 100 if is_number and target is not None else target,
                sli=sli,
                sli_problem=problem if sli is None else None,
                burn_alerts=False,  # OpenSLO v1alpha has no alerting: sloth generates no alerts
            )
        )
    return out
