"""ALR006 alert/runbook-url: a runbook_url leads to a page that exists (a generated runbook page
under docs_url) or to an allowed runbook host."""

from urllib.parse import urlsplit

from monitoring_codegen.lint.rule import LintRule, Problem


class AlertRunbookUrl(LintRule):
    id = "ALR006"
    name = "alert/runbook-url"
    severity = "warning"
    summary = "An alert's runbook_url points at no generated page and at no allowed runbook host."
    details = (
        "A runbook link that leads nowhere is worse than none: the person paged follows it at 3am and finds a 404. "
        "mcg generates a runbook page per alert (out/docs/alerts/<alert>.html, published at [tool.mcg] docs_url) "
        "and gives alerts without a runbook_url a link to theirs. A runbook_url under docs_url must name a page "
        "the docs hold (its own alert's page, an index, a dashboard page); any other URL must be http(s) on a "
        "host listed in [tool.mcg.lint] runbook_hosts (e.g. your wiki; '*.example.com' allows subdomains). "
        "Checked only when docs_url or runbook_hosts is set; a URL whose host is a template is not checked."
    )
    example_settings = {"docs_url": "https://docs.example.com/monitoring", "runbook_hosts": ["wiki.example.com"]}
    bad = """\
groups:
  - name: example
    rules:
      - alert: HighErrorRate
        expr: sum(rate(http_requests_total{status_code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05
        for: 10m
        labels: {severity: critical}
        annotations:
          summary: "5xx above 5%"
          runbook_url: https://docs.example.com/monitoring/alerts/HighErorRate.html
      - alert: QueueBacklog
        expr: sum(agent_queue_depth) > 100
        for: 10m
        labels: {severity: warning}
        annotations:
          summary: "Queue backlog"
          runbook_url: https://runbooks.example.org/queue-backlog
"""
    good = """\
groups:
  - name: example
    rules:
      - alert: HighErrorRate
        expr: sum(rate(http_requests_total{status_code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05
        for: 10m
        labels: {severity: critical}
        annotations:
          summary: "5xx above 5%"
          runbook_url: https://docs.example.com/monitoring/alerts/HighErrorRate.html
      - alert: QueueBacklog
        expr: sum(agent_queue_depth) > 100
        for: 10m
        labels: {severity: warning}
        annotations:
          summary: "Queue backlog"
          runbook_url: https://wiki.example.com/runbooks/queue-backlog
"""

    def check_rule(self, rule, ctx):
        settings = ctx.settings
        url = str(rule.annotations.get("runbook_url", "")).strip()
        if rule.kind != "alert" or not url or not (settings.docs_url or settings.runbook_hosts):
            return
        docs = settings.docs_url.rstrip("/") + "/" if settings.docs_url else None
        if docs and url.startswith(docs):
            page = urlsplit(url[len(docs) :]).path
            if "{{" in page:
                return
            pages, site = _docs_pages(ctx)
            own = pages[rule.name] + ".html"
            if page not in site:
                yield Problem(
                    rule, f"runbook_url {url!r}: the docs have no page {page!r} (this alert's page is {own!r})"
                )
            elif page.startswith("alerts/") and page != own and page != "alerts/index.html":
                yield Problem(rule, f"runbook_url {url!r} is the runbook page of another alert")
            return
        parts = urlsplit(url)
        host = parts.hostname or ""
        if "{{" in parts.netloc:
            return
        allowed = settings.runbook_hosts
        if parts.scheme in ("http", "https") and any(_host_allowed(host, pattern) for pattern in allowed):
            return
        where = f"docs_url {settings.docs_url!r}" if settings.docs_url else "no docs_url"
        hosts = ", ".join(allowed) if allowed else "none"
        yield Problem(
            rule,
            f"runbook_url {url!r} is neither a generated page ({where}) nor on an allowed runbook host "
            f"([tool.mcg.lint] runbook_hosts: {hosts})",
        )


def _docs_pages(ctx) -> tuple[dict[str, str], set[str]]:
    """(alert name -> its page, every page the docs hold) for the linted set, computed once per
    run rather than once per alert (10,000 alerts made it quadratic)."""
    from monitoring_codegen.docs.pages import alert_pages, site_pages

    cache = ctx.__dict__.setdefault("_runbook_url_pages", {})
    if id(ctx.inputs) not in cache:
        names = {r.name for f in ctx.inputs.rule_files for r in f.rules() if r.kind == "alert"}
        uids = {str(d.data.get("uid")) for d in ctx.inputs.dashboards if isinstance(d.data, dict)}
        pages = alert_pages(names)
        cache[id(ctx.inputs)] = (pages, site_pages(pages, uids))
    return cache[id(ctx.inputs)]


def _host_allowed(host: str, pattern: str) -> bool:
    pattern = pattern.lower()
    host = host.lower()
    if pattern.startswith("*."):
        return host.endswith(pattern[1:])
    return host == pattern


RULE = AlertRunbookUrl()
