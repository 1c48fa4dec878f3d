"""Prometheus rule files, PrometheusRule manifests and Mimir/Cortex namespaces -> a Python module.

Rules are read as Prometheus reads them (every scalar as text, YAML merge keys applied) by
the linter's reader, so what the module declares renders back to the same rules.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from monitoring_codegen.errors import UsageError
from monitoring_codegen.importer.notes import Notes
from monitoring_codegen.importer.pycode import call, literal
from monitoring_codegen.lint.inputs.linted import LintedRuleFile
from monitoring_codegen.lint.inputs.rule_files import NotARuleFile, compose_rule_file

# Group keys mcg's RuleGroup models; any other is reported as not imported.
_GROUP_KEYS = {"name", "rules", "interval", "limit"}
_RULE_KEYS = {"alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations"}

try:  # libyaml is several times faster than the pure-Python parser
    _YAML_LOADER = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _YAML_LOADER = yaml.SafeLoader


def read_rules(text: str, path: str) -> LintedRuleFile:
    """The groups of a rule file; NotARuleFile when it has none, UsageError when a rule is malformed."""
    rule_file = compose_rule_file(text, path)
    for group in rule_file.groups:
        for problem in group.structure:
            raise UsageError(f"{path}:{group.line}: {problem}")
        for rule in group.rules:
            for problem in rule.structure:
                raise UsageError(f"{path}:{rule.line}: {problem}")
    return rule_file


def _plain_groups(text: str) -> list[dict[str, Any]]:
    """The groups as plain data, in the order compose_rule_file reads them (for keys it skips)."""
    try:
        documents = list(yaml.load_all(text, Loader=_YAML_LOADER))
    except yaml.YAMLError:
        return []
    holders: list[dict] = []
    for document in documents:
        if not isinstance(document, dict):
            continue
        if document.get("kind") == "List" and isinstance(document.get("items"), list):
            holders.extend(item for item in document["items"] if isinstance(item, dict))
        else:
            holders.append(document)
    groups: list[dict[str, Any]] = []
    for top in holders:
        found = top.get("groups")
        if found is None and top.get("kind") == "PrometheusRule" and isinstance(top.get("spec"), dict):
            found = top["spec"].get("groups")
        if isinstance(found, list):
            groups.extend(g if isinstance(g, dict) else {} for g in found)
    return groups


def constant_name(text: str, taken: set[str]) -> str:
    """An UPPER_CASE Python name for `text`, not in `taken` (which it joins)."""
    base = re.sub(r"[^A-Za-z0-9]+", "_", re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)).strip("_").upper()
    if not base or base[0].isdigit():
        base = "GROUP_" + base
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    taken.add(name)
    return name


def rules_module(
    text: str, path: str, display: str, file_stem: str, notes: Notes
) -> tuple[str, LintedRuleFile, list[str]]:
    """(module source, the rules read, the expressions) for one rule file."""
    try:
        rule_file = read_rules(text, path)
    except NotARuleFile:
        raise UsageError(f"{display}: neither a Grafana dashboard nor a Prometheus rule file") from None
    plain = _plain_groups(text)
    if len(plain) != len(rule_file.groups):
        plain = [{} for _ in rule_file.groups]
    names: set[str] = set()  # every group a constant of its own
    blocks: list[str] = []
    exprs: list[str] = []
    uses_alert = uses_record = False
    for group, raw in zip(rule_file.groups, plain, strict=True):
        for key in sorted(set(raw) - _GROUP_KEYS):
            notes.add(display, f"group {group.name!r} (line {group.line})", f"`{key}` is not imported")
        rules = []
        built: list[Any] = []  # the definitions the code declares, checked by mcg's model
        for rule, raw_rule in zip(group.rules, _raw_rules(raw, len(group.rules)), strict=True):
            where = f"{rule.kind} {rule.name!r} (line {rule.line})"
            for key in sorted(set(raw_rule) - _RULE_KEYS):
                notes.add(display, where, f"`{key}` is not imported")
            exprs.append(rule.expr)
            if rule.kind == "alert":
                uses_alert = True
                kwargs: dict[str, Any] = {"alert": rule.name, "expr": rule.expr}
                if rule.for_ is not None:
                    kwargs["for_"] = rule.for_
                if rule.keep_firing_for is not None:
                    kwargs["keep_firing_for"] = rule.keep_firing_for
                if rule.labels:
                    kwargs["labels"] = rule.labels
                if rule.annotations:
                    kwargs["annotations"] = rule.annotations
                built.append(_checked(display, where, "AlertRule", kwargs))
                rules.append(call("AlertRule", **kwargs))
            else:
                uses_record = True
                kwargs = {"record": rule.name, "expr": rule.expr}
                if rule.labels:
                    kwargs["labels"] = rule.labels
                built.append(_checked(display, where, "RecordingRule", kwargs))
                rules.append(call("RecordingRule", **kwargs))
        group_args: dict[str, Any] = {"name": group.name, "file": file_stem}
        if group.interval is not None:
            group_args["interval"] = group.interval
        if isinstance(raw.get("limit"), int) and not isinstance(raw.get("limit"), bool) and raw["limit"]:
            group_args["limit"] = raw["limit"]
        _checked(display, f"group {group.name!r} (line {group.line})", "RuleGroup", {**group_args, "rules": built})
        group_args["rules"] = rules
        blocks.append(f"{constant_name(group.name, names)} = {literal(call('RuleGroup', **group_args))}")
    imports = sorted(
        {"RuleGroup"} | ({"AlertRule"} if uses_alert else set()) | ({"RecordingRule"} if uses_record else set())
    )
    source = (
        f'"""Rules imported by `mcg import` from {display}."""\n\n'
        f"from monitoring_codegen import {', '.join(imports)}\n\n" + "\n\n".join(blocks) + "\n"
    )
    return source, rule_file, exprs


def _checked(display: str, where: str, kind: str, kwargs: dict[str, Any]) -> Any:
    """The definition the generated code declares, built now: a value mcg's model refuses stops
    the import naming the file and the rule, instead of the build failing later."""
    from monitoring_codegen.errors import DefinitionError
    from monitoring_codegen.model.rules import AlertRule, RecordingRule, RuleGroup

    cls = {"AlertRule": AlertRule, "RecordingRule": RecordingRule, "RuleGroup": RuleGroup}[kind]
    try:
        return cls(**kwargs)
    except DefinitionError as exc:
        raise UsageError(f"{display}: {where}: {exc.message}") from None


def _raw_rules(raw_group: dict[str, Any], count: int) -> list[dict[str, Any]]:
    rules = raw_group.get("rules")
    if isinstance(rules, list) and len(rules) == count:
        return [r if isinstance(r, dict) else {} for r in rules]
    return [{} for _ in range(count)]
