"""Grafana dashboards compared by meaning: dashboards by uid, panels by id then title,
targets by refId, variables by name. Layout-only noise (the JSON's key order, indentation)
never shows; a moved panel shows as one line with its old and new grid position."""

from __future__ import annotations

import json
from typing import Any

from monitoring_codegen.differ.changes import (
    ADDED,
    CHANGED,
    MOVED,
    REMOVED,
    RENAMED,
    RETITLED,
    Change,
    FileDiff,
    field_changes,
    pair_up,
    show,
)

# Keys compared on their own below, or that carry no meaning for a reviewer.
_DASHBOARD_OWN_KEYS = {"title", "panels", "templating", "id", "version", "uid"}
_PANEL_OWN_KEYS = {"title", "gridPos", "targets", "id", "panels"}
_TARGET_OWN_KEYS = {"expr", "legendFormat", "refId"}


def parse_dashboard(content: bytes) -> dict[str, Any] | None:
    """The dashboard JSON, or None when the file is not one (then it is diffed as text)."""
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError):
        return None
    if (
        isinstance(data, dict)
        and isinstance(data.get("panels", []), list)
        and ("panels" in data or "schemaVersion" in data)
    ):
        return data
    return None


def describe(data: dict[str, Any]) -> str:
    return f"dashboard {_quote(data.get('title'))} (uid {data.get('uid')})"


def diff_dashboard_files(old: dict[str, dict], new: dict[str, dict]) -> list[FileDiff]:
    """Dashboards of both sides, `{path: parsed JSON}`; a dashboard keeps its identity (uid)
    when it moves to another folder, so a move is one entry, not a removal and an addition."""
    old_items = sorted(old.items())
    new_items = sorted(new.items())
    pairs, removed, added = pair_up(
        old_items,
        new_items,
        [lambda item: ("path", item[0]) if _uid(item) is None else ("uid", _uid(item)), lambda item: item[0]],
    )
    diffs: list[FileDiff] = []
    for (old_path, old_data), (new_path, new_data) in pairs:
        changes = compare_dashboards(old_data, new_data)
        if old_path != new_path:
            changes.insert(0, Change(MOVED, "dashboard", "file", old_path, new_path))
        moved = old_path != new_path
        # No changes at all means same meaning, other bytes (reformatted by hand): the caller
        # then attaches a unified diff rather than hide it.
        diffs.append(
            FileDiff(
                new_path,
                MOVED if moved else CHANGED,
                "dashboard",
                describe(new_data),
                changes,
                old_path=old_path if moved else None,
            )
        )
    for path, data in added:
        diffs.append(FileDiff(path, ADDED, "dashboard", describe(data), [_whole(ADDED, data)]))
    for path, data in removed:
        diffs.append(FileDiff(path, REMOVED, "dashboard", describe(data), [_whole(REMOVED, data)]))
    return diffs


def _uid(item: tuple[str, dict]) -> str | None:
    uid = item[1].get("uid")
    return uid if isinstance(uid, str) and uid else None


def _whole(action: str, data: dict[str, Any]) -> Change:
    panels = [p for p, _ in flatten_panels(data.get("panels") or []) if p.get("type") != "row"]
    summary = f"{len(panels)} panel{'' if len(panels) == 1 else 's'}"
    if action == ADDED:
        return Change(action, describe(data), None, None, summary)
    return Change(action, describe(data), None, summary, None)


