"""`mcg build` against definitions and output folders a new user could plausibly produce.

Each case is a regression test for a bug found by trying it: a traceback instead of a
message, a half-written or wiped out/, YAML another reader takes for a number, or
Grafana JSON whose panels overlap or lose their row.
"""

from __future__ import annotations

import json
import shutil
import unicodedata

import pytest
import yaml

from conftest import BASIC, run_mcg, snapshot, write_project


def _fails_cleanly(result, *needles: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    for needle in needles:
        assert needle in result.stderr, (needle, result.stderr)


# --- the output folder -------------------------------------------------------------------


@pytest.mark.parametrize("command", ["build", "check", "diff"])
def test_out_that_is_a_file_is_an_error_not_a_traceback(project, command):
    root = project(BASIC)
    (root / "out").write_text("not a folder")
    _fails_cleanly(run_mcg(command, cwd=root), "is not a folder")
    assert (root / "out").read_text() == "not a folder"


def test_a_file_where_a_folder_must_go_stops_the_build_before_any_write(project):
    root = project(BASIC)
    (root / "out").mkdir()
    (root / "out/grafana").write_text("a user's file")
    _fails_cleanly(run_mcg("build", cwd=root), "out/grafana is a file, not a folder")
    assert snapshot(root / "out") == {"grafana": b"a user's file"}  # nothing else written


def test_empty_definitions_folder_does_not_wipe_out(project):
    root = project(BASIC)
    assert run_mcg("build", cwd=root).returncode == 0
    before = snapshot(root / "out")
    (root / "empty").mkdir()
    _fails_cleanly(run_mcg("build", "--definitions", "empty", cwd=root), "no Python modules")
    assert snapshot(root / "out") == before


# --- YAML that every reader takes for a string ------------------------------------------------

YAML12_NUMBERS = ["1e3", "+1e3", "1.5e3", "1.0e+3", ".5", "0o17", "0b101", "y", "N"]  # not numbers to PyYAML


def test_label_values_that_yaml_1_2_reads_as_numbers_are_quoted(project):
    labels = {f"v{i}": value for i, value in enumerate(YAML12_NUMBERS + ["0123", "yes", "on", "007", "1_000"])}
    root = project({"rules.py": f"""
        from monitoring_codegen import AlertRule, RuleGroup
        G = RuleGroup(name="g", rules=[AlertRule(alert="A", expr="up == 0",
            labels={{"severity": "info", **{labels!r}}}, annotations={{"summary": "x"}})])
    """})
    result = run_mcg("build", cwd=root)
    assert result.returncode == 0, result.stderr
    text = (root / "out/prometheus/rules/g.yaml").read_text()
    loaded = yaml.safe_load(text)["groups"][0]["rules"][0]["labels"]
    for key, value in labels.items():
        assert loaded[key] == value
        assert f"{key}: '{value}'" in text, f"{value!r} is a number or boolean to YAML 1.2 / Go yaml"
    promtool = shutil.which("promtool")
    if promtool:
        import subprocess

        check = subprocess.run([promtool, "check", "rules", str(root / "out/prometheus/rules/g.yaml")],
                               capture_output=True, text=True, timeout=60)
        assert check.returncode == 0, check.stdout + check.stderr


# --- Grafana JSON: rows and layout -----------------------------------------------------------


def _overlaps(a, b) -> bool:
    return a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]


def _assert_no_overlaps(panels) -> None:
    for i, a in enumerate(panels):
        assert a["gridPos"]["x"] + a["gridPos"]["w"] <= 24
        for b in panels[i + 1:]:
            assert not _overlaps(a["gridPos"], b["gridPos"]), (a["title"], a["gridPos"], b["title"], b["gridPos"])


def _board(root, uid):
    return json.loads((root / f"out/grafana/dashboards/F/{uid}.json").read_text())


def test_legacy_collapsed_row_keeps_its_panels_inside(project):
    root = project({"boards.py": """
        from grafanalib import core as G
        from monitoring_codegen import Dashboard
        T = [G.Target(expr="up")]
        D = Dashboard(folder="F", board=G.Dashboard(title="rows", uid="rows", rows=[
            G.Row(title="open", panels=[G.Graph(title="g1", targets=T), G.SingleStat(title="s1", targets=T)]),
            G.Row(title="shut", collapse=True, panels=[G.Table(title="t1", targets=T), G.Graph(title="g2", targets=T)]),
            G.Row(title="after", panels=[G.Graph(title="g3", targets=T)]),
        ]))
    """})
    result = run_mcg("build", cwd=root)
    assert result.returncode == 0, result.stderr
    board = _board(root, "rows")
    top = [(p["type"], p["title"]) for p in board["panels"]]
    assert top == [("row", "open"), ("timeseries", "g1"), ("stat", "s1"), ("row", "shut"), ("row", "after"),
                   ("timeseries", "g3")]
    shut = board["panels"][3]
    assert shut["collapsed"] is True
    assert [p["title"] for p in shut["panels"]] == ["t1", "g2"]
    # expanded, the row's panels sit below it and do not overlap each other
    assert all(p["gridPos"]["y"] > shut["gridPos"]["y"] for p in shut["panels"])
    _assert_no_overlaps(shut["panels"])
    _assert_no_overlaps(board["panels"])
    ids = [p["id"] for p in board["panels"]] + [p["id"] for p in shut["panels"]]
    assert len(ids) == len(set(ids))


