"""The base of every lint rule: identity, documentation, examples, and the hooks it implements.

A rule module under `lint/rules/` defines one subclass and exposes it as `RULE`. The
engine calls only the hooks a rule overrides:

- check_query(query, ctx): every parsed PromQL expression (rule exprs, panel and variable queries);
- check_rule(rule, ctx): every alerting/recording rule;
- check_rule_file(file, ctx): every rule file (cross-rule checks: duplicates);
- check_dashboard(dashboard, ctx): every dashboard;
- check_catalog(ctx): once, over the metric catalog;
- check_slo(slo, ctx): every SLO (definitions, sloth and OpenSLO spec files).

Each yields Problems; the engine turns them into findings with the configured severity
and drops the ones a definition or YAML comment ignores.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass
class Problem:
    target: Any  # a Query, LintedRule, LintedGroup, LintedDashboard, Panel, CatalogEntry or LintedSLO
    message: str
    line: int | None = None  # overrides the target's line
    column: int | None = None
    expr: str | None = None


class LintRule:
    id: ClassVar[str] = ""
    name: ClassVar[str] = ""
    # Earlier names, still accepted in settings, ignores and `mcg explain`.
    aliases: ClassVar[tuple[str, ...]] = ()
    severity: ClassVar[str] = "warning"
    summary: ClassVar[str] = ""
    # Why the pattern is wrong and what to do instead (shown by `mcg explain`).
    details: ClassVar[str] = ""
    # Bad and good examples: a Prometheus rule file (YAML), a Grafana dashboard (JSON), a
    # catalog or an SLO spec ("slo": sloth prometheus/v1 or OpenSLO v1alpha), linted against
    # the example catalog (lint/examples.py). They are this rule's tests.
    example_format: ClassVar[str] = "rules"
    bad: ClassVar[str] = ""
    good: ClassVar[str] = ""

    def check_query(self, query, ctx) -> Iterable[Problem]:
        return ()

    def check_rule(self, rule, ctx) -> Iterable[Problem]:
        return ()

    def check_rule_file(self, rule_file, ctx) -> Iterable[Problem]:
        return ()

    def check_dashboard(self, dashboard, ctx) -> Iterable[Problem]:
        return ()

    def check_catalog(self, ctx) -> Iterable[Problem]:
        return ()

    def check_slo(self, slo, ctx) -> Iterable[Problem]:
        return ()

    @classmethod
    def hooks(cls) -> set[str]:
        return {
            hook
            for hook in (
                "check_query",
                "check_rule",
                "check_rule_file",
                "check_dashboard",
                "check_catalog",
                "check_slo",
            )
            if getattr(cls, hook) is not getattr(LintRule, hook)
        }

    @property
    def family(self) -> str:
        return self.name.split("/", 1)[0]
