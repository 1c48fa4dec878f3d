"""out/docs/: runbook pages, indexes, dashboard pages and the metric catalog, in Markdown and
HTML; the default runbook_url; the settings. (A real browser loads every page in
tests/integration/test_docs_browser.py.)"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from conftest import BASIC, REPO, run_mcg, run_mcg_process, snapshot

from monitoring_codegen.config import load_config
from monitoring_codegen.docs import pages
from monitoring_codegen.errors import UsageError

SETTINGS = 'docs_url = "https://docs.example.com/mon/"\ngrafana_url = "https://grafana.example.com"\n'

VARIED = {
    **BASIC,
    "more.py": """
        from grafanalib import core as G
        from monitoring_codegen import (AlertRule, AlertRouting, AlertTest, Dashboard, Environment, AlertOverride,
                                        Firing, Receiver, Route, RuleGroup)
        GROUP = RuleGroup(name="more", rules=[
            AlertRule(alert="Pipe", expr='sum by (route) (rate(app_requests_total{route="a|b"}[5m])) > {{ t }}',
                      params={"t": 1}, for_="1m", labels={"severity": "warning", "team": "web"},
                      annotations={"summary": "a `tick` and | pipe <script>alert(1)</script>"},
                      runbook="1. Restart **the** thing.\\n2. <b>Check</b> it.",
                      tests=[AlertTest("busy", series={'app_requests_total{route="a|b", status="200"}': "0+120x10"},
                                       at="5m", fires=[Firing({"route": "a|b"}, value=2)]),
                             AlertTest("idle", series={'app_requests_total{route="a|b", status="200"}': "0x10"},
                                       at="5m", fires=False)]),
            AlertRule(alert="Twice", expr="vector(1) > 2", labels={"severity": "warning"},
                      annotations={"runbook_url": "https://wiki.example.com/twice"}),
            AlertRule(alert="Twice", expr="vector(1) > 3", labels={"severity": "critical"}),
        ])
        ROUTING = AlertRouting(name="r", receivers=[Receiver(name="default"), Receiver(name="pager"),
                                                    Receiver(name="web")],
            route=Route(receiver="default", routes=[
                Route(match={"severity": "critical"}, receiver="pager"),
                Route(match_re={"team": "web|api"}, receiver="web")]))
        PROD = Environment(name="prod", routing=ROUTING, external_labels={"cluster": "p"},
                           alert_overrides={"Pipe": AlertOverride(params={"t": 5}, labels={"severity": "critical"})})
        BOARD = Dashboard(folder="Web", board=G.Dashboard(title="Web | `x`", uid="web", panels=[
            G.TimeSeries(title="Same", targets=[G.Target(expr="sum(rate(app_requests_total[$__rate_interval]))")]),
            G.TimeSeries(title="Same", targets=[G.Target(expr="sum(route:app_requests:rate5m)")]),
        ]))
    """,
}


def _project(tmp_path: Path, files: dict[str, str], settings: str = SETTINGS) -> Path:
    root = tmp_path / "proj"
    (root / "definitions").mkdir(parents=True)
    (root / "pyproject.toml").write_text(f'[tool.mcg]\ndefinitions = "definitions"\nout = "out"\n{settings}')
    for name, text in files.items():
        (root / "definitions" / name).write_text(textwrap.dedent(text))
    return root


@pytest.fixture
def built(tmp_path):
    root = _project(tmp_path, VARIED)
    result = run_mcg("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


def test_pages_for_every_alert_dashboard_and_index(built):
    docs = {p: b.decode() for p, b in snapshot(built / "out" / "docs").items()}
    for page in (
        "index",
        "alerts/index",
        "dashboards/index",
        "metrics",
        "alerts/AppErrors",
        "alerts/Pipe",
        "alerts/Twice",
        "dashboards/app",
        "dashboards/web",
    ):
        assert f"{page}.md" in docs and f"{page}.html" in docs, page
    assert "style.css" in docs
    # One page per alert name: the two rules of Twice share one, in two sections.
    assert docs["alerts/Twice.md"].count("## Rule ") == 2


def test_alert_page_holds_what_a_responder_needs(built):
    page = (built / "out/docs/alerts/Pipe.md").read_text()
    assert "1. Restart **the** thing." in page  # the runbook, as Markdown
    assert "> {{ t }}" in page and "> 5" in page  # as written, and as prod evaluates it
    # prod: the override makes it critical, so the tree sends it to the pager (first match, no continue)
    prod = next(line for line in page.splitlines() if line.startswith("| `prod`"))
    assert "`pager`" in prod and "`web`" not in prod and "severity=critical" in prod
    assert "dashboards/app.md#" in page and "https://grafana.example.com/d/app?viewPanel=" in page
    assert "amtool" in page and "'alertname=\"Pipe\"'" in page
    assert "**Fires:** busy" in page and "**Stays silent:** idle" in page
    assert "metrics.md#app_requests_total" in page


def test_user_text_cannot_break_markdown_or_become_html(built):
    html = (built / "out/docs/alerts/Pipe.html").read_text()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>Check</b>" not in html and "&lt;b&gt;Check&lt;/b&gt;" in html  # raw HTML in a runbook is shown as text
    assert "<strong>the</strong>" in html
    index = (built / "out/docs/dashboards/index.html").read_text()
    assert "Web | <code>" not in index and "Web | `x`" in index.replace("\\", "")


def test_markdown_and_html_links_resolve(built):
    docs = built / "out" / "docs"
    for md in docs.rglob("*.md"):
        for target in re.findall(r"\]\(<([^>]+)>\)", md.read_text()):
            if target.startswith(("http://", "https://")):
                continue
            path, _, anchor = target.partition("#")
            resolved = (md.parent / path).resolve() if path else md.resolve()
            assert resolved.is_file(), f"{md.relative_to(docs)}: {target}"
            if anchor:
                html = resolved.with_suffix(".html").read_text()
                assert f'id="{anchor}"' in html, f"{md.relative_to(docs)}: no #{anchor} in {path}"
    for html in docs.rglob("*.html"):
        for target in re.findall(r'href="([^"]+)"', html.read_text()):
            if target.startswith(("http://", "https://", "data:")):
                continue
            path = target.partition("#")[0] or html.name
            assert (html.parent / path).resolve().is_file(), f"{html.relative_to(docs)}: {target}"
            assert not path.endswith(".md") or path == html.with_suffix(".md").name


def test_panels_of_the_same_title_get_distinct_anchors(built):
    html = (built / "out/docs/dashboards/web.html").read_text()
    ids = re.findall(r'<h3 id="([^"]+)"', html)
    assert len(ids) == 2 and len(set(ids)) == 2


def test_default_runbook_url_reaches_rules_and_tests(built):
    rules = (built / "out/prometheus/rules/more.yaml").read_text()
    assert "runbook_url: https://docs.example.com/mon/alerts/Pipe.html" in rules
    assert "runbook_url: https://wiki.example.com/twice" in rules  # a given one is kept
    assert "https://docs.example.com/mon/alerts/Twice.html" in rules  # the other Twice rule
    tests = (built / "out/prometheus/tests/more.yaml").read_text()
    assert "runbook_url: https://docs.example.com/mon/alerts/Pipe.html" in tests


def test_without_settings_no_runbook_url_and_no_grafana_links(tmp_path):
    root = _project(tmp_path, VARIED, settings="")
    assert run_mcg("build", cwd=root).returncode == 0
    assert "runbook_url" not in (root / "out/prometheus/rules/app.yaml").read_text()
    page = (root / "out/docs/alerts/Pipe.md").read_text()
    assert "viewPanel" not in page and "dashboards/app.md#" in page


def test_docs_are_deterministic_and_checked(built):
    first = snapshot(built / "out" / "docs")
    result = run_mcg_process("build", cwd=built, env={"PYTHONHASHSEED": "7", "LC_ALL": "C", "TZ": "Asia/Tokyo"})
    assert result.returncode == 0, result.stderr
    assert snapshot(built / "out" / "docs") == first
    (built / "out/docs/alerts/Pipe.md").write_text("edited by hand\n")
    check = run_mcg("check", cwd=built)
    assert check.returncode == 1 and "docs/alerts/Pipe.md" in check.stdout


def test_alert_names_differing_in_case_or_in_odd_characters_get_pages_of_their_own(tmp_path):
    # Prometheus accepts both, and real collections hold both (etcdNoLeader / EtcdNoLeader).
    root = _project(
        tmp_path,
        {
            "rules.py": """
                from monitoring_codegen import AlertRule, RuleGroup
                A = RuleGroup(name="a", rules=[AlertRule(alert="HighLoad", expr="vector(1) > 2")])
                B = RuleGroup(name="b", rules=[AlertRule(alert="highload", expr="vector(1) > 2")])
                C = RuleGroup(name="c", rules=[AlertRule(alert="Cache hit rate(<80%)/x", expr="vector(1) > 2")])
            """
        },
    )
    result = run_mcg("build", cwd=root)
    assert result.returncode == 0, result.stderr
    alerts = root / "out/docs/alerts"
    names = sorted(p.name for p in alerts.glob("*.md"))
    assert names == ["Cache_hit_rate__80___x.md", "HighLoad.md", "highload-2.md", "index.md"]
    assert "# highload" in (alerts / "highload-2.md").read_text()
    assert len({n.casefold() for n in names}) == len(names)
    index = (alerts / "index.md").read_text()
    assert "highload-2.md" in index and "HighLoad.md" in index


def test_alert_pages_are_unique_and_stable():
    names = ["b", "B", "a:b", "a/b", "a_b", "x"]
    first = pages.alert_pages(names)
    assert first == pages.alert_pages(reversed(names))
    assert len({p.casefold() for p in first.values()}) == len(names)
    assert first["B"] == "alerts/B" and first["b"] == "alerts/b-2"


@pytest.mark.parametrize("value", ["docs.example.com", "ftp://x/y", "https://x/?a=1", "https://x/#f", ""])
def test_url_settings_must_be_http_urls(tmp_path, value):
    root = tmp_path / "p"
    root.mkdir()
    (root / "pyproject.toml").write_text(f'[tool.mcg]\ndocs_url = "{value}"\n')
    with pytest.raises(UsageError, match="docs_url"):
        load_config(start=root)


def test_page_names_and_anchors():
    assert pages.alert_page("a:b") == "alerts/a_b"
    assert pages.heading_anchor("Operations / s (panel 3)") == "operations--s-panel-3"
    assert pages.relative_link("alerts/X", "metrics", anchor="m") == "../metrics.md#m"
    assert pages.page_url("https://d/x/", "alerts/A") == "https://d/x/alerts/A.html"


def test_shipped_docs_cover_every_alert_and_dashboard():
    docs = REPO / "out" / "docs"
    alerts = {p.stem for p in (docs / "alerts").glob("*.md")} - {"index"}
    assert {"HighAgentErrorRate", "APIAvailabilityErrorBudgetBurn", "TargetDown"} <= alerts
    for view in ("developer-view", "operator-view", "executive-view"):
        assert (docs / "dashboards" / f"{view}.html").is_file()


def test_shipped_out_is_what_the_definitions_render():
    # The browser test (tests/integration/test_docs_browser.py) loads the committed out/docs/.
    result = run_mcg("check", cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_random_looking_dashboard_uid_is_no_secret_in_the_docs_but_a_hex_key_still_is(tmp_path):
    # Mixin dashboards carry md5 uids; out/docs quotes them in text, links and file names.
    uid = "0156f6d15aa234d452a33a4f13c838e3"
    board = f"""
        import grafanalib.core as G
        from monitoring_codegen import Dashboard
        BOARD = Dashboard(folder="Web", board=G.Dashboard(title="Writes", uid="{uid}", panels=[
            G.TimeSeries(title="Up", targets=[G.Target(expr="up")])]))
    """
    root = _project(tmp_path, {"boards.py": board})
    result = run_mcg("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert uid in (root / f"out/docs/dashboards/{uid}.md").read_text()
    # The same value as a panel's text is a credential-shaped literal, not the uid: refused.
    leaky = board.replace(
        'targets=[G.Target(expr="up")]',
        'description="key ef0123456789abcdef0123456789abcd", targets=[G.Target(expr="up")]',
    )
    root = _project(tmp_path / "leaky", {"boards.py": leaky})
    result = run_mcg("build", cwd=root)
    assert result.returncode == 2 and "hex-key" in result.stderr, result.stderr


def test_html_as_text_leaves_code_and_autolinks_alone():
    from monitoring_codegen.docs.text import html_as_text

    source = "Run `kubectl get pods -l app=<name>` then <b>check</b> <https://wiki.example.com/x>.\n```\n<pre>kept</pre>\n```\nend <i>"
    assert html_as_text(source) == (
        "Run `kubectl get pods -l app=<name>` then &lt;b>check&lt;/b> <https://wiki.example.com/x>.\n"
        "```\n<pre>kept</pre>\n```\nend &lt;i>"
    )
    from monitoring_codegen.docs.html import page_html

    page = page_html("alerts/x", "# X\n\n" + html_as_text(source)).decode()
    assert "<code>kubectl get pods -l app=&lt;name&gt;</code>" in page
    assert "&lt;b&gt;check&lt;/b&gt;" in page and '<a href="https://wiki.example.com/x">' in page
    assert "<title>X</title>" in page and '<h1 id="x">X</h1>' in page


def test_docs_can_be_turned_off_and_then_no_alert_points_at_a_page(tmp_path):
    settings = 'docs = false\ndocs_url = "https://docs.example.com/monitoring"\n'
    root = _project(tmp_path, VARIED, settings=settings)
    result = run_mcg("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert not (root / "out/docs").exists()
    rules = "".join(p.read_text() for p in (root / "out/prometheus/rules").glob("*.yaml"))
    assert "docs.example.com" not in rules  # no runbook_url to a page that is not generated
    assert "https://wiki.example.com/twice" in rules  # one the user set stays


def test_the_docs_setting_is_a_boolean(tmp_path):
    root = _project(tmp_path, VARIED, settings='docs = "no"\n')
    result = run_mcg("build", cwd=root)
    assert result.returncode == 2 and "docs must be true or false" in result.stderr
