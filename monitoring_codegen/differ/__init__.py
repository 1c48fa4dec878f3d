"""The one differ: compares two rendered trees `{path relative to out/: bytes}`.

`mcg check` asks whether out/ on disk is exactly what the definitions render
(`drift.find_drift`); `mcg diff` asks what changed, by meaning (`diff_trees`):
dashboards panel by panel (`dashboards.py`), rule files rule by rule (`rules.py`),
everything else as a unified diff (`text.py`). Where the trees come from (out/ on
disk, a git ref) is `trees.py`; nothing here renders or writes.
"""

from __future__ import annotations

from collections.abc import Mapping

from monitoring_codegen.differ.changes import ADDED, CHANGED, REMOVED, Change, FileDiff
from monitoring_codegen.differ.dashboards import diff_dashboard_files, parse_dashboard
from monitoring_codegen.differ.rules import diff_rule_files, parse_rule_file, rule_count
from monitoring_codegen.differ.text import unified_diff

__all__ = ["Change", "FileDiff", "diff_trees"]


def diff_trees(old: Mapping[str, bytes], new: Mapping[str, bytes]) -> list[FileDiff]:
    """Every file whose bytes differ, with its meaningful changes, sorted by path.

    Only differing files are parsed, so one edit in a large tree costs one file.
    """
    differing = sorted(p for p in set(old) | set(new) if old.get(p) != new.get(p))
    dashboards_old: dict[str, dict] = {}
    dashboards_new: dict[str, dict] = {}
    rules_old: dict[str, dict] = {}
    rules_new: dict[str, dict] = {}
    as_text: list[str] = []
    for path in differing:
        before, after = old.get(path), new.get(path)
        if path.endswith(".json") and _both_parse(parse_dashboard, before, after, dashboards_old, dashboards_new, path):
            continue
        if path.endswith((".yaml", ".yml")) and _both_parse(parse_rule_file, before, after, rules_old, rules_new, path):
            continue
        as_text.append(path)

    diffs: list[FileDiff] = []
    for diff in diff_dashboard_files(dashboards_old, dashboards_new):
        if diff.status == CHANGED and not diff.changes:
            diff.unified = unified_diff(diff.path, old.get(diff.path), new.get(diff.path))
        diffs.append(diff)
    for path, changes in diff_rule_files(rules_old, rules_new).items():
        status = ADDED if path not in rules_old else REMOVED if path not in rules_new else CHANGED
        data = rules_new.get(path) or rules_old[path]
        title = f"Prometheus rules ({_count(len(data['groups']), 'group')}, {_count(rule_count(data), 'rule')})"
        diff = FileDiff(path, status, "rules", title, changes)
        if not changes:  # same rules, other bytes: a comment or formatting edited by hand
            diff.unified = unified_diff(path, old.get(path), new.get(path))
        diffs.append(diff)
    for path in as_text:
        before, after = old.get(path), new.get(path)
        status = ADDED if before is None else REMOVED if after is None else CHANGED
        if _is_docs_rendering(path):
            # The HTML of a docs page says again what its Markdown diff (listed beside it) says.
            diffs.append(FileDiff(path, status, "docs", "HTML rendering of the generated docs", []))
            continue
        diffs.append(FileDiff(path, status, "file", path, [], unified_diff(path, before, after)))
    return sorted(diffs, key=lambda d: d.path)


def _is_docs_rendering(path: str) -> bool:
    from monitoring_codegen.docs.pages import DOCS_DIR

    return path.startswith(DOCS_DIR + "/") and path.endswith((".html", ".css"))


def _both_parse(parse, before, after, old_parsed: dict, new_parsed: dict, path: str) -> bool:
    """Parse both sides; False (diff as text) unless every present side parses."""
    a = parse(before) if before is not None else None
    b = parse(after) if after is not None else None
    if (before is not None and a is None) or (after is not None and b is None):
        return False
    if a is not None:
        old_parsed[path] = a
    if b is not None:
        new_parsed[path] = b
    return True


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def summary(diffs: list[FileDiff]) -> dict[str, int]:
    counts = {"files": len(diffs), "added": 0, "removed": 0, "changed": 0, "moved": 0}
    for diff in diffs:
        counts[diff.status] = counts.get(diff.status, 0) + 1
    return counts
