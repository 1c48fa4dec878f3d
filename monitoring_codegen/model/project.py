"""The loaded, validated model: the single place definitions live once loaded.

Renderers, the linter, the differ and the test runner all read this; none of
them imports definitions on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from monitoring_codegen.errors import DefinitionError, DefinitionErrors
from monitoring_codegen.model.names import case_collisions

if TYPE_CHECKING:
    from monitoring_codegen.model.catalog import Metric
    from monitoring_codegen.model.dashboards import Dashboard
    from monitoring_codegen.model.datasources import Datasource
    from monitoring_codegen.model.rule_tests import AlertTest, RecordTest
    from monitoring_codegen.model.rules import AlertRule, RecordingRule, RuleGroup
    from monitoring_codegen.model.server.environments import Environment
    from monitoring_codegen.model.server.routing import AlertRouting


@dataclass
class Model:
    """Every top-level definition, one list per kind, each sorted by key."""

    root: Path
    definitions_dir: Path | None
    metrics: list[Metric] = field(default_factory=list)
    rule_groups: list[RuleGroup] = field(default_factory=list)
    datasources: list[Datasource] = field(default_factory=list)
    dashboards: list[Dashboard] = field(default_factory=list)
    environments: list[Environment] = field(default_factory=list)
    # Alertmanager configurations declared at module level (environments may also hold their own).
    routings: list[AlertRouting] = field(default_factory=list)
    # Rule tests declared beside their rule (`AlertTest(alert="X", ...)`); those inside
    # `AlertRule(tests=[...])` belong to their rule and are reached through it.
    alert_tests: list[AlertTest] = field(default_factory=list)
    record_tests: list[RecordTest] = field(default_factory=list)
    # Derived data shared by renderers (a dashboard's JSON, a rule file's YAML text), so an
    # artifact that several outputs embed is computed once. Pure: a function of the model.
    cache: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def memo(self, key: Any, compute):
        try:
            return self.cache[key]
        except KeyError:
            value = self.cache[key] = compute()
            return value

    def alerts(self) -> list[AlertRule]:
        return [rule for group in self.rule_groups for rule in group.alerts()]

    def records(self) -> list[RecordingRule]:
        return [rule for group in self.rule_groups for rule in group.records()]

    def alerts_by_name(self) -> dict[str, list[AlertRule]]:
        """Alert name -> its rules in declaration (group) order: one name may have several
        (a warning and a critical variant). Computed once; do not modify."""
        return self.memo(("alerts-by-name",), lambda: _index(self.alerts(), "alert"))

    def records_by_name(self) -> dict[str, list[RecordingRule]]:
        """Recorded series name -> the recording rules that write it. Computed once; do not modify."""
        return self.memo(("records-by-name",), lambda: _index(self.records(), "record"))

    def metric(self, name: str):
        for metric in self.metrics:
            if metric.name == name:
                return metric
        return None

    def datasource_by_name_or_uid(self, ref: str):
        for ds in self.datasources:
            if ref in (ds.name, ds.uid):
                return ds
        return None

    def default_datasource(self, type_: str = "prometheus"):
        candidates = [ds for ds in self.datasources if ds.type == type_]
        for ds in candidates:
            if ds.is_default:
                return ds
        return candidates[0] if candidates else None

    def relpath(self, file: str) -> str:
        from monitoring_codegen.model.source import display_path

        return display_path(file, self.root)


def _index(rules, attribute: str) -> dict[str, list]:
    index: dict[str, list] = {}
    for rule in rules:
        index.setdefault(getattr(rule, attribute), []).append(rule)
    return index


# Kind of a top-level definition -> the Model field that holds it.
_KINDS = {
    "Metric": "metrics",
    "RuleGroup": "rule_groups",
    "Datasource": "datasources",
    "Dashboard": "dashboards",
    "Environment": "environments",
    "AlertRouting": "routings",
    "AlertTest": "alert_tests",
    "RecordTest": "record_tests",
}


def _same(a, b) -> bool:
    try:
        return bool(a == b)
    except Exception:  # a value without a usable ==: count them as different, never drop one silently
        return False


def _sort_key(definition) -> tuple:
    source = definition.source
    return (str(definition.key), source.file if source else "", source.line if source else 0)


def build_model(root: Path, definitions_dir: Path | None, collected: Iterable[Any]) -> Model:
    """Group collected definitions by kind, drop double imports, reject duplicates."""
    errors: list[DefinitionError] = []
    by_kind: dict[str, dict[str, Any]] = {}
    for definition in collected:
        if not getattr(definition, "top_level", False):
            continue
        if definition.kind not in _KINDS:  # a Definition subclass of the user's own
            errors.append(DefinitionError(f"{type(definition).__name__} is not a kind of definition mcg renders",
                                          location=definition.source))
            continue
        bucket = by_kind.setdefault(definition.kind, {})
        key = str(definition.key)
        previous = bucket.get(key)
        if previous is None:
            bucket[key] = definition
        elif previous is definition or (previous.source == definition.source and _same(previous, definition)):
            # The same declaration reached twice (module imported under two names).
            continue
        else:
            first, second = sorted([previous, definition], key=lambda d: d.source or ())
            # A loop or a helper called twice declares from one line: say so, or the two
            # places named below look like one.
            hint = " (twice from the same line: a loop or a function called more than once?)" if (
                previous.source == definition.source) else ""
            errors.append(
                DefinitionError(
                    f"{definition.key_field} {key!r} is declared more than once{hint}",
                    kind=definition.kind,
                    name=key,
                    location=second.source,
                    related=[first.source] if first.source else [],
                )
            )
    model = Model(root=root, definitions_dir=definitions_dir,
                  **{_KINDS[kind]: sorted(bucket.values(), key=_sort_key) for kind, bucket in by_kind.items()})
    errors.extend(cross_check(model))
    if errors:
        errors.sort(key=lambda e: (e.location.file, e.location.line) if e.location else ("", 0))
        raise DefinitionErrors(errors)
    return model


def cross_check(model: Model) -> list[DefinitionError]:
    """Rules that span definitions: unique datasource uids, one default datasource, folder
    titles that differ only in case, environment overrides of existing alerts."""
    errors: list[DefinitionError] = []
    seen_uid: dict[str, Any] = {}
    for ds in model.datasources:
        other = seen_uid.get(ds.uid)
        if other is not None:
            errors.append(DefinitionError(f"uid {ds.uid!r} is also used by datasource {other.name!r}",
                                          kind=ds.kind, name=ds.name, location=ds.source,
                                          related=[other.source] if other.source else []))
        seen_uid[ds.uid] = ds
    defaults = [ds for ds in model.datasources if ds.is_default]
    if len(defaults) > 1:
        errors.append(defaults[1].error(f"more than one default datasource ({', '.join(d.name for d in defaults)})"))
    # One folder title spelled two ways would be two Grafana folders but one directory.
    for first, dashboard in case_collisions(model.dashboards, lambda d: d.folder):
        errors.append(dashboard.error(
            f"folder {dashboard.folder!r} differs only in case from {first.folder!r}; "
            "that breaks on case-insensitive file systems"))
    errors.extend(_check_environment_overrides(model))
    return errors


def _check_environment_overrides(model: Model) -> list[DefinitionError]:
    """An override must name an existing alert and only params that alert has."""
    errors: list[DefinitionError] = []
    alerts = model.alerts_by_name()
    for env in model.environments:
        for name, override in sorted(env.alert_overrides.items()):
            if name not in alerts:
                errors.append(env.error(f"alert_overrides names unknown alert {name!r}"))
                continue
            for alert in alerts[name]:
                unknown = sorted(set(override.params) - set(alert.params))
                if unknown:
                    errors.append(env.error(
                        f"alert_overrides[{name!r}] sets params {unknown} that the alert does not have "
                        f"(it has {sorted(alert.params) or 'none'}; declared at {alert.source})"))
                    continue
                try:
                    from monitoring_codegen.promql.parse import parse_expr

                    parse_expr(alert.rendered_expr(override.params))
                except ValueError as exc:
                    errors.append(env.error(f"alert_overrides[{name!r}] makes the expression invalid: {exc}"))
    return errors
