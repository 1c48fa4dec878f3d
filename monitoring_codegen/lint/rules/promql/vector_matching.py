"""PQL011 promql/vector-matching: a binary operation between sides with different labels, no on/ignoring."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.promql.ast import Binary
from monitoring_codegen.promql.labels import LabelSet, is_scalar, labels_of


class VectorMatching(LintRule):
    id = "PQL011"
    name = "promql/vector-matching"
    severity = "error"
    summary = "Both sides of a binary operation keep different labels and nothing says how to match them."
    details = (
        "Without on() or ignoring(), `a / b` pairs series whose label sets are identical. When the two "
        "sides are aggregated by different labels (sum by (route) vs sum by (job)), no pair ever matches and "
        "the result is always empty: the alert can never fire. Aggregate both sides by the same labels, or "
        "say which labels to match with on(...) / ignoring(...) (and group_left/group_right for many-to-one). "
        "A metric outside the catalog carries at least the labels its matchers require: `count(up) / "
        'up{job="api"}` divides a series without labels by series that have a job, and never matches either.'
    )
    bad = """\
groups:
  - name: example
    rules:
      - alert: RouteErrorRatio
        expr: sum by (route) (rate(http_requests_total{status_code=~"5.."}[5m])) / sum by (method) (rate(http_requests_total[5m])) > 0.05
"""
    good = """\
groups:
  - name: example
    rules:
      - alert: RouteErrorRatio
        expr: sum by (route) (rate(http_requests_total{status_code=~"5.."}[5m])) / sum by (route) (rate(http_requests_total[5m])) > 0.05
"""

    def check_query(self, query, ctx):
        for node in query.nodes_of(Binary):
            if node.op == "or" or node.on is not None or node.ignoring is not None:
                continue
            if node.card != "one-to-one" and node.op not in ("and", "unless"):
                continue
            if is_scalar(node.lhs) or is_scalar(node.rhs):
                continue
            lhs, rhs = labels_of(node.lhs, ctx.catalog), labels_of(node.rhs, ctx.catalog)
            if not _never_match(lhs, rhs):
                continue
            left, right = _shown(lhs), _shown(rhs)
            yield Problem(
                query,
                f"`{node.op}` between series with ({left}) and series with ({right}): without "
                "on()/ignoring() no series ever match",
                expr=query.text,
            )


def _never_match(lhs: LabelSet, rhs: LabelSet) -> bool:
    """One-to-one matching needs equal label sets. A closed set's labels are all a series can have,
    an open set's labels are ones every series has: a label the open side surely has and the
    closed side cannot have rules out every pair."""
    if not lhs.open and not rhs.open:
        return lhs.known != rhs.known
    if lhs.open and rhs.open:
        return False
    closed, open_ = (lhs, rhs) if rhs.open else (rhs, lhs)
    return bool(open_.known - closed.known)


def _shown(labels: LabelSet) -> str:
    names = ", ".join(sorted(labels.known))
    if labels.open:
        return f"at least {names}"
    return names or "no labels"


RULE = VectorMatching()
