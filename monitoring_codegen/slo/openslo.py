"""OpenSLO `v1alpha` SLO documents, read as sloth reads them (sloth internal/storage/io/openslo.go).

Each objective of an OpenSLO SLO becomes one SLO named `<metadata.name>-<index>`. Only
`ratioMetrics` with PromQL `good` and `total` queries are read; sloth turns them into a raw
error ratio, `1 - (good / total)`, and so does mcg, so the rules are the same. OpenSLO has no
alerting in v1alpha: sloth generates no burn-rate alerts for these specs (nor does mcg, unless
`alerts=True` and alert names are given as overrides). The period is the spec's single
`timeWindows` entry in days, else the default period.
"""

from __future__ import annotations

from typing import Any

API_VERSION = "openslo/v1alpha"
_RAW_TEMPLATE = "\n  1 - (\n    (\n      {good}\n    )\n    /\n    (\n      {total}\n    )\n  )\n"


def is_openslo(document: Any) -> bool:
    return isinstance(document, dict) and document.get("apiVersion") == API_VERSION


def slos_from_openslo(spec: Any, where: str, location, overrides: dict[str, Any]) -> list:
    from monitoring_codegen.model.slo import SLO
    from monitoring_codegen.slo.sloth import SlothSpecError, _build, _expect

    spec = _expect(spec, where)
    if spec.get("kind") != "SLO":
        raise SlothSpecError(f"{where}: kind must be 'SLO' for {API_VERSION} (got {spec.get('kind')!r})")
    metadata = _expect(spec.get("metadata") or {}, f"{where}: metadata")
    body = _expect(spec.get("spec") or {}, f"{where}: spec")
    objectives = body.get("objectives")
    if not isinstance(objectives, list) or not objectives:
        raise SlothSpecError(f"{where}: spec.objectives: at least one SLO is required")
    period = _period(body.get("timeWindows"), where)
    out = []
    for index, objective in enumerate(objectives):
        here = f"{where}: spec.objectives[{index}]"
        objective = _expect(objective, here)
        ratio = objective.get("ratioMetrics")
        if not isinstance(ratio, dict):
            raise SlothSpecError(f"{here}: missing ratioMetrics (the only objective sloth and mcg read)")
        queries = {role: _query(ratio.get(role), f"{here}: ratioMetrics.{role}") for role in ("good", "total")}
        target = objective.get("target")
        if isinstance(target, bool) or not isinstance(target, (int, float)):
            raise SlothSpecError(f"{here}: target must be a ratio such as 0.999, got {target!r}")
        fields: dict[str, Any] = dict(
            service=body.get("service"),
            name=f"{metadata.get('name')}-{index}",
            description=body.get("description") or "",
            objective=target * 100,  # OpenSLO has ratios, sloth percentages
            period=period or overrides.get("period", "30d"),
            sli=SLO.raw(_RAW_TEMPLATE.format(**queries)),
            alerts=False,
            budget_alerts=None,
            info={"sloth_mode": "cli-gen-openslo", "sloth_spec": API_VERSION, "sloth_version": "mcg"},
        )
        fields.update({k: v for k, v in overrides.items() if k not in ("extra_labels", "period")})
        fields["labels"] = dict(overrides.get("extra_labels") or {})
        if "info" in overrides:
            fields["info"] = {**fields["info"], "sloth_mode": "cli-gen-openslo", "sloth_spec": API_VERSION}
        out.append(_build(SLO, fields, where, location))
    return out


def _query(indicator: Any, here: str) -> str:
    from monitoring_codegen.slo.sloth import SlothSpecError

    if not isinstance(indicator, dict):
        raise SlothSpecError(f"{here}: expected source, queryType and query")
    if indicator.get("source") not in ("prometheus", "sloth"):
        raise SlothSpecError(f"{here}: source must be prometheus (or sloth), got {indicator.get('source')!r}")
    if indicator.get("queryType") != "promql":
        raise SlothSpecError(f"{here}: queryType must be promql, got {indicator.get('queryType')!r}")
    query = indicator.get("query")
    if not isinstance(query, str) or not query.strip():
        raise SlothSpecError(f"{here}: query must be a PromQL expression with {{{{.window}}}}")
    return query


def _period(windows: Any, where: str) -> str | None:
    from monitoring_codegen.slo.sloth import SlothSpecError

    if not windows:
        return None
    if not isinstance(windows, list) or len(windows) > 1:
        raise SlothSpecError(f"{where}: spec.timeWindows: only one time window is supported (as in sloth)")
    window = windows[0]
    if not isinstance(window, dict) or str(window.get("unit", "")).lower() != "day":
        raise SlothSpecError(f"{where}: spec.timeWindows: only windows in days are supported (unit: Day)")
    count = window.get("count")
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise SlothSpecError(f"{where}: spec.timeWindows: count must be a whole number of days, got {count!r}")
    return f"{count}d"
