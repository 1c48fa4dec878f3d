"""Prometheus rule files compared per rule: a rule is its group plus its alert or record
name plus its labels, wherever the file puts it. Reordering rules or groups changes
nothing a reviewer needs to see; moving a rule to another group or file is one line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from monitoring_codegen.differ.changes import ADDED, CHANGED, MOVED, REMOVED, Change, field_changes, pair_up, show

_RULE_OWN_KEYS = ("alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations")


def parse_rule_file(content: bytes) -> dict[str, Any] | None:
    """The rule file as data, or None when the YAML is not a Prometheus rule file."""
    from monitoring_codegen.yamlio import load_yaml

    try:
        data = load_yaml(content)
    except Exception:  # any YAML error: the file is then diffed as text
        return None
    if isinstance(data, dict) and data.get("kind") == "PrometheusRule" and isinstance(data.get("spec"), dict):
        # prometheus-operator's resource: the same groups under `spec`; the rest is diffed as fields.
        data = {**data["spec"], "metadata": data.get("metadata")}
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        return None
    for group in data["groups"]:
        if not isinstance(group, dict) or not isinstance(group.get("rules", []), list):
            return None
        if not all(isinstance(rule, dict) for rule in group.get("rules") or []):
            return None
    return data


@dataclass
class _Rule:
    path: str
    group: str
    kind: str  # alert | record
    name: str
    labels: tuple[tuple[str, str], ...]
    data: dict[str, Any]
    subject: str = ""

    def key(self, *parts: str):
        values = {"path": self.path, "group": self.group, "name": (self.kind, self.name), "labels": self.labels}
        return tuple(values[p] for p in parts)


@dataclass
class _Group:
    path: str
    name: str
    data: dict[str, Any]


def _flatten(files: dict[str, dict]) -> tuple[list[_Group], list[_Rule]]:
    groups: list[_Group] = []
    rules: list[_Rule] = []
    for path, data in sorted(files.items()):
        for group in data["groups"]:
            name = str(group.get("name", ""))
            groups.append(_Group(path, name, group))
            for rule in group.get("rules") or []:
                kind = "alert" if "alert" in rule else "record"
                labels = rule.get("labels") if isinstance(rule.get("labels"), dict) else {}
                rules.append(
                    _Rule(
                        path,
                        name,
                        kind,
                        str(rule.get(kind, "")),
                        tuple(sorted((str(k), show(v)) for k, v in labels.items())),
                        rule,
                    )
                )
    return groups, rules


def _name_subjects(rules: list[_Rule]) -> None:
    """`alert X (group g)`, with the labels only when they are what tells two rules apart."""
    seen: dict[tuple, set] = {}
    for rule in rules:
        seen.setdefault(rule.key("group", "name"), set()).add(rule.labels)
    for rule in rules:
        subject = f"{rule.kind} {rule.name}"
        if len(seen[rule.key("group", "name")]) > 1:
            subject += "{" + ", ".join(f'{k}="{v}"' for k, v in rule.labels) + "}"
        rule.subject = f"{subject} (group {rule.group})"


def diff_rule_files(old: dict[str, dict], new: dict[str, dict]) -> dict[str, list[Change]]:
    """Changes per rule file path (the new path of a moved rule, the old one of a removed rule)."""
    old_groups, old_rules = _flatten(old)
    new_groups, new_rules = _flatten(new)
    _name_subjects(old_rules)  # per side: a label change alone must not rename the rule
    _name_subjects(new_rules)
    by_path: dict[str, list[Change]] = {path: [] for path in sorted(set(old) | set(new))}
    for path in set(old) & set(new):
        # Anything beside the groups (a PrometheusRule's metadata, say) compares as fields.
        by_path[path].extend(
            field_changes(
                "rule file",
                {k: v for k, v in old[path].items() if k != "groups"},
                {k: v for k, v in new[path].items() if k != "groups"},
            )
        )

    group_pairs, groups_removed, groups_added = pair_up(
        old_groups, new_groups, [lambda g: (g.path, g.name), lambda g: g.name]
    )
    for group in groups_removed:
        by_path[group.path].append(Change(REMOVED, f"group {group.name}", None, _rule_count(group), None))
    for group in groups_added:
        by_path[group.path].append(Change(ADDED, f"group {group.name}", None, None, _rule_count(group)))
    for a, b in group_pairs:
        if a.path != b.path:
            by_path[b.path].append(Change(MOVED, f"group {b.name}", "file", a.path, b.path))
        a_rest = {k: v for k, v in a.data.items() if k != "rules"}
        b_rest = {k: v for k, v in b.data.items() if k != "rules"}
        by_path[b.path].extend(field_changes(f"group {b.name}", a_rest, b_rest))

    pairs, removed, added = pair_up(
        old_rules,
        new_rules,
        [
            lambda r: r.key("path", "group", "name", "labels"),
            lambda r: r.key("group", "name", "labels"),
            lambda r: r.key("path", "group", "name"),
            lambda r: r.key("group", "name"),
            lambda r: r.key("name", "labels"),
        ],
    )
    for rule in removed:
        by_path[rule.path].append(Change(REMOVED, rule.subject, None, _opt(rule.data.get("expr")), None))
    for rule in added:
        by_path[rule.path].append(Change(ADDED, rule.subject, None, None, _opt(rule.data.get("expr"))))
    for a, b in pairs:
        by_path[b.path].extend(_compare_rule(a, b))
    return by_path


def _compare_rule(old: _Rule, new: _Rule) -> list[Change]:
    subject = new.subject
    changes: list[Change] = []
    if (old.path, old.group) != (new.path, new.group):
        where_old = old.group if old.path == new.path else f"{old.group} in {old.path}"
        changes.append(Change(MOVED, subject, "group", where_old, new.group))
    for key in ("expr", "for", "keep_firing_for"):
        if old.data.get(key) != new.data.get(key):
            changes.append(Change(CHANGED, subject, key, _opt(old.data.get(key)), _opt(new.data.get(key))))
    for key in ("labels", "annotations"):
        a = old.data.get(key) or {}
        b = new.data.get(key) or {}
        if a == b:
            continue
        if not isinstance(a, dict) or not isinstance(b, dict):
            changes.append(Change(CHANGED, subject, key, show(a), show(b)))
            continue
        for name in sorted(set(a) | set(b)):
            if a.get(name) != b.get(name):
                action = ADDED if name not in a else REMOVED if name not in b else CHANGED
                changes.append(Change(action, subject, f"{key}.{name}", _opt(a.get(name)), _opt(b.get(name))))
    old_rest = {k: v for k, v in old.data.items() if k not in _RULE_OWN_KEYS}
    new_rest = {k: v for k, v in new.data.items() if k not in _RULE_OWN_KEYS}
    changes.extend(field_changes(subject, old_rest, new_rest))
    return changes


def _opt(value: Any) -> str | None:
    return None if value is None else show(value)


def rule_count(data: dict[str, Any]) -> int:
    return sum(len(g.get("rules") or []) for g in data["groups"])


def _rule_count(group) -> str:
    count = len(group.data.get("rules") or [])
    return f"{count} rule{'' if count == 1 else 's'}"
