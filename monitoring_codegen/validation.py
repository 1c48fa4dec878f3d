"""`mcg validate`: the rendered artifacts checked by the programs that will load them.

promtool checks rule files and Prometheus configs, amtool Alertmanager configs. The
whole rendered map is written to a temporary folder first, so configs find the rule
files they reference by the same relative paths as in out/.
"""

from __future__ import annotations

import fnmatch
import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .external_tools import find_tool, run_tool

# (tool, arguments before the file, patterns of rendered paths it checks)
_RULE_PATTERNS = ("prometheus/rules/*.yaml", "env/*/prometheus/rules/*.yaml")
_PROMETHEUS_PATTERNS = ("env/*/prometheus.yml", "env/*/prometheus-*.yml", "prometheus/prometheus.yml")
_ALERTMANAGER_PATTERNS = ("env/*/alertmanager.yml", "alertmanager/alertmanager.yml")


@dataclass
class Check:
    tool: str  # "promtool check rules", ...
    path: str  # rendered path relative to out/
    ok: bool
    output: str
    definitions: list  # definitions that produced the file
    note: str = ""  # what could not be checked with this build of the tool


def _matches(path: str, patterns) -> bool:
    return any(fnmatch.fnmatchcase(path, p) and path.count("/") == p.count("/") for p in patterns)


def _owners(model, path: str) -> list:
    """The definitions a rendered file comes from, for messages."""
    from .render.rules import groups_by_file

    stem = path.rsplit("/", 1)[1]
    if "/rules/" in path:
        groups = groups_by_file(model).get(f"prometheus/rules/{stem}", [])
        env = _env_of(model, path)
        return list(groups) + ([env] if env else [])
    env = _env_of(model, path)
    return [env] if env else []


def _env_of(model, path: str):
    if not path.startswith("env/"):
        return None
    name = path.split("/")[1]
    return next((e for e in model.environments if e.name == name), None)


def validate_rendered(model, rendered: dict[str, bytes]) -> list[Check]:
    promtool = find_tool("promtool")
    jobs: list[tuple[str, list[str], str]] = []
    amtool = None
    for path in rendered:
        if _matches(path, _RULE_PATTERNS):
            jobs.append(("promtool check rules", [promtool, "check", "rules"], path))
        elif _matches(path, _PROMETHEUS_PATTERNS):
            jobs.append(("promtool check config", [promtool, "check", "config"], path))
        elif _matches(path, _ALERTMANAGER_PATTERNS):
            amtool = amtool or find_tool("amtool")
            jobs.append(("amtool check-config", [amtool, "check-config"], path))
    with tempfile.TemporaryDirectory(prefix="mcg-validate-") as tmp:
        folder = Path(tmp)
        for rel, content in rendered.items():
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)

        def run(job):
            tool, args, path = job
            # Run from the file's folder: configs name rule files relative to themselves.
            target = folder / path
            result = run_tool([*args, target.name], cwd=target.parent)
            note = ""
            missing = _unsupported_discovery(result.output) if not result.ok else set()
            if missing:
                # Debian builds Prometheus without some service discoveries (kubernetes_sd_configs);
                # check everything else rather than fail a config upstream Prometheus accepts.
                stripped = target.with_name(".mcg-check-" + target.name)
                stripped.write_bytes(_without_discovery(rendered[path], missing))
                result = run_tool([*args, stripped.name], cwd=target.parent)
                note = (f"this {Path(args[0]).name} was built without {', '.join(sorted(missing))} "
                        "(Debian's package); those blocks were left out of the check")
            return Check(tool, path, result.ok, result.output.strip(), _owners(model, path), note)

        with ThreadPoolExecutor(max_workers=8) as pool:
            return list(pool.map(run, jobs))


_UNSUPPORTED_RE = re.compile(r"field (\w+_sd_configs) not found in type config\.(?:ScrapeConfig|AlertmanagerConfig)")


def _unsupported_discovery(output: str) -> set[str]:
    """Service discoveries this build of promtool does not know, when nothing else failed."""
    errors = [line for line in output.splitlines() if line.strip().startswith("line ")]
    found = {m.group(1) for line in errors for m in [_UNSUPPORTED_RE.search(line)] if m}
    return found if found and len(found) and all(_UNSUPPORTED_RE.search(line) for line in errors) else set()


def _without_discovery(content: bytes, keys: set[str]) -> bytes:
    from .yamlio import dump_yaml, load_yaml

    config = load_yaml(content)
    blocks = list(config.get("scrape_configs") or [])
    blocks += list((config.get("alerting") or {}).get("alertmanagers") or [])
    for block in blocks:
        for key in keys:
            block.pop(key, None)
    return dump_yaml(config)
