"""Bad definitions: exit 2, the culprit's file:line in the message, out/ untouched."""

from __future__ import annotations

import pytest
from conftest import BASIC, run_mcg, snapshot

CASES = {
    "raising module": (
        {"broken.py": "x = 1\nraise RuntimeError('database of thresholds unavailable')\n"},
        "definitions/broken.py:2",
        "RuntimeError: database of thresholds unavailable",
    ),
    "bad duration": (
        {
            "slow.py": """
            from monitoring_codegen import AlertRule, RuleGroup
            G2 = RuleGroup(name="slow", rules=[
                AlertRule(alert="Slow", expr="up == 0", for_="5 minutes", labels={"severity": "warning"}),
            ])
        """
        },
        "definitions/slow.py:3",
        "'5 minutes' is not a Prometheus duration",
    ),
    "invalid metric name": (
        {
            "m.py": "from monitoring_codegen import Metric\nM = Metric(name='bad-name_total', type='counter', help='x')\n"
        },
        "definitions/m.py:2",
        "not a valid metric name",
    ),
    "invalid label name": (
        {
            "m.py": "from monitoring_codegen import Metric\nM = Metric(name='ok_total', type='counter', help='x', labels=('a-b',))\n"
        },
        "definitions/m.py:2",
        "not a valid label name",
    ),
    "promql does not parse": (
        {
            "p.py": """
            from monitoring_codegen import RecordingRule, RuleGroup
            G3 = RuleGroup(name="p", rules=[
                RecordingRule(record="job:x:sum", expr="sum(rate(x[5m])"),
            ])
        """
        },
        "definitions/p.py:3",
        "PromQL does not parse",
    ),
    "duplicate uid across two modules": (
        {
            "one.py": """
                from grafanalib import core as G
                from monitoring_codegen import Dashboard
                ONE = Dashboard(board=G.Dashboard(title="One", uid="same-uid"))
            """,
            "two.py": """
                from grafanalib import core as G
                from monitoring_codegen import Dashboard
                TWO = Dashboard(board=G.Dashboard(title="Two", uid="same-uid"))
            """,
        },
        "definitions/two.py:3",
        "definitions/one.py:3",
    ),
    "path-escaping folder": (
        {
            "esc.py": """
            from grafanalib import core as G
            from monitoring_codegen import Dashboard
            ESC = Dashboard(folder="../../etc", board=G.Dashboard(title="../../../etc/passwd", uid="esc"))
        """
        },
        "definitions/esc.py:3",
        "not a valid folder name",
    ),
    "path-escaping title without uid": (
        {
            "esc.py": """
            from grafanalib import core as G
            from monitoring_codegen import Dashboard
            ESC = Dashboard(board=G.Dashboard(title="../../../tmp/evil"))
        """
        },
        "definitions/esc.py:3",
        "has no uid",
    ),
    "literal datasource secret": (
        {
            "ds.py": """
            from monitoring_codegen import Datasource
            DS = Datasource(name="P", type="prometheus", uid="p", url="http://127.0.0.1:9090",
                            basic_auth_user="u", secure_json_data={"basicAuthPassword": "hunter2"})
        """
        },
        "definitions/ds.py:2",
        "literal value",
    ),
    "syntax error in module": (
        {"syn.py": "from monitoring_codegen import Metric\nM = Metric(name='x_total',, type='counter')\n"},
        "definitions/syn.py:2",
        "SyntaxError",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_definition_exits_2_names_culprit_and_writes_nothing(project, case):
    files, location, message = CASES[case]
    root = project(BASIC)
    assert run_mcg("build", cwd=root).returncode == 0
    before = snapshot(root / "out")
    for name, content in files.items():
        import textwrap

        (root / "definitions" / name).write_text(textwrap.dedent(content).lstrip("\n"))
    result = run_mcg("build", cwd=root)
    assert result.returncode == 2, result.stdout + result.stderr
    assert location in result.stderr, result.stderr
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(root / "out") == before


def test_title_cannot_escape_out(project):
    root = project(
        {
            "esc.py": """
        from grafanalib import core as G
        from monitoring_codegen import Dashboard
        ESC = Dashboard(board=G.Dashboard(title="../../../../tmp/evil", uid="esc"))
        RG = None
    """
        }
    )
    result = run_mcg("build", cwd=root)
    assert result.returncode == 0, result.stderr
    files = snapshot(root / "out")
    assert "grafana/dashboards/esc.json" in files
    assert all(not p.startswith("..") for p in files)
    assert not (root.parent / "tmp").exists()


def test_missing_definitions_folder_is_a_usage_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.mcg]\n")
    result = run_mcg("build", "--definitions", "nope", cwd=tmp_path)
    assert result.returncode == 2
    assert "definitions folder not found" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_error_without_a_declaration_names_no_made_up_place():
    from monitoring_codegen.errors import DefinitionError

    assert DefinitionError("spec.yml: SLO 'a': bad", kind="SLO").format() == "error: SLO: spec.yml: SLO 'a': bad"
