"""PQL002 promql/function-version: a function the target Prometheus version does not have."""

import re

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.promql.ast import Aggregate, Binary, Call, Selector
from monitoring_codegen.promql.functions import AVAILABILITY

# Metric and label names before Prometheus 3.0; `{"my.metric"}` and `by ("a.b")` are 3.x syntax.
_LEGACY_NAME_RE = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")


def _names(query):
    for node in query.nodes:
        if isinstance(node, Selector):
            if node.name:
                yield node.name
            for label, op, value in node.matchers:
                yield value if label == "__name__" and op == "=" else label
        elif isinstance(node, Aggregate):
            yield from node.by or ()
            yield from node.without or ()
        elif isinstance(node, Binary):
            yield from node.on or ()
            yield from node.ignoring or ()
            yield from node.group_labels or ()


def _fmt(version) -> str:
    return f"{version[0]}.{version[1]}"


class FunctionVersion(LintRule):
    id = "PQL002"
    name = "promql/function-version"
    severity = "error"
    summary = "A function (or quoted UTF-8 name) that the target Prometheus version does not have."
    details = (
        "Functions come and go between Prometheus versions: holt_winters was renamed "
        "double_exponential_smoothing in 3.0; sort_by_label, mad_over_time, limitk, limit_ratio and info "
        "arrived in later 2.x and 3.x releases (as experimental functions, behind "
        "--enable-feature=promql-experimental-functions), histogram_avg and histogram_stddev with native "
        'histograms; quoted UTF-8 metric and label names ({"my.metric"}, by ("k8s.pod")) with 3.0. A rule using a function its server lacks fails to load there ("unknown function"). '
        "Set the target with [tool.mcg.lint] prometheus_version or --prometheus-version."
    )
    example_settings = {"prometheus_version": "3.0"}
    bad = """\
groups:
  - name: example
    rules:
      - record: queue:agent_queue_depth:smoothed
        expr: holt_winters(agent_queue_depth[10m], 0.3, 0.3)
"""
    good = """\
groups:
  - name: example
    rules:
      - record: queue:agent_queue_depth:smoothed
        expr: double_exponential_smoothing(agent_queue_depth[10m], 0.3, 0.3)
"""

    def check_query(self, query, ctx):
        target = ctx.settings.prometheus_version
        if target < (3, 0):
            names = sorted({n for n in _names(query) if not _LEGACY_NAME_RE.match(n)})
            if names:
                yield Problem(
                    query,
                    f"quoted UTF-8 names ({', '.join(names)}) need Prometheus 3.0 or later "
                    f"(target is {_fmt(target)}): older servers refuse the expression",
                )
        for node in query.nodes:
            name = node.func if isinstance(node, Call) else node.op if isinstance(node, Aggregate) else None
            versions = AVAILABILITY.get(name) if name else None
            if versions is not None:
                since, until, hint = versions
                if since is not None and target < since:
                    yield Problem(
                        query, f"{name}() needs Prometheus {_fmt(since)} or later (target is {_fmt(target)}); {hint}"
                    )
                elif until is not None and target >= until:
                    yield Problem(query, f"{name}() does not exist in Prometheus {_fmt(target)}; {hint}")


RULE = FunctionVersion()
