"""`mcg import`: read every input, generate every module in memory, then write them all.

Nothing is written when any input is refused or any module would overwrite a file (unless
forced): the plan is complete before the first byte reaches the disk.
"""

from __future__ import annotations

import json
import keyword
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from monitoring_codegen.errors import UsageError
from monitoring_codegen.importer.catalog import UsageCollector, catalog_module
from monitoring_codegen.importer.dashboards import (
    DashboardImport,
    dashboard_module,
    dashboard_uid,
    is_dashboard,
    unwrap,
    without_ignored_sizes,
)
from monitoring_codegen.importer.notes import Notes
from monitoring_codegen.importer.pycode import format_modules
from monitoring_codegen.importer.rules import constant_name, rules_module

# Inputs larger than this are not dashboards or rule files (the linter's limit too).
MAX_INPUT_BYTES = 32 * 1024 * 1024
# What a folder's files must end in to be read; a file named on the command line is read whatever its name.
INPUT_SUFFIXES = (".json", ".yaml", ".yml")

try:  # libyaml is several times faster than the pure-Python parser
    _YAML_LOADER = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _YAML_LOADER = yaml.SafeLoader


@dataclass
class ImportPlan:
    files: dict[Path, str] = field(default_factory=dict)  # module path -> source
    lines: list[str] = field(default_factory=list)  # what was imported, one line each
    notes: Notes = field(default_factory=Notes)
    skipped: list[str] = field(default_factory=list)
    metrics: int = 0


def input_files(paths: list[str], display) -> list[tuple[Path, bool]]:
    """(file, named on the command line) for every input, folders walked in sorted order."""
    out: list[tuple[Path, bool]] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise UsageError(f"{raw}: no such file or folder")
        if path.is_dir():
            found = sorted(
                (p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES),
                key=lambda p: p.as_posix(),
            )
            out.extend((p, False) for p in found if not any(part.startswith(".") for part in p.relative_to(path).parts))
        elif path.is_file():
            out.append((path, True))
        else:
            raise UsageError(f"{raw}: not a regular file (a device or a pipe is not imported)")
    seen: set[Path] = set()
    unique = []
    for path, named in out:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append((path, named))
    return unique


def read_input(path: Path, display: str) -> tuple[str, Any]:
    """(kind, content): ("dashboard", dict) or ("rules", text). UsageError for anything else."""
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise UsageError(f"{display}: {size} bytes is larger than any dashboard or rule file (limit 32 MiB)")
    raw = path.read_bytes()
    if b"\0" in raw:
        raise UsageError(f"{display}: a binary file, not a Grafana dashboard or a Prometheus rule file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{display}: not UTF-8 text, so not a Grafana dashboard or a Prometheus rule file") from None
    if not text.strip():
        raise UsageError(f"{display}: empty, not a Grafana dashboard or a Prometheus rule file")
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")) or path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except ValueError as exc:
            if path.suffix.lower() == ".json":
                raise UsageError(f"{display}: not valid JSON: {exc}") from None
            data = None
        if data is not None:
            data = unwrap(data)
            if is_dashboard(data):
                return "dashboard", data
            if isinstance(data, dict) and ("groups" in data or data.get("kind") == "PrometheusRule"):
                return "rules", text
            if data == {} and path.suffix.lower() in (".yaml", ".yml"):
                return "empty", None  # a rule file without groups: promtool accepts it (0 rules)
            raise UsageError(f"{display}: JSON that is neither a Grafana dashboard nor Prometheus rules")
    try:
        documents = [d for d in yaml.load_all(text, Loader=_YAML_LOADER) if d is not None]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{display}:{mark.line + 1}" if mark is not None else display
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise UsageError(f"{where}: neither JSON nor YAML: {problem}") from None
    if len(documents) == 1 and is_dashboard(unwrap(documents[0])):
        return "dashboard", unwrap(documents[0])
    if any(_holds_rules(d) for d in documents):
        return "rules", text
    raise UsageError(f"{display}: neither a Grafana dashboard nor a Prometheus rule file")


def _holds_rules(document: object) -> bool:
    if not isinstance(document, dict):
        return False
    if isinstance(document.get("groups"), list):
        return True
    if document.get("kind") == "PrometheusRule":
        return True
    items = document.get("items")
    return document.get("kind") == "List" and isinstance(items, list) and any(_holds_rules(i) for i in items)


