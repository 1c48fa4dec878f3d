"""Grafana dashboards: a grafanalib Dashboard (or plain dashboard JSON) plus a folder."""

from __future__ import annotations

import math
import re
from typing import Any, ClassVar

from pydantic import Field, PrivateAttr, field_validator, model_validator

from monitoring_codegen.model.definition import Definition
from monitoring_codegen.model.fields import Folder, LintIgnore
from monitoring_codegen.model.names import check_portable_name, validate_uid


class Dashboard(Definition):
    """`Dashboard(folder="AI Agents", board=grafanalib.core.Dashboard(title=..., uid=..., panels=[...]))`."""

    kind: ClassVar[str] = "Dashboard"
    key_field: ClassVar[str] = "uid"

    board: Any
    folder: Folder = "General"
    # rule id -> reason, as on rules: accepted lint findings for this dashboard.
    lint_ignore: LintIgnore = Field(default_factory=dict)
    # Prometheus panels and query variables read `${datasource}`, a variable that starts on
    # `datasource` (below); False pins that datasource's uid in every panel instead.
    datasource_variable: bool = True
    # The Prometheus datasource (declared name or uid) of the dashboard; None: the default one.
    datasource: str | None = Field(default=None, min_length=1)

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
    def _uid_and_title(self) -> Dashboard:
        uid = self.uid
        if not uid:
            raise ValueError(f"dashboard {self.title!r} has no uid: give it a stable uid so links survive rebuilds")
        validate_uid(uid)
        # The uid names the file (`<uid>.json`): `con` or `nul` would be a device on Windows.
        check_portable_name(uid, "uid")
        title = self.title
        if isinstance(self.board, dict) and not isinstance(title, str):
            raise ValueError(f"title must be a string, got {describe(title)}")
        if not title or not str(title).strip():
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

    def raw_json_is_plain(self) -> bool:
        """The board came through a JSON round trip without NaN or infinities: plain JSON data."""
        text = self._raw_text
        return text is not None and "NaN" not in text and "Infinity" not in text

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


# --- the shape of dashboard JSON -------------------------------------------------------------------

# Problems reported per dashboard before the rest are summed up in one line.
MAX_STRUCTURE_PROBLEMS = 20
# Deeper than any Grafana dashboard; also where a value that contains itself is caught.
MAX_DEPTH = 64
_HEIGHT_RE = re.compile(r"^[0-9]+(?:px)?\Z")


