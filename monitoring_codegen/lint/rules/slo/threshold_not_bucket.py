"""SLO003 slo/threshold-not-bucket: a latency threshold that is not one of the histogram's buckets."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.promql.ast import Selector


def _nearest(value: float, buckets: tuple[float, ...]) -> str:
    below = [b for b in buckets if b < value]
    above = [b for b in buckets if b > value]
    return ", ".join(f"{b:g}" for b in ([below[-1]] if below else []) + ([above[0]] if above else []))


def _bound(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


class ThresholdNotBucket(LintRule):
    id = "SLO003"
    name = "slo/threshold-not-bucket"
    severity = "error"
    summary = "A latency SLI's threshold (its `le` bound) is not a bucket the histogram declares."
    details = (
        "A histogram only knows how many requests were faster than each of its bucket bounds. A threshold "
        'between two bounds selects a bucket series that does not exist: `le="2"` against buckets 1 and 2.5 '
        "matches nothing, the good events are 0 and the SLI reports every request as slow (or, as "
        "`count - bucket`, every request as fine). mcg checks the bound against the catalog's buckets and "
        "names the nearest; pick one of them, or add the bound to the histogram's buckets."
    )
    example_format = "slo"
    bad = """\
version: prometheus/v1
service: api
slos:
  - name: latency
    objective: 99
    sli:
      events:
        error_query: >-
          sum(rate(http_request_duration_seconds_count[{{.window}}]))
          - sum(rate(http_request_duration_seconds_bucket{le="0.3"}[{{.window}}]))
        total_query: sum(rate(http_request_duration_seconds_count[{{.window}}]))
    alerting: {page_alert: {disable: true}, ticket_alert: {disable: true}}
"""
    good = """\
version: prometheus/v1
service: api
slos:
  - name: latency
    objective: 99
    sli:
      events:
        error_query: >-
          sum(rate(http_request_duration_seconds_count[{{.window}}]))
          - sum(rate(http_request_duration_seconds_bucket{le="0.25"}[{{.window}}]))
        total_query: sum(rate(http_request_duration_seconds_count[{{.window}}]))
    alerting: {page_alert: {disable: true}, ticket_alert: {disable: true}}
"""

    def check_slo(self, slo, ctx):
        buckets_of = ctx.catalog.buckets
        sli = slo.sli
        if getattr(sli, "kind", None) == "latency":
            buckets = buckets_of.get(sli.histogram)
            if buckets and float(sli.threshold) not in buckets:
                yield self._problem(slo, sli.histogram, float(sli.threshold), buckets, "sli threshold")
            return
        for role, node in slo.sli_expressions():
            for selector in (n for n in node.walk() if isinstance(n, Selector)):
                name = selector.name or ""
                buckets = buckets_of.get(name.removesuffix("_bucket")) if name.endswith("_bucket") else None
                if not buckets:
                    continue
                for label, op, value in selector.matchers:
                    bound = _bound(value) if label == "le" and op == "=" else None
                    if bound is not None and bound != float("inf") and bound not in buckets:
                        yield self._problem(slo, name.removesuffix("_bucket"), bound, buckets, f"sli {role} le")

    @staticmethod
    def _problem(slo, histogram: str, bound: float, buckets: tuple[float, ...], what: str) -> Problem:
        return Problem(
            slo,
            f"{what} {bound:g} is not a bucket of {histogram} (nearest: {_nearest(bound, buckets)}; "
            f"buckets: {', '.join(f'{b:g}' for b in buckets)}): the share of faster requests is only "
            "known at bucket bounds",
        )


RULE = ThresholdNotBucket()