def module_name(path: Path, taken: set[str]) -> str:
    """A Python module name for an input file: its stem in snake_case, unique in `taken`."""
    stem = path.name
    for suffix in (".json", ".yaml", ".yml"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    base = re.sub(r"[^a-z0-9]+", "_", re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", stem).lower()).strip("_") or "imported"
    if base[0].isdigit() or keyword.iskeyword(base) or base in ("catalog", "__init__"):
        base = f"imported_{base}"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    taken.add(name)
    return name


@dataclass
class ProjectFacts:
    """What the project declares already, apart from the modules an import replaces."""

    series: set[str] = field(default_factory=set)  # from the catalog and recording rules
    uids: set[str] = field(default_factory=set)  # dashboard uids, case-folded
    titles: set[str] = field(default_factory=set)  # dashboard titles in the import's folder, case-folded


def plan_import(
    paths: list[str],
    target: Path,
    root: Path,
    folder: str,
    force: bool,
    project,
    display,
) -> ImportPlan:
    """Every module to write, in memory. `project(skip_files)` -> the ProjectFacts of the
    definitions outside `skip_files` (the files about to be replaced)."""
    plan = ImportPlan()
    usage = UsageCollector()
    taken_modules: set[str] = set()
    inputs: list[tuple[Path, str, str, Any, str, Path]] = []
    for path, named in input_files(paths, display):
        shown = display(path)
        try:
            kind, content = read_input(path, shown)
        except UsageError:
            if named:
                raise
            plan.skipped.append(f"{shown}: neither a Grafana dashboard nor a Prometheus rule file (skipped)")
            continue
        if kind == "empty":
            plan.skipped.append(f"{shown}: a rule file without groups (promtool: 0 rules), nothing to import")
            continue
        name = module_name(path, taken_modules)
        inputs.append((path, shown, kind, content, name, target / f"{name}.py"))
    catalog_path = _catalog_path(target)
    for *_, module_path in inputs:
        _check_replaceable(module_path, force, display)
    # Definitions about to be replaced do not count: their metrics are inferred again.
    overwritten = {i[-1].resolve() for i in inputs if i[-1].exists()}
    facts = project(overwritten)
    uids, titles = set(facts.uids), set(facts.titles)
    recorded: set[str] = set()
    sources: list[str] = []
    for path, shown, kind, content, name, module_path in inputs:
        sources.append(shown)
        if kind == "dashboard":
            content = without_ignored_sizes(content)
            _check_structure(content, shown)
            imported = DashboardImport(content, shown, folder, plan.notes)
            uid = dashboard_uid(content, uids)
            if isinstance(content.get("uid"), str) and content["uid"] != uid:
                plan.notes.add(shown, "uid", f"{content['uid']!r} is taken or not a valid uid: imported as {uid!r}")
            title = str(content.get("title") or uid)
            if title.casefold() in titles:
                # Grafana keeps one dashboard per title in a folder (two exports of one board).
                base, n = title, 2
                while f"{base} ({n})".casefold() in titles:
                    n += 1
                title = f"{base} ({n})"
                plan.notes.add(
                    shown, "title", f"{base!r} is the title of another dashboard in {folder!r}: renamed {title!r}"
                )
            titles.add(title.casefold())
            imported.title = title
            # Not `G`: the module imports grafanalib's core under that name.
            source = dashboard_module(imported, uid, constant_name(name, {"G", "DASHBOARD"}))
            for query in imported.queries:
                usage.add_query(query, grafana=True)
            for query, label in imported.variable_queries:
                usage.add_query(query, grafana=True, labels=(label,) if label else ())
            plan.lines.append(f"{shown} -> {display(module_path)} (dashboard {title!r}, uid {uid})")
        else:
            source, rule_file, exprs = rules_module(content, str(path), shown, name.replace("_", "-"), plan.notes)
            for expr in exprs:
                usage.add_query(expr)
            rules = rule_file.rules()
            recorded.update(r.name for r in rules if r.kind == "record")
            alerts = sum(1 for r in rules if r.kind == "alert")
            plan.lines.append(
                f"{shown} -> {display(module_path)} ({_count(len(rule_file.groups), 'group')}, "
                f"{_count(alerts, 'alert')}, {_count(len(rules) - alerts, 'recording rule')})"
            )
        plan.files[module_path] = source
    metrics = usage.infer(facts.series | recorded)
    if metrics:
        plan.files[catalog_path] = catalog_module(metrics, sources)
        plan.metrics = len(metrics)
        plan.lines.append(f"{display(catalog_path)}: {_count(len(metrics), 'metric')} inferred from the queries")
    plan.files = format_modules(plan.files, root)
    init = target / "__init__.py"
    if not init.exists():
        plan.files[init] = '"""Definitions imported by `mcg import`."""\n'
    for path in sorted(plan.files):
        _check_replaceable(path, force, display)
    return plan


# The first line of every module an import writes says so; --force replaces only those.
_IMPORTED_MARK = re.compile(r'^"""(Rules imported|Dashboard .* imported|Metrics read by imported|Definitions imported)')


def _check_replaceable(path: Path, force: bool, display) -> None:
    if not path.exists():
        return
    if not force:
        raise UsageError(f"{display(path)} already exists: not overwritten (use --force to replace it)")
    try:
        first = path.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0]
    except OSError:
        first = ""
    if not path.is_file() or not _IMPORTED_MARK.match(first):
        raise UsageError(f"{display(path)} was not written by mcg import: not replaced, even with --force")


def _check_structure(board: dict[str, Any], shown: str) -> None:
    """A dashboard in a shape Grafana does not read (model/dashboards.py says where) is refused."""
    from monitoring_codegen.model.dashboards import structure_problems

    problems = structure_problems(board, plain_json=True)
    if problems:
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise UsageError(f"{shown}: not a dashboard Grafana reads: {problems[0]}{more}")


def _catalog_path(target: Path) -> Path:
    """`catalog.py`, or the next free `catalog_N.py`: an earlier catalog is never replaced (the
    metrics it declares are known, so only new ones are inferred)."""
    path, n = target / "catalog.py", 2
    while path.exists():
        path, n = target / f"catalog_{n}.py", n + 1
    return path


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def write_plan(plan: ImportPlan) -> None:
    """Each module written whole (a temporary file renamed over the target)."""
    for path, source in sorted(plan.files.items()):
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.mcg-tmp")
        temporary.write_text(source, encoding="utf-8")
        os.replace(temporary, path)
