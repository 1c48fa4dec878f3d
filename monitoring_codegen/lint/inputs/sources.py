"""Gathering what to lint: the loaded definitions, or rule and dashboard files on disk."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from monitoring_codegen.errors import UsageError
from monitoring_codegen.lint.engine import LintInput
from monitoring_codegen.lint.inputs.dashboard_files import NotADashboard, build_dashboard, load_dashboard_file
from monitoring_codegen.lint.inputs.linted import (
    CatalogEntry,
    LintedGroup,
    LintedRule,
    LintedRuleFile,
    LintedScrapeJob,
)
from monitoring_codegen.lint.inputs.rule_files import NotARuleFile, load_rule_file
from monitoring_codegen.lint.inputs.slo_specs import load_slo_spec, looks_like_slo_spec
from monitoring_codegen.promql.catalog import SeriesCatalog, catalog_from_model

RULE_SUFFIXES = (".yaml", ".yml")
DASHBOARD_SUFFIXES = (".json",)


def _where(model, definition) -> tuple[str, int]:
    source = definition.source
    if source is None:
        return "<definitions>", 0
    return model.relpath(source.file), source.line


def input_for_model(model, extra_labels=()) -> LintInput:
    """Everything the definitions declare, each pointing at its Python declaration."""
    inputs = LintInput(catalog=catalog_from_model(model, set(extra_labels) | scraped_labels(model)), root=model.root)
    datasources = set()
    for ds in model.datasources:
        datasources.update({ds.name, ds.uid})
    inputs.datasources = datasources or None
    files: dict[str, LintedRuleFile] = {}
    for group in model.rule_groups:
        path, line = _where(model, group)
        rule_file = files.setdefault(group.file_stem, LintedRuleFile(path=path, from_definitions=True))
        linted_group = LintedGroup(name=group.name, path=path, line=line, interval=group.interval)
        for rule in group.rules:
            rule_path, rule_line = _where(model, rule)
            is_alert = rule.kind == "AlertRule"
            linted = LintedRule(
                kind="alert" if is_alert else "record",
                name=rule.alert if is_alert else rule.record,
                expr=_expr_of(rule),
                path=rule_path,
                line=rule_line,
                group=linted_group,
                for_=rule.for_ if is_alert else None,
                keep_firing_for=rule.keep_firing_for if is_alert else None,
                labels=dict(rule.labels),
                annotations=dict(rule.annotations) if is_alert else {},
                ignores=dict(rule.lint_ignore),
                from_definitions=True,
            )
            linted_group.rules.append(linted)
        rule_file.groups.append(linted_group)
    inputs.rule_files = [files[stem] for stem in sorted(files)]
    for dashboard in model.dashboards:
        path, line = _where(model, dashboard)
        inputs.dashboards.append(
            build_dashboard(
                _rendered_json(dashboard, model), path, line, ignores=dashboard.lint_ignore, from_definitions=True
            )
        )
    from monitoring_codegen.lint.inputs.slo_specs import slos_from_model

    inputs.slos = slos_from_model(model, lambda definition: _where(model, definition))
    for metric in model.metrics:
        path, line = _where(model, metric)
        inputs.catalog_entries.append(
            CatalogEntry(
                metric.name,
                metric.type,
                tuple(metric.labels),
                path,
                line,
                ignores=dict(getattr(metric, "lint_ignore", {}) or {}),
                exported_by=metric.exported_by,
            )
        )
    inputs.scrape_jobs = scrape_jobs_of(model)
    return inputs


def scraped_labels(model) -> set[str]:
    """Target labels the environments' scrape jobs put on series (namespace, pod, ...): queries may use them."""
    from monitoring_codegen.promql.target_labels import target_labels

    return {name for job in scrape_jobs_of(model) for name in target_labels(job.config)}


