"""CAT007 catalog/abbreviated-unit: a unit abbreviated in a metric name (`_ms`, `_kb`, `_s`)."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.model.metric_naming import abbreviated_units, abbreviations_in


class AbbreviatedUnit(LintRule):
    id = "CAT007"
    name = "catalog/abbreviated-unit"
    severity = "warning"
    summary = "Units in metric names are spelled out: `_seconds`, not `_s` or `_ms` (promtool check metrics)."
    details = (
        "`_s` may be seconds or samples, `_m` minutes or meters, `_b` bytes or bits; spelled out, the unit "
        "cannot be misread and tools that read units from names (Grafana, OpenMetrics `# UNIT`) find it. "
        "`promtool check metrics` fails on the abbreviations s, ms, us, ns, sec, b, kb, mb, gb, tb, pb, m, h "
        "and d as words of a name. Spell out the base unit: `_seconds`, `_bytes`, `_meters`."
    )
    example_format = "catalog"
    bad = """\
- name: cache_lookup_ms
  type: gauge
  labels: [cache]
"""
    good = """\
- name: cache_lookup_seconds
  type: gauge
  labels: [cache]
"""

    def check_catalog(self, ctx):
        for entry in ctx.inputs.catalog_entries:
            for problem in abbreviated_units(entry.name):
                found = ", ".join(repr(a) for a in abbreviations_in(entry.name))
                yield Problem(
                    entry, f"{problem} (promtool check metrics): {found}; spell the base unit out (seconds, bytes)"
                )


RULE = AbbreviatedUnit()
