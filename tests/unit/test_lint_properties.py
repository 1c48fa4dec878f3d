"""Property tests: no input makes the linter crash.

Arbitrary strings as PromQL (in rules and in dashboards, where Grafana syntax is
expanded first), generated valid PromQL (must also parse: no syntax finding), and
arbitrary YAML/JSON documents as rule files and dashboards.
"""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitoring_codegen.errors import UsageError
from monitoring_codegen.lint.engine import LintInput, run
from monitoring_codegen.lint.examples import EXAMPLE_CATALOG
from monitoring_codegen.lint.inputs.dashboard_files import NotADashboard, build_dashboard, load_dashboard_file
from monitoring_codegen.lint.inputs.linted import LintedGroup, LintedRule, LintedRuleFile
from monitoring_codegen.lint.inputs.rule_files import NotARuleFile, load_rule_file
from monitoring_codegen.lint.settings import LintSettings
from monitoring_codegen.promql.catalog import catalog_from_specs

SETTINGS = LintSettings()
# MCG_HYPOTHESIS_EXAMPLES=2000 for a longer hunt; the default keeps the suite fast.
FAST = settings(
    max_examples=int(os.environ.get("MCG_HYPOTHESIS_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def lint_exprs(exprs, kind="alert", with_catalog=True):
    group = LintedGroup(name="g", path="p.yaml", line=1)
    for i, expr in enumerate(exprs):
        group.rules.append(
            LintedRule(
                kind=kind,
                name=f"r{i}" if kind == "alert" else f"a:b:r{i}",
                expr=expr,
                path="p.yaml",
                line=i + 2,
                group=group,
                annotations={"summary": "{{ $labels.x }}"},
            )
        )
    catalog = catalog_from_specs(EXAMPLE_CATALOG) if with_catalog else catalog_from_specs([])
    return run(LintInput(rule_files=[LintedRuleFile("p.yaml", [group])], catalog=catalog), SETTINGS)


def lint_dashboard_query(expr):
    data = {
        "title": "t",
        "templating": {"list": [{"name": "v", "type": "query", "query": expr}]},
        "panels": [{"id": 1, "type": "timeseries", "title": "p", "targets": [{"expr": expr}]}],
    }
    return run(LintInput(dashboards=[build_dashboard(data, "d.json", 1)]), SETTINGS)


PROMQL_ALPHABET = st.sampled_from(
    list("abcxyz_:{}[]()\"'=~!<>+-*/^%,.$ 0123456789\n")
    + [
        "sum",
        "by",
        "rate",
        "offset",
        "bool",
        "on",
        "group_left",
        "5m",
        "[[",
        "]]",
        "${",
        "$__rate_interval",
        "@",
        "without",
        "histogram_quantile",
        "le",
    ]
)


@FAST
@given(st.text())
def test_arbitrary_text_never_crashes(text):
    lint_exprs([text])
    lint_dashboard_query(text)


@FAST
@given(st.lists(PROMQL_ALPHABET, max_size=30).map("".join))
def test_promql_like_text_never_crashes(text):
    lint_exprs([text], kind="record")
    lint_dashboard_query(text)


METRICS = st.sampled_from(
    [s["name"] for s in EXAMPLE_CATALOG]
    + ["http_request_duration_seconds_bucket", "unknown_metric", "other_total", "a:b:c"]
)
LABELS = st.sampled_from(["route", "status", "status_code", "le", "job", "agent_id", "nope"])
VALUES = st.sampled_from(["", "x", "5..", "a|b", ".*"])
OPS = st.sampled_from(["=", "!=", "=~", "!~"])
RANGES = st.sampled_from(["30s", "1m", "5m", "1h"])


@st.composite
def selector(draw):
    matchers = draw(st.lists(st.tuples(LABELS, OPS, VALUES), max_size=3))
    body = ",".join(f'{label}{op}"{value}"' for label, op, value in matchers)
    return f"{draw(METRICS)}{{{body}}}" if body else draw(METRICS)


def vector_expr():
    return st.recursive(
        selector(),
        lambda inner: st.one_of(
            st.builds(
                lambda f, s, r: f"{f}({s}[{r}])",
                st.sampled_from(["rate", "increase", "delta", "deriv", "max_over_time", "irate"]),
                selector(),
                RANGES,
            ),
            st.builds(
                lambda a, grouping, labels, e: f"{a} {grouping} ({', '.join(labels)}) ({e})",
                st.sampled_from(["sum", "avg", "max", "count"]),
                st.sampled_from(["by", "without"]),
                st.lists(LABELS, max_size=2, unique=True),
                inner,
            ),
            st.builds(lambda a, e: f"{a}({e})", st.sampled_from(["sum", "abs", "absent", "sort"]), inner),
            st.builds(
                lambda l, op, r: f"({l}) {op} ({r})",
                inner,
                st.sampled_from(["/", "+", "-", "and", "or", "unless", "*"]),
                inner,
            ),
            st.builds(
                lambda l, labels, r: f"({l}) / on ({', '.join(labels)}) group_left () ({r})",
                inner,
                st.lists(LABELS, max_size=2, unique=True),
                inner,
            ),
            st.builds(lambda e, n: f"({e}) > {n}", inner, st.integers(0, 100)),
            st.builds(lambda q, e: f"histogram_quantile(0.{q}, {e})", st.integers(1, 9), inner),
            st.builds(lambda e: f'label_replace({e}, "dst", "$1", "route", "(.*)")', inner),
            st.builds(lambda e, r: f"max_over_time(({e})[{r}:])", inner, RANGES),
        ),
        max_leaves=6,
    )


@FAST
@given(st.lists(vector_expr(), min_size=1, max_size=3), st.booleans())
def test_generated_valid_promql_parses_and_never_crashes(exprs, with_catalog):
    findings = lint_exprs(exprs, with_catalog=with_catalog)
    findings += lint_exprs(exprs, kind="record", with_catalog=with_catalog)
    assert not [f for f in findings if f.rule == "PQL001"], [f.message for f in findings if f.rule == "PQL001"]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "panels",
                    "rows",
                    "templating",
                    "list",
                    "targets",
                    "expr",
                    "type",
                    "id",
                    "title",
                    "gridPos",
                    "name",
                    "query",
                    "datasource",
                    "collapsed",
                    "x",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@FAST
@given(JSON)
def test_arbitrary_json_documents_never_crash(document):
    try:
        dashboard = load_dashboard_file(json.dumps(document), "d.json")
    except (NotADashboard, UsageError):
        return
    run(LintInput(dashboards=[dashboard], datasources={"prom"}), SETTINGS)


@FAST
@given(st.text(max_size=200))
def test_arbitrary_yaml_text_never_crashes(text):
    for candidate in (text, "groups:\n" + text, "groups:\n  - name: g\n    rules:\n" + text):
        try:
            rule_file = load_rule_file(candidate, "r.yaml")
        except (NotARuleFile, UsageError):
            continue
        run(LintInput(rule_files=[rule_file]), SETTINGS)
