"""Generated instrumentation: importable, typed helpers that reject unknown labels, the
catalog's buckets, a working ASGI middleware, and a deterministic metrics reference.

The generated module registers its metrics in prometheus_client's default registry, so
each check imports it in a fresh interpreter.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from conftest import REPO, run_mcg, run_mcg_process, write_project

CATALOG = """
    from monitoring_codegen import Metric
    REQS = Metric(name="http_requests_total", type="counter", help="HTTP requests.", labels=("method", "route", "status_code"))
    LAT = Metric(name="http_request_duration_seconds", type="histogram", unit="seconds", help="Latency.",
                 labels=("method", "route"), buckets=(0.1, 0.5, 2))
    JOBS = Metric(name="jobs_queued", type="gauge", help="Jobs | waiting.", labels=("queue", "class"))
    SESSIONS = Metric(name="sessions_active", type="gauge", help="Sessions.")
    RPC = Metric(name="rpc_latency_seconds", type="summary", unit="seconds", help="RPC.", labels=("service",))
    UP = Metric(name="up", type="gauge", help="Scrape ok.", exported_by="prometheus")
"""


def run_python(code: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=cwd, capture_output=True, text=True, timeout=60
    )


def build(tmp_path):
    root = write_project(tmp_path / "proj", {"catalog.py": CATALOG})
    result = run_mcg("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


def test_generated_module_emits_what_the_catalog_declares(tmp_path):
    root = build(tmp_path)
    result = run_python(
        """
        import asyncio, sys
        sys.path.insert(0, "out/instrumentation")
        import metrics
        from prometheus_client import generate_latest

        metrics.http_requests_total(method="GET", route="/a", status_code="200").inc()
        metrics.jobs_queued(queue="q", class_="batch").set(3)
        metrics.sessions_active().set(7)
        metrics.rpc_latency_seconds(service="db").observe(0.2)
        metrics.http_request_duration_seconds(method="GET", route="/a").observe(0.3)
        for bad in (lambda: metrics.http_requests_total(method="GET", route="/a", status="200"),
                    lambda: metrics.http_requests_total(method="GET", route="/a"),
                    lambda: metrics.jobs_queued("q", "batch")):
            try:
                bad()
            except TypeError as exc:
                print("rejected:", exc)
            else:
                print("ACCEPTED")
        print(generate_latest().decode())
        print("up" in dir(metrics), hasattr(metrics, "up"))
    """,
        root,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.count("rejected:") == 3 and "ACCEPTED" not in out
    assert (
        "unexpected keyword argument 'status'" in out
        and "missing 1 required keyword-only argument: 'status_code'" in out
    )
    assert 'http_requests_total{method="GET",route="/a",status_code="200"} 1.0' in out
    assert 'jobs_queued{class="batch",queue="q"} 3.0' in out
    assert "sessions_active 7.0" in out
    # The catalog's buckets, plus +Inf.
    buckets = [
        line.split('le="')[1].split('"')[0]
        for line in out.splitlines()
        if line.startswith("http_request_duration_seconds_bucket")
    ]
    assert buckets == ["0.1", "0.5", "2.0", "+Inf"]
    assert "rpc_latency_seconds_count" in out
    assert "False False" in out, "metrics exported by other programs get no helpers"


def test_asgi_middleware_records_requests(tmp_path):
    root = build(tmp_path)
    result = run_python(
        """
        import asyncio, sys
        sys.path.insert(0, "out/instrumentation")
        import metrics
        from prometheus_client import REGISTRY

        async def app(scope, receive, send):
            if scope["path"] == "/boom":
                raise RuntimeError("boom")
            await send({"type": "http.response.start", "status": 404 if scope["path"] == "/missing" else 200})
            await send({"type": "http.response.body", "body": b""})

        class Route:
            path_format = "/items/{id}"

        async def call(path, route=None):
            scope = {"type": "http", "method": "get", "path": path}
            if route:
                scope["route"] = route
            async def receive(): return {"type": "http.request"}
            async def send(message): pass
            try:
                await metrics.PrometheusMiddleware(app)(scope, receive, send)
            except RuntimeError:
                pass

        for path, route in [("/a", None), ("/items/17", Route()), ("/missing", None), ("/boom", None), ("/metrics", None)]:
            asyncio.run(call(path, route))
        get = REGISTRY.get_sample_value
        print(get("http_requests_total", {"method": "GET", "route": "/a", "status_code": "200"}))
        print(get("http_requests_total", {"method": "GET", "route": "/items/{id}", "status_code": "200"}))
        print(get("http_requests_total", {"method": "GET", "route": "/missing", "status_code": "404"}))
        print(get("http_requests_total", {"method": "GET", "route": "/boom", "status_code": "500"}))
        print(get("http_requests_total", {"method": "GET", "route": "/metrics", "status_code": "200"}))
        print(get("http_request_duration_seconds_count", {"method": "GET", "route": "/a"}))
    """,
        root,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1.0", "1.0", "1.0", "1.0", "None", "1.0"]


def test_metrics_reference_and_determinism(tmp_path):
    root = build(tmp_path)
    first = {p: (root / "out/instrumentation" / p).read_bytes() for p in ("metrics.py", "METRICS.md")}
    result = run_mcg_process("build", cwd=root, env={"PYTHONHASHSEED": "123", "LC_ALL": "C"})
    assert result.returncode == 0
    assert {p: (root / "out/instrumentation" / p).read_bytes() for p in first} == first
    md = first["METRICS.md"].decode()
    assert "| [`jobs_queued`](#jobs_queued) | gauge | `queue`, `class` | Jobs \\| waiting. |" in md
    assert "- Buckets: 0.1, 0.5, 2.0, +Inf" in md
    assert "| `up` | gauge | prometheus | Scrape ok. |" in md
    compile(first["metrics.py"], "metrics.py", "exec")


def test_shipped_instrumentation_covers_the_app_catalog(shipped):
    build = shipped
    source = build.rendered["instrumentation/metrics.py"].decode()
    for metric in build.model.metrics:
        assert (f"def {metric.name}(" in source) == (not metric.exported_by), metric.name
    assert "class PrometheusMiddleware" in source
    assert build.rendered["instrumentation/metrics.py"] == (REPO / "out/instrumentation/metrics.py").read_bytes()
