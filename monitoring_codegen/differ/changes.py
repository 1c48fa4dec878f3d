"""What a diff is made of: files that changed, and the meaningful changes inside each.

A `Change` is one line a reviewer reads ("panel "Latency" (id 3): target A expr"),
with the old and new value when there is one. Formatting lives in `report.py`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
RENAMED = "renamed"
MOVED = "moved"
RETITLED = "retitled"


@dataclass
class Change:
    action: str  # one of the constants above
    subject: str  # what changed, e.g. 'panel "Latency" (id 3)' or 'alert HighErrorRate (group api)'
    field: str | None = None  # which part of it, e.g. "target A expr"; None for the whole subject
    old: str | None = None
    new: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"action": self.action, "subject": self.subject}
        if self.field is not None:
            data["field"] = self.field
        if self.old is not None:
            data["old"] = self.old
        if self.new is not None:
            data["new"] = self.new
        return data


@dataclass
class FileDiff:
    path: str  # relative to out/; the new path when the file moved
    status: str  # added | removed | changed | moved
    kind: str  # dashboard | rules | file | docs (an HTML page of out/docs/, its Markdown diffed beside it)
    title: str  # what the file holds, e.g. 'dashboard "API" (uid api)'
    changes: list[Change] = field(default_factory=list)
    unified: str | None = None  # unified diff, for files without a semantic differ (or no semantic change)
    old_path: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": self.path, "status": self.status, "kind": self.kind, "title": self.title}
        if self.old_path is not None:
            data["old_path"] = self.old_path
        data["changes"] = [c.to_json() for c in self.changes]
        if self.unified is not None:
            data["unified_diff"] = self.unified
        return data


def show(value: Any) -> str:
    """A value as a reviewer wants to read it: strings bare, everything else as compact JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(", ", ": "))


def leaf_changes(old: Any, new: Any, prefix: str = "") -> list[tuple[str, Any, Any]]:
    """(dotted path, old, new) for every differing leaf; lists of another length compare whole.

    A missing key shows as None on its side, so additions and removals read as `null -> x`.
    """
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        found: list[tuple[str, Any, Any]] = []
        for key in sorted(set(old) | set(new), key=str):
            found.extend(leaf_changes(old.get(key), new.get(key), f"{prefix}.{key}" if prefix else str(key)))
        return found
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        found = []
        for index, (a, b) in enumerate(zip(old, new)):
            found.extend(leaf_changes(a, b, f"{prefix}[{index}]"))
        return found
    return [(prefix, old, new)]


def field_changes(subject: str, old: Any, new: Any, prefix: str = "", limit: int = 12) -> list[Change]:
    """One Change per differing leaf, capped so a rewritten object does not flood the review."""
    leaves = leaf_changes(old, new, prefix)
    changes = [
        Change(
            ADDED if a is None else REMOVED if b is None else CHANGED,
            subject,
            path or "value",
            None if a is None else show(a),
            None if b is None else show(b),
        )
        for path, a, b in leaves[:limit]
    ]
    if len(leaves) > limit:
        changes.append(Change(CHANGED, subject, f"... and {len(leaves) - limit} more fields"))
    return changes


def pair_up(old: list, new: list, keys) -> tuple[list[tuple[Any, Any]], list, list]:
    """Pair items of two lists by successive key functions (first match wins, in order).

    A key function returns None for items it cannot key. Returns (pairs, removed, added),
    pairs in the order of `new`.
    """
    pairs: dict[int, int] = {}  # new index -> old index
    free_old = list(range(len(old)))
    free_new = list(range(len(new)))
    for key in keys:
        waiting: dict[Any, list[int]] = {}
        for i in free_old:
            k = key(old[i])
            if k is not None:
                waiting.setdefault(k, []).append(i)
        still_new = []
        for j in free_new:
            k = key(new[j])
            bucket = waiting.get(k) if k is not None else None
            if bucket:
                pairs[j] = bucket.pop(0)
            else:
                still_new.append(j)
        taken = set(pairs.values())
        free_old = [i for i in free_old if i not in taken]
        free_new = still_new
    return (
        [(old[pairs[j]], new[j]) for j in sorted(pairs)],
        [old[i] for i in free_old],
        [new[j] for j in free_new],
    )
