"""SLO002 slo/objective-range: an SLO objective outside (0, 100)."""

from monitoring_codegen.lint.rule import LintRule, Problem


class ObjectiveRange(LintRule):
    id = "SLO002"
    name = "slo/objective-range"
    severity = "error"
    summary = "An SLO objective that is not a percentage strictly between 0 and 100."
    details = (
        "The objective is the percentage of good events, e.g. 99.9. At 100 the error budget is 0 and every "
        "burn rate divides by zero (+Inf: every alert fires on the first error); at 0 or below nothing can "
        "ever burn. An objective below 1 is almost always a ratio written where a percentage belongs "
        "(0.999 means 0.999%, a budget of 99% of the events): write 99.9. OpenSLO targets are ratios "
        "(0.999) and are read as such."
    )
    example_format = "slo"
    bad = """\
version: prometheus/v1
service: api
slos:
  - name: availability
    objective: 100
    sli:
      events:
        error_query: sum(rate(http_requests_total{status_code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
    alerting: {page_alert: {disable: true}, ticket_alert: {disable: true}}
"""
    good = """\
version: prometheus/v1
service: api
slos:
  - name: availability
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(http_requests_total{status_code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
    alerting: {page_alert: {disable: true}, ticket_alert: {disable: true}}
"""

    def check_slo(self, slo, ctx):
        value = slo.objective
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            yield Problem(slo, f"objective {value!r} is not a number (a percentage of good events, e.g. 99.9)")
        elif not 0 < value < 100:
            yield Problem(slo, f"objective {value:g} is outside (0, 100): the error budget would be {100 - value:g}%")
        elif value < 1:
            yield Problem(
                slo,
                f"objective {value:g} is a percentage: {value:g}% of good events; "
                f"a ratio was probably meant (write {value * 100:g})",
            )


RULE = ObjectiveRange()