def compare_dashboards(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    changes: list[Change] = []
    if old.get("title") != new.get("title"):
        changes.append(Change(RENAMED, "dashboard", "title", show(old.get("title")), show(new.get("title"))))
    old_rest = {k: v for k, v in old.items() if k not in _DASHBOARD_OWN_KEYS}
    new_rest = {k: v for k, v in new.items() if k not in _DASHBOARD_OWN_KEYS}
    changes.extend(field_changes("dashboard", old_rest, new_rest))
    changes.extend(_compare_variables(_variables(old), _variables(new)))
    changes.extend(_compare_panels(old.get("panels") or [], new.get("panels") or []))
    return changes


def _variables(data: dict[str, Any]) -> list[dict[str, Any]]:
    templating = data.get("templating") or {}
    found = templating.get("list") if isinstance(templating, dict) else None
    return [v for v in found or [] if isinstance(v, dict)]


def _compare_variables(old: list[dict], new: list[dict]) -> list[Change]:
    pairs, removed, added = pair_up(old, new, [lambda v: v.get("name")])
    changes: list[Change] = []
    for variable in added:
        changes.append(Change(ADDED, f"variable ${variable.get('name')}", None, None, _variable_summary(variable)))
    for variable in removed:
        changes.append(Change(REMOVED, f"variable ${variable.get('name')}", None, _variable_summary(variable), None))
    for a, b in pairs:
        changes.extend(field_changes(f"variable ${b.get('name')}", a, b))
    return changes


def _variable_summary(variable: dict[str, Any]) -> str:
    query = variable.get("query")
    if isinstance(query, dict):
        query = query.get("query")
    return (
        f"{variable.get('type', 'variable')}: {show(query)}"
        if query not in (None, "")
        else str(variable.get("type", "variable"))
    )


def flatten_panels(panels: list[Any], row: str | None = None) -> list[tuple[dict[str, Any], str | None]]:
    """Every panel with the title of the (collapsed) row holding it; rows themselves included."""
    flat: list[tuple[dict[str, Any], str | None]] = []
    for panel in panels:
        if not isinstance(panel, dict):
            continue
        flat.append((panel, row))
        if panel.get("type") == "row" and isinstance(panel.get("panels"), list):
            flat.extend(flatten_panels(panel["panels"], panel.get("title") or ""))
    return flat


def panel_subject(panel: dict[str, Any]) -> str:
    kind = "row" if panel.get("type") == "row" else "panel"
    return f"{kind} {_quote(panel.get('title'))} (id {panel.get('id')})"


def _compare_panels(old_panels: list[Any], new_panels: list[Any]) -> list[Change]:
    old = flatten_panels(old_panels)
    new = flatten_panels(new_panels)
    # ids are numbered in panel order, so inserting a panel renumbers the ones after it:
    # id and title together first, then title alone, then id alone (same panel type).
    pairs, removed, added = pair_up(
        old,
        new,
        [
            lambda p: (p[0].get("id"), p[0].get("title")),
            lambda p: (p[0].get("type"), p[0].get("title")) if p[0].get("title") else None,
            lambda p: (p[0].get("type"), p[0].get("id")) if p[0].get("id") is not None else None,
        ],
    )
    changes: list[Change] = []
    for panel, _row in removed:
        changes.append(Change(REMOVED, panel_subject(panel), None, _panel_summary(panel), None))
    for panel, _row in added:
        changes.append(Change(ADDED, panel_subject(panel), None, None, _panel_summary(panel)))
    for (a, row_a), (b, row_b) in pairs:
        changes.extend(_compare_panel(a, b, row_a, row_b))
    return changes


def _panel_summary(panel: dict[str, Any]) -> str:
    exprs = [t["expr"] for t in panel.get("targets") or [] if isinstance(t, dict) and t.get("expr")]
    summary = str(panel.get("type", "panel"))
    if exprs:
        summary += ": " + " ; ".join(exprs)
    return summary


def _grid(pos: Any) -> str:
    if not isinstance(pos, dict):
        return show(pos)
    return " ".join(f"{k}={pos.get(k)}" for k in ("x", "y", "w", "h"))


def _compare_panel(old: dict, new: dict, row_old: str | None, row_new: str | None) -> list[Change]:
    subject = panel_subject(new)
    changes: list[Change] = []
    if old.get("title") != new.get("title"):
        changes.append(Change(RETITLED, subject, "title", show(old.get("title")), show(new.get("title"))))
    if row_old != row_new:
        changes.append(Change(MOVED, subject, "row", _row_name(row_old), _row_name(row_new)))
    if old.get("gridPos") != new.get("gridPos"):
        changes.append(Change(MOVED, subject, "gridPos", _grid(old.get("gridPos")), _grid(new.get("gridPos"))))
    changes.extend(_compare_targets(subject, old.get("targets") or [], new.get("targets") or []))
    old_rest = {k: v for k, v in old.items() if k not in _PANEL_OWN_KEYS}
    new_rest = {k: v for k, v in new.items() if k not in _PANEL_OWN_KEYS}
    changes.extend(field_changes(subject, old_rest, new_rest))
    return changes


def _row_name(row: str | None) -> str:
    return "top level" if row is None else f"row {_quote(row)}"


def _compare_targets(subject: str, old: list[Any], new: list[Any]) -> list[Change]:
    old = [t for t in old if isinstance(t, dict)]
    new = [t for t in new if isinstance(t, dict)]
    pairs, removed, added = pair_up(old, new, [lambda t: t.get("refId"), lambda t: t.get("expr")])
    changes: list[Change] = []
    for target in removed:
        changes.append(Change(REMOVED, subject, f"target {target.get('refId', '?')}", _target_text(target), None))
    for target in added:
        changes.append(Change(ADDED, subject, f"target {target.get('refId', '?')}", None, _target_text(target)))
    for a, b in pairs:
        ref = b.get("refId", "?")
        if a.get("refId") != b.get("refId"):
            changes.append(Change(CHANGED, subject, f"target {ref} refId", show(a.get("refId")), show(ref)))
        if a.get("expr") != b.get("expr"):
            changes.append(Change(CHANGED, subject, f"target {ref} expr", _opt(a.get("expr")), _opt(b.get("expr"))))
        if a.get("legendFormat") != b.get("legendFormat"):
            changes.append(
                Change(
                    CHANGED, subject, f"target {ref} legend", _opt(a.get("legendFormat")), _opt(b.get("legendFormat"))
                )
            )
        a_rest = {k: v for k, v in a.items() if k not in _TARGET_OWN_KEYS}
        b_rest = {k: v for k, v in b.items() if k not in _TARGET_OWN_KEYS}
        changes.extend(field_changes(subject, a_rest, b_rest, prefix=f"target {ref}"))
    return changes


def _target_text(target: dict[str, Any]) -> str:
    text = show(target.get("expr", ""))
    if target.get("legendFormat"):
        text += f"  (legend {target['legendFormat']})"
    return text


def _opt(value: Any) -> str | None:
    return None if value is None else show(value)


def _quote(value: Any) -> str:
    return json.dumps("" if value is None else str(value), ensure_ascii=False)
