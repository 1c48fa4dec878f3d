"""Environments (dev, staging, prod): per-environment intervals, thresholds and durations.

Artifacts that do not depend on an environment stay where they are; what an
environment changes is rendered under `env/<name>/`.
"""

from __future__ import annotations

import re
from typing import ClassVar

from pydantic import Field, field_validator, model_validator

from monitoring_codegen.model.definition import Definition
from monitoring_codegen.model.fields import AlertRuleLabels, Duration, LabelMap
from monitoring_codegen.model.names import check_portable_name, validate_label_name
from monitoring_codegen.model.server.remote_write import RemoteWrite
from monitoring_codegen.model.server.routing import AlertRouting
from monitoring_codegen.model.server.scrape import AlertmanagerTargets, ScrapeJob

# A Kubernetes namespace or object name: an RFC 1123 label.
DNS1123_LABEL_RE = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?\Z")


_ARGS_MCG_SETS = {"--config.file", "--storage.tsdb.retention.time", "--storage.tsdb.retention.size"}


class AlertOverride(Definition):
    """What an environment changes on one alert: its params (thresholds), `for`, labels."""

    kind: ClassVar[str] = "AlertOverride"
    key_field: ClassVar[str] = ""  # named by the alert it overrides, which it does not know
    top_level: ClassVar[bool] = False

    params: dict[str, float | int | str] = Field(default_factory=dict)
    for_: Duration | None = Field(default=None, alias="for")
    # Merged into the alert's labels: Go templates, like them.
    labels: AlertRuleLabels = Field(default_factory=dict)


class KubernetesTarget(Definition):
    """Render PrometheusRule objects and dashboard ConfigMaps for this environment's cluster."""

    kind: ClassVar[str] = "KubernetesTarget"
    key_field: ClassVar[str] = "namespace"
    top_level: ClassVar[bool] = False

    namespace: str = "monitoring"
    # Labels the Prometheus operator's ruleSelector matches (kube-prometheus-stack: release=<name>).
    rule_labels: dict[str, str] = Field(default_factory=dict)
    # The Grafana sidecar's conventions: label to find dashboards, annotation naming the folder.
    dashboard_label: str = "grafana_dashboard"
    folder_annotation: str = "grafana_folder"

    @field_validator("namespace")
    @classmethod
    def _namespace(cls, value: str) -> str:
        if len(value) > 63 or not DNS1123_LABEL_RE.match(value):
            raise ValueError(f"namespace {value!r} is not a valid Kubernetes name (lowercase RFC 1123 label)")
        return value


class MimirTarget(Definition):
    """Render rule namespaces for `mimirtool rules sync` (one namespace per rule file)."""

    kind: ClassVar[str] = "MimirTarget"
    key_field: ClassVar[str] = "tenant"
    top_level: ClassVar[bool] = False

    namespace_prefix: str = ""
    tenant: str | None = None  # documentation: the X-Scope-OrgID mimirtool should use

    @field_validator("namespace_prefix")
    @classmethod
    def _prefix(cls, value: str) -> str:
        if value and not re.match(r"^[A-Za-z0-9_.-]+\Z", value):
            raise ValueError(f"namespace_prefix {value!r} may hold letters, digits, '_', '.', '-' only")
        return value


class Environment(Definition):
    kind: ClassVar[str] = "Environment"

    name: str
    scrape_interval: Duration = "30s"
    scrape_timeout: Duration = "10s"
    evaluation_interval: Duration = "30s"
    # e.g. {"cluster": "prod-eu-1"}; `replica` is added per server of an HA pair.
    external_labels: LabelMap = Field(default_factory=dict)
    replicas: int = 1
    retention_time: Duration = "15d"
    retention_size: str | None = None
    # alert name -> override; "group/alert" names the alert of one group when groups share the name.
    alert_overrides: dict[str, AlertOverride] = Field(default_factory=dict)
    # Prometheus server: what it scrapes, where alerts go, where samples are copied.
    scrape_jobs: list[ScrapeJob] = Field(default_factory=list)
    alertmanagers: AlertmanagerTargets | None = None
    remote_write: list[RemoteWrite] = Field(default_factory=list)
    # External label that tells the servers of an HA pair apart (Thanos/Mimir deduplicate on it).
    replica_label: str = "replica"
    # Extra server flags for prometheus.args, e.g. "--web.enable-lifecycle".
    extra_args: list[str] = Field(default_factory=list)
    # Alertmanager configuration (receivers, route tree, inhibitions) for this environment.
    routing: AlertRouting | None = None
    # Optional outputs for this environment.
    kubernetes: KubernetesTarget | None = None
    mimir: MimirTarget | None = None
    # Render out/compose/ (a local Prometheus/Alertmanager/Grafana/Loki/Tempo stack) from this one.
    local_stack: bool = False

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        # ASCII only: the name becomes a folder (out/env/<name>/) and part of Kubernetes and Mimir names.
        if not re.match(r"^[A-Za-z][A-Za-z0-9_-]{0,62}\Z", value):
            raise ValueError(
                f"{value!r} is not a valid environment name (ASCII letters, digits, '-', '_'; "
                "starting with a letter; at most 63 characters)"
            )
        return check_portable_name(value, "environment name")

    @field_validator("retention_size")
    @classmethod
    def _size(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^\d+(B|KB|MB|GB|TB|PB|EB)\Z", value):
            raise ValueError(f"retention_size {value!r} must be a number with a unit B, KB, MB, GB, TB, PB or EB")
        return value

    @model_validator(mode="after")
    def _sane(self) -> Environment:
        from monitoring_codegen.model.durations import parse_duration

        if parse_duration(self.scrape_timeout) > parse_duration(self.scrape_interval):
            raise ValueError("scrape_timeout must not exceed scrape_interval")
        if self.replicas < 1:
            raise ValueError("replicas must be at least 1")
        validate_label_name(self.replica_label)
        if self.replicas > 1 and self.replica_label in self.external_labels:
            raise ValueError(f"external_labels sets {self.replica_label!r}, which mcg sets per replica (from REPLICA)")
        jobs = [job.job_name for job in self.scrape_jobs]
        duplicates = sorted({j for j in jobs if jobs.count(j) > 1})
        if duplicates:
            raise ValueError(f"scrape job names must be unique: {duplicates}")
        names = [rw.name for rw in self.remote_write]
        if len(set(names)) != len(names):
            raise ValueError("remote_write names must be unique")
        for arg in self.extra_args:
            # One word: prometheus.args is read as `$(cat prometheus.args)`, split on whitespace.
            if not re.fullmatch(r"--[a-z0-9][a-z0-9._-]*(=\S+)?", arg):
                raise ValueError(
                    f"extra_args entry {arg!r} is not a --flag[=value] without whitespace "
                    "(prometheus.args is split on whitespace)"
                )
            if arg.split("=", 1)[0] in _ARGS_MCG_SETS:
                raise ValueError(f"{arg.split('=', 1)[0]} is set by mcg from the environment's fields")
        return self

    def file_references(self) -> list[str]:
        """Credential files Prometheus reads (docker secrets / Kubernetes secret mounts)."""
        refs: list[str] = []
        for job in self.scrape_jobs:
            refs.extend(job.file_references())
        for rw in self.remote_write:
            refs.extend(rw.file_references())
        return sorted(set(refs))

    def override_for(self, alert_name: str, group: str | None = None) -> AlertOverride | None:
        """The override of an alert: by "group/alert" when given so, else by the alert's name."""
        if group is not None:
            override = self.alert_overrides.get(f"{group}/{alert_name}")
            if override is not None:
                return override
        return self.alert_overrides.get(alert_name)
