"""Server configs checked by the real tools: `promtool check config`, `amtool check-config`,
and the routing tests of each environment with `amtool config routes test`.

Everything runs on the rendered map of a Build, written to a temporary copy of out/ so
the relative rule_files of each prometheus.yml resolve as they will when deployed.
Nothing here writes to out/. `mcg validate` (validation.py) and `mcg routes` use it.

Debian's Prometheus is built without Kubernetes service discovery (its promtool
rejects `kubernetes_sd_configs` as an unknown field). When that is the *only* complaint,
the config is checked again with each Kubernetes SD block replaced by a static target:
everything else, relabeling included, is still validated by promtool, and the result
says so (`note`).
"""

from __future__ import annotations

import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from monitoring_codegen.tools.binaries import find_tool, run_tool

_K8S_SD_MISSING_RE = re.compile(r"field kubernetes_sd_configs not found in type")
KUBERNETES_SD_NOTE = (
    "this promtool is built without Kubernetes service discovery (Debian); checked with "
    "kubernetes_sd_configs replaced by static targets, relabeling and the rest unchanged"
)


@dataclass
class ConfigCheck:
    path: str  # relative to out/
    tool: str  # "promtool" or "amtool"
    ok: bool
    output: str
    note: str = ""


@dataclass
class RoutingTestResult:
    environment: str
    routing: str
    name: str
    labels: dict[str, str]
    expected: list[str]
    actual: list[str]
    passed: bool
    output: str = ""
    location: str = ""  # file:line of the routing test (else of its routing)

    def describe(self) -> str:
        status = "ok  " if self.passed else "FAIL"
        text = f"{status} {self.environment}: {self.name}: expected {', '.join(self.expected)}"
        if not self.passed:
            text += f"; got {', '.join(self.actual) or 'nothing'}"
            if self.location:
                text += f" (declared at {self.location})"
        return text


def _materialize(rendered: dict[str, bytes], folder: Path, only=None) -> None:
    for rel, content in rendered.items():
        if only is not None and not only(rel):
            continue
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def prometheus_config_paths(rendered: dict[str, bytes]) -> list[str]:
    return sorted(p for p in rendered if re.match(r"^env/[^/]+/prometheus(-\d+)?\.yml$", p))


def alertmanager_config_paths(rendered: dict[str, bytes]) -> list[str]:
    return sorted(p for p in rendered if re.match(r"^env/[^/]+/alertmanager\.yml$", p))


def _without_kubernetes_sd(text: bytes) -> bytes:
    """The same config with every kubernetes_sd_configs swapped for one static target."""
    from monitoring_codegen.yamlio import dump_yaml, load_yaml

    data = load_yaml(text)

    def swap(section: dict) -> None:
        if "kubernetes_sd_configs" in section:
            del section["kubernetes_sd_configs"]
            section.setdefault("static_configs", []).append({"targets": ["kubernetes-sd.invalid:80"]})

    for job in data.get("scrape_configs") or []:
        swap(job)
    for am in (data.get("alerting") or {}).get("alertmanagers") or []:
        swap(am)
    return dump_yaml(data)


def check_prometheus_config(folder: Path, rel: str, promtool: str) -> ConfigCheck:
    result = run_tool([promtool, "check", "config", rel], cwd=folder)
    if result.ok:
        return ConfigCheck(rel, "promtool", True, result.output)
    errors = [line for line in result.output.splitlines() if re.match(r"^\s+line \d+:", line)]
    if errors and all(_K8S_SD_MISSING_RE.search(line) for line in errors):
        path = folder / rel
        alternate = path.with_name(path.stem + ".no-k8s-sd.yml")
        alternate.write_bytes(_without_kubernetes_sd(path.read_bytes()))
        retry = run_tool([promtool, "check", "config", str(alternate.relative_to(folder))], cwd=folder)
        return ConfigCheck(rel, "promtool", retry.ok, result.output + "\n" + retry.output, KUBERNETES_SD_NOTE)
    return ConfigCheck(rel, "promtool", False, result.output)


