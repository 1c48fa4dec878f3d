"""Grafana datasources. Credentials only as `$__env{VAR}` or `$__file{path}` references."""

from __future__ import annotations

import re
from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from monitoring_codegen.model.definition import Definition
from monitoring_codegen.model.fields import Uid

DatasourceType = Literal["prometheus", "loki", "tempo", "alertmanager"]

_SECRET_REF_RE = re.compile(r"^\$__(env|file)\{[^{}]+\}\Z")
_URL_CREDENTIALS_RE = re.compile(r"^[a-z][a-z0-9+.-]*://[^/@\s]+:[^/@\s]*@", re.IGNORECASE)


def is_secret_reference(value: str) -> bool:
    return isinstance(value, str) and bool(_SECRET_REF_RE.match(value))


class Datasource(Definition):
    kind: ClassVar[str] = "Datasource"

    name: str
    type: DatasourceType
    uid: Uid
    url: str
    access: Literal["proxy", "direct"] = "proxy"
    is_default: bool = False
    editable: bool = False
    basic_auth_user: str | None = None
    json_data: dict[str, Any] = Field(default_factory=dict)
    # Values must be `$__env{VAR}` or `$__file{/path}`; Grafana expands them at provisioning.
    secure_json_data: dict[str, str] = Field(default_factory=dict)

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if _URL_CREDENTIALS_RE.match(value):
            raise ValueError(
                "url contains credentials (user:password@); use basic_auth_user and "
                "secure_json_data={'basicAuthPassword': '$__env{VAR}'}"
            )
        return value

    @field_validator("secure_json_data")
    @classmethod
    def _secrets_are_references(cls, value: dict[str, str]) -> dict[str, str]:
        for key, secret in value.items():
            if not is_secret_reference(secret):
                raise ValueError(
                    f"secure_json_data[{key!r}] is a literal value; secrets must be references "
                    "like '$__env{GRAFANA_DS_PASSWORD}' or '$__file{/run/secrets/ds_password}'"
                )
        return value

    @model_validator(mode="after")
    def _basic_auth(self) -> Datasource:
        if self.basic_auth_user and "basicAuthPassword" not in self.secure_json_data:
            raise ValueError("basic_auth_user needs secure_json_data['basicAuthPassword'] as a reference")
        return self

    def to_provisioning(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "uid": self.uid,
            "access": self.access,
            "url": self.url,
            "isDefault": self.is_default,
            "editable": self.editable,
        }
        if self.basic_auth_user:
            out["basicAuth"] = True
            out["basicAuthUser"] = self.basic_auth_user
        if self.json_data:
            out["jsonData"] = self.json_data
        if self.secure_json_data:
            out["secureJsonData"] = dict(sorted(self.secure_json_data.items()))
        return out
