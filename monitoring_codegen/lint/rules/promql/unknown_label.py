"""PQL004 promql/unknown-label: a label the series does not have, in a matcher or a grouping."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.promql.ast import Aggregate, Binary, Selector
from monitoring_codegen.promql.labels import is_placeholder, labels_of


class UnknownLabel(LintRule):
    id = "PQL004"
    name = "promql/unknown-label"
    severity = "warning"
    summary = "A label the metric does not have, in a matcher, by/without or on/ignoring."
    details = (
        "A matcher on a label the series never carries matches nothing (or, for != and !~, everything), and "
        "grouping by it collapses all series into one. The catalog says which labels each metric has (plus "
        "job and instance, the target labels the environments' scrape jobs set, and [tool.mcg.lint] extra_labels); "
        "labels kept by recording rules are followed "
        "through their expressions. Unknown metrics are never reported here."
    )
    bad = """\
groups:
  - name: example
    rules:
      - alert: HighErrorRate
        expr: sum by (route) (rate(http_requests_total{status="500"}[5m])) > 1
"""
    good = """\
groups:
  - name: example
    rules:
      - alert: HighErrorRate
        expr: sum by (route) (rate(http_requests_total{status_code="500"}[5m])) > 1
"""

    def check_query(self, query, ctx):
        catalog = ctx.catalog
        for node in query.nodes:
            if isinstance(node, Selector):
                known = catalog.labels_of_series(node.name)
                if known is None or is_placeholder(node.name):
                    continue
                for label, op, value in node.matchers:
                    if label == "__name__" or label in known or is_placeholder(label):
                        continue
                    if value == "" and op in ("=", "!~"):
                        continue  # asserts the label is absent: true, if pointless
                    yield Problem(
                        query,
                        f"{node.name} has no label {label!r} (it has: {', '.join(sorted(known))})",
                        expr=query.text,
                    )
            elif isinstance(node, Aggregate):
                grouping = node.by if node.by is not None else node.without
                if not grouping:
                    continue
                inner = labels_of(node.expr, catalog)
                if inner.open:
                    continue
                keyword = "by" if node.by is not None else "without"
                for label in grouping:
                    if label not in inner.known and not is_placeholder(label):
                        yield Problem(
                            query,
                            f"{node.op} {keyword} ({label}): its input has no label {label!r} "
                            f"(it has: {', '.join(sorted(inner.known)) or 'none'})",
                            expr=query.text,
                        )
            elif isinstance(node, Binary) and (node.on or node.ignoring):
                lhs, rhs = labels_of(node.lhs, catalog), labels_of(node.rhs, catalog)
                keyword = "on" if node.on else "ignoring"
                for label in node.on or node.ignoring:
                    if not lhs.has(label) and not rhs.has(label) and not is_placeholder(label):
                        yield Problem(query, f"{keyword}({label}): neither side has label {label!r}", expr=query.text)


RULE = UnknownLabel()