def check_server_configs(build, promtool: str | None = None, amtool: str | None = None) -> list[ConfigCheck]:
    """promtool check config on every env/*/prometheus*.yml (rule files included, resolved
    relative to the config), amtool check-config on every env/*/alertmanager.yml."""
    rendered = build.rendered
    prom_paths = prometheus_config_paths(rendered)
    am_paths = alertmanager_config_paths(rendered)
    if prom_paths:
        promtool = promtool or find_tool("promtool")
    if am_paths:
        amtool = amtool or find_tool("amtool")
    with tempfile.TemporaryDirectory(prefix="mcg-servers-") as tmp:
        folder = Path(tmp)
        # The configs and what they reference (rule files), not dashboards.
        _materialize(rendered, folder, only=lambda rel: rel.startswith(("env/", "prometheus/")))

        def run(job: tuple[str, str]) -> ConfigCheck:
            tool, rel = job
            if tool == "promtool":
                assert promtool is not None  # found above: there are Prometheus configs
                return check_prometheus_config(folder, rel, promtool)
            assert amtool is not None  # found above: there are Alertmanager configs
            result = run_tool([amtool, "check-config", rel], cwd=folder)
            return ConfigCheck(rel, "amtool", result.ok, result.output)

        jobs = [("promtool", p) for p in prom_paths] + [("amtool", p) for p in am_paths]
        with ThreadPoolExecutor(max_workers=4) as pool:
            return list(pool.map(run, jobs))


def _amtool_receivers(output: str) -> list[str]:
    """The receivers amtool printed (first output line, comma-separated), without its warnings."""
    for line in output.splitlines():
        line = line.strip()
        if not line or line.startswith(("Warning:", "WARNING:")):
            continue
        return [name.strip() for name in line.split(",") if name.strip()]
    return []


def _escape_label_value(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def run_routing_tests(
    build, environments: list[str] | None = None, amtool: str | None = None, jobs: int = 4
) -> list[RoutingTestResult]:
    """Each environment's routing tests through `amtool config routes test --verify.receivers`.

    A test passes when amtool exits 0, i.e. the labels reach exactly the expected receivers
    in route-tree order."""
    from monitoring_codegen.render.servers import alertmanager_config_path

    envs = [env for env in build.model.environments if env.routing is not None]
    if environments:
        unknown = sorted(set(environments) - {env.name for env in build.model.environments})
        if unknown:
            from monitoring_codegen.errors import UsageError

            raise UsageError(
                f"unknown environment(s) {unknown}; declared: {[env.name for env in build.model.environments]}"
            )
        envs = [env for env in envs if env.name in environments]
    cases = [(env, test) for env in envs for test in env.routing.tests]
    if not cases:
        return []
    amtool = amtool or find_tool("amtool")
    with tempfile.TemporaryDirectory(prefix="mcg-routes-") as tmp:
        folder = Path(tmp)
        _materialize(build.rendered, folder, only=lambda rel: rel.endswith("/alertmanager.yml"))

        def run(case) -> RoutingTestResult:
            env, test = case
            config = folder / alertmanager_config_path(env)
            args = [
                amtool,
                "config",
                "routes",
                "test",
                f"--config.file={config}",
                f"--verify.receivers={','.join(test.receivers)}",
            ]
            # Quoted, as amtool parses matchers: a bare `team=a"b` is refused ("unescaped double quote").
            args += [f'{k}="{_escape_label_value(v)}"' for k, v in sorted(test.labels.items())]
            result = run_tool(args, timeout=60)
            source = test.source or env.routing.source
            return RoutingTestResult(
                environment=env.name,
                routing=env.routing.name,
                name=test.describe(),
                labels=dict(test.labels),
                expected=list(test.receivers),
                actual=_amtool_receivers(result.output),
                passed=result.ok,
                output=result.output,
                location=source.display(build.config.root) if source else "",
            )

        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            return list(pool.map(run, cases))
