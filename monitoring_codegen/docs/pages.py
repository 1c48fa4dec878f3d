"""Where each generated page lives under `out/docs/`, and the URL it is published at.

Markdown pages (`.md`, readable on any git host) and their HTML rendering (`.html`, served as
static files) sit side by side; links and `runbook_url`s point at the HTML.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

DOCS_DIR = "docs"
INDEX = "index"
ALERTS_INDEX = "alerts/index"
DASHBOARDS_INDEX = "dashboards/index"
METRICS = "metrics"
STYLESHEET = "style.css"


def alert_page(alert_name: str) -> str:
    """The page (relative to out/docs/, without extension) of an alert name on its own.

    Prometheus accepts any one-line alert name (imported collections hold `Foo(<80%)` and
    `a/b`); a page name keeps letters, digits, '_', '-' and '.', anything else becomes '_'."""
    slug = re.sub(r"[^A-Za-z0-9_.-]", "_", alert_name).strip(".") or "_"
    return f"alerts/{slug}"


def alert_pages(alert_names) -> dict[str, str]:
    """Every alert name's page, unique even where file systems ignore case: names whose pages
    would be one file (`etcdNoLeader`, `EtcdNoLeader`; `a/b`, `a:b`) keep them apart by a
    number, given in code-point order of the names, so the same names give the same pages."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(set(alert_names)):
        page = base = alert_page(name)
        n = 2
        while page.casefold() in taken:
            page, n = f"{base}-{n}", n + 1
        taken.add(page.casefold())
        out[name] = page
    return out


def model_alert_pages(model) -> dict[str, str]:
    """alert_pages of every alert the model holds, computed once per model."""
    key = ("docs.alert_pages",)
    if key not in model.cache:
        model.cache[key] = alert_pages(model.alerts_by_name())
    return model.cache[key]


def dashboard_page(uid: str) -> str:
    return f"dashboards/{uid}"


def panel_heading(title: str, panel_id: Any) -> str:
    """A panel's heading on its dashboard's page; the id keeps headings unique (titles repeat)."""
    return f"{title} (panel {panel_id})" if title else f"Panel {panel_id}"


def panel_anchor(title: str, panel_id: Any) -> str:
    return heading_anchor(panel_heading(title, panel_id))


def site_pages(alert_pages_by_name: dict[str, str], dashboard_uids) -> set[str]:
    """Every HTML page the docs hold for these alerts (alert_pages) and dashboards (relative to
    out/docs/)."""
    pages = {INDEX, ALERTS_INDEX, DASHBOARDS_INDEX, METRICS}
    pages |= set(alert_pages_by_name.values())
    pages |= {dashboard_page(uid) for uid in dashboard_uids}
    return {f"{page}.html" for page in pages}


def page_url(docs_url: str, page: str) -> str:
    return f"{docs_url.rstrip('/')}/{page}.html"


def relative_link(from_page: str, to_page: str, ext: str = ".md", anchor: str = "") -> str:
    """A link from one page to another (both relative to out/docs/, without extension)."""
    depth = from_page.count("/")
    target = "../" * depth + to_page + (ext if to_page else "")
    return target + (f"#{anchor}" if anchor else "")


def heading_anchor(text: str) -> str:
    """The id a heading gets: GitHub's rule (lower case; letters, digits, '-', '_' kept; spaces
    become '-'), so the Markdown on a git host and the HTML agree on every #anchor."""
    text = unicodedata.normalize("NFC", text).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def default_runbook_urls(model) -> int:
    """Give every alert without a `runbook_url` annotation the URL of its generated page.

    Runs on the loaded model before anything renders, so rule files, environment copies,
    Kubernetes and Mimir rules, rule tests (expected annotations) and lint all see the same
    annotation. Returns how many alerts got one."""
    if not model.docs_url:
        return 0
    count = 0
    names = model_alert_pages(model)
    for alert in model.alerts():
        if "runbook_url" not in alert.annotations:
            alert.annotations = {**alert.annotations, "runbook_url": page_url(model.docs_url, names[alert.alert])}
            count += 1
    return count
