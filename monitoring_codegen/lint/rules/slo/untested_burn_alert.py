"""SLO004 slo/untested-burn-alert: an SLO's burn-rate alerts have no tests."""

from monitoring_codegen.lint.rule import LintRule, Problem


class UntestedBurnAlert(LintRule):
    id = "SLO004"
    name = "slo/untested-burn-alert"
    severity = "warning"
    summary = "An SLO pages or opens tickets with burn-rate alerts that no test proves."
    details = (
        "A burn-rate alert compares error ratios over two windows with a threshold computed from the "
        "objective, the period and the budget share: a wrong window, factor or selector leaves an alert that "
        "never fires, and nobody finds out until the budget is gone. mcg writes promtool tests for every "
        "burn-rate alert of ratio and latency SLIs, and of events SLIs of the form "
        "`sum(rate(errors[w])) / sum(rate(total[w]))` (each alert fires just above its thresholds and stays "
        "silent just below); `mcg test` runs them. Write the SLI in one of those forms, give the alert your "
        "own AlertTest(alert=...), or turn the alerts off."
    )
    example_format = "slo"
    bad = """\
version: prometheus/v1
service: api
slos:
  - name: availability
    objective: 99.9
    sli:
      raw:
        error_ratio_query: 1 - avg_over_time(up{job="api"}[{{.window}}])
    alerting:
      name: APIAvailability
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
    alerting:
      name: APIAvailability
"""

    def check_slo(self, slo, ctx):
        if slo.burn_alerts and not slo.tested:
            reason = f" ({slo.untested_reason})" if slo.untested_reason else ""
            yield Problem(slo, f"its burn-rate alerts have no tests{reason}")


RULE = UntestedBurnAlert()
