"""Runs every enabled rule over what is linted and turns problems into findings.

Each expression is parsed once (linted.Query); recording rules in the linted set are
added to the catalog first, so checks see the series they produce.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from monitoring_codegen.lint.findings import Finding
from monitoring_codegen.lint.inputs.linted import (
    CatalogEntry,
    LintedDashboard,
    LintedRule,
    LintedRuleFile,
    LintedScrapeJob,
    LintedSLO,
    Query,
)
from monitoring_codegen.lint.registry import all_rules
from monitoring_codegen.lint.rule import LintRule
from monitoring_codegen.lint.settings import LintSettings
from monitoring_codegen.promql.ast import COUNTER_FUNCTIONS, Call, Selector
from monitoring_codegen.promql.catalog import SeriesCatalog


@dataclass
class LintInput:
    rule_files: list[LintedRuleFile] = field(default_factory=list)
    dashboards: list[LintedDashboard] = field(default_factory=list)
    catalog_entries: list[CatalogEntry] = field(default_factory=list)
    # Every environment's scrape jobs (definitions only): the target labels they set.
    scrape_jobs: list[LintedScrapeJob] = field(default_factory=list)
    slos: list[LintedSLO] = field(default_factory=list)
    catalog: SeriesCatalog = field(default_factory=SeriesCatalog)
    # Names and uids of the datasources the definitions declare; None when there are none.
    datasources: set[str] | None = None
    root: Path | None = None
    _records: dict[str, list[LintedRule]] | None = field(default=None, repr=False, compare=False)

    def records_by_name(self) -> dict[str, list[LintedRule]]:
        """Recorded name -> its recording rules over every linted rule file (computed once)."""
        if self._records is None:
            index: dict[str, list[LintedRule]] = {}
            for rule_file in self.rule_files:
                for rule in rule_file.rules():
                    if rule.kind == "record" and rule.name and rule.expr.strip():
                        index.setdefault(rule.name, []).append(rule)
            self._records = index
        return self._records


@dataclass
class LintContext:
    catalog: SeriesCatalog
    settings: LintSettings
    datasources: set[str] | None
    inputs: LintInput


def register_recordings(inputs: LintInput) -> None:
    """Series produced by recording rules become known, with the labels their expr keeps."""
    inputs.catalog.add_recording_rules(
        (rule.name, rule.query.node if rule.query is not None else None, rule.labels, f"{rule.path}:{rule.line}")
        for f in inputs.rule_files
        for rule in f.rules()
        if rule.kind == "record" and rule.name
    )


def _observe_counters(inputs: LintInput) -> None:
    names: set[str] = set()
    rated: set[str] = set()
    queries = [r.query for f in inputs.rule_files for r in f.rules() if r.query is not None]
    queries += [q for d in inputs.dashboards for q in d.queries()]
    for query in queries:
        if query is None or query.node is None:
            continue
        # The node index every check reads too (computed once per distinct expression).
        for node in query.nodes_of(Selector):
            if node.name:
                names.add(node.name)
        for node in query.nodes_of(Call):
            if (
                node.func in COUNTER_FUNCTIONS
                and node.args
                and isinstance(node.args[0], Selector)
                and node.args[0].name
            ):
                rated.add(node.args[0].name)
    inputs.catalog.observe(names, rated)


def _problems(rule: LintRule, hook: str, *args):
    result = getattr(rule, hook)(*args)
    return result if result is not None else ()


def run(inputs: LintInput, settings: LintSettings, rules: tuple[LintRule, ...] | None = None) -> list[Finding]:
    active = [r for r in (rules if rules is not None else all_rules()) if r.id not in settings.disabled]
    ctx = LintContext(inputs.catalog, settings, inputs.datasources, inputs)
    for rule_file in inputs.rule_files:
        for rule in rule_file.rules():
            if rule.query is None:
                rule.make_query()
    register_recordings(inputs)
    _observe_counters(inputs)
    inputs.catalog.labels_memo.clear()  # computed while the catalog was still growing

    by_hook: dict[str, list[LintRule]] = {}
    for lint_rule in active:
        for hook in lint_rule.hooks():
            by_hook.setdefault(hook, []).append(lint_rule)
    query_rules = by_hook.get("check_query", [])
    ast_query_rules = [r for r in query_rules if getattr(r, "needs_ast", True)]
    raw_query_rules = [r for r in query_rules if not getattr(r, "needs_ast", True)]

    findings: list[Finding] = []
    emit = _Emitter(settings, findings)
    add = emit.add

    raw_checks = [(rule, rule.check_query) for rule in raw_query_rules]
    ast_checks = [(rule, rule.check_query) for rule in ast_query_rules]
    rule_checks = [(rule, rule.check_rule) for rule in by_hook.get("check_rule", [])]

    def check_query(query: Query) -> None:
        # The hot loop: one call per rule and expression, bound methods looked up once; a
        # check yields its problems (most yield none), each goes straight to the emitter.
        for rule, check in raw_checks:
            for problem in check(query, ctx) or ():
                add(rule, problem)
        if query.node is not None:
            for rule, check in ast_checks:
                for problem in check(query, ctx) or ():
                    add(rule, problem)

    for rule_file in inputs.rule_files:
        for lint_rule in by_hook.get("check_rule_file", []):
            emit(lint_rule, _problems(lint_rule, "check_rule_file", rule_file, ctx))
        for rule in rule_file.rules():
            for lint_rule, check in rule_checks:
                for problem in check(rule, ctx) or ():
                    add(lint_rule, problem)
            if rule.query is not None:
                check_query(rule.query)
    for dashboard in inputs.dashboards:
        for lint_rule in by_hook.get("check_dashboard", []):
            emit(lint_rule, _problems(lint_rule, "check_dashboard", dashboard, ctx))
        for query in dashboard.queries():
            check_query(query)
    for lint_rule in by_hook.get("check_catalog", []):
        emit(lint_rule, _problems(lint_rule, "check_catalog", ctx))
    for slo in inputs.slos:
        for lint_rule in by_hook.get("check_slo", []):
            emit(lint_rule, _problems(lint_rule, "check_slo", slo, ctx))
    findings.sort(key=Finding.sort_key)
    return findings


class _Emitter:
    def __init__(self, settings: LintSettings, out: list[Finding]) -> None:
        self.settings = settings
        self.out = out
        self.seen: set[tuple] = set()

    def __call__(self, rule: LintRule, problems) -> None:
        for problem in problems:
            self.add(rule, problem)

    def add(self, rule: LintRule, problem) -> None:
        target = problem.target
        ignores = getattr(target, "ignores", None)
        if ignores and (
            rule.id in ignores
            or rule.name in ignores
            or rule.id.lower() in ignores
            or any(alias in ignores for alias in rule.aliases)
        ):
            return
        finding = Finding(
            rule=rule.id,
            name=rule.name,
            severity=self.settings.severities.get(rule.id, rule.severity),
            path=target.path,
            line=problem.line or target.line,
            object=_object_of(target),
            message=problem.message,
            column=problem.column,
            expr=problem.expr,
        )
        key = (finding.rule, finding.path, finding.line, finding.object, finding.message)
        if key in self.seen:  # the same query twice in one panel says nothing new
            return
        self.seen.add(key)
        self.out.append(finding)


def _object_of(target) -> str:
    return target.object if isinstance(target, Query) else getattr(target, "object", "")