def describe(value: Any) -> str:
    """A value for a message: its JSON kind, and short scalars as written."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {shown!r}"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "a list"
    return f"a Python {type(value).__name__}"


def _json_problems(value: Any, path: str, problems: list[str]) -> None:
    """What JSON cannot hold: keys that are not strings, NaN and infinities, other Python types."""
    stack: list[tuple[Any, str, int]] = [(value, path, 0)]
    while stack and len(problems) <= MAX_STRUCTURE_PROBLEMS:
        item, where, depth = stack.pop()
        if depth > MAX_DEPTH:
            problems.append(f"{where}: nested more than {MAX_DEPTH} levels deep (does a value contain itself?)")
            continue
        if isinstance(item, dict):
            for key, child in reversed(list(item.items())):
                if not isinstance(key, str):
                    place = f"{where}: key {key!r}" if where else f"key {key!r} at the top level"
                    problems.append(f"{place} is not a string (JSON object keys are strings)")
                    continue
                stack.append((child, f"{where}.{key}" if where else key, depth + 1))
        elif isinstance(item, (list, tuple)):
            for index in range(len(item) - 1, -1, -1):
                stack.append((item[index], f"{where}[{index}]", depth + 1))
        elif isinstance(item, float) and not math.isfinite(item):
            problems.append(f"{where}: {item!r} is not a JSON number (JSON has no NaN or infinity)")
        elif item is not None and not isinstance(item, (str, int, float, bool)):
            problems.append(f"{where}: {describe(item)} is not a JSON value")


def _panel_name(panel: dict, path: str) -> str:
    title = panel.get("title")
    return f"{path} ({title!r})" if isinstance(title, str) and title else path


def _not_json(value: Any) -> bool:
    """A value _json_problems reports already (NaN, a Python object): not reported twice."""
    if isinstance(value, float):
        return not math.isfinite(value)
    return value is not None and not isinstance(value, (str, int, bool, list, tuple, dict))


def _expect(problems: list[str], where: str, value: Any, kinds: tuple, wanted: str) -> bool:
    """Report `value` unless it is None or one of `kinds` (bool is never a number here)."""
    if value is None or _not_json(value):
        return False
    if isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds):
        return True
    problems.append(f"{where} must be {wanted}, got {describe(value)}")
    return False


def _check_panels(panels: Any, path: str, problems: list[str]) -> None:
    if not isinstance(panels, list):
        problems.append(f"{path} must be a list of panel objects, got {describe(panels)}")
        return
    for index, panel in enumerate(panels):
        where = f"{path}[{index}]"
        if not isinstance(panel, dict):
            problems.append(f"{where} must be a panel object, got {describe(panel)}")
            continue
        _check_panel(panel, where, problems)


def _whole_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, float) and math.isfinite(value) and value.is_integer()


def _check_panel(panel: dict, path: str, problems: list[str]) -> None:
    name = _panel_name(panel, path)
    _expect(problems, f"{name}.title", panel.get("title"), (str,), "a string")
    _expect(problems, f"{name}.type", panel.get("type"), (str,), "a string")
    _expect(problems, f"{name}.id", panel.get("id"), (int,), "a whole number")
    grid = panel.get("gridPos")
    if _expect(problems, f"{name}.gridPos", grid, (dict,), "an object with h, w, x and y") and isinstance(grid, dict):
        for key in ("h", "w", "x", "y"):
            if key in grid and not _whole_number(grid[key]) and not _not_json(grid[key]):
                problems.append(f"{name}.gridPos.{key} must be a whole number, got {describe(grid[key])}")
    span = panel.get("span")
    wanted = "a number (12ths of the width)"
    if (
        _expect(problems, f"{name}.span", span, (int, float), wanted)
        and isinstance(span, (int, float))
        and not math.isfinite(span)
    ):
        problems.append(f"{name}.span must be a number (12ths of the width), got {describe(span)}")
    height = panel.get("height")
    pixels = _whole_number(height) or (isinstance(height, str) and _HEIGHT_RE.match(height))
    if height is not None and not _not_json(height) and not pixels:
        problems.append(f'{name}.height must be a number of pixels (250 or "250px"), got {describe(height)}')
    _expect(problems, f"{name}.datasource", panel.get("datasource"), (str, dict), "a datasource name, uid or reference")
    targets = panel.get("targets")
    if _expect(problems, f"{name}.targets", targets, (list,), "a list of query objects") and isinstance(targets, list):
        for index, target in enumerate(targets):
            where = f"{name}.targets[{index}]"
            if not isinstance(target, dict):
                problems.append(f"{where} must be a query object, got {describe(target)}")
                continue
            _expect(problems, f"{where}.expr", target.get("expr"), (str,), "a string")
            _expect(problems, f"{where}.refId", target.get("refId"), (str,), "a string")
            _expect(
                problems,
                f"{where}.datasource",
                target.get("datasource"),
                (str, dict),
                "a datasource name, uid or reference",
            )
    field_config = panel.get("fieldConfig")
    if _expect(problems, f"{name}.fieldConfig", field_config, (dict,), "an object") and isinstance(field_config, dict):
        _expect(problems, f"{name}.fieldConfig.defaults", field_config.get("defaults"), (dict,), "an object")
        _expect(problems, f"{name}.fieldConfig.overrides", field_config.get("overrides"), (list,), "a list")
    _expect(problems, f"{name}.options", panel.get("options"), (dict, list), "an object")
    if panel.get("panels") is not None:
        _check_panels(panel["panels"], f"{name}.panels", problems)


def _check_list_of_objects(container: Any, path: str, what: str, problems: list[str]) -> None:
    """`{"list": [{...}, ...]}`, as templating and annotations hold their items."""
    if not _expect(problems, path, container, (dict,), f'an object with a "list" of {what}'):
        return
    items = container.get("list")
    if not _expect(problems, f"{path}.list", items, (list,), f"a list of {what}"):
        return
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            problems.append(f"{path}.list[{index}] must be an object, got {describe(item)}")
        else:
            _expect(problems, f"{path}.list[{index}].name", item.get("name"), (str,), "a string")


def structure_problems(board: Any, plain_json: bool = False) -> list[str]:
    """What in a dashboard's JSON is not the shape Grafana (and mcg's renderer) reads, one
    message per problem, each naming where it is: `panels[2] ('Latency').gridPos.h must be ...`.
    `plain_json`: the board is known to be plain JSON data (parsed from JSON text without NaN),
    so the walk over every value is skipped."""
    problems: list[str] = []
    if not isinstance(board, dict):
        return [f"the dashboard must be a JSON object, got {describe(board)}"]
    if not plain_json:
        _json_problems(board, "", problems)
    if "panels" in board:
        if board["panels"] is None:
            problems.append("panels must be a list of panel objects (use [] for none), got null")
        else:
            _check_panels(board["panels"], "panels", problems)
    rows = board.get("rows")
    if _expect(problems, "rows", rows, (list,), "a list of row objects") and isinstance(rows, list):
        for index, row in enumerate(rows):
            where = f"rows[{index}]"
            if not isinstance(row, dict):
                problems.append(f"{where} must be a row object, got {describe(row)}")
            elif row.get("panels") is not None:
                _check_panels(row["panels"], f"{_panel_name(row, where)}.panels", problems)
    _check_list_of_objects(board.get("templating"), "templating", "variables", problems)
    _check_list_of_objects(board.get("annotations"), "annotations", "annotations", problems)
    if len(problems) > MAX_STRUCTURE_PROBLEMS:
        problems = problems[:MAX_STRUCTURE_PROBLEMS] + ["... and more like these (fix the ones above first)"]
    return problems