def scrape_jobs_of(model) -> list[LintedScrapeJob]:
    """Every environment's scrape jobs as rendered, each part pointing at the Python that declared it."""
    from monitoring_codegen.render.servers import scrape_configs

    jobs: list[LintedScrapeJob] = []
    for env in model.environments:
        for job, config in zip(env.scrape_jobs, scrape_configs(env), strict=True):
            path, line = _where(model, job if job.source is not None else env)
            linted = LintedScrapeJob(env.name, config, path, line)
            for index, static in enumerate(job.static):
                if static.source is not None:
                    linted.parts[("static_configs", index)] = _where(model, static)
            pods = job.kubernetes_pods
            if pods is not None and pods.source is not None:
                for index in range(len(config.get("relabel_configs") or ())):
                    linted.parts[("relabel_configs", index)] = _where(model, pods)
            jobs.append(linted)
    return jobs


def _expr_of(rule) -> str:
    """The PromQL `mcg build` writes: params (`{{ threshold }}`) filled in with their defaults."""
    rendered = getattr(rule, "rendered_expr", None)
    return rendered() if callable(rendered) else rule.expr


def _rendered_json(dashboard, model) -> dict:
    """The dashboard as `mcg build` writes it; the raw board when it cannot be rendered."""
    from monitoring_codegen.render.dashboards import dashboard_json

    try:
        return dashboard_json(dashboard, model)
    except Exception:  # render errors are `mcg build`'s to report; lint what was declared
        return dashboard.raw_json()


def _expand(paths: list[str]) -> list[tuple[str, bool]]:
    """(file, given explicitly) for every path; folders give their rule and dashboard files."""
    out: list[tuple[str, bool]] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if name.endswith(RULE_SUFFIXES + DASHBOARD_SUFFIXES):
                        out.append((os.path.join(folder, name), False))
        elif path.exists():
            out.append((given, True))
        else:
            raise UsageError(f"{given}: no such file or folder")
    return out


# The largest real rule files and dashboards are a few MB; past this a file is not one of them
# (and `mcg lint /dev/zero` must not read until memory runs out).
MAX_FILE_BYTES = 32 * 1024 * 1024


def read_text(path: str) -> str:
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise UsageError(f"{path}: not a regular file (a rule file or dashboard JSON was expected)")
        if info.st_size > MAX_FILE_BYTES:
            raise UsageError(f"{path}: {info.st_size:,} bytes, more than the {MAX_FILE_BYTES:,} mcg lint reads")
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise UsageError(f"{path}: more than the {MAX_FILE_BYTES:,} bytes mcg lint reads")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text (a rule file or dashboard JSON was expected)") from None


def input_for_paths(paths: list[str], catalog: SeriesCatalog, datasources: set[str] | None) -> LintInput:
    inputs = LintInput(catalog=catalog, datasources=datasources)
    for path, explicit in _expand(paths):
        text = read_text(path)
        display = path.replace(os.sep, "/")
        looks_json = path.endswith(DASHBOARD_SUFFIXES) or (
            not path.endswith(RULE_SUFFIXES) and text.lstrip().startswith(("{", "["))
        )
        if not looks_json and looks_like_slo_spec(text):
            # A sloth or OpenSLO spec: its SLOs go to the slo/ checks.
            inputs.slos.extend(load_slo_spec(text, display))
            continue
        try:
            if looks_json:
                try:
                    inputs.dashboards.append(load_dashboard_file(text, display))
                except NotADashboard:
                    # JSON is YAML: Prometheus (and promtool) read `{"groups": [...]}` rule files too.
                    try:
                        inputs.rule_files.append(load_rule_file(text, display))
                    except (NotARuleFile, UsageError):
                        raise NotADashboard(
                            f"{display}: neither a Grafana dashboard (no panels, rows or "
                            "templating) nor a Prometheus rule file (no `groups:`)"
                        ) from None
            else:
                inputs.rule_files.append(load_rule_file(text, display))
        except (NotARuleFile, NotADashboard) as exc:
            if explicit:
                raise UsageError(str(exc)) from None
    if not inputs.rule_files and not inputs.dashboards and not inputs.slos:
        # A folder (or glob) holding nothing lintable: passing silently would hide a wrong path in CI.
        raise UsageError(f"{', '.join(paths)}: no Prometheus rule file, Grafana dashboard or SLO spec found")
    return inputs
