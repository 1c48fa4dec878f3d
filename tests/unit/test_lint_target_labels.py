"""Which target labels a scrape config sets (promql/target_labels.py), and CAT002 fed by the
environments of real definitions: every environment, every way mcg renders a scrape job."""

from __future__ import annotations

from dataclasses import asdict

from monitoring_codegen.lint.engine import LintInput, run
from monitoring_codegen.lint.inputs.linted import CatalogEntry, LintedScrapeJob
from monitoring_codegen.lint.registry import find_rule
from monitoring_codegen.lint.runner import lint
from monitoring_codegen.lint.settings import load_settings
from monitoring_codegen.promql.target_labels import finite_matches, target_labels


def _names(config: dict) -> set[str]:
    return set(target_labels(config))


def test_job_and_instance_always_static_labels_per_group():
    config = {
        "job_name": "j",
        "static_configs": [
            {"targets": ["a:1"], "labels": {"zone": "x"}},
            {"targets": ["b:1"], "labels": {"rack": "r"}},
        ],
    }
    assert _names(config) == {"job", "instance", "zone", "rack"}
    assert _names({"job_name": "j", "static_configs": [{"targets": ["a:1"]}]}) == {"job", "instance"}


def test_relabeling_in_order():
    config = {
        "job_name": "j",
        "kubernetes_sd_configs": [{"role": "pod"}],
        "relabel_configs": [
            {"source_labels": ["__meta_kubernetes_namespace"], "target_label": "namespace"},  # replace by default
            {"source_labels": ["__address__"], "modulus": 4, "target_label": "shard", "action": "hashmod"},
            {"source_labels": ["__address__"], "target_label": "__param_target"},  # internal: dropped
            {"source_labels": ["__address__"], "target_label": "instance_${1}"},  # a name from the value
            {"regex": "__meta_kubernetes_pod_label_(team|tier)", "action": "labelmap"},
            {"regex": "__meta_kubernetes_pod_annotation_(.+)", "action": "labelmap"},  # names unknowable
            {"regex": "__meta_kubernetes_pod_label_.*", "replacement": "labelled", "action": "labelmap"},
            {"regex": "shard", "action": "labeldrop"},
            {"source_labels": ["pod"], "regex": "x", "action": "keep"},
            {"source_labels": ["__address__"], "target_label": "instance"},
            {"target_label": "container", "replacement": "x"},
            {"target_label": "container", "replacement": ""},  # an empty value removes it again
        ],
    }
    labels = target_labels(config)
    assert set(labels) == {"job", "instance", "namespace", "team", "tier", "labelled"}
    assert labels["instance"].where == ("relabel_configs", 9)
    assert "__meta_kubernetes_namespace" in labels["namespace"].how


def test_labelmap_over_static_labels_and_labelkeep():
    config = {
        "job_name": "j",
        "static_configs": [{"targets": ["a:1"], "labels": {"__tmp_env": "p", "__tmp_dc": "d", "keep_me": "k"}}],
        "relabel_configs": [
            {"regex": "__tmp_(.+)", "replacement": "${1}_label", "action": "labelmap"},
            {"regex": "__.*|job|env_label|keep_me", "action": "labelkeep"},
        ],
    }
    assert _names(config) == {"job", "instance", "env_label", "keep_me"}


def test_finite_regexes_are_enumerated_and_infinite_ones_refused():
    assert finite_matches("a(b|c)d?") == ["ab", "abd", "ac", "acd"]
    assert finite_matches("x_[0-2]") == ["x_0", "x_1", "x_2"]
    assert finite_matches("x.*") is None and finite_matches("x\\w") is None and finite_matches("(") is None


def _lint(labels, configs, exported_by=""):
    entry = CatalogEntry("app_metric", "gauge", tuple(labels), "catalog.py", 9, exported_by=exported_by)
    jobs = [LintedScrapeJob("prod", config, "environments.py", 20 + i) for i, config in enumerate(configs)]
    return run(LintInput(catalog_entries=[entry], scrape_jobs=jobs), load_settings({}), rules=(find_rule("CAT002"),))


