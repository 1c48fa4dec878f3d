"""Grafana dashboards: a grafanalib Dashboard (or plain dashboard JSON) plus a folder."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field, PrivateAttr, field_validator, model_validator

from monitoring_codegen.model.definition import Definition
from monitoring_codegen.model.fields import Folder, LintIgnore
from monitoring_codegen.model.names import validate_uid


class Dashboard(Definition):
    """`Dashboard(folder="AI Agents", board=grafanalib.core.Dashboard(title=..., uid=..., panels=[...]))`."""

    kind: ClassVar[str] = "Dashboard"
    key_field: ClassVar[str] = "uid"

    board: Any
    folder: Folder = "General"
    # rule id -> reason, as on rules: accepted lint findings for this dashboard.
    lint_ignore: LintIgnore = Field(default_factory=dict)

    _raw_text: str | None = PrivateAttr(default=None)

    @field_validator("board")
    @classmethod
    def _board(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return value
        if not hasattr(value, "to_json_data"):
            raise ValueError("board must be a grafanalib.core.Dashboard or a dashboard JSON dict")
        return value

    @model_validator(mode="after")
    def _uid_and_title(self) -> "Dashboard":
        uid = self.uid
        if not uid:
            raise ValueError(f"dashboard {self.title!r} has no uid: give it a stable uid so links survive rebuilds")
        validate_uid(uid)
        if not self.title or not str(self.title).strip():
            raise ValueError("dashboard has no title")
        return self

    @property
    def uid(self) -> str | None:
        board = self.board
        return board.get("uid") if isinstance(board, dict) else getattr(board, "uid", None)

    @property
    def title(self) -> str:
        board = self.board
        return board.get("title", "") if isinstance(board, dict) else getattr(board, "title", "")

    @property
    def key(self) -> str:
        return self.uid or ""

    def raw_json(self) -> dict[str, Any]:
        """The board as grafanalib (or the user) gives it, before modernisation."""
        if isinstance(self.board, dict):
            import copy

            return copy.deepcopy(self.board)
        import json

        if self._raw_text is None:
            from grafanalib._gen import DashboardEncoder

            # A JSON round trip turns grafanalib's nested objects into plain data. The text is
            # kept: several outputs (dashboards, lint, inventory, instrumentation) read it.
            self._raw_text = json.dumps(self.board.to_json_data(), cls=DashboardEncoder)
        return json.loads(self._raw_text)
