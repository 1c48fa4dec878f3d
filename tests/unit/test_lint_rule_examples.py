"""Every lint rule's documented bad example produces its finding; its good example does not.

The examples are the ones `mcg explain` prints and docs/lint-rules.md shows, so the docs
cannot drift from what the rules do.
"""

from __future__ import annotations

import re

import pytest

from monitoring_codegen.lint.examples import lint_example
from monitoring_codegen.lint.findings import SEVERITIES
from monitoring_codegen.lint.registry import all_rules

RULES = all_rules()


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_bad_example_is_flagged(rule):
    findings = lint_example(rule, rule.bad)
    assert [f for f in findings if f.rule == rule.id], f"{rule.id} bad example not flagged"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_good_example_is_clean(rule):
    findings = lint_example(rule, rule.good)
    assert not [f for f in findings if f.rule == rule.id], [f.message for f in findings]


# Alert policy (for, severity, summary) is metadata: examples about expressions leave it out.
POLICY = {"ALR002", "ALR003", "ALR004"}


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_good_example_is_clean_under_every_rule(rule):
    # A good example should not teach another mistake.
    ignored = set() if rule.id in POLICY or rule.id == "ALR005" else POLICY
    noisy = [
        f for f in lint_example(rule, rule.good, only_rule=False) if f.severity != "info" and f.rule not in ignored
    ]
    assert not noisy, [(f.rule, f.message) for f in noisy]


def test_rules_are_documented_and_identified():
    assert len(RULES) >= 25
    for rule in RULES:
        assert re.fullmatch(r"[A-Z]{3}\d{3}", rule.id), rule.id
        assert re.fullmatch(r"[a-z]+/[a-z0-9-]+", rule.name), rule.name
        assert rule.severity in SEVERITIES
        assert rule.summary and len(rule.details) > 80 and rule.bad and rule.good
        assert rule.bad != rule.good
    assert len({r.id for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)


def test_one_module_per_rule():
    modules = {type(rule).__module__ for rule in RULES}
    assert len(modules) == len(RULES)