def test_collapsed_row_children_of_mixed_heights_do_not_overlap(project):
    root = project({"boards.py": """
        from grafanalib import core as G
        from monitoring_codegen import Dashboard
        T = [G.Target(expr="up")]
        D = Dashboard(folder="F", board=G.Dashboard(title="mixed", uid="mixed", panels=[
            G.TimeSeries(title="top", targets=T),
            G.RowPanel(title="row", collapsed=True, panels=[
                G.TimeSeries(title="ts1", targets=T), G.Stat(title="st1", targets=T), G.Stat(title="st2", targets=T),
                G.Stat(title="st3", targets=T), G.Stat(title="st4", targets=T), G.TimeSeries(title="ts2", targets=T),
            ]),
        ]))
    """})
    result = run_mcg("build", cwd=root)
    assert result.returncode == 0, result.stderr
    row = _board(root, "mixed")["panels"][1]
    children = row["panels"]
    assert len(children) == 6
    _assert_no_overlaps(children)
    assert min(c["gridPos"]["y"] for c in children) == row["gridPos"]["y"] + 1


# --- discovery ----------------------------------------------------------------------------


def test_definitions_folder_named_like_a_stdlib_module_does_not_shadow_it(project):
    root = project({})
    shutil.rmtree(root / "definitions")
    (root / "logging").mkdir()
    (root / "logging/catalog.py").write_text(
        "import logging\n"
        "from monitoring_codegen import Metric\n"
        "assert hasattr(logging, 'getLogger'), logging\n"
        "M = Metric(name='m_total', type='counter', help='x')\n"
    )
    (root / "logging/rules.py").write_text(
        "from .catalog import M\n"
        "from monitoring_codegen import AlertRule, RuleGroup\n"
        "G = RuleGroup(name='g', rules=[AlertRule(alert='A', expr='m_total == 0', labels={'severity': 'info'},"
        " annotations={'summary': 'x'})])\n"
    )
    result = run_mcg("build", "--definitions", "logging", cwd=root)
    assert result.returncode == 0, result.stderr
    assert (root / "out/prometheus/rules/g.yaml").is_file()


# --- names that differ only in case; unicode folders --------------------------------------------


def test_dashboard_uids_differing_only_in_case_are_an_error(project):
    root = project({"a.py": """
        from grafanalib import core as G
        from monitoring_codegen import Dashboard
        A = Dashboard(folder="F", board=G.Dashboard(title="a", uid="api"))
    """, "b.py": """
        from grafanalib import core as G
        from monitoring_codegen import Dashboard
        B = Dashboard(folder="F", board=G.Dashboard(title="b", uid="API"))
    """})
    _fails_cleanly(run_mcg("build", cwd=root), "definitions/b.py:3: error: Dashboard 'API'", "differs only in case",
                   "definitions/a.py:3: note")
    assert not (root / "out").exists()


def test_rule_files_differing_only_in_case_are_an_error(project):
    root = project({"rules.py": """
        from monitoring_codegen import AlertRule, RuleGroup
        R = dict(expr="up == 0", labels={"severity": "info"}, annotations={"summary": "x"})
        A = RuleGroup(name="a", file="Api", rules=[AlertRule(alert="A", **R)])
        B = RuleGroup(name="b", file="api", rules=[AlertRule(alert="B", **R)])
    """})
    _fails_cleanly(run_mcg("build", cwd=root), "definitions/rules.py:4: error: RuleGroup 'b'", "differs only in case")


def test_unicode_folder_names_build_in_nfc_and_collide_by_case(project):
    decomposed = unicodedata.normalize("NFD", "Übersicht")
    root = project({"boards.py": f"""
        from grafanalib import core as G
        from monitoring_codegen import Dashboard
        A = Dashboard(folder={decomposed!r}, board=G.Dashboard(title="Tableau – 日本語", uid="a"))
        B = Dashboard(folder="監視", board=G.Dashboard(title="b", uid="b"))
    """})
    result = run_mcg("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert (root / "out/grafana/dashboards/Übersicht/a.json").is_file()  # NFC on disk, whatever was typed
    assert (root / "out/grafana/dashboards/監視/b.json").is_file()
    assert json.loads((root / "out/grafana/dashboards/Übersicht/a.json").read_text())["title"] == "Tableau – 日本語"
    (root / "definitions/more.py").write_text(
        "from grafanalib import core as G\nfrom monitoring_codegen import Dashboard\n"
        "C = Dashboard(folder='übersicht', board=G.Dashboard(title='c', uid='c'))\n")
    _fails_cleanly(run_mcg("build", cwd=root), "differs only in case")


@pytest.mark.parametrize("folder", ["Shop.", "Shop ", "a/b", "..", ".hidden", "tab\there", "zero\u200bwidth"])
def test_folder_names_that_are_not_portable_directory_names_are_rejected(project, folder):
    root = project({"boards.py": f"""
        from grafanalib import core as G
        from monitoring_codegen import Dashboard
        A = Dashboard(folder={folder!r}, board=G.Dashboard(title="a", uid="a"))
    """})
    _fails_cleanly(run_mcg("build", cwd=root), "definitions/boards.py:3: error", "not a valid folder name")
    assert not (root / "out").exists()
