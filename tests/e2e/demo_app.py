"""A stand-in for the AI-agent platform, instrumented only through the GENERATED module.

    python demo_app.py --metrics-module out/instrumentation/metrics.py --port 9101

Exposes /metrics on 127.0.0.1 and, ten times a second, emits every metric of the
catalog with realistic label values; HTTP traffic goes through the generated ASGI
middleware around a tiny ASGI app. SIGUSR1 raises the agent error rate from 2% to
60%, which is what makes HighAgentErrorRate fire in the end-to-end test.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import itertools
import random
import signal
import sys
import threading
import time

AGENTS = [("planner", "openai"), ("coder", "anthropic"), ("researcher", "openai")]
MODELS = [("openai", "gpt-4o"), ("anthropic", "claude-sonnet")]
ROUTES = [("GET", "/api/agents"), ("POST", "/api/tasks"), ("GET", "/healthz")]


def load_metrics(path: str):
    spec = importlib.util.spec_from_file_location("generated_metrics", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Platform:
    def __init__(self, m, seed: int = 7) -> None:
        self.m = m
        self.random = random.Random(seed)
        self.error_ratio = 0.02
        self.ticks = itertools.count()
        self.status_by_route = {"/api/agents": 200, "/api/tasks": 200, "/healthz": 200}
        self.app = m.PrometheusMiddleware(self._asgi_app)

    async def _asgi_app(self, scope, receive, send):
        status = self.status_by_route.get(scope["path"], 404)
        if self.random.random() < 0.02:
            status = 500
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    def _request(self, method: str, path: str) -> None:
        scope = {"type": "http", "method": method, "path": path, "headers": []}

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            return None

        asyncio.run(self.app(scope, receive, send))

    def tick(self) -> None:
        m, rnd = self.m, self.random
        n = next(self.ticks)
        for i, (agent_type, provider) in enumerate(AGENTS):
            agent_id = f"{agent_type}-{i}"
            for operation in ("plan", "act", "reflect"):
                status = "error" if rnd.random() < self.error_ratio else "success"
                m.agent_operations_total(
                    agent_id=agent_id, agent_type=agent_type, operation=operation, provider=provider, status=status
                ).inc()
            # Every status series exists from the start, as a real exporter's would after a while.
            if n == 0:
                for status in ("error", "success"):
                    m.agent_operations_total(
                        agent_id=agent_id, agent_type=agent_type, operation="plan", provider=provider, status=status
                    ).inc(0)
            m.agent_execution_duration_seconds(
                agent_id=agent_id, agent_type=agent_type, task_type="research", provider=provider
            ).observe(rnd.uniform(0.2, 40))
            for token_type in ("input", "output"):
                m.agent_token_usage_total(
                    agent_id=agent_id, agent_type=agent_type, provider=provider, token_type=token_type
                ).inc(rnd.randint(100, 900))
            m.agent_cost_total(agent_id=agent_id, agent_type=agent_type, provider=provider).inc(
                rnd.uniform(0.001, 0.02)
            )
            m.agents_active(agent_type=agent_type, provider=provider).set(rnd.randint(1, 12))
            m.agent_memory_usage_bytes(agent_namespace="agents", agent_type=agent_type).set(
                rnd.randint(50, 500) * 2**20
            )
        m.context_retrieval_duration_seconds(agent_namespace="agents", retrieval_type="vector").observe(
            rnd.uniform(0.005, 0.3)
        )
        for task_type, priority in (("research", "high"), ("summarize", "low")):
            status = "failed" if rnd.random() < 0.05 else "success"
            m.task_executions_total(task_type=task_type, status=status, priority=priority).inc()
            m.task_queue_depth(queue_type=task_type, priority=priority).set(rnd.randint(0, 40))
        m.task_dependency_resolution_duration_seconds().observe(rnd.uniform(0.001, 0.2))
        for method, path in ROUTES:
            self._request(method, path)
        for pool in ("primary", "replica"):
            m.database_connections_active(database="agents", pool=pool).set(rnd.randint(5, 60))
        for operation, table in (("select", "agents"), ("insert", "tasks")):
            m.database_query_duration_seconds(operation=operation, table=table).observe(rnd.uniform(0.001, 0.3))
        m.user_sessions_active().set(rnd.randint(40, 120))
        for feature, user_type in (("chat", "free"), ("agents", "pro"), ("workflows", "enterprise")):
            m.feature_usage_total(feature=feature, user_type=user_type).inc(rnd.randint(0, 3))
        for provider, model in MODELS:
            status = "error" if rnd.random() < 0.03 else "success"
            m.llm_requests_total(provider=provider, model=model, status=status).inc()
            if n == 0:
                m.llm_requests_total(provider=provider, model=model, status="error").inc(0)
            m.llm_request_duration_seconds(provider=provider, model=model).observe(rnd.uniform(0.3, 12))
            for token_type in ("prompt", "completion"):
                m.llm_tokens_total(provider=provider, model=model, token_type=token_type).inc(rnd.randint(50, 800))
            m.llm_cost_dollars_total(provider=provider, model=model).inc(rnd.uniform(0.0005, 0.01))
            m.llm_hallucination_flags_total(provider=provider, model=model, detector="selfcheck").inc(
                1 if rnd.random() < 0.02 else 0
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--metrics-module", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--interval", type=float, default=0.1)
    args = parser.parse_args(argv)

    from prometheus_client import start_http_server

    platform = Platform(load_metrics(args.metrics_module))
    platform.tick()
    start_http_server(args.port, addr="127.0.0.1")
    stop = threading.Event()

    def raise_errors(signum, frame):
        platform.error_ratio = 0.6

    signal.signal(signal.SIGUSR1, raise_errors)
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    print(f"demo app on 127.0.0.1:{args.port}", flush=True)
    while not stop.is_set():
        platform.tick()
        time.sleep(args.interval)
    return 0


if __name__ == "__main__":
    sys.exit(main())
