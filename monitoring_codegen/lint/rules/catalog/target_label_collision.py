"""CAT002 catalog/target-label-collision: a scrape job's target label overwrites a catalog label."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.promql.series import TARGET_LABELS
from monitoring_codegen.promql.target_labels import target_labels


class TargetLabelCollision(LintRule):
    id = "CAT002"
    name = "catalog/target-label-collision"
    severity = "error"
    summary = "A catalog metric declares a label that a scrape job's target labels overwrite (job, instance, ...)."
    details = (
        "Prometheus attaches the target labels of a scrape job to every sample it scrapes: `job`, `instance`, "
        "the static `labels` of the targets and every `target_label` the job's relabel_configs write (the "
        "Kubernetes jobs mcg renders copy the pod's namespace, name and container, and the pod labels asked "
        "for). When a sample already has a label of that name, the target's value wins and the application's "
        "value is moved to `exported_<label>`: a dashboard grouping `by (namespace)` then shows the deployment "
        "namespace, and the application's own value is only under a name no query uses. Rename the catalog "
        "label (e.g. `namespace` -> `agent_namespace`), or, when the application's value is meant to win, "
        "set `honor_labels=True` on the scrape job. Checked against every environment's scrape jobs as "
        "rendered; a metric another program exports (`exported_by`) against the jobs named after it. "
        "labelmap rules count where the names they produce can be told from the config; labels that file_sd "
        "target files add at run time cannot be, and are not checked. Without any environment, `job` and "
        "`instance` are checked, which every scrape sets."
    )
    example_format = "catalog"
    bad = """\
metrics:
- name: agent_memory_usage_bytes
  type: gauge
  labels: [namespace, agent_type]
scrape_configs:
- job_name: agent-platform
  static_configs:
  - targets: ["localhost:8000"]
    labels: {namespace: dev}
"""
    good = """\
metrics:
- name: agent_memory_usage_bytes
  type: gauge
  labels: [agent_namespace, agent_type]
scrape_configs:
- job_name: agent-platform
  static_configs:
  - targets: ["localhost:8000"]
    labels: {namespace: dev}
"""

    def check_catalog(self, ctx):
        if not ctx.inputs.scrape_jobs:
            # No environment says how it is scraped; every scrape sets job and instance all the same.
            for entry in ctx.inputs.catalog_entries:
                for label in entry.labels:
                    if label in TARGET_LABELS:
                        yield Problem(
                            entry,
                            f"label {label!r} of {entry.name} is a target label every Prometheus scrape sets: "
                            f"unless the scrape job sets honor_labels, Prometheus keeps the target's value in "
                            f"{label!r} and renames the application's label to 'exported_{label}'; rename the "
                            "catalog label",
                        )
            return
        jobs = [job for job in ctx.inputs.scrape_jobs if not job.config.get("honor_labels")]
        exporters = {entry.exported_by for entry in ctx.inputs.catalog_entries if entry.exported_by}
        by_environment: dict[str, list] = {}
        for job in jobs:
            by_environment.setdefault(job.environment, []).append(job)
        # (environment, exported_by) -> target label -> [(job, how it sets it)]: once, not per metric.
        setters: dict[tuple[str, str], dict[str, list]] = {}
        for entry in ctx.inputs.catalog_entries:
            for environment in sorted(by_environment):
                key = (environment, entry.exported_by)
                if key not in setters:
                    setters[key] = _setters(_jobs_scraping(entry.exported_by, by_environment[environment], exporters))
                for label in entry.labels:
                    if label in setters[key]:
                        yield Problem(entry, _message(entry.name, label, environment, setters[key][label]))


def _setters(jobs) -> dict[str, list]:
    index: dict[str, list] = {}
    for job in jobs:
        for name, target in target_labels(job.config).items():
            index.setdefault(name, []).append((job, target))
    return index


def _jobs_scraping(exported_by: str, jobs, exporters: set[str]) -> list:
    """The jobs that may scrape a metric: another program's metrics come from the jobs named
    after it (all jobs when none is); the applications' from every job not named after one."""
    if exported_by:
        own = [job for job in jobs if exported_by in job.job_name]
        return own or jobs
    return [job for job in jobs if job.job_name not in exporters]


def _message(metric: str, label: str, environment: str, setters) -> str:
    described = "; ".join(
        f"scrape job {job.job_name!r} sets it ({target.how}, {':'.join(map(str, job.where(target.where)))})"
        for job, target in setters
    )
    return (
        f"label {label!r} of {metric} is overwritten by a target label in environment {environment!r}: "
        f"{described}. Prometheus keeps the target's value in {label!r} and renames the application's label "
        f"to 'exported_{label}'; rename the catalog label, or set honor_labels=True on the job"
    )


RULE = TargetLabelCollision()