def test_rule_flags_job_instance_and_honours_honor_labels():
    plain = {"job_name": "app", "static_configs": [{"targets": ["a:1"]}]}
    findings = _lint(["instance", "job", "route"], [plain])
    assert [f.message.split("'")[1] for f in findings] == ["instance", "job"]
    assert all(f.severity == "error" and f.path == "catalog.py" and f.line == 9 for f in findings)
    assert "environments.py:20" in findings[0].message and "'prod'" in findings[0].message
    assert "exported_instance" in findings[0].message
    assert _lint(["instance", "job"], [{**plain, "honor_labels": True}]) == []


def test_job_and_instance_without_environments():
    findings = _lint(["instance", "route", "job"], [])
    assert [f.message.split("'")[1] for f in findings] == ["instance", "job"]
    assert all("every Prometheus scrape sets" in f.message and "exported_" in f.message for f in findings)
    # With environments, only their jobs count: all of them honouring labels means no collision.
    assert (
        _lint(["instance"], [{"job_name": "fed", "honor_labels": True, "static_configs": [{"targets": ["a:1"]}]}]) == []
    )


def test_another_programs_metrics_meet_only_their_own_jobs():
    app = {"job_name": "app", "static_configs": [{"targets": ["a:1"], "labels": {"cluster": "c"}}]}
    prom = {"job_name": "prometheus", "static_configs": [{"targets": ["p:1"]}]}
    # Prometheus' own `cluster` label is not overwritten by the app job's static label...
    assert _lint(["cluster"], [app, prom], exported_by="prometheus") == []
    # ...but the app's own metrics are.
    assert len(_lint(["cluster"], [app, prom])) == 1


def test_environments_feed_the_rule(project):
    """Each environment, each way the definitions set `namespace`: a static label in dev, the
    Kubernetes pods relabeling in staging and prod; one finding each, naming where."""
    root = project(
        {
            "catalog.py": (
                "from monitoring_codegen import Metric\n"
                "M = Metric(name='agent_memory_bytes', type='gauge', help='x', labels=('namespace', 'app'))\n"
            ),
            "rules.py": (
                "from monitoring_codegen import RecordingRule, RuleGroup\n"
                "G = RuleGroup(name='g', rules=[RecordingRule(record='namespace:agent_memory_bytes:sum',\n"
                "    expr='sum by (namespace, pod, zone) (agent_memory_bytes)')])\n"
            ),
            "environments.py": (
                "from monitoring_codegen import Environment, KubernetesPods, ScrapeJob, StaticTargets\n"
                "PODS = KubernetesPods(pod_labels={'app.kubernetes.io/name': 'app'})\n"
                "DEV = Environment(name='dev', scrape_jobs=[\n"
                "    ScrapeJob(job_name='agents', static=[StaticTargets(targets=['h:1'], labels={'namespace': 'dev'})]),\n"
                "])\n"
                "PROD = Environment(name='prod', scrape_jobs=[ScrapeJob(job_name='pods', kubernetes_pods=PODS)])\n"
                "SAFE = Environment(name='safe', scrape_jobs=[\n"
                "    ScrapeJob(job_name='pods', kubernetes_pods=PODS, honor_labels=True)])\n"
            ),
        }
    )
    findings_all = lint(start=root).findings
    findings = [asdict(f) for f in findings_all if f.rule == "CAT002"]
    described = sorted(
        (f["message"].split("'")[1], f["message"].split("environment '")[1].split("'")[0]) for f in findings
    )
    assert described == [("app", "prod"), ("namespace", "dev"), ("namespace", "prod")]
    for finding in findings:
        assert finding["path"] == "definitions/catalog.py" and finding["line"] == 2
    dev = next(f for f in findings if "'dev'" in f["message"])
    assert "definitions/environments.py:4" in dev["message"] and "static label namespace: 'dev'" in dev["message"]
    prod = next(f for f in findings if "'prod'" in f["message"] and "'namespace'" in f["message"])
    assert "definitions/environments.py:2" in prod["message"] and "__meta_kubernetes_namespace" in prod["message"]
    # Queries may group by what the scrape jobs set (pod, from the Kubernetes job); not by a label nothing sets.
    unknown = [f.message for f in findings_all if f.rule == "PQL004"]
    assert len(unknown) == 1 and "'zone'" in unknown[0], unknown
