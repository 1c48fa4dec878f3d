"""ALR001 alert/no-comparison: an alert whose expression compares nothing."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.promql.ast import Aggregate, Binary, Call, Selector

# Labels Prometheus and Kubernetes service discovery put on every target: a matcher on them says
# where to look, not what is wrong (`up{job="api"}` still returns 0 and 1).
_SCOPE_LABELS = frozenset({"job", "instance", "namespace", "cluster"})


class AlertNoComparison(LintRule):
    id = "ALR001"
    name = "alert/no-comparison"
    severity = "warning"
    summary = "An alert expression without a comparison fires for every series it returns."
    details = (
        "An alert fires for every series its expression returns. Without a comparison (> 0.1, == 0) or a "
        "filter (and, unless), that is every series of the metric, all the time: `rate(errors_total[5m])` "
        "pages for every service with any traffic. Add the threshold. absent()/absent_over_time() alerts and "
        "constant expressions (a deliberate always-firing watchdog like vector(1)) are fine, and so is a "
        'matcher that is the condition: `node_network_info{operstate="down"}` returns only the interfaces '
        "that are down (non-counters read as they are, no function or aggregation, filtered on a label other "
        'than job/instance/namespace/cluster). `sum by (pod) (endpoint_state{state="invalid"})` is still '
        "reported: a sum of state gauges is 0 for the pods without invalid endpoints, and fires for them too."
    )
    bad = """\
groups:
  - name: example
    rules:
      - alert: Errors
        expr: sum by (route) (rate(http_requests_total{status_code=~"5.."}[5m]))
"""
    good = """\
groups:
  - name: example
    rules:
      - alert: Errors
        expr: sum by (route) (rate(http_requests_total{status_code=~"5.."}[5m])) > 1
"""

    def check_query(self, query, ctx):
        if query.origin != "alert":
            return
        # promql.analysis.has_comparison and selectors, over the node index every check shares.
        if any((n.is_comparison and not n.return_bool) or n.op in ("and", "unless") for n in query.nodes_of(Binary)):
            return
        if not query.nodes_of(Selector):
            return
        calls = query.nodes_of(Call)
        if any(n.func in ("absent", "absent_over_time") for n in calls):
            return
        # Only selectors as they are: a sum or count of state series can be 0 and still return a series.
        if (
            not calls
            and not query.nodes_of(Aggregate)
            and _matchers_are_the_condition(query.nodes_of(Selector), ctx.catalog)
        ):
            return
        yield Problem(query, "the expression has no comparison: the alert fires for every series it returns")


def _matchers_are_the_condition(selectors, catalog) -> bool:
    """Every selector reads a non-counter as it is and filters it on a label value: the series
    returned are the ones in the bad state (info and state series, `x_info{operstate="down"}`)."""
    for selector in selectors:
        if selector.range is not None or catalog.counter_kind(selector.name) in ("counter", "summary"):
            return False
        if not any(
            label not in _SCOPE_LABELS and not (op == "=~" and value in (".*", ".+", "")) and (op, value) != ("=", "")
            for label, op, value in selector.label_matchers()
        ):
            return False
    return True


RULE = AlertNoComparison()
