"""Remote write to Mimir, Thanos Receive or any Prometheus remote-write endpoint.

Credentials are files (basic auth `password_file`, `bearer_token_file`); a tenant for
Mimir goes in the `X-Scope-OrgID` header, which is an identifier, not a secret.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar

from pydantic import Field, field_validator, model_validator

from monitoring_codegen.model.definition import Definition
from monitoring_codegen.model.fields import Duration, go_regexes
from monitoring_codegen.model.server.scrape import BasicAuth, TLSConfig, http_client_config

_URL_RE = re.compile(r"^https?://[^\s/@]+(/\S*)?\Z")
# Headers Prometheus refuses in remote_write, or that would carry a credential in clear.
_FORBIDDEN_HEADERS = {
    "authorization",
    "content-encoding",
    "content-type",
    "user-agent",
    "x-prometheus-remote-write-version",
}


class QueueConfig(Definition):
    """Shards and batches. Defaults are Prometheus' own, written out so a diff shows any change."""

    kind: ClassVar[str] = "QueueConfig"
    key_field: ClassVar[str] = "capacity"
    top_level: ClassVar[bool] = False

    capacity: int = 10000
    min_shards: int = 1
    max_shards: int = 50
    max_samples_per_send: int = 2000
    batch_send_deadline: Duration = "5s"
    min_backoff: Duration = "30ms"
    max_backoff: Duration = "5s"

    @model_validator(mode="after")
    def _sane(self) -> QueueConfig:
        if not 1 <= self.min_shards <= self.max_shards:
            raise ValueError("queue needs 1 <= min_shards <= max_shards")
        if self.max_samples_per_send > self.capacity:
            raise ValueError("max_samples_per_send must not exceed capacity")
        return self

    def to_prometheus(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class RemoteWrite(Definition):
    kind: ClassVar[str] = "RemoteWrite"
    top_level: ClassVar[bool] = False

    name: str
    url: str
    remote_timeout: Duration = "30s"
    headers: dict[str, str] = Field(default_factory=dict)
    basic_auth: BasicAuth | None = None
    bearer_token_file: str | None = None
    tls: TLSConfig | None = None
    queue: QueueConfig = Field(default_factory=QueueConfig)
    send_exemplars: bool = False
    # Regexes on metric names: only these are sent (keep), or these are not (drop).
    keep_metrics: Annotated[list[str], go_regexes("keep_metrics/drop_metrics")] = Field(default_factory=list)
    drop_metrics: Annotated[list[str], go_regexes("keep_metrics/drop_metrics")] = Field(default_factory=list)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not re.match(r"^[A-Za-z0-9][A-Za-z0-9_.-]*\Z", value):
            raise ValueError(f"{value!r} is not a valid remote_write name")
        return value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not _URL_RE.match(value):
            shown = "a URL with user:password@" if "@" in value else repr(value)  # never echo a password
            raise ValueError(
                f"url must be an http(s) URL without user:password@, got {shown}; "
                "use basic_auth=BasicAuth(username=..., password_file=...)"
            )
        return value

    @field_validator("headers")
    @classmethod
    def _headers(cls, value: dict[str, str]) -> dict[str, str]:
        for name in value:
            if name.lower() in _FORBIDDEN_HEADERS:
                raise ValueError(f"header {name!r} is not allowed here; use bearer_token_file or basic_auth")
        return value

    @model_validator(mode="after")
    def _auth(self) -> RemoteWrite:
        if self.basic_auth and self.bearer_token_file:
            raise ValueError("use either basic_auth or bearer_token_file, not both")
        from monitoring_codegen.secrets import scan_value

        if scan_value(self.headers):
            raise ValueError("headers hold a literal credential")
        return self

    def file_references(self) -> list[str]:
        refs = [self.basic_auth.password_file] if self.basic_auth else []
        if self.bearer_token_file:
            refs.append(self.bearer_token_file)
        return refs

    def to_prometheus(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "url": self.url, "remote_timeout": self.remote_timeout}
        if self.headers:
            out["headers"] = dict(sorted(self.headers.items()))
        out.update(http_client_config(self.basic_auth, self.bearer_token_file, self.tls))
        relabel = []
        if self.keep_metrics:
            relabel.append(
                {
                    "source_labels": ["__name__"],
                    "action": "keep",
                    "regex": "|".join(f"(?:{r})" for r in self.keep_metrics),
                }
            )
        if self.drop_metrics:
            relabel.append(
                {
                    "source_labels": ["__name__"],
                    "action": "drop",
                    "regex": "|".join(f"(?:{r})" for r in self.drop_metrics),
                }
            )
        if relabel:
            out["write_relabel_configs"] = relabel
        out["queue_config"] = self.queue.to_prometheus()
        if self.send_exemplars:
            out["send_exemplars"] = True
        return out
