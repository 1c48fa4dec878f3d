"""`mcg diff`: changes by meaning, on real git repositories and on rendered trees."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from conftest import FIXTURES

from monitoring_codegen.differ import diff_trees
from monitoring_codegen.differ.report import format_markdown, format_text

_spec = importlib.util.spec_from_file_location("checkdiff_project", FIXTURES / "checkdiff/project.py")
P = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(P)

API = "grafana/dashboards/Platform/api-overview.json"
RULES = "prometheus/rules/api.yaml"
OLD_EXPR = 'sum by (status) (rate(http_requests_total{route="/v1/r07"}[5m]))'
NEW_EXPR = 'sum by (status) (rate(http_requests_total{route="/v1/r07"}[1m]))'


def _diff_json(root: Path, *args: str) -> dict:
    result = P.mcg(root, "diff", "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _change_one_panel_and_one_rule(root: Path) -> None:
    board = root / "definitions/api_board.py"
    P.edit(board, "[5m]))'", '[{WINDOWS.get(route, "5m")}]))\'')
    P.edit(board, "ROUTES = ", 'WINDOWS = {"/v1/r07": "1m"}\nROUTES = ')
    P.edit(root / "definitions/rules.py", "> 0.05", "> 0.02")


def _semantic_files(report: dict) -> dict:
    # Other renderers (docs, promtool tests) may add files of their own; these are the artifacts at stake.
    return {f["path"]: f for f in report["files"] if f["kind"] in ("dashboard", "rules")}


def _expect_one_panel_and_one_rule(report: dict) -> None:
    files = _semantic_files(report)
    assert sorted(files) == [API, RULES]
    assert files[API]["changes"] == [
        {
            "action": "changed",
            "subject": 'panel "Route /v1/r07" (id 8)',
            "field": "target A expr",
            "old": OLD_EXPR,
            "new": NEW_EXPR,
        }
    ]
    assert files[RULES]["changes"] == [
        {
            "action": "changed",
            "subject": "alert ApiErrors (group api)",
            "field": "expr",
            "old": 'sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05',
            "new": 'sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.02',
        }
    ]


def test_no_changes(tmp_path):
    root = P.built_repo(tmp_path / "repo")
    result = P.mcg(root, "diff", "--exit-code")
    assert result.returncode == 0
    assert "no changes" in result.stdout
    assert _diff_json(root, "--against", "HEAD")["files"] == []


def test_against_a_ref_shows_exactly_the_changed_panel_and_rule(tmp_path):
    # The project sits below the repository top: out/ is found relative to it.
    root = P.built_repo(tmp_path / "repo", project="ops/monitoring")
    _change_one_panel_and_one_rule(root)
    before = P.snapshot(root)
    # A pull request that did not rebuild out/: still shows what it changes in production.
    _expect_one_panel_and_one_rule(_diff_json(root, "--against", "HEAD"))
    _expect_one_panel_and_one_rule(_diff_json(root, "--against", "main"))
    assert P.snapshot(root) == before, "mcg diff must not write"
    assert P.mcg(root, "diff", "--against", "HEAD", "--exit-code").returncode == 1
    # Rebuilt and committed: the previous commit is the older definition.
    assert P.mcg(root, "build", "-q").returncode == 0
    P.commit_all(tmp_path / "repo", "tighten")
    _expect_one_panel_and_one_rule(_diff_json(root, "--against", "HEAD~1"))
    assert _diff_json(root)["files"] == []


def test_one_query_in_a_twenty_panel_dashboard_is_a_few_lines(tmp_path):
    root = P.built_repo(tmp_path / "repo")
    board = root / "definitions/api_board.py"
    P.edit(board, "[5m]))'", '[{WINDOWS.get(route, "5m")}]))\'')
    P.edit(board, "ROUTES = ", 'WINDOWS = {"/v1/r07": "1m"}\nROUTES = ')
    result = P.mcg(root, "diff")
    assert result.returncode == 0
    # The dashboard's own entry, before the generated docs that show the same query change.
    dashboard_part = result.stdout.split("\n~ docs/", 1)[0]
    lines = [line for line in dashboard_part.splitlines() if line.strip()]
    assert len(lines) <= 6, result.stdout
    assert "~ docs/dashboards/api-overview.html  (HTML rendering of the generated docs)" in result.stdout
    text = result.stdout
    assert 'dashboard "API overview" (uid api-overview)' in text
    assert 'panel "Route /v1/r07" (id 8): target A expr' in text
    assert f"- {OLD_EXPR}" in text and f"+ {NEW_EXPR}" in text


def test_hand_edited_title_shows_as_a_rename(tmp_path):
    root = P.built_repo(tmp_path / "repo")
    P.edit(root / "out" / API, '"title": "API overview"', '"title": "API overview (edited)"')
    assert P.mcg(root, "check").returncode == 1
    report = _diff_json(root)
    assert [f["path"] for f in report["files"]] == [API]
    assert report["files"][0]["changes"] == [
        {
            "action": "renamed",
            "subject": "dashboard",
            "field": "title",
            "old": "API overview (edited)",
            "new": "API overview",
        },
    ]


def test_removed_and_moved_dashboards(tmp_path):
    root = P.built_repo(tmp_path / "repo")
    (root / "definitions/queue_board.py").unlink()
    P.edit(root / "definitions/api_board.py", 'folder="Platform"', 'folder="Edge"')
    files = _semantic_files(_diff_json(root))
    assert files["grafana/dashboards/Platform/queues.json"]["status"] == "removed"
    moved = files["grafana/dashboards/Edge/api-overview.json"]
    assert moved["status"] == "moved" and moved["old_path"] == API
    assert moved["changes"] == [
        {
            "action": "moved",
            "subject": "dashboard",
            "field": "file",
            "old": API,
            "new": "grafana/dashboards/Edge/api-overview.json",
        }
    ]
    assert sorted(files) == ["grafana/dashboards/Edge/api-overview.json", "grafana/dashboards/Platform/queues.json"]


def test_rules_changes_per_rule(tmp_path):
    root = P.built_repo(tmp_path / "repo")
    rules = root / "definitions/rules.py"
    P.edit(rules, 'for_="10m"', 'for_="15m"')
    P.edit(rules, 'labels={"severity": "ticket"}', 'labels={"severity": "page", "team": "queues"}')
    P.edit(
        rules,
        "    RecordingRule(",
        "    AlertRule(alert='ApiDown', expr='absent(http_requests_total)'),\n    RecordingRule(",
    )
    P.edit(rules, '"API error ratio above 5%"', '"API error ratio too high"')
    changes = {
        (c["action"], c["subject"], c.get("field")): c for c in _semantic_files(_diff_json(root))[RULES]["changes"]
    }
    assert set(changes) == {
        ("added", "alert ApiDown (group api)", None),
        ("changed", "alert QueueBacklog (group api)", "for"),
        ("changed", "alert QueueBacklog (group api)", "labels.severity"),
        ("added", "alert QueueBacklog (group api)", "labels.team"),
        ("changed", "alert ApiErrors (group api)", "annotations.summary"),
    }
    assert changes[("changed", "alert QueueBacklog (group api)", "for")]["old"] == "10m"
    assert changes[("changed", "alert QueueBacklog (group api)", "for")]["new"] == "15m"


def test_other_files_get_a_unified_diff_and_markdown_renders(tmp_path):
    root = P.built_repo(tmp_path / "repo")
    P.edit(root / "definitions/catalog.py", "127.0.0.1:9090", "prometheus.internal:9090")
    P.edit(root / "definitions/rules.py", "> 0.05", "> 0.02")
    report = _diff_json(root)
    datasources = next(f for f in report["files"] if f["path"].endswith("datasources.yaml"))
    assert datasources["kind"] == "file"
    assert "-  url: http://127.0.0.1:9090" in datasources["unified_diff"]
    assert "+  url: http://prometheus.internal:9090" in datasources["unified_diff"]
    markdown = P.mcg(root, "diff", "--format", "markdown").stdout
    assert markdown.startswith("### mcg diff")
    assert "```diff\n" in markdown and "  + sum(rate(" in markdown
    assert "**changed** alert ApiErrors (group api): expr" in markdown


def test_unknown_ref_and_no_repository_exit_2(tmp_path):
    root = P.built_repo(tmp_path / "repo")
    result = P.mcg(root, "diff", "--against", "no-such-branch")
    assert result.returncode == 2 and "no-such-branch" in result.stderr
    loose = P.write_definitions(tmp_path / "loose")
    result = P.mcg(loose, "diff", "--against", "HEAD")
    assert result.returncode == 2 and "not inside a git repository" in result.stderr


def _board(panels, variables=(), title="Board"):
    return {"uid": "b", "title": title, "panels": panels, "templating": {"list": list(variables)}}


def _panel(pid, title, expr, y=0, kind="timeseries"):
    return {
        "id": pid,
        "title": title,
        "type": kind,
        "gridPos": {"h": 8, "w": 12, "x": 0, "y": y},
        "targets": [{"refId": "A", "expr": expr}],
    }


def _tree(board) -> dict[str, bytes]:
    return {"grafana/dashboards/F/b.json": json.dumps(board).encode()}


def test_inserting_a_panel_renumbers_ids_without_false_retitles():
    old = _board([_panel(1, "Errors", "e", 0), _panel(2, "Latency", "l", 8)])
    new = _board([_panel(1, "Traffic", "t", 0), _panel(2, "Errors", "e", 8), _panel(3, "Latency", "l", 16)])
    (diff,) = diff_trees(_tree(old), _tree(new))
    summary = [(c.action, c.subject, c.field) for c in diff.changes]
    assert summary == [
        ("added", 'panel "Traffic" (id 1)', None),
        ("moved", 'panel "Errors" (id 2)', "gridPos"),
        ("moved", 'panel "Latency" (id 3)', "gridPos"),
    ]


def test_retitled_panel_and_changed_variable():
    variable = {"name": "env", "type": "query", "query": "label_values(up, env)"}
    old = _board([_panel(1, "Errors", "e")], [variable])
    new = _board([_panel(1, "Error ratio", "e")], [{**variable, "query": "label_values(up{job='x'}, env)"}])
    (diff,) = diff_trees(_tree(old), _tree(new))
    assert [(c.action, c.subject, c.field, c.old, c.new) for c in diff.changes] == [
        ("changed", "variable $env", "query", "label_values(up, env)", "label_values(up{job='x'}, env)"),
        ("retitled", 'panel "Error ratio" (id 1)', "title", "Errors", "Error ratio"),
    ]
    text = format_text([diff], "HEAD")
    assert '~ panel "Error ratio" (id 1): title: Errors -> Error ratio' in text
    assert "### mcg diff" in format_markdown([diff], "HEAD")


def test_reformatted_file_without_semantic_change_still_shows():
    board = _board([_panel(1, "Errors", "e")])
    old = {"grafana/dashboards/F/b.json": json.dumps(board, indent=4).encode()}
    (diff,) = diff_trees(old, _tree(board))
    assert diff.changes == [] and diff.unified and diff.unified.startswith("--- a/grafana/dashboards/F/b.json")


def test_reordered_rules_are_not_rule_changes():
    from monitoring_codegen.yamlio import dump_yaml

    a = {"alert": "A", "expr": "up == 0", "labels": {"severity": "page"}}
    b = {"record": "job:up:sum", "expr": "sum by (job) (up)"}
    old = {RULES: dump_yaml({"groups": [{"name": "g", "rules": [a, b]}]})}
    new = {RULES: dump_yaml({"groups": [{"name": "g", "rules": [b, {**a, "expr": "up < 1"}]}]})}
    (diff,) = diff_trees(old, new)
    assert [(c.action, c.subject, c.field, c.old, c.new) for c in diff.changes] == [
        ("changed", "alert A (group g)", "expr", "up == 0", "up < 1"),
    ]


def test_same_alert_name_told_apart_by_labels():
    from monitoring_codegen.yamlio import dump_yaml

    warn = {"alert": "Disk", "expr": "x > 80", "labels": {"severity": "warning"}}
    crit = {"alert": "Disk", "expr": "x > 90", "labels": {"severity": "critical"}}
    old = {RULES: dump_yaml({"groups": [{"name": "g", "rules": [warn, crit]}]})}
    new = {RULES: dump_yaml({"groups": [{"name": "g", "rules": [warn, {**crit, "expr": "x > 95"}]}]})}
    (diff,) = diff_trees(old, new)
    assert [(c.subject, c.field, c.old, c.new) for c in diff.changes] == [
        ('alert Disk{severity="critical"} (group g)', "expr", "x > 90", "x > 95"),
    ]


def test_prometheus_rule_resources_diff_per_rule():
    from monitoring_codegen.yamlio import dump_yaml

    def resource(expr, team):
        return dump_yaml(
            {
                "apiVersion": "monitoring.coreos.com/v1",
                "kind": "PrometheusRule",
                "metadata": {"name": "api", "labels": {"team": team}},
                "spec": {"groups": [{"name": "g", "rules": [{"alert": "A", "expr": expr}]}]},
            }
        )

    path = "k8s/prometheusrule-api.yaml"
    (diff,) = diff_trees({path: resource("up == 0", "a")}, {path: resource("up < 1", "b")})
    assert diff.kind == "rules"
    assert [(c.subject, c.field, c.old, c.new) for c in diff.changes] == [
        ("rule file", "metadata.labels.team", "a", "b"),
        ("alert A (group g)", "expr", "up == 0", "up < 1"),
    ]


def test_definition_error_exits_2(tmp_path):
    root = P.built_repo(tmp_path / "repo")
    P.edit(root / "definitions/rules.py", 'for_="10m"', 'for_="10 minutes"')
    result = P.mcg(root, "diff")
    assert result.returncode == 2
    assert "rules.py:" in result.stderr and "Traceback" not in result.stderr


def test_ref_from_before_the_manifest_counts_all_of_out(tmp_path):
    root = P.built_repo(tmp_path / "repo")
    P.git(root, "rm", "-q", "out/.mcg-manifest")
    (root / "out/prometheus/rules/api.yaml").write_text("# an older, hand-written rule file\ngroups: []\n")
    P.commit_all(root, "before mcg managed out/")
    (root / "out/.mcg-manifest").unlink(missing_ok=True)
    rules = _semantic_files(_diff_json(root, "--against", "HEAD"))[RULES]
    assert {(c["action"], c["subject"]) for c in rules["changes"]} == {
        ("added", "group api"),
        ("added", "alert ApiErrors (group api)"),
        ("added", "alert QueueBacklog (group api)"),
        ("added", "record route:http_requests:rate5m (group api)"),
    }


def test_markdown_stays_within_a_comment_and_closes_its_fences():
    from monitoring_codegen.yamlio import dump_yaml

    rules = [
        {"alert": f"A{i}", "expr": f"sum(rate(x_total[5m])) / sum(rate(y_total[5m])) > {i}\n"} for i in range(3000)
    ]
    new = {RULES: dump_yaml({"groups": [{"name": "g", "rules": rules}]})}
    text = format_markdown(diff_trees({}, new), "origin/main", limit=20_000)
    assert len(text) <= 20_200
    assert "cut here to fit a comment" in text
    assert text.count("```") % 2 == 0
