"""`mcg import` then `mcg build` over every real dashboard and rule file the tests hold
(tests/corpus and tests/import_corpus): each renders with the meaning of its original.

Dashboards: title, every panel's title, type (legacy types as their modern ones), gridPos
(where Grafana shows it) and targets (expression, legend), every variable (name, type,
query). Rules: every group (name, interval), every rule's kind, name, labels, `for`,
annotations, and its expression compared as a promql-parser AST.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, TESTS, run_mcg, write_project

from monitoring_codegen.importer.dashboards import DashboardImport, unwrap, without_ignored_sizes
from monitoring_codegen.importer.layout import shown_positions
from monitoring_codegen.importer.notes import Notes
from monitoring_codegen.lint.inputs.rule_files import compose_rule_file
from monitoring_codegen.model.durations import parse_duration

IMPORT_CORPUS = TESTS / "import_corpus"
# Legacy panel types mcg's renderer turns into their modern ones (render/legacy_panels.py).
MODERN_TYPE = {"graph": "timeseries", "singlestat": "stat"}
DATASOURCES = """
from monitoring_codegen import Datasource

PROMETHEUS = Datasource(name="Prometheus", type="prometheus", uid="prometheus", url="http://prometheus:9090", is_default=True)
"""


def corpus_inputs() -> dict[str, list[Path]]:
    """Dashboards and rule files, each relative path once (tests/corpus first)."""
    found: dict[str, dict[str, Path]] = {"dashboards": {}, "rules": {}}
    for base in (CORPUS, IMPORT_CORPUS / "shared"):
        for kind in found:
            for path in sorted((base / kind).rglob("*")):
                if path.suffix in (".json", ".yaml", ".yml"):
                    found[kind].setdefault(path.relative_to(base).as_posix(), path)
    for kind in found:
        for path in sorted(IMPORT_CORPUS.glob(f"*/{kind}/*")):
            if path.suffix in (".json", ".yaml", ".yml") and "shared" not in path.parts:
                found[kind].setdefault(path.relative_to(IMPORT_CORPUS).as_posix(), path)
    return {kind: sorted(paths.values()) for kind, paths in found.items()}


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = write_project(tmp_path_factory.mktemp("roundtrip") / "proj", {"datasources.py": DATASOURCES})
    inputs = corpus_inputs()
    staged = root / "inputs"
    for kind, paths in inputs.items():
        for index, path in enumerate(paths):
            # Several folders hold a file of one name: a prefix keeps them apart.
            target = staged / kind / f"{index:03d}-{path.parent.name}-{path.name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    result = run_mcg("import", "inputs", cwd=root, timeout=600)
    assert result.returncode == 0, result.stderr
    build = run_mcg("build", cwd=root, timeout=600)
    assert build.returncode == 0, build.stderr
    return root, result.stdout


def _summary(stdout: str) -> dict[str, str]:
    """Input file -> its summary line."""
    out = {}
    for line in stdout.splitlines():
        match = re.match(r"\s+(inputs/\S+) -> (\S+) \((.*)\)$", line)
        if match:
            out[match.group(1)] = f"{match.group(2)} ({match.group(3)})"
    return out


# --- dashboards --------------------------------------------------------------------------------


def _flat_panels(board: dict) -> list[dict]:
    panels: list[dict] = []
    if board.get("rows"):
        for row in board["rows"]:
            panels.append({"type": "row", "title": row.get("title", "")})
            panels.extend(row.get("panels") or [])
        return panels
    for panel in board.get("panels") or []:
        panels.append(panel)
        children = [c for c in panel.get("panels") or [] if isinstance(c, dict)]
        # Expanding a collapsed row, Grafana moves its panels right below it, keeping their
        # offsets from the first one (DashboardModel.toggleRow): only relative rows count.
        top = (children[0].get("gridPos") or {}).get("y", 0) if children else 0
        for child in children:
            pos = child.get("gridPos")
            panels.append({**child, "gridPos": {**pos, "y": pos.get("y", 0) - top}} if pos else child)
    return panels


def _panel_meaning(panel: dict, grid: bool) -> tuple:
    kind = panel.get("type")
    targets = tuple(
        (t.get("expr"), t.get("legendFormat") or "")
        for t in panel.get("targets") or []
        if isinstance(t, dict) and t.get("expr") is not None
    )
    pos = panel.get("gridPos")
    return (
        panel.get("title") or "",
        MODERN_TYPE.get(kind, kind),
        (pos.get("h"), pos.get("w"), pos.get("x", 0), pos.get("y", 0)) if grid and pos else None,
        targets,
    )


def _variable_query(variable: dict):
    query = variable.get("query")
    if isinstance(query, dict) and isinstance(query.get("query"), str):
        return query["query"]
    return query


def dashboard_meaning(board: dict, grid: bool) -> dict:
    return {
        "title": board.get("title"),
        "panels": [_panel_meaning(p, grid) for p in _flat_panels(board)],
        "variables": [
            (v.get("name"), v.get("type", "query"), _variable_query(v)) for v in (board.get("templating") or {})["list"]
        ]
        if board.get("templating")
        else [],
    }


def original_dashboard(path: Path) -> dict:
    # As Grafana lays it out: rows across the grid, legacy sizes of placed panels ignored.
    board = without_ignored_sizes(unwrap(json.loads(path.read_text())))
    board = DashboardImport(board, path.name, "Imported", Notes()).data  # constant inputs filled in
    moved = shown_positions(board.get("panels") or [])
    for index, (x, y, w, h) in moved.items():
        board["panels"][index] = {**board["panels"][index], "gridPos": {"x": x, "y": y, "w": w, "h": h}}
    return board


def test_dashboards_round_trip(imported):
    root, stdout = imported
    summary = _summary(stdout)
    inputs = sorted((root / "inputs/dashboards").iterdir())
    same, different = [], []
    for path in inputs:
        line = summary[f"inputs/dashboards/{path.name}"]
        uid = re.search(r"uid (\S+)\)$", line).group(1)
        rendered = json.loads((root / f"out/grafana/dashboards/Imported/{uid}.json").read_text())
        original = original_dashboard(path)
        has_grid = not original.get("rows")
        want, got = dashboard_meaning(original, has_grid), dashboard_meaning(rendered, has_grid)
        # Two inputs with one title: the later is renamed "<title> (2)", as the summary says.
        renamed = ast.literal_eval(re.search(r"\(dashboard ((['\"]).*\2), uid \S+\)$", line).group(1))
        if renamed != want["title"] and re.fullmatch(re.escape(str(want["title"])) + r" \(\d+\)", renamed):
            want["title"] = renamed
        # A datasource variable mcg's renderer adds to a dashboard that has none is not a change.
        names = {name for name, _, _ in want["variables"]}
        got["variables"] = [v for v in got["variables"] if v[0] in names or v[1] != "datasource"]
        if want == got:
            same.append(path.name)
        else:
            different.append(path.name)
    print(f"\ndashboards: {len(same)} of {len(inputs)} round-trip with the same meaning", file=sys.stderr)
    assert len(inputs) >= 60
    assert different == []


def test_legacy_dashboards_are_in_the_corpus(imported):
    """The corpus holds schemaVersion 14 dashboards with rows, graph and singlestat panels."""
    root, _ = imported
    legacy = [
        json.loads(p.read_text()) for p in (root / "inputs/dashboards").iterdir() if '"rows"' in p.read_text()[:20000]
    ]
    types = {panel.get("type") for board in legacy for panel in _flat_panels(board)}
    assert {"graph", "singlestat"} <= types


# --- rules -------------------------------------------------------------------------------------


def _expr_ast(expr: str) -> str:
    from monitoring_codegen.promql.parse import parse_expr

    return parse_expr(expr).prettify()


def rules_meaning(groups) -> list:
    return [
        (
            group.name,
            parse_duration(group.interval) if group.interval else None,
            [
                (
                    rule.kind,
                    rule.name,
                    sorted(rule.labels.items()),
                    parse_duration(rule.for_) if rule.for_ else 0,
                    sorted(rule.annotations.items()),
                    _expr_ast(rule.expr),
                )
                for rule in group.rules
            ],
        )
        for group in groups
    ]


def test_rule_files_round_trip(imported):
    root, stdout = imported
    summary = _summary(stdout)
    inputs = sorted((root / "inputs/rules").iterdir())
    same, different = [], []
    rules = 0
    empty = []
    for path in inputs:
        if f"inputs/rules/{path.name}: a rule file without groups" in stdout:
            # Nothing to import: promtool reads such a file (`{}`) as 0 rules.
            assert json.loads(path.read_text()) == {}
            empty.append(path.name)
            continue
        module = Path(summary[f"inputs/rules/{path.name}"].split(" ")[0]).stem
        rendered_path = root / f"out/prometheus/rules/{module.replace('_', '-')}.yaml"
        original = compose_rule_file(path.read_text(), str(path))
        rendered = compose_rule_file(rendered_path.read_text(), str(rendered_path))
        # mcg writes a file's groups sorted by name; Prometheus evaluates groups independently.
        want = sorted(rules_meaning(original.groups), key=lambda g: g[0])
        got = sorted(rules_meaning(rendered.groups), key=lambda g: g[0])
        rules += len(original.rules())
        (same if want == got else different).append(path.name)
    print(
        f"\nrule files: {len(same)} of {len(inputs)} round-trip with the same meaning ({rules} rules)", file=sys.stderr
    )
    assert len(inputs) >= 125
    assert len(empty) <= 2, empty  # the corpus holds one compiled mixin without alerts
    assert different == []


def test_rendered_rule_files_pass_promtool(imported):
    root, _ = imported
    if shutil.which("promtool") is None:
        pytest.fail("promtool is not installed (make test-tools)")
    files = sorted(str(p) for p in (root / "out/prometheus/rules").glob("*.yaml"))
    result = subprocess.run(["promtool", "check", "rules", *files], capture_output=True, text=True, timeout=300)
    # Exit 0: every file loads (repeated rules are warnings, as in the originals).
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    # promtool prints FAILED over a file whose only fault is a repeated rule, and still exits 0.
    out = result.stdout + result.stderr
    assert out.count("SUCCESS") + out.count("duplicate rule(s) found") == len(files), out[-3000:]


def test_imported_modules_are_formatted(imported):
    root, _ = imported
    from ruff.__main__ import find_ruff_bin

    result = subprocess.run(
        [find_ruff_bin(), "format", "--check", "definitions/imported"], cwd=root, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_imported_rules_are_untested_in_coverage(imported):
    root, _ = imported
    result = run_mcg("test", "--coverage", cwd=root, timeout=600)
    assert "coverage: 0 of" in result.stdout, result.stdout + result.stderr
    assert "KubeAPIErrorBudgetBurn" in result.stdout


def test_lint_runs_on_the_imported_code(imported):
    """The inferred catalog makes lint useful at once: no finding says a metric is unknown."""
    root, _ = imported
    result = run_mcg("lint", "--format", "json", cwd=root, timeout=600)
    assert result.returncode in (0, 1), result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert findings, "lint found nothing to say about 150 real files: did it run?"
    unknown = [f for f in findings if f["rule"] in ("PQL003", "PQL004")]  # unknown metric, unknown label
    print(f"\nlint on the imported corpus: {len(findings)} findings, {len(unknown)} about unknown metrics or labels")
    assert len(unknown) <= len(findings) // 20
