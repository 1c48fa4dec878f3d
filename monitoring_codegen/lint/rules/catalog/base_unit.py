"""CAT006 catalog/base-unit: a metric name with a unit that is not a base unit (milliseconds, kilobytes, hours)."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.model.metric_naming import non_base_units


class BaseUnit(LintRule):
    id = "CAT006"
    name = "catalog/base-unit"
    severity = "warning"
    summary = "Metric names use base units: seconds, bytes, meters, grams, ... (promtool check metrics)."
    details = (
        "Prometheus metrics use base units so that any two series can be compared, added and divided without "
        "a conversion, and so that Grafana's `s` and `bytes` units scale them right: `_seconds` not "
        "`_milliseconds` or `_hours`, `_bytes` not `_kilobytes` or `_bits`, `_meters`, `_grams`, `_joules`, "
        "`_celsius`. Values are floats: 0.003 seconds loses nothing. `promtool check metrics` fails on "
        "prefixed or non-base units; mcg judges every unit word of the name (promtool reports one, chosen "
        "at random, when a name holds two)."
    )
    example_format = "catalog"
    bad = """\
- name: llm_request_duration_milliseconds
  type: histogram
  labels: [provider]
"""
    good = """\
- name: llm_request_duration_seconds
  type: histogram
  labels: [provider]
"""

    def check_catalog(self, ctx):
        for entry in ctx.inputs.catalog_entries:
            for problem in non_base_units(entry.name):
                base, unit = problem.split('"')[1], problem.split('"')[3]
                yield Problem(
                    entry,
                    f"{problem} (promtool check metrics): name it "
                    f"{'_'.join(base if word == unit else word for word in entry.name.split('_'))} "
                    f"and expose the value in {base}",
                )


RULE = BaseUnit()
