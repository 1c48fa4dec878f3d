"""`mcg smoke`: every dashboard query and rule expression, run against a live Prometheus.

Dashboard queries are sent as Grafana would send them with every variable on All
(`$__rate_interval` and friends expanded). A query that errors is a problem; one
that returns nothing is explained by querying each of its selectors alone, which
names the metric or label matcher that matches no series. Alert expressions are
expected to return nothing most of the time, so for them only errors and selectors
without series count.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from monitoring_codegen.errors import UsageError
from monitoring_codegen.promql.dashboard_queries import dashboard_queries, expand_grafana, variable_queries


@dataclass
class SmokeQuery:
    kind: str  # "dashboard", "variable", "alert", "record"
    where: str  # human description: dashboard uid + panel, or rule name
    expr: str
    definition: Any
    empty_ok: bool = False
    # Seconds of history the query needs before it can return anything (an `offset`, read
    # directly or through recording rules: seasonal baselines, period-over-period).
    needs_history: float = 0.0


@dataclass
class SmokeResult:
    query: SmokeQuery
    error: str = ""
    series: int = 0
    missing_selectors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        if self.error or self.missing_selectors:
            return False
        return self.series > 0 or self.query.empty_ok or self.waiting_for_history

    @property
    def waiting_for_history(self) -> bool:
        """Empty, but it reads further back than a new Prometheus has data for: not a fault yet."""
        return not self.error and self.series == 0 and self.query.needs_history > 0


class PrometheusAPI:
    def __init__(self, url: str, timeout: float = 10.0) -> None:
        parsed = urllib.parse.urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise UsageError(f"--prometheus-url {url!r} is not an http(s) URL like http://127.0.0.1:9090")
        self.url = url.rstrip("/")
        self.timeout = timeout

    def query(self, expr: str) -> tuple[list | None, str]:
        """(result, "") or (None, error message) for an instant query."""
        data = urllib.parse.urlencode({"query": expr}).encode()
        request = urllib.request.Request(
            f"{self.url}/api/v1/query", data=data, headers={"Content-Type": "application/x-www-form-urlencoded"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = json.loads(response.read())
        except urllib.error.HTTPError as exc:
            try:
                body = json.loads(exc.read())
            except ValueError:
                return None, f"HTTP {exc.code} from {self.url}"
        except (urllib.error.URLError, OSError, ValueError) as exc:
            return None, f"cannot query {self.url}: {getattr(exc, 'reason', exc)}"
        if body.get("status") != "success":
            return None, f"{body.get('errorType', 'error')}: {body.get('error', 'unknown error')}"
        result = body.get("data", {}).get("result")
        if body.get("data", {}).get("resultType") in ("scalar", "string"):
            return [result], ""
        return result or [], ""

    def reachable(self) -> str:
        _, error = self.query("vector(1)")
        return error


def selector_texts(expr: str) -> list[str]:
    """Each vector selector of the expression as a query of its own, in order, without repeats."""
    from monitoring_codegen.promql.ast import Selector, convert
    from monitoring_codegen.promql.parse import parse_expr

    try:
        node = convert(parse_expr(expr))
    except (ValueError, TypeError):
        return []
    out: list[str] = []
    for item in node.walk():
        if not isinstance(item, Selector):
            continue
        matchers = [m for m in item.matchers if not (m[0] == "__name__" and item.name)]
        inner = ", ".join(f"{label}{op}{json.dumps(value)}" for label, op, value in matchers)
        text = f"{item.name or ''}{{{inner}}}" if inner or not item.name else item.name
        if text not in out:
            out.append(text)
    return out


_ALERT_STATE = frozenset({"ALERTS", "ALERTS_FOR_STATE"})


def reads_only_alert_state(expr: str) -> bool:
    """The query reads nothing but ALERTS: empty means no alert fires, the normal state."""
    from monitoring_codegen.promql.ast import Selector, convert
    from monitoring_codegen.promql.parse import parse_expr

    try:
        node = convert(parse_expr(expr))
    except (ValueError, TypeError):
        return False
    names = {item.name for item in node.walk() if isinstance(item, Selector)}
    return bool(names) and names <= _ALERT_STATE


def collect_queries(model, rendered: dict[str, bytes], rate_interval: str = "1m") -> list[SmokeQuery]:
    queries = _collect_queries(model, rendered, rate_interval)
    from monitoring_codegen.promql.dependencies import history_needed

    records = model.records_by_name()
    for query in queries:
        query.needs_history = history_needed(query.expr, records)
    return queries


def _collect_queries(model, rendered: dict[str, bytes], rate_interval: str) -> list[SmokeQuery]:
    from monitoring_codegen.render.dashboards import dashboard_path

    queries: list[SmokeQuery] = []
    for dashboard in model.dashboards:
        path = dashboard_path(dashboard)
        board = json.loads(rendered[path]) if path in rendered else dashboard.raw_json()
        for q in variable_queries(dashboard.uid, board):
            queries.append(
                SmokeQuery(
                    "variable", f"dashboard {dashboard.uid} {q.panel}", expand_grafana(q.expr, rate_interval), dashboard
                )
            )
        for q in dashboard_queries(dashboard.uid, board):
            expr = expand_grafana(q.expr, rate_interval)
            queries.append(
                SmokeQuery(
                    "dashboard",
                    f"dashboard {dashboard.uid} panel {q.panel!r} ({q.ref})",
                    expr,
                    dashboard,
                    empty_ok=reads_only_alert_state(expr),
                )
            )
    for rule in model.records():
        queries.append(SmokeQuery("record", f"record {rule.record}", rule.rendered_expr(), rule))
    for rule in model.alerts():
        queries.append(SmokeQuery("alert", f"alert {rule.alert}", rule.rendered_expr(), rule, empty_ok=True))
    return queries


def run_smoke(api: PrometheusAPI, queries: list[SmokeQuery], workers: int = 8) -> list[SmokeResult]:
    selector_cache: dict[str, tuple[int, str]] = {}

    def count(selector: str) -> tuple[int, str]:
        if selector not in selector_cache:
            result, error = api.query(f"count({selector})")
            selector_cache[selector] = (0 if result is None or not result else int(float(result[0]["value"][1])), error)
        return selector_cache[selector]

    def run(query: SmokeQuery) -> SmokeResult:
        result, error = api.query(query.expr)
        if result is None:
            return SmokeResult(query, error=error)
        outcome = SmokeResult(query, series=len(result))
        if not result and not query.needs_history:
            # Which parts match nothing? Each selector alone answers that.
            outcome.missing_selectors = [s for s in selector_texts(query.expr) if count(s)[0] == 0]
        return outcome

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, queries))
