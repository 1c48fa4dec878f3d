"""sloth `prometheus/v1` specs (github.com/slok/sloth, pkg/prometheus/api/v1) read into SLOs
(OpenSLO `v1alpha` documents in the same files: openslo.py).

Events and raw SLIs are supported; SLI plugins and SLO plugins run Go code inside sloth and
are refused with a message saying so. The period is not part of the spec (sloth takes it
from `--default-slo-period`, 30d by default): pass `period=` to override.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from monitoring_codegen.errors import DefinitionError
from monitoring_codegen.model.source import caller_location

SPEC_VERSION = "prometheus/v1"


class SlothSpecError(DefinitionError):
    pass


def load_documents(text: str, path: str) -> list[dict[str, Any]]:
    import yaml

    from monitoring_codegen.yamlio import SafeLoader

    try:
        documents = [d for d in yaml.load_all(text, Loader=SafeLoader) if d is not None]
    except yaml.YAMLError as exc:
        raise SlothSpecError(f"{path}: not YAML: {exc}") from None
    if not documents:
        raise SlothSpecError(f"{path}: no sloth spec in the file")
    return documents


def slos_from_text(text: str, path: str, *, location=None, **overrides: Any) -> list:
    """Every SLO of every `prometheus/v1` or OpenSLO `v1alpha` document in `text`."""
    from monitoring_codegen.slo.openslo import is_openslo, slos_from_openslo

    slos = []
    for number, document in enumerate(load_documents(text, path), start=1):
        where = f"{path} (document {number})" if number > 1 else path
        if is_openslo(document):
            slos.extend(slos_from_openslo(document, where, location, overrides))
        else:
            slos.extend(_slos_from_spec(document, where, location, overrides))
    return slos


def slos_from_file(path: str, **overrides: Any) -> list:
    location = caller_location(2)
    file = Path(path)
    if not file.is_absolute() and location is not None:
        file = Path(os.path.dirname(location.file)) / file
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise DefinitionError(f"cannot read sloth spec {path}: {exc.strerror}", kind="SLO", location=location) from None
    return slos_from_text(text, str(path), location=location, **overrides)


def _expect(mapping: Any, where: str) -> dict[str, Any]:
    if not isinstance(mapping, dict):
        raise SlothSpecError(f"{where}: expected a mapping, got {type(mapping).__name__}")
    return mapping


def _known(mapping: dict, keys: set[str], where: str) -> None:
    unknown = sorted(set(mapping) - keys)
    if unknown:
        raise SlothSpecError(
            f"{where}: unknown field {', '.join(unknown)} (sloth {SPEC_VERSION} has {', '.join(sorted(keys))})"
        )


def _slos_from_spec(spec: Any, where: str, location, overrides: dict[str, Any]) -> list:
    from monitoring_codegen.model.slo import SLI, SLO

    spec = _expect(spec, where)
    if spec.get("version") != SPEC_VERSION:
        raise SlothSpecError(
            f"{where}: version must be {SPEC_VERSION!r} (got {spec.get('version')!r}), or apiVersion "
            "openslo/v1alpha; Kubernetes PrometheusServiceLevel specs are not read yet"
        )
    _known(spec, {"version", "service", "labels", "slos", "slo_plugins"}, where)
    if spec.get("slo_plugins"):
        raise SlothSpecError(f"{where}: slo_plugins run Go code inside sloth; mcg cannot run them")
    if not spec.get("slos"):
        raise SlothSpecError(f"{where}: at least one SLO is required")
    out = []
    for item in spec["slos"]:
        item = _expect(item, f"{where}: slos")
        name = item.get("name")
        here = f"{where}: SLO {name!r}"
        _known(item, {"name", "description", "objective", "labels", "sli", "alerting", "plugins"}, here)
        if item.get("plugins"):
            raise SlothSpecError(f"{here}: plugins run Go code inside sloth; mcg cannot run them")
        sli_spec = _expect(item.get("sli"), f"{here}: sli")
        if "plugin" in sli_spec:
            plugin = (sli_spec.get("plugin") or {}).get("id", "?")
            raise SlothSpecError(
                f"{here}: SLI plugin {plugin!r} runs Go code inside sloth, which mcg cannot run; "
                "write the SLI as events (error_query/total_query) or raw (error_ratio_query)"
            )
        # Values as read from YAML (maybe missing or not text): the SLI's validation says what is wrong.
        sli: SLI
        if "events" in sli_spec:
            events = _expect(sli_spec["events"], f"{here}: sli.events")
            error_query: Any = events.get("error_query")
            total_query: Any = events.get("total_query")
            sli = SLO.events(error_query=error_query, total_query=total_query)
        elif "raw" in sli_spec:
            error_ratio_query: Any = _expect(sli_spec["raw"], f"{here}: sli.raw").get("error_ratio_query")
            sli = SLO.raw(error_ratio_query)
        else:
            raise SlothSpecError(f"{here}: sli needs events or raw")
        alerting = _expect(item.get("alerting") or {}, f"{here}: alerting")

        page, ticket = (_alert(alerting, key, here) for key in ("page_alert", "ticket_alert"))
        if (page.enabled or ticket.enabled) and not alerting.get("name"):
            raise SlothSpecError(f"{here}: alerting.name is required while an alert is enabled")
        fields = dict(
            service=spec.get("service"),
            name=name,
            description=item.get("description") or "",
            objective=item.get("objective"),
            sli=sli,
            labels={**(spec.get("labels") or {}), **(item.get("labels") or {})},
            alert=alerting.get("name"),
            alert_labels=alerting.get("labels") or {},
            alert_annotations=alerting.get("annotations") or {},
            page=page,
            ticket=ticket,
            info={"sloth_mode": "cli-gen-prom", "sloth_spec": SPEC_VERSION, "sloth_version": "mcg"},
            # sloth has no budget policy: a spec gives sloth's rules unless the caller asks for one.
            budget_alerts=None,
        )
        # sloth's --extra-labels: merged over the spec's labels.
        fields.update({k: v for k, v in overrides.items() if k != "extra_labels"})
        fields["labels"] = {**fields["labels"], **(overrides.get("extra_labels") or {})}
        out.append(_build(SLO, fields, where, location))
    return out


def _alert(alerting: dict[str, Any], key: str, here: str):
    from monitoring_codegen.model.slo import SLOAlert

    spec = _expect(alerting.get(key) or {}, f"{here}: alerting.{key}")
    return SLOAlert(
        enabled=not spec.get("disable", False),
        labels=spec.get("labels") or {},
        annotations=spec.get("annotations") or {},
    )


def _build(cls, fields: dict[str, Any], here: str, location):
    try:
        slo = cls(**fields)
    except DefinitionError as exc:
        raise DefinitionError(f"{here}: {exc.message}", kind="SLO", name=exc.name, location=location) from None
    if location is not None:
        slo._source = location
    return slo
