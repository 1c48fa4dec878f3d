"""Rule tests against the real promtool: the committed tests pass, a rule that never matches
fails its own tests, mcg's series notation check agrees with promtool's, and `mcg test`."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import REPO, run_mcg
from rule_tests_project import RULES, make_project

PROMTOOL = shutil.which("promtool")
needs_promtool = pytest.mark.skipif(not PROMTOOL, reason="promtool not installed (make test-tools)")


@needs_promtool
def test_promtool_passes_on_committed_out_from_anywhere(tmp_path):
    # The committed out/ is what `mcg build` renders (mcg check guards that); promtool finds
    # the rule files relative to each test file, from the repository top and from the folder.
    from monitoring_codegen.yamlio import dump_yaml, load_yaml

    tests = sorted((REPO / "out/prometheus/tests").glob("*.yaml"))
    assert len(tests) >= 4
    from_top = subprocess.run(
        [PROMTOOL, "test", "rules", *[str(t.relative_to(REPO)) for t in tests]],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert from_top.returncode == 0, from_top.stdout + from_top.stderr
    # From the folder itself: every test passed above, so each file's first test group is enough
    # to show its rule files resolve (a copy of out/prometheus: nothing is written to the repository).
    copy = tmp_path / "prometheus"
    shutil.copytree(REPO / "out/prometheus/rules", copy / "rules")
    (copy / "tests").mkdir()
    for test in tests:
        document = load_yaml(test.read_bytes())
        (copy / "tests" / test.name).write_bytes(dump_yaml({**document, "tests": document["tests"][:1]}))
    inside = subprocess.run(
        [PROMTOOL, "test", "rules", *[t.name for t in tests]], cwd=copy / "tests", capture_output=True, text=True
    )
    assert inside.returncode == 0, inside.stdout + inside.stderr
    assert inside.stdout.count("SUCCESS") == len(tests), inside.stdout


@needs_promtool
@pytest.mark.parametrize("kind", ["alert", "record"])
def test_a_rule_that_never_matches_fails_its_tests(tmp_path, kind, shipped):
    """Replace each shipped rule's expression with one that never returns anything: the
    promtool run of its own tests must fail, for every rule.

    Each rule's tests run on their own: the rendered test files cut down to that rule's test
    groups (same rule files, same evaluation interval), so another rule's test failing cannot
    stand in for them. promtool runs every test group on its own storage, so intact these
    groups pass as they do in the whole files (test_promtool_passes_on_committed_out_from_anywhere);
    and the failure must be an expectation promtool compared ("got:"), not a file it refused.

    SLO burn-rate alerts are left to tests/integration/test_slo_promtool.py, which checks the
    same for each of their firing tests one by one (their tests are the suite's costliest runs)."""
    import posixpath

    from monitoring_codegen.render.rule_tests import collect_cases, rule_test_files
    from monitoring_codegen.yamlio import dump_yaml, load_yaml

    cases = collect_cases(shipped.model)
    documents = rule_test_files(shipped.model, cases)
    slo_alerts = {
        rule.alert for slo in getattr(shipped.model, "slos", []) for group in slo.rule_groups for rule in group.alerts()
    }
    names = sorted({c.rule_name for c in cases if (c.rule.kind == "AlertRule") == (kind == "alert")} - slo_alerts)
    assert names
    rule_files = {
        rel: load_yaml(content) for rel, content in shipped.rendered.items() if rel.startswith("prometheus/rules/")
    }
    defines = {
        rel: {r.get("alert", r.get("record")) for g in data["groups"] for r in g["rules"]}
        for rel, data in rule_files.items()
    }
    survivors, refused = [], {}
    for name in names:
        own = {c.name for c in cases if c.rule_name == name}
        folder = tmp_path / name.replace(":", "_")
        test_files, needed = [], set()
        for rel, document in documents.items():
            groups = [g for g in document["tests"] if g["name"] in own]
            if groups:
                (folder / rel).parent.mkdir(parents=True, exist_ok=True)
                (folder / rel).write_bytes(dump_yaml({**document, "tests": groups}))
                test_files.append(rel)
                needed |= {
                    posixpath.normpath(posixpath.join(posixpath.dirname(rel), f)) for f in document["rule_files"]
                }
        assert test_files, f"{name} has no tests"
        assert needed <= set(rule_files), needed - set(rule_files)
        for rel in needed:  # the rule files those tests load, the rule's own expression replaced
            content = shipped.rendered[rel]
            if name in defines[rel]:
                data = load_yaml(content)
                for group in data["groups"]:
                    for rule in group["rules"]:
                        if rule.get("alert", rule.get("record")) == name:
                            rule["expr"] = "vector(0) > 1"
                content = dump_yaml(data)
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(content)
        assert any(name in defines[rel] for rel in needed), f"the tests of {name} do not load its rule file"
        result = subprocess.run([PROMTOOL, "test", "rules", *test_files], cwd=folder, capture_output=True, text=True)
        if result.returncode == 0:
            survivors.append(name)
        elif "got:" not in result.stdout + result.stderr:
            refused[name] = (result.stdout + result.stderr)[-1000:]
    assert survivors == [], f"these rules' tests pass even when the rule never matches: {survivors}"
    assert refused == {}, f"promtool refused the test files instead of comparing: {refused}"


# --- series notation agrees with promtool ---------------------------------------------------

NOTATIONS = [
    "1",
    "0+10x20",
    "1x5",
    "-2-1x3",
    "+1",
    "1e3x2",
    "_",
    "_x3 1",
    "stale",
    "1 _ stale 2",
    "Inf NaN -Inf",
    ".5+.5x4",
    "0x0",
    "0+10x",
    "1 2 x",
    "abc",
    "0+10x2.5",
    "1,2",
    "x5",
    "1+x3",
    "1+2",
    "1--1x2",
    "1..2",
]


@needs_promtool
@pytest.mark.parametrize("values", NOTATIONS)
def test_series_notation_check_agrees_with_promtool(tmp_path, values):
    from monitoring_codegen.model.rule_tests import check_series_values

    try:
        check_series_values(values)
        ours = True
    except ValueError:
        ours = False
    (tmp_path / "t.yaml").write_text(
        "tests:\n- interval: 1m\n  input_series:\n  - series: 'm'\n"
        f"    values: '{values}'\n  promql_expr_test:\n  - expr: vector(1)\n    eval_time: 0m\n"
        "    exp_samples:\n    - value: 1\n"
    )
    result = subprocess.run([PROMTOOL, "test", "rules", "t.yaml"], cwd=tmp_path, capture_output=True, text=True)
    theirs = "parse error" not in result.stdout + result.stderr
    assert ours == theirs, result.stdout + result.stderr


# --- mcg test ------------------------------------------------------------------------------


@needs_promtool
def test_mcg_test_passes_and_reports(tmp_path):
    root = make_project(tmp_path)
    result = run_mcg("test", "-v", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "mcg test: 3 tests of 2 rules: 3 passed, 0 failed" in result.stdout
    assert "ok   AppErrors: half fail  (definitions/rules.py:" in result.stdout
    assert not (root / "out").exists(), "mcg test renders in memory"


@needs_promtool
def test_mcg_test_names_the_failing_test(tmp_path):
    # A plausible mistake: the expected value is wrong, so the summary text differs.
    rules = RULES.replace("value=0.5", "value=0.25")
    root = make_project(tmp_path, rules)
    result = run_mcg("test", cwd=root)
    assert result.returncode == 1, result.stdout + result.stderr
    line = next(i for i, text in enumerate(rules.splitlines()) if 'AlertTest("half fail"' in text)
    assert (
        f"FAIL AppErrors: half fail  (definitions/rules.py:{line}; AlertRule at definitions/rules.py:" in result.stdout
    )
    assert "/a fails 25%" in result.stdout and "/a fails 50%" in result.stdout  # promtool's exp and got
    assert "1 failed (1 rules)" in result.stdout
    assert "none fail" not in result.stdout


@needs_promtool
def test_mcg_test_catches_a_broken_threshold(tmp_path):
    # The rule is wrong (threshold 0.6, so half failing never fires); the test catches it.
    root = make_project(tmp_path, RULES.replace('params={"ratio": 0.1}', 'params={"ratio": 0.6}'))
    result = run_mcg("test", cwd=root)
    assert result.returncode == 1
    assert "FAIL AppErrors: half fail" in result.stdout and "got:[]" in result.stdout


@needs_promtool
def test_mcg_test_coverage(tmp_path):
    rules = RULES.replace(
        """    ])
""",
        """        AlertRule(alert="Down", expr="up == 0", for_="5m", labels={"severity": "warning"}),
    ])
""",
    )
    root = make_project(tmp_path, rules)
    result = run_mcg("test", "--coverage", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "coverage: 2 of 3 rules have tests" in result.stdout
    assert "untested        AlertRule 'Down'  definitions/rules.py:" in result.stdout


@needs_promtool
def test_same_named_alerts_each_with_their_own_tests(tmp_path):
    # warning and critical variants of one alert: promtool sees both, so the warning test
    # states the critical alert as well; its severity says which rule's annotations apply.
    rules = RULES.replace(
        """    ])
""",
        """        AlertRule(alert="AppErrors", for_="5m", labels={"severity": "warning"},
                  expr='sum by (route) (rate(app_requests_total{status="500"}[5m])) > 0',
                  tests=[AlertTest("any error", series={ERR: "0+30x20", OK: "0+30x20"}, at="10m",
                                   fires=[Firing({"route": "/a"}),
                                          Firing({"route": "/a", "severity": "critical"}, value=0.5)])]),
    ])
""",
    )
    rules = rules.replace(
        'fires=[Firing({"route": "/a"}, value=0.5)]',
        'fires=[Firing({"route": "/a"}, value=0.5), Firing({"route": "/a", "severity": "warning"})]',
    )
    root = make_project(tmp_path, rules)
    assert run_mcg("build", cwd=root).returncode == 0
    result = run_mcg("test", cwd=root)
    assert result.returncode == 0, result.stdout


@needs_promtool
def test_alert_on_a_recorded_series_from_another_file(tmp_path):
    # mcg test loads only what a case needs: the alert and, from the other file, the record it reads.
    root = make_project(
        tmp_path,
        RULES,
        {
            "slo.py": """
        from monitoring_codegen import AlertRule, AlertTest, Firing, RuleGroup
        SLO = RuleGroup(name="slo", file="slo", rules=[
            AlertRule(alert="NoTraffic", expr="sum(route:app_requests:rate5m) < 0.5", for_="2m",
                      labels={"severity": "info"},
                      tests=[AlertTest("quiet", series={'app_requests_total{route="/a", status="200"}': "0+6x20"},
                                       at="10m", fires=[Firing({})]),
                             AlertTest("busy", series={'app_requests_total{route="/a", status="200"}': "0+600x20"},
                                       at="10m", fires=False)]),
        ])
    """
        },
    )
    result = run_mcg("test", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 tests of 3 rules: 5 passed" in result.stdout
    assert run_mcg("build", cwd=root).returncode == 0
    from monitoring_codegen.yamlio import load_yaml

    doc = load_yaml((root / "out/prometheus/tests/slo.yaml").read_bytes())
    assert doc["rule_files"] == ["../rules/app.yaml", "../rules/slo.yaml"]
    done = subprocess.run(
        [PROMTOOL, "test", "rules", "slo.yaml"], cwd=root / "out/prometheus/tests", capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


@needs_promtool
def test_mcg_test_github_annotations(tmp_path):
    rules = RULES.replace("value=0.5", "value=0.25")
    root = make_project(tmp_path, rules)
    result = run_mcg("test", "--format", "github", cwd=root)
    assert result.returncode == 1
    line = next(i for i, text in enumerate(rules.splitlines()) if 'AlertTest("half fail"' in text)
    annotation = [l for l in result.stdout.splitlines() if l.startswith("::error ")]
    assert len(annotation) == 1
    assert annotation[0].startswith(
        f"::error file=definitions/rules.py,line={line},title=mcg test::AppErrors: half fail failed:%0A"
    )
