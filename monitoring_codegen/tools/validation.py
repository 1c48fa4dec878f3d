"""`mcg validate`: the rendered artifacts checked by the programs that will load them.

promtool checks every rendered rule file here; Prometheus and Alertmanager configs are
checked by server_checks.py (`promtool check config`, `amtool check-config`, with its
handling of Debian's promtool lacking Kubernetes discovery). Each result names the
definitions the file comes from.
"""

from __future__ import annotations

import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from monitoring_codegen.tools.binaries import find_tool, run_tool

# Prometheus rule files: the shared ones and each environment's overridden copies.
_RULE_FILE_RE = re.compile(r"^(?:env/[^/]+/)?prometheus/rules/[^/]+\.ya?ml$")


@dataclass
class Check:
    tool: str  # "promtool check rules", ...
    path: str  # rendered path relative to out/
    ok: bool
    output: str
    definitions: list = field(default_factory=list)  # what produced the file
    note: str = ""  # what could not be checked with this build of the tool


def rule_file_paths(rendered: dict[str, bytes]) -> list[str]:
    return sorted(p for p in rendered if _RULE_FILE_RE.match(p))


def _owners(model, path: str) -> list:
    """The definitions a rendered file comes from, for messages."""
    from monitoring_codegen.render.rules import groups_by_file

    owners: list = []
    if "/rules/" in path:
        owners.extend(groups_by_file(model).get(f"prometheus/rules/{path.rsplit('/', 1)[1]}", []))
    if path.startswith("env/"):
        name = path.split("/")[1]
        owners.extend(e for e in model.environments if e.name == name)
    return owners


def check_rule_files(rendered: dict[str, bytes], promtool: str) -> list[tuple[str, bool, str]]:
    paths = rule_file_paths(rendered)
    with tempfile.TemporaryDirectory(prefix="mcg-validate-") as tmp:
        folder = Path(tmp)
        for rel in paths:
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(rendered[rel])

        def run(rel: str) -> tuple[str, bool, str]:
            result = run_tool([promtool, "check", "rules", rel], cwd=folder)
            return rel, result.ok, result.output.strip()

        with ThreadPoolExecutor(max_workers=8) as pool:
            return list(pool.map(run, paths))


def validate_build(build) -> list[Check]:
    from monitoring_codegen.tools.server_checks import check_server_configs

    promtool = find_tool("promtool")
    checks = [
        Check("promtool check rules", rel, ok, output, _owners(build.model, rel))
        for rel, ok, output in check_rule_files(build.rendered, promtool)
    ]
    for result in check_server_configs(build, promtool=promtool):
        tool = "promtool check config" if result.tool == "promtool" else "amtool check-config"
        checks.append(
            Check(tool, result.path, result.ok, result.output.strip(), _owners(build.model, result.path), result.note)
        )
    return checks
