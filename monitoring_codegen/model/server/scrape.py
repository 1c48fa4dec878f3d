"""What a Prometheus scrapes and how it finds Alertmanager: static targets, Kubernetes pods, file_sd.

Credentials are files only (`password_file`, `bearer_token_file`): Prometheus does not
expand environment variables in its configuration.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from monitoring_codegen.model.definition import Definition
from monitoring_codegen.model.durations import parse_duration, validate_duration
from monitoring_codegen.model.fields import CredentialFile, Duration, LabelMap, each_value, go_regexes
from monitoring_codegen.model.names import validate_label_name

_TARGET_RE = re.compile(r"^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):\d{1,5}\Z")
_JOB_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]*\Z")


class _Strict(Definition):
    """Parts of an Environment: validated where declared, errors name their file:line."""

    top_level: ClassVar[bool] = False


def _path(value: str | None, field: str) -> str | None:
    if value is not None and (not value.strip() or "://" in value or "\n" in value):
        raise ValueError(f"{field} must be a file path, got {value!r}")
    return value


def _credential_path(value: str | None, field: str) -> str | None:
    from monitoring_codegen.secrets import check_credential_file

    return check_credential_file(value, field)


def _meta_name(text: str) -> str:
    """How Prometheus turns a Kubernetes annotation or label name into a meta label suffix."""
    return re.sub(r"[^a-zA-Z0-9_]", "_", text)


class BasicAuth(_Strict):
    kind: ClassVar[str] = "BasicAuth"
    key_field: ClassVar[str] = "username"

    username: str
    password_file: CredentialFile

    def to_prometheus(self) -> dict[str, Any]:
        return {"username": self.username, "password_file": self.password_file}


class TLSConfig(_Strict):
    kind: ClassVar[str] = "TLSConfig"
    key_field: ClassVar[str] = "server_name"

    ca_file: str | None = None
    cert_file: str | None = None
    key_file: str | None = None
    server_name: str | None = None
    insecure_skip_verify: bool = False

    @model_validator(mode="after")
    def _files(self) -> TLSConfig:
        for field in ("ca_file", "cert_file"):
            _path(getattr(self, field), field)
        _credential_path(self.key_file, "key_file")  # a pasted PEM must not be echoed
        if bool(self.cert_file) != bool(self.key_file):
            raise ValueError("cert_file and key_file go together")
        return self

    def to_prometheus(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for field in ("ca_file", "cert_file", "key_file", "server_name"):
            if getattr(self, field):
                out[field] = getattr(self, field)
        if self.insecure_skip_verify:
            out["insecure_skip_verify"] = True
        return out


def http_client_config(
    basic_auth: BasicAuth | None, bearer_token_file: str | None, tls: TLSConfig | None
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if basic_auth:
        out["basic_auth"] = basic_auth.to_prometheus()
    if bearer_token_file:
        out["authorization"] = {"type": "Bearer", "credentials_file": bearer_token_file}
    if tls:
        rendered = tls.to_prometheus()
        if rendered:
            out["tls_config"] = rendered
    return out


class StaticTargets(_Strict):
    kind: ClassVar[str] = "StaticTargets"
    key_field: ClassVar[str] = "labels"

    targets: list[str]
    labels: LabelMap = Field(default_factory=dict)

    @field_validator("targets")
    @classmethod
    def _targets(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("static targets need at least one host:port")
        for target in value:
            if not _TARGET_RE.match(target):
                raise ValueError(f"target {target!r} is not host:port")
        return value

    def to_prometheus(self) -> dict[str, Any]:
        out: dict[str, Any] = {"targets": list(self.targets)}
        if self.labels:
            out["labels"] = dict(sorted(self.labels.items()))
        return out


class FileSD(_Strict):
    """Targets from JSON/YAML files another tool writes (Prometheus watches them)."""

    kind: ClassVar[str] = "FileSD"
    key_field: ClassVar[str] = "refresh_interval"

    files: list[str]
    refresh_interval: Duration = "5m"

    @field_validator("files")
    @classmethod
    def _files(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("file_sd needs at least one file pattern")
        for pattern in value:
            _path(pattern, "files")
            if not pattern.endswith((".json", ".yml", ".yaml")):
                raise ValueError(f"file_sd file {pattern!r} must end in .json, .yml or .yaml")
        return value

    def to_prometheus(self) -> dict[str, Any]:
        return {"files": list(self.files), "refresh_interval": self.refresh_interval}


class KubernetesPods(_Strict):
    """Pods that opt in with annotations: `<prefix>/scrape: "true"`, and optionally
    `<prefix>/port`, `<prefix>/path`, `<prefix>/scheme` (the prometheus.io convention)."""

    kind: ClassVar[str] = "KubernetesPods"
    key_field: ClassVar[str] = "annotation_prefix"

    namespaces: list[str] = Field(default_factory=list)  # empty: every namespace
    annotation_prefix: str = "prometheus.io"
    # Pod label -> target label copied onto every series (e.g. app.kubernetes.io/name -> app).
    pod_labels: Annotated[dict[str, str], each_value(validate_label_name)] = Field(default_factory=dict)

    def relabel_configs(self) -> list[dict[str, Any]]:
        annotation = "__meta_kubernetes_pod_annotation_" + _meta_name(self.annotation_prefix) + "_"
        configs: list[dict[str, Any]] = [
            {"source_labels": [annotation + "scrape"], "regex": "true", "action": "keep"},
            # Completed and failed pods keep their IP for a while; scraping them only adds `up == 0`.
            {
                "source_labels": ["__meta_kubernetes_pod_phase"],
                "regex": "Pending|Succeeded|Failed|Completed",
                "action": "drop",
            },
            {
                "source_labels": [annotation + "scheme"],
                "regex": "(https?)",
                "target_label": "__scheme__",
                "action": "replace",
            },
            {
                "source_labels": [annotation + "path"],
                "regex": "(.+)",
                "target_label": "__metrics_path__",
                "action": "replace",
            },
            {
                "source_labels": ["__address__", annotation + "port"],
                "regex": r"([^:]+)(?::\d+)?;(\d+)",
                "replacement": "$1:$2",
                "target_label": "__address__",
                "action": "replace",
            },
            {"source_labels": ["__meta_kubernetes_namespace"], "target_label": "namespace", "action": "replace"},
            {"source_labels": ["__meta_kubernetes_pod_name"], "target_label": "pod", "action": "replace"},
            {
                "source_labels": ["__meta_kubernetes_pod_container_name"],
                "target_label": "container",
                "action": "replace",
            },
        ]
        for pod_label, target in sorted(self.pod_labels.items()):
            configs.append(
                {
                    "source_labels": ["__meta_kubernetes_pod_label_" + _meta_name(pod_label)],
                    "target_label": target,
                    "action": "replace",
                }
            )
        return configs

    def sd_config(self) -> dict[str, Any]:
        out: dict[str, Any] = {"role": "pod"}
        if self.namespaces:
            out["namespaces"] = {"names": list(self.namespaces)}
        return out


class ScrapeJob(_Strict):
    kind: ClassVar[str] = "ScrapeJob"
    key_field: ClassVar[str] = "job_name"

    job_name: str
    static: list[StaticTargets] = Field(default_factory=list)
    kubernetes_pods: KubernetesPods | None = None
    file_sd: FileSD | None = None
    metrics_path: str = "/metrics"
    scheme: Literal["http", "https"] = "http"
    scrape_interval: Duration | None = None
    scrape_timeout: Duration | None = None
    honor_labels: bool = False
    sample_limit: int = 0
    basic_auth: BasicAuth | None = None
    # Note: promtool check config requires this file to exist where it runs.
    bearer_token_file: str | None = None
    tls: TLSConfig | None = None
    # Regexes on metric names dropped at ingestion (metric_relabel_configs).
    drop_metrics: Annotated[list[str], go_regexes("drop_metrics")] = Field(default_factory=list)

    @field_validator("job_name")
    @classmethod
    def _job(cls, value: str) -> str:
        if not _JOB_RE.match(value):
            raise ValueError(f"{value!r} is not a valid job name")
        return value

    @model_validator(mode="after")
    def _sane(self) -> ScrapeJob:
        if not (self.static or self.kubernetes_pods or self.file_sd):
            raise ValueError(f"scrape job {self.job_name!r} needs static targets, kubernetes_pods or file_sd")
        if not self.metrics_path.startswith("/"):
            raise ValueError("metrics_path must start with '/'")
        if self.basic_auth and self.bearer_token_file:
            raise ValueError("use either basic_auth or bearer_token_file, not both")
        _credential_path(self.bearer_token_file, "bearer_token_file")
        if (
            self.scrape_interval
            and self.scrape_timeout
            and parse_duration(self.scrape_timeout) > parse_duration(self.scrape_interval)
        ):
            raise ValueError(f"scrape job {self.job_name!r}: scrape_timeout exceeds scrape_interval")
        return self

    def file_references(self) -> list[str]:
        refs = [self.basic_auth.password_file] if self.basic_auth else []
        if self.bearer_token_file:
            refs.append(self.bearer_token_file)
        return refs

    def to_prometheus(self) -> dict[str, Any]:
        out: dict[str, Any] = {"job_name": self.job_name}
        for field in ("scrape_interval", "scrape_timeout"):
            if getattr(self, field):
                out[field] = getattr(self, field)
        out["metrics_path"] = self.metrics_path
        out["scheme"] = self.scheme
        if self.honor_labels:
            out["honor_labels"] = True
        if self.sample_limit:
            out["sample_limit"] = self.sample_limit
        out.update(http_client_config(self.basic_auth, self.bearer_token_file, self.tls))
        if self.static:
            out["static_configs"] = [s.to_prometheus() for s in self.static]
        if self.file_sd:
            out["file_sd_configs"] = [self.file_sd.to_prometheus()]
        if self.kubernetes_pods:
            out["kubernetes_sd_configs"] = [self.kubernetes_pods.sd_config()]
            out["relabel_configs"] = self.kubernetes_pods.relabel_configs()
        if self.drop_metrics:
            out["metric_relabel_configs"] = [
                {
                    "source_labels": ["__name__"],
                    "regex": "|".join(f"(?:{r})" for r in self.drop_metrics),
                    "action": "drop",
                }
            ]
        return out


class AlertmanagerTargets(_Strict):
    """Where Prometheus sends alerts: static host:port, or the endpoints of a Kubernetes service."""

    kind: ClassVar[str] = "AlertmanagerTargets"
    key_field: ClassVar[str] = "kubernetes_service"

    static: list[str] = Field(default_factory=list)
    kubernetes_service: str | None = None  # "namespace/name"
    port_name: str = "web"
    path_prefix: str = "/"
    scheme: Literal["http", "https"] = "http"
    timeout: str = "10s"
    api_version: Literal["v2"] = "v2"

    @model_validator(mode="after")
    def _sane(self) -> AlertmanagerTargets:
        if not self.static and not self.kubernetes_service:
            raise ValueError("alertmanagers need static targets or kubernetes_service")
        for target in self.static:
            if not _TARGET_RE.match(target):
                raise ValueError(f"alertmanager target {target!r} is not host:port")
        if self.kubernetes_service and not re.match(r"^[a-z0-9-]+/[a-z0-9-]+\Z", self.kubernetes_service):
            raise ValueError(f"kubernetes_service must be 'namespace/name', got {self.kubernetes_service!r}")
        validate_duration(self.timeout)
        return self

    def to_prometheus(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "scheme": self.scheme,
            "path_prefix": self.path_prefix,
            "timeout": self.timeout,
            "api_version": self.api_version,
        }
        if self.static:
            out["static_configs"] = [{"targets": list(self.static)}]
        if self.kubernetes_service:
            namespace, name = self.kubernetes_service.split("/")
            out["kubernetes_sd_configs"] = [{"role": "endpoints", "namespaces": {"names": [namespace]}}]
            out["relabel_configs"] = [
                {"source_labels": ["__meta_kubernetes_service_name"], "regex": name, "action": "keep"},
                {"source_labels": ["__meta_kubernetes_endpoint_port_name"], "regex": self.port_name, "action": "keep"},
            ]
        return out
