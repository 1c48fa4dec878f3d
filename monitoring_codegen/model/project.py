"""The loaded, validated model: the single place definitions live once loaded.

Renderers, the linter, the differ and the test runner all read this; none of
them imports definitions on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from monitoring_codegen.errors import DefinitionError, DefinitionErrors
from monitoring_codegen.model.names import case_collisions

if TYPE_CHECKING:
    from monitoring_codegen.model.anomaly import AnomalyDetector
    from monitoring_codegen.model.catalog import Metric
    from monitoring_codegen.model.dashboards import Dashboard
    from monitoring_codegen.model.datasources import Datasource
    from monitoring_codegen.model.forecast import CapacityForecast, SpendForecast
    from monitoring_codegen.model.rule_tests import AlertTest, RecordTest
    from monitoring_codegen.model.rules import AlertRule, RecordingRule, RuleGroup
    from monitoring_codegen.model.server.environments import Environment
    from monitoring_codegen.model.server.routing import AlertRouting
    from monitoring_codegen.model.slo import SLO


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
    # Service level objectives; the rule groups each one makes are in rule_groups.
    slos: list[SLO] = field(default_factory=list)
    # Anomaly detectors and forecasts; like SLOs, the rule groups each makes are in rule_groups.
    anomaly_detectors: list[AnomalyDetector] = field(default_factory=list)
    capacity_forecasts: list[CapacityForecast] = field(default_factory=list)
    spend_forecasts: list[SpendForecast] = field(default_factory=list)
    # Where the generated docs are published and the Grafana they link to ([tool.mcg] docs_url,
    # grafana_url); None when unset. Set from the settings by pipeline.load_model.
    docs_url: str | None = None
    grafana_url: str | None = None
    # [tool.mcg] docs = false: no out/docs/ (a large project may not want 2 pages per alert).
    docs: bool = True
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
    "SLO": "slos",
    "AnomalyDetector": "anomaly_detectors",
    "CapacityForecast": "capacity_forecasts",
    "SpendForecast": "spend_forecasts",
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
    by_kind: dict[str, dict[Any, Any]] = {}
    for definition in collected:
        if not getattr(definition, "top_level", False):
            continue
        if definition.kind not in _KINDS:  # a Definition subclass of the user's own
            errors.append(
                DefinitionError(
                    f"{type(definition).__name__} is not a kind of definition mcg renders", location=definition.source
                )
            )
            continue
        bucket = by_kind.setdefault(definition.kind, {})
        key = str(definition.key)
        identity = definition.identity
        previous = bucket.get(identity)
        if previous is None:
            bucket[identity] = definition
        elif previous is definition or (previous.source == definition.source and _same(previous, definition)):
            # The same declaration reached twice (module imported under two names).
            continue
        else:
            first, second = sorted([previous, definition], key=lambda d: d.source or ())
            # A loop or a helper called twice declares from one line: say so, or the two
            # places named below look like one.
            hint = (
                " (twice from the same line: a loop or a function called more than once?)"
                if (previous.source == definition.source)
                else ""
            )
            errors.append(
                DefinitionError(
                    f"{definition.key_text()} is declared more than once{hint}",
                    kind=definition.kind,
                    name=key,
                    location=second.source,
                    related=[first.source] if first.source else [],
                )
            )
    # Model field -> its definitions (each field a list of its own kind).
    lists: dict[str, Any] = {_KINDS[kind]: sorted(bucket.values(), key=_sort_key) for kind, bucket in by_kind.items()}
    model = Model(root=root, definitions_dir=definitions_dir, **lists)
    errors.extend(cross_check(model))
    if errors:
        errors.sort(key=lambda e: (e.location.file, e.location.line) if e.location else ("", 0))
        raise DefinitionErrors(errors)
    return model


def cross_check(model: Model) -> list[DefinitionError]:
    """Rules that span definitions: unique datasource uids, one default datasource, folder
    titles that differ only in case, dashboard titles unique per folder, dashboard JSON of the
    shape Grafana reads, environment overrides of existing (and unambiguous) alerts."""
    errors: list[DefinitionError] = []
    seen_uid: dict[str, Any] = {}
    for ds in model.datasources:
        other = seen_uid.get(ds.uid)
        if other is not None:
            errors.append(
                DefinitionError(
                    f"uid {ds.uid!r} is also used by datasource {other.name!r}",
                    kind=ds.kind,
                    name=ds.name,
                    location=ds.source,
                    related=[other.source] if other.source else [],
                )
            )
        seen_uid[ds.uid] = ds
    defaults = [ds for ds in model.datasources if ds.is_default]
    if len(defaults) > 1:
        errors.append(defaults[1].error(f"more than one default datasource ({', '.join(d.name for d in defaults)})"))
    # One folder title spelled two ways would be two Grafana folders but one directory.
    for first, dashboard in case_collisions(model.dashboards, lambda d: d.folder):
        errors.append(
            dashboard.error(
                f"folder {dashboard.folder!r} differs only in case from {first.folder!r}; "
                "that breaks on case-insensitive file systems"
            )
        )
    errors.extend(_check_dashboard_titles(model))
    errors.extend(_check_dashboard_structure(model))
    errors.extend(_check_environment_overrides(model))
    return errors


def _by_source(definitions: Iterable[Any]) -> list[Any]:
    return sorted(definitions, key=lambda d: (d.source.file, d.source.line) if d.source else ("", 0))


def _check_dashboard_titles(model: Model) -> list[DefinitionError]:
    """Grafana refuses a second dashboard of the same title in a folder (file provisioning logs
    "a dashboard with the same name in the folder already exists" and skips it). Titles are
    compared trimmed, as Grafana stores them, and without case: MySQL, a common Grafana
    database, compares them so, and Grafana 9 compared their lower-case slugs."""
    errors: list[DefinitionError] = []
    first_by_title: dict[tuple[str, str], Any] = {}
    for dashboard in _by_source(model.dashboards):
        if not isinstance(dashboard.title, str):
            continue
        key = (dashboard.folder.casefold(), dashboard.title.strip().casefold())
        first = first_by_title.setdefault(key, dashboard)
        if first is dashboard:
            continue
        if first.title.strip() == dashboard.title.strip():
            clash = f"title {dashboard.title!r} is also the title of dashboard {first.uid!r}"
        else:
            clash = (
                f"title {dashboard.title!r} differs only in case or surrounding blanks from the title "
                f"{first.title!r} of dashboard {first.uid!r}"
            )
        errors.append(
            DefinitionError(
                f"{clash} in folder {first.folder!r}; Grafana keeps one dashboard per title in a folder: "
                "rename one or move it to another folder",
                kind=dashboard.kind,
                name=dashboard.key,
                location=dashboard.source,
                related=[first.source] if first.source else [],
            )
        )
    return errors


def _check_dashboard_structure(model: Model) -> list[DefinitionError]:
    """Dashboard JSON mcg cannot render or Grafana cannot read, one error per problem."""
    from monitoring_codegen.model.dashboards import structure_problems

    errors: list[DefinitionError] = []
    for dashboard in model.dashboards:
        try:
            raw = dashboard.raw_json()
        except Exception as exc:  # grafanalib's to_json_data on values it cannot write
            errors.append(dashboard.error(f"board cannot be written as JSON: {type(exc).__name__}: {exc}"))
            continue
        # grafanalib boards went through JSON text already: only their shape needs checking.
        plain = dashboard.raw_json_is_plain()
        errors.extend(dashboard.error(problem) for problem in structure_problems(raw, plain_json=plain))
    return errors


def override_target(key: str) -> tuple[str | None, str]:
    """(group, alert) an `alert_overrides` key names: `"HighLatency"` or `"api/HighLatency"`.
    Alert names have no '/', group names may: the alert is after the last one."""
    group, slash, alert = key.rpartition("/")
    return (group if slash else None), alert


def _check_environment_overrides(model: Model) -> list[DefinitionError]:
    """An override must name an existing alert, unambiguously, and only params that alert has."""
    from monitoring_codegen.promql.parse import parse_expr

    errors: list[DefinitionError] = []
    # alert name -> group name -> its rules of that name (a warning and a critical variant)
    groups_by_alert: dict[str, dict[str, list]] = {}
    for group in model.rule_groups:
        for alert in group.alerts():
            groups_by_alert.setdefault(alert.alert, {}).setdefault(group.name, []).append(alert)
    for env in model.environments:
        targeted: dict[tuple[str, str], str] = {}  # (group, alert) -> the key that overrides it
        for key, override in sorted(env.alert_overrides.items()):
            group_name, name = override_target(key)
            by_group = groups_by_alert.get(name, {})
            if group_name is not None:
                if group_name not in by_group:
                    where = sorted(by_group)
                    errors.append(
                        env.error(
                            f"alert_overrides names unknown alert {name!r} in group {group_name!r}"
                            + (
                                f" (it is in group{'s' if len(where) > 1 else ''} {', '.join(map(repr, where))})"
                                if where
                                else ""
                            )
                        )
                    )
                    continue
                chosen = {group_name: by_group[group_name]}
            else:
                if not by_group:
                    errors.append(env.error(f"alert_overrides names unknown alert {key!r}"))
                    continue
                if len(by_group) > 1:
                    places = "; ".join(
                        f"group {g!r} at {rules[0].source}" if rules[0].source else f"group {g!r}"
                        for g, rules in by_group.items()
                    )
                    errors.append(
                        DefinitionError(
                            f"alert_overrides[{key!r}] is ambiguous: alert {name!r} is declared in {len(by_group)} "
                            f"groups ({places}); name one as 'group/alert', e.g. {next(iter(by_group)) + '/' + name!r}",
                            kind=env.kind,
                            name=env.key,
                            location=env.source,
                            related=[rules[0].source for rules in by_group.values() if rules[0].source],
                        )
                    )
                    continue
                chosen = by_group
            for chosen_group in chosen:
                other = targeted.setdefault((chosen_group, name), key)
                if other != key:
                    errors.append(
                        env.error(
                            f"alert_overrides[{key!r}] and alert_overrides[{other!r}] both override alert {name!r} "
                            f"of group {chosen_group!r}: keep one"
                        )
                    )
            for alert in (rule for rules in chosen.values() for rule in rules):
                unknown = sorted(set(override.params) - set(alert.params))
                if unknown:
                    errors.append(
                        env.error(
                            f"alert_overrides[{key!r}] sets params {unknown} that the alert does not have "
                            f"(it has {sorted(alert.params) or 'none'}; declared at {alert.source})"
                        )
                    )
                    continue
                try:
                    parse_expr(alert.rendered_expr(override.params))
                except ValueError as exc:
                    errors.append(env.error(f"alert_overrides[{key!r}] makes the expression invalid: {exc}"))
    return errors
