"""CAT003 catalog/counter-suffix: a counter not ending in `_total`, or a non-counter that does."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.model.metric_naming import counter_suffix


class CounterSuffix(LintRule):
    id = "CAT003"
    name = "catalog/counter-suffix"
    severity = "error"
    summary = "Counters end in `_total` and nothing else does (promtool check metrics)."
    details = (
        "`_total` tells every reader, and tools such as `promtool check metrics`, pint and the OpenMetrics "
        "parsers, that a series only goes up and must be read through rate() or increase(). A counter without "
        "it is easily graphed raw; a gauge with it is rated, and rate() of a gauge that goes down reads "
        "the drops as counter resets and invents spikes. Name counters `<what>_total` (`requests_total`) and "
        "give gauges a plain noun (`queue_depth`). mcg's own definitions cannot declare either mistake (the "
        "model refuses them); this rule judges catalog entries that come from elsewhere, in promtool's words."
    )
    example_format = "catalog"
    bad = """\
- name: agent_operations
  type: counter
  labels: [status]
"""
    good = """\
- name: agent_operations_total
  type: counter
  labels: [status]
"""

    def check_catalog(self, ctx):
        for entry in ctx.inputs.catalog_entries:
            for problem in counter_suffix(entry.name, entry.type):
                advice = (
                    f"name it {entry.name}_total"
                    if entry.type == "counter"
                    else f"name it {entry.name.removesuffix('_total')}, or make it a counter if it only goes up"
                )
                yield Problem(entry, f"{problem} (promtool check metrics): {advice}")


RULE = CounterSuffix()
