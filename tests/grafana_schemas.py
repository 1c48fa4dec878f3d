"""Grafana 11.6's JSON schemas (tests/schemas/grafana/v11.6, generated from Grafana's CUE kinds by
grafana-foundation-sdk) applied to a dashboard: the dashboard, each panel (row or not), each
panel's `options` and `fieldConfig.defaults.custom` against its panel type's `Options` and
`FieldConfig`, and each Prometheus query against the Prometheus `dataquery`.

The schemas are stricter than Grafana in a few documented places (tests/schemas/README.md);
only those are allowed:
- `null` for a new dashboard's `id` and for the base threshold step's `value` (Grafana writes both);
- `required` options and field settings: Grafana fills missing ones from the panel's defaults;
- a query variable's `definition` (Grafana 11 writes it; the Grafana 12 schema lists it);
- the table's `cellOptions` union lost its discriminator in generation (every branch accepts
  every `type`), so each branch is tied to the `type` its default names;
- an override's `matcher.options` and property `value` are any JSON value in Grafana's CUE
  (`_`), generated as "object": Grafana writes strings and numbers there (`byName` "errors").
Beyond the schemas, a key the schema marks deprecated (table `displayMode`, `intervalFactor`)
is reported: Grafana no longer migrates it at schemaVersion 39.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator, ValidationError, validators

SCHEMAS = Path(__file__).parent / "schemas" / "grafana" / "v11.6"


@functools.cache
def _schema(name: str) -> dict[str, Any]:
    schema = json.loads((SCHEMAS / f"{name}.jsonschema.json").read_text(encoding="utf-8"))
    for definition in schema.get("definitions", {}).values():
        kind = (definition.get("properties") or {}).get("type")
        if isinstance(kind, dict) and "allOf" in kind and isinstance(kind.get("default"), str):
            # A branch of a tagged union (TableCellOptions): its tag is the default it names.
            kind["const"] = kind["default"]

    _ref_beside_keywords(schema)
    definitions = schema.get("definitions", {})
    if "MatcherConfig" in definitions:
        definitions["MatcherConfig"]["properties"]["options"] = {}
    if "DynamicConfigValue" in definitions:
        definitions["DynamicConfigValue"]["properties"]["value"] = {}
    return schema


def _ref_beside_keywords(node: Any) -> None:
    """Draft 7 ignores every keyword beside `$ref`; the generator puts `description` (and with it
    "deprecated") there. `allOf: [{$ref}]` keeps both."""
    if isinstance(node, dict):
        if "$ref" in node and len(node) > 1:
            node["allOf"] = [{"$ref": node.pop("$ref")}, *node.get("allOf", [])]
        for value in node.values():
            _ref_beside_keywords(value)
    elif isinstance(node, list):
        for value in node:
            _ref_beside_keywords(value)


# "@deprecated ...", "Deprecated: ...", "This field is deprecated ...": about the key itself (an
# enum's description that mentions deprecated values is not).
_DEPRECATED = re.compile(r"^(@deprecated|deprecated\b|this field is deprecated)", re.IGNORECASE)


def _deprecated(validator, description, instance, schema):
    if isinstance(description, str) and _DEPRECATED.match(description):
        yield ValidationError(f"deprecated: {description.splitlines()[0]}")


# Draft 7 plus one check: a value where the schema says the key is deprecated.
_Validator = validators.extend(Draft7Validator, {"description": _deprecated})


@functools.cache
def _validator(name: str, definition: str) -> Draft7Validator | None:
    schema = _schema(name)
    if definition not in schema.get("definitions", {}):
        return None
    return _Validator({**schema, "$ref": f"#/definitions/{definition}"})


def panel_types() -> set[str]:
    """Panel types with an `Options` schema."""
    return {
        p.name.split(".")[0]
        for p in SCHEMAS.glob("*.jsonschema.json")
        if "Options" in _schema(p.name.split(".")[0])["definitions"]
    }


def _where(path) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def _base_step_null(error) -> bool:
    path = list(error.absolute_path)
    return error.validator == "type" and error.instance is None and path[-4:] == ["thresholds", "steps", 0, "value"]


def _errors(validator: Draft7Validator, instance: Any, where: str, allow_required: bool = False) -> list[str]:
    out = []
    for error in validator.iter_errors(instance):
        if _base_step_null(error) or (allow_required and error.validator == "required"):
            continue
        out.append(f"{where}{_where(error.absolute_path)}: {error.message[:300]}")
    return out


def _is_prometheus(ref: Any) -> bool:
    return isinstance(ref, dict) and ref.get("type") == "prometheus"


# Grafana core panels the foundation SDK's jsonschema export leaves out (its v11.6 and main
# folders have no state-timeline or status-history kind): their options cannot be checked here.
CORE_TYPES_WITHOUT_SCHEMA = frozenset({"state-timeline", "status-history"})


def _panel_problems(panel: Any, where: str) -> list[str]:
    if not isinstance(panel, dict):
        return [f"{where}: not an object"]
    kind = panel.get("type")
    problems = _errors(_validator("dashboard", "RowPanel" if kind == "row" else "Panel"), panel, where)
    if kind == "row":
        for index, child in enumerate(panel.get("panels") or []):
            problems += _panel_problems(child, f"{where}.panels[{index}]")
        return problems
    if kind in CORE_TYPES_WITHOUT_SCHEMA:
        return problems  # the panel itself is checked above; its options have no schema to meet
    if kind not in panel_types():
        return problems + [f"{where}: panel type {kind!r} has no schema here"]
    options = _validator(kind, "Options")
    problems += _errors(options, panel.get("options") or {}, f"{where}.options", allow_required=True)
    custom = ((panel.get("fieldConfig") or {}).get("defaults") or {}).get("custom")
    field_config = _validator(kind, "FieldConfig")
    if field_config is not None:
        problems += _errors(field_config, custom or {}, f"{where}.fieldConfig.defaults.custom", allow_required=True)
    elif custom:
        problems.append(f"{where}.fieldConfig.defaults.custom: a {kind} panel has no custom field config, got {custom}")
    for index, target in enumerate(panel.get("targets") or []):
        if "expr" in target and (_is_prometheus(target.get("datasource")) or _is_prometheus(panel.get("datasource"))):
            problems += _errors(_validator("prometheus", "dataquery"), target, f"{where}.targets[{index}]")
    return problems


def dashboard_problems(board: dict[str, Any]) -> list[str]:
    """Every place `board` breaks Grafana 11.6's schemas, beyond the documented over-strictness."""
    top = copy.deepcopy({k: v for k, v in board.items() if k != "panels"})
    if top.get("id") is None:
        top.pop("id", None)
    for variable in (top.get("templating") or {}).get("list") or []:
        if isinstance(variable, dict) and isinstance(variable.get("definition"), str):
            variable.pop("definition")
    problems = _errors(_validator("dashboard", "Dashboard"), {**top, "panels": []}, "dashboard")
    for index, panel in enumerate(board.get("panels") or []):
        problems += _panel_problems(panel, f"panels[{index}]")
    return problems
