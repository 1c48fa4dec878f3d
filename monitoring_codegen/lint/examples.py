"""The catalog and settings every rule's bad/good examples are linted against,
and the helper that lints one example (used by the tests and by `mcg explain`)."""

from __future__ import annotations

import yaml

EXAMPLE_CATALOG = [
    {"name": "http_requests_total", "type": "counter", "labels": ["method", "route", "status_code"]},
    {
        "name": "http_request_duration_seconds",
        "type": "histogram",
        "labels": ["route", "status_code"],
        "buckets": [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    },
    {"name": "agent_operations_total", "type": "counter", "labels": ["agent_type", "operation", "status"]},
    {"name": "agent_queue_depth", "type": "gauge", "labels": ["queue"]},
    {"name": "llm_tokens_total", "type": "counter", "labels": ["provider", "model", "direction"]},
    {"name": "process_resident_memory_bytes", "type": "gauge", "labels": []},
    {"name": "rpc_duration_seconds", "type": "summary", "labels": ["method"]},
]
EXAMPLE_DATASOURCES = {"Prometheus", "prometheus"}


def lint_example(rule, text: str, *, only_rule: bool = True):
    """Findings of linting one example of `rule` (its format, catalog and settings)."""
    from monitoring_codegen.lint.engine import LintInput, run
    from monitoring_codegen.lint.inputs.dashboard_files import load_dashboard_file
    from monitoring_codegen.lint.inputs.linted import CatalogEntry, LintedScrapeJob
    from monitoring_codegen.lint.inputs.rule_files import load_rule_file
    from monitoring_codegen.lint.settings import load_settings
    from monitoring_codegen.promql.catalog import catalog_from_specs

    section = dict(getattr(rule, "example_settings", {}) or {})
    # docs_url is a [tool.mcg] setting, not a lint one; an example may set it too.
    docs_url = section.pop("docs_url", None)
    settings = load_settings(section, docs_url=docs_url)
    catalog_specs = EXAMPLE_CATALOG
    inputs = LintInput(datasources=set(EXAMPLE_DATASOURCES))
    if rule.example_format == "catalog":
        # A list of metrics, or {metrics: [...], scrape_configs: [...]} (a prometheus.yml's jobs,
        # as environment "example").
        document = yaml.safe_load(text) or []
        catalog_specs = document.get("metrics", []) if isinstance(document, dict) else document
        for line, spec in enumerate(catalog_specs, start=1):
            inputs.catalog_entries.append(
                CatalogEntry(spec["name"], spec["type"], tuple(spec.get("labels", ())), "example.yaml", line)
            )
        if isinstance(document, dict):
            for line, config in enumerate(document.get("scrape_configs", []), start=1):
                inputs.scrape_jobs.append(LintedScrapeJob("example", config, "prometheus.yml", line))
    inputs.catalog = catalog_from_specs(catalog_specs)
    if rule.example_format == "rules":
        inputs.rule_files.append(load_rule_file(text, "example.yaml"))
    elif rule.example_format == "dashboard":
        inputs.dashboards.append(load_dashboard_file(text, "example.json"))
    elif rule.example_format == "slo":
        from monitoring_codegen.lint.inputs.slo_specs import load_slo_spec

        inputs.slos.extend(load_slo_spec(text, "example.yaml"))
    return run(inputs, settings, rules=(rule,) if only_rule else None)
