"""Environments (dev, staging, prod): per-environment intervals, thresholds and durations.

Artifacts that do not depend on an environment stay where they are; what an
environment changes is rendered under `env/<name>/`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .definition import Definition
from .durations import validate_duration
from .names import validate_label_name


class AlertOverride(BaseModel):
    """What an environment changes on one alert: its params (thresholds), `for`, labels."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    params: dict[str, float | int | str] = Field(default_factory=dict)
    for_: str | None = Field(default=None, alias="for")
    labels: dict[str, str] = Field(default_factory=dict)

    def __init__(self, /, **data: Any) -> None:
        if "for_" in data and "for" not in data:
            data["for"] = data.pop("for_")
        super().__init__(**data)

    @field_validator("for_")
    @classmethod
    def _for(cls, value: str | None) -> str | None:
        return None if value is None else validate_duration(value)


class Environment(Definition):
    kind: ClassVar[str] = "Environment"

    name: str
    scrape_interval: str = "30s"
    scrape_timeout: str = "10s"
    evaluation_interval: str = "30s"
    # e.g. {"cluster": "prod-eu-1"}; `replica` is added per server of an HA pair.
    external_labels: dict[str, str] = Field(default_factory=dict)
    replicas: int = 1
    retention_time: str = "15d"
    retention_size: str | None = None
    # alert name -> override
    alert_overrides: dict[str, AlertOverride] = Field(default_factory=dict)
    # Free-form settings for server-config renderers (scrape configs, remote write, routing).
    settings: dict[str, Any] = Field(default_factory=dict)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value or not value.replace("-", "").replace("_", "").isalnum() or not value[0].isalpha():
            raise ValueError(f"{value!r} is not a valid environment name (letters, digits, '-', '_')")
        return value

    @field_validator("scrape_interval", "scrape_timeout", "evaluation_interval", "retention_time")
    @classmethod
    def _durations(cls, value: str) -> str:
        return validate_duration(value)

    @field_validator("external_labels")
    @classmethod
    def _labels(cls, value: dict[str, str]) -> dict[str, str]:
        for name in value:
            validate_label_name(name)
        return value

    @model_validator(mode="after")
    def _sane(self) -> "Environment":
        from .durations import parse_duration

        if parse_duration(self.scrape_timeout) > parse_duration(self.scrape_interval):
            raise ValueError("scrape_timeout must not exceed scrape_interval")
        if self.replicas < 1:
            raise ValueError("replicas must be at least 1")
        return self

    def override_for(self, alert_name: str) -> AlertOverride | None:
        return self.alert_overrides.get(alert_name)
