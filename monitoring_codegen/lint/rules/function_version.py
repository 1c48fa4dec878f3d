"""PQL002 promql/function-version: a function the target Prometheus version does not have."""

from ..ast import Call
from ..rule import LintRule, Problem

# function -> (first version that has it, first version that no longer has it, hint)
_AVAILABILITY = {
    "holt_winters": (None, (3, 0), "renamed double_exponential_smoothing in Prometheus 3.0"),
    "double_exponential_smoothing": ((3, 0), None, "called holt_winters before Prometheus 3.0"),
}


def _fmt(version) -> str:
    return f"{version[0]}.{version[1]}"


class FunctionVersion(LintRule):
    id = "PQL002"
    name = "promql/function-version"
    severity = "error"
    summary = "A function that does not exist in the target Prometheus version."
    details = (
        "Functions come and go between Prometheus versions: holt_winters was renamed "
        "double_exponential_smoothing in 3.0. A rule using the wrong name fails to load on the server "
        "it is meant for. Set the target with [tool.mcg.lint] prometheus_version or --prometheus-version."
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
        for node in query.nodes_of(Call):
            if node.func in _AVAILABILITY:
                since, until, hint = _AVAILABILITY[node.func]
                if since is not None and target < since:
                    yield Problem(query, f"{node.func}() needs Prometheus {_fmt(since)} or later "
                                         f"(target is {_fmt(target)}); {hint}")
                elif until is not None and target >= until:
                    yield Problem(query, f"{node.func}() does not exist in Prometheus {_fmt(target)}; {hint}")


RULE = FunctionVersion()
