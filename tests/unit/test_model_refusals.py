"""What the consumers (Prometheus, Grafana, a Windows checkout) refuse, the build refuses first:
exit 2, one error per problem, naming the definition and the user's file:line.

1. Go template syntax of alert labels and annotations (promtool: `template: __alert_X:1: ...`)
2. durations past Prometheus' int64 nanoseconds ("duration out of range")
3. two dashboards of one title in a folder
4. Prometheus panel queries that do not parse once Grafana's macros are filled in
5. environment overrides naming an alert that several groups declare
6. Windows device names (and trailing dots/spaces) as folder or file names
7. dashboard dicts of the wrong shape (a traceback before)
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from conftest import run_mcg, write_project

from monitoring_codegen import (
    AlertOverride,
    AlertRule,
    Dashboard,
    Datasource,
    Environment,
    RecordingRule,
    RuleGroup,
)
from monitoring_codegen.errors import DefinitionError, DefinitionErrors
from monitoring_codegen.model import registry
from monitoring_codegen.model.durations import parse_duration
from monitoring_codegen.model.go_templates import template_error
from monitoring_codegen.model.project import build_model
from monitoring_codegen.render import render_all


def _model(declare):
    with registry.collecting() as collected:
        declare()
    return build_model(Path("."), None, list(collected))


def _errors(declare, *, render: bool = False) -> list[str]:
    """The messages of the errors building (and rendering) these definitions gives."""
    with pytest.raises(DefinitionErrors) as info:
        model = _model(declare)
        if render:
            render_all(model)
    return [e.message for e in info.value.errors]


def _prometheus():
    Datasource(name="Prometheus", type="prometheus", uid="prom", url="http://127.0.0.1:9090", is_default=True)


# --- 1. Go template syntax -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "template, message",
    [
        ("{{ $labels.foo ", "line 1: unclosed action"),
        ("{{ $value | humanizeFoo }}", 'line 1: function "humanizeFoo" not defined'),
        ("{{ if $value }}high", "line 1: unexpected EOF"),
        ("{{ range $labels }}x", "line 1: unexpected EOF"),
        ("{{ with $labels.x }}{{ . }}{{ else }}n", "line 1: unexpected EOF"),
        ("ok\n{{ end }}", "line 2: unexpected {{end}}"),
        ('{{ "a" | "b" }}', "line 1: non executable command in pipeline stage 2"),
        ("{{ $value | }}{{ | humanize }}", 'line 1: unexpected "|" in command'),
        ("{{ $undefined }}", 'line 1: undefined variable "$undefined"'),
        ("{{ if 1 }}{{ $x := 1 }}{{ end }}{{ $x }}", 'line 1: undefined variable "$x"'),
        ('{{ define "t" }}{{ $labels.x }}{{ end }}', 'line 1: undefined variable "$labels"'),
        ("{{ break }}", "line 1: {{break}} outside {{range}}"),
        ("{{ /* not a comment */ }}", 'line 1: unexpected "/" in command'),
        ("{{/* unclosed", "line 1: unclosed comment"),
        ('{{ "bad \\q escape" }}', "line 1: invalid syntax"),
        ("{{ 09 }}", 'line 1: integer overflow: "09"'),
        ("{{ (1 }}", "line 1: unclosed left paren"),
        ("{{ .foo-bar }}", "line 1: bad character U+002D '-'"),
    ],
)
def test_go_template_errors_are_worded_as_go_words_them(template, message):
    error = template_error(template)
    assert error is not None and str(error) == message


@pytest.mark.parametrize(
    "template",
    [
        "plain text, even with } and }} in it",
        "{{ $labels.instance }} is at {{ $value | humanizePercentage }}",
        '{{ .Labels.job }} {{ .Value | printf "%.2f" }} {{ $externalLabels.cluster }} {{ $externalURL }}',
        "{{- if gt $value 0.5 -}} high {{- else if gt $value 0.2 -}} mid {{- else -}} low {{- end }}",
        "{{ range $i, $e := $labels }}{{ $i }}={{ $e }}{{ else }}none{{ end }}",
        '{{ range query "up" }}{{ if . }}{{ break }}{{ end }}{{ end }}',
        '{{ with query "up" }}{{ . | first | value | humanize }}{{ end }}',
        '{{ define "x" }}hi {{ . }}{{ end }}{{ template "x" $labels }}{{ block "b" . }}b{{ end }}',
        "{{/* a comment */}}{{- /* trimmed */ -}}",
        "{{ $v := 0x1F }}{{ $v = 1_000 }}{{ 1e3 }}{{ 'c' }}{{ `raw` }}{{ -3 }}{{ 1+2i }}",
        '{{ reReplaceAll "(.*)" "$1" $labels.x | toUpper | title }}{{ stripPort "a:1" }}{{ stripDomain "a.b" }}',
        '{{ humanizeDuration 1 }}{{ humanizeTimestamp 1 }}{{ toTime 1 }}{{ parseDuration "1m" }}{{ pathPrefix }}',
        "{{\n  $value\n}}",
    ],
)
def test_templates_prometheus_parses_are_accepted(template):
    assert template_error(template) is None


def test_an_alert_with_a_broken_annotation_is_refused_naming_the_annotation():
    with pytest.raises(DefinitionError) as info:
        AlertRule(
            alert="Down",
            expr="up == 0",
            annotations={"summary": "{{ $labels.instance ", "description": "{{ $value | humanizeFoo }}"},
        )
    error = info.value
    assert error.kind == "AlertRule" and error.name == "Down"
    assert error.location is not None and error.location.file == __file__
    assert "'summary' is not a template Prometheus can parse: line 1: unclosed action" in error.message
    assert "'description' is not a template Prometheus can parse: line 1: function \"humanizeFoo\" not defined" in (
        error.message
    )


def test_alert_labels_and_override_labels_are_templates_too():
    with pytest.raises(DefinitionError, match=r"labels: 'team' is not a template .*unexpected EOF"):
        AlertRule(alert="Down", expr="up == 0", labels={"team": "{{ if $labels.x }}a"})
    with pytest.raises(DefinitionError, match=r"labels: 'team' is not a template .*unclosed action"):
        AlertOverride(labels={"team": "{{ $labels.x"})


def test_recording_rule_labels_are_not_templates():
    # Prometheus copies a recording rule's labels as written; promtool does not parse them.
    rule = RecordingRule(record="job:up:sum", expr="sum by (job) (up)", labels={"note": "{{ $labels.foo "})
    assert rule.labels == {"note": "{{ $labels.foo "}


def test_mcg_build_exits_2_naming_the_alert_and_writes_nothing(tmp_path):
    root = write_project(
        tmp_path / "proj",
        {
            "rules.py": """
        from monitoring_codegen import AlertRule, RuleGroup
        G = RuleGroup(name="app", rules=[
            AlertRule(alert="Down", expr="up == 0",
                      annotations={"summary": "{{ if $labels.job }}job down"}),
        ])
    """
        },
    )
    result = run_mcg("build", cwd=root)
    assert result.returncode == 2, result.stderr
    assert "definitions/rules.py:3: error: AlertRule 'Down': annotations: 'summary'" in result.stderr
    assert "unexpected EOF" in result.stderr and "Traceback" not in result.stderr
    assert not (root / "out").exists()


# --- 2. durations Prometheus cannot hold ----------------------------------------------------------


@pytest.mark.parametrize(
    "duration", ["293y", "1000y", "292y25w", "106752d", "9223372037s", "9223372036855ms", "99999999999999999999s"]
)
def test_durations_past_292_years_are_out_of_range(duration):
    with pytest.raises(ValueError, match="out of range"):
        parse_duration(duration)


@pytest.mark.parametrize(
    "duration, seconds",
    [("292y", 292 * 365 * 86400), ("292y24w", 9_223_027_200), ("9223372036854ms", 9_223_372_036.854), ("0", 0)],
)
def test_durations_up_to_the_int64_limit_are_accepted(duration, seconds):
    assert parse_duration(duration) == seconds


@pytest.mark.parametrize("duration", ["5m\n", "\u0663m"])  # a trailing newline; an Arabic-Indic digit
def test_only_what_prometheus_reads_as_a_duration_is_one(duration):
    with pytest.raises(ValueError, match="not a Prometheus duration"):
        parse_duration(duration)


@pytest.mark.parametrize(
    "make, field",
    [
        (lambda: AlertRule(alert="A", expr="up == 0", for_="1000y"), "for"),
        (lambda: AlertRule(alert="A", expr="up == 0", keep_firing_for="300y"), "keep_firing_for"),
        (lambda: RuleGroup(name="g", interval="293y", rules=[]), "interval"),
        (lambda: Environment(name="prod", scrape_interval="300y", scrape_timeout="10s"), "scrape_interval"),
        (lambda: Environment(name="prod", retention_time="1000y"), "retention_time"),
        (lambda: AlertOverride(for_="1000y"), "for"),
    ],
)
def test_duration_fields_refuse_out_of_range_values(make, field):
    with pytest.raises(DefinitionError) as info:
        make()
    assert info.value.message.startswith(f"{field}: ") and "out of range" in info.value.message


# --- 3. one title per folder -------------------------------------------------------------------


def test_two_dashboards_of_one_title_in_a_folder_are_refused_naming_both():
    def declare():
        Dashboard(folder="Apps", board={"uid": "a", "title": "Latency"})
        Dashboard(folder="Apps", board={"uid": "b", "title": "Latency"})
        Dashboard(folder="Other", board={"uid": "c", "title": "Latency"})  # another folder: fine

    with pytest.raises(DefinitionErrors) as info:
        _model(declare)
    [error] = info.value.errors
    assert error.name == "b" and error.message.startswith(
        "title 'Latency' is also the title of dashboard 'a' in folder 'Apps'; Grafana keeps one dashboard per title"
    )
    assert error.location.line == error.related[0].line + 1


def test_titles_differing_only_in_case_or_blanks_are_one_title():
    def declare():
        Dashboard(folder="General", board={"uid": "a", "title": "Latency"})
        Dashboard(folder="General", board={"uid": "b", "title": " latency "})

    assert _errors(declare) == [
        "title ' latency ' differs only in case or surrounding blanks from the title 'Latency' of dashboard 'a' "
        "in folder 'General'; Grafana keeps one dashboard per title in a folder: rename one or move it to "
        "another folder"
    ]


# --- 4. panel queries that do not parse ------------------------------------------------------------


def _panel(expr: str, datasource=None, **extra) -> dict:
    target = {"expr": expr, "refId": "A"}
    if datasource is not None:
        target["datasource"] = datasource
    return {"type": "timeseries", "title": "Errors", "targets": [target], **extra}


def test_a_prometheus_query_that_does_not_parse_is_refused_naming_panel_and_ref_id():
    def declare():
        _prometheus()
        Dashboard(
            folder="Apps",
            board={
                "uid": "apps",
                "title": "Apps",
                "panels": [
                    _panel("sum(rate(http_errors_total[$__rate_interval])"),
                    _panel("rate(http_errors_total[5m]) by (job)", datasource="Prometheus"),
                ],
            },
        )

    errors = _errors(declare, render=True)
    assert len(errors) == 2
    assert errors[0].startswith("panel 'Errors', query A: PromQL does not parse")
    assert errors[0].endswith(": sum(rate(http_errors_total[$__rate_interval])")  # as written, macros and all


def test_queries_of_other_datasources_and_parsing_ones_pass():
    def declare():
        _prometheus()
        Datasource(name="Loki", type="loki", uid="loki", url="http://127.0.0.1:3100")
        Dashboard(
            folder="Apps",
            board={
                "uid": "apps",
                "title": "Apps",
                "templating": {"list": [{"type": "datasource", "name": "logs", "query": "loki"}]},
                "panels": [
                    _panel('sum by (job) (rate(x{job=~"$job"}[$__rate_interval])) > $threshold'),
                    _panel('{app="x"} |= "error" | json', datasource="Loki"),
                    _panel('count_over_time({app="x"}[5m])', datasource="$logs"),
                    {**_panel("rate(x[5m]"), "targets": [{"expr": "rate(x[5m]", "refId": "B", "hide": True}]},
                ],
            },
        )

    render_all(_model(declare))


# --- 5. ambiguous environment overrides -------------------------------------------------------------


def _two_groups_with_down(**env):
    RuleGroup(name="api", rules=[AlertRule(alert="Down", expr="up{job='api'} == 0")])
    RuleGroup(name="db", rules=[AlertRule(alert="Down", expr="up{job='db'} == 0")])
    Environment(name="prod", **env)


def test_an_override_of_an_alert_two_groups_declare_is_ambiguous():
    with pytest.raises(DefinitionErrors) as info:
        _model(lambda: _two_groups_with_down(alert_overrides={"Down": AlertOverride(for_="5m")}))
    [error] = info.value.errors
    assert error.kind == "Environment" and error.name == "prod"
    assert error.message.startswith(
        "alert_overrides['Down'] is ambiguous: alert 'Down' is declared in 2 groups (group 'api' at "
    )
    assert "name one as 'group/alert', e.g. 'api/Down'" in error.message
    assert len(error.related) == 2


def test_group_slash_alert_overrides_one_group_only():
    model = _model(lambda: _two_groups_with_down(alert_overrides={"db/Down": AlertOverride(for_="7m")}))
    rendered = render_all(model)
    text = rendered["env/prod/prometheus/rules/db.yaml"].decode()
    assert "for: 7m" in text
    assert "for: 7m" not in rendered["env/prod/prometheus/rules/api.yaml"].decode()


def test_warning_and_critical_variants_of_one_group_are_not_ambiguous():
    def declare():
        RuleGroup(
            name="api",
            rules=[
                AlertRule(alert="Slow", expr="x > 1", labels={"severity": "warning"}),
                AlertRule(alert="Slow", expr="x > 2", labels={"severity": "critical"}),
            ],
        )
        Environment(name="prod", alert_overrides={"Slow": AlertOverride(for_="5m")})

    _model(declare)


def test_group_form_naming_a_missing_group_or_overlapping_a_plain_key_is_an_error():
    def declare():
        RuleGroup(name="api", rules=[AlertRule(alert="Down", expr="up == 0")])
        Environment(
            name="prod",
            alert_overrides={
                "web/Down": AlertOverride(for_="5m"),
                "Down": AlertOverride(for_="1m"),
                "api/Down": AlertOverride(for_="2m"),
            },
        )

    assert _errors(declare) == [
        "alert_overrides['api/Down'] and alert_overrides['Down'] both override alert 'Down' of group 'api': keep one",
        "alert_overrides names unknown alert 'Down' in group 'web' (it is in group 'api')",
    ]


# --- 6. names Windows cannot create ---------------------------------------------------------------


@pytest.mark.parametrize(
    "folder", ["CON", "con", "Nul", "aux.txt", "PRN", "COM1", "lpt9", "com0", "LPT¹", "con.tar.gz", "Shop.", "Shop "]
)
def test_dashboard_folders_windows_cannot_create_are_refused(folder):
    with pytest.raises(DefinitionError, match=r"folder: "):
        Dashboard(folder=folder, board={"uid": "a", "title": "A"})


@pytest.mark.parametrize("folder", ["Console", "Connect", "COM10", "Nullable", "AUXILIARY", "LPT"])
def test_names_that_only_start_like_a_device_are_fine(folder):
    Dashboard(folder=folder, board={"uid": "a", "title": "A"})


@pytest.mark.parametrize(
    "make, field",
    [
        (lambda: Dashboard(folder="Apps", board={"uid": "con", "title": "A"}), "uid 'con'"),
        (lambda: RuleGroup(name="g", file="nul", rules=[]), "file name 'nul'"),
        (lambda: RuleGroup(name="g", file="aux.rules", rules=[]), "file name 'aux.rules'"),
        (lambda: RuleGroup(name="Com1", rules=[]), "file name 'com1'"),  # the stem from the group's name
        (lambda: Environment(name="prn"), "environment name 'prn'"),
    ],
)
def test_other_path_segments_refuse_device_names(make, field):
    with pytest.raises(DefinitionError, match=f"{field} is a device name on Windows"):
        make()


# --- 7. dashboard dicts of the wrong shape ---------------------------------------------------------

_P = {"type": "timeseries", "title": "p", "targets": [{"expr": "up", "refId": "A"}]}


@pytest.mark.parametrize(
    "board, message",
    [
        ({"panels": {"a": _P}}, "panels must be a list of panel objects, got an object"),
        ({"panels": "abc"}, "panels must be a list of panel objects, got the string 'abc'"),
        ({"panels": [None]}, "panels[0] must be a panel object, got null"),
        ({"panels": None}, "panels must be a list of panel objects (use [] for none), got null"),
        (
            {"panels": [{**_P, "gridPos": {"h": math.nan, "w": 12, "x": 0, "y": 0}}]},
            "panels[0].gridPos.h: nan is not a JSON number (JSON has no NaN or infinity)",
        ),
        (
            {"panels": [{**_P, "gridPos": {"h": "8", "w": 12, "x": 0, "y": 0}}]},
            "panels[0] ('p').gridPos.h must be a whole number, got the string '8'",
        ),
        ({"panels": [], 1: "x"}, "key 1 at the top level is not a string (JSON object keys are strings)"),
        (
            {"panels": [{**_P, "fieldConfig": {"defaults": {2: "x"}}}]},
            "panels[0].fieldConfig.defaults: key 2 is not a string (JSON object keys are strings)",
        ),
        (
            {"panels": [{**_P, "targets": {"expr": "up"}}]},
            "panels[0] ('p').targets must be a list of query objects, got an object",
        ),
        ({"panels": [{**_P, "targets": [None]}]}, "panels[0] ('p').targets[0] must be a query object, got null"),
        (
            {"panels": [{**_P, "targets": [{"expr": 5}]}]},
            "panels[0] ('p').targets[0].expr must be a string, got the number 5",
        ),
        (
            {"panels": [{**_P, "height": "tall"}]},
            "panels[0] ('p').height must be a number of pixels (250 or \"250px\"), got the string 'tall'",
        ),
        (
            {"panels": [{**_P, "gridPos": [0, 0, 12, 8]}]},
            "panels[0] ('p').gridPos must be an object with h, w, x and y, got a list",
        ),
        (
            {"rows": [{"title": "r", "panels": {"a": 1}}]},
            "rows[0] ('r').panels must be a list of panel objects, got an object",
        ),
        ({"templating": [{"name": "x"}]}, 'templating must be an object with a "list" of variables, got a list'),
        ({"annotations": {"list": "x"}}, "annotations.list must be a list of annotations, got the string 'x'"),
        ({"panels": [{**_P, "description": object()}]}, "panels[0].description: a Python object is not a JSON value"),
    ],
)
def test_malformed_dashboard_dicts_are_definition_errors(board, message):
    def declare():
        _prometheus()
        Dashboard(folder="Apps", board={"uid": "apps", "title": "Apps", **board})

    assert _errors(declare, render=True) == [message]


def test_one_error_per_problem_and_each_names_the_dashboard():
    def declare():
        _prometheus()
        Dashboard(folder="Apps", board={"uid": "apps", "title": "Apps", "panels": [None, "x", {"gridPos": 3}]})

    with pytest.raises(DefinitionErrors) as info:
        _model(declare)
    assert [(e.kind, e.name) for e in info.value.errors] == [("Dashboard", "apps")] * 3
    assert all(e.location.file == __file__ for e in info.value.errors)


def test_a_legacy_panel_setting_the_conversion_cannot_read_is_an_error_not_a_traceback():
    def declare():
        _prometheus()
        Dashboard(
            folder="Apps",
            board={
                "uid": "apps",
                "title": "Apps",
                "panels": [
                    {"type": "graph", "title": "Old", "linewidth": "thick", "targets": [{"expr": "up", "refId": "A"}]}
                ],
            },
        )

    [message] = _errors(declare, render=True)
    assert message.startswith("cannot be converted to Grafana's current dashboard JSON (ValueError: ")


def test_mcg_build_names_the_dashboard_of_a_broken_panel_query(tmp_path):
    root = write_project(
        tmp_path / "proj",
        {
            "dashboards.py": """
        from monitoring_codegen import Dashboard, Datasource
        PROM = Datasource(name="Prometheus", type="prometheus", uid="prom", url="http://127.0.0.1:9090")
        D = Dashboard(folder="Apps", board={"uid": "apps", "title": "Apps", "panels": [
            {"type": "stat", "title": "Up", "targets": [{"expr": "sum(up", "refId": "Q"}]}]})
    """
        },
    )
    result = run_mcg("build", cwd=root)
    assert result.returncode == 2, result.stderr
    assert (
        "definitions/dashboards.py:3: error: Dashboard 'apps': panel 'Up', query Q: PromQL does not parse"
        in result.stderr
    )
    assert "Traceback" not in result.stderr and not (root / "out").exists()
