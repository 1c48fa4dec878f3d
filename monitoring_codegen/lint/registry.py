"""The rule registry: every module under lint/rules/<family>/ that exposes `RULE`."""

from __future__ import annotations

import functools
import importlib
import pkgutil

from monitoring_codegen.lint.rule import LintRule


@functools.lru_cache(maxsize=1)
def all_rules() -> tuple[LintRule, ...]:
    from monitoring_codegen.lint import rules as package

    found: list[LintRule] = []
    # rules/<family>/<name>.py: one rule per module, the folder named after the family.
    for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}."):
        if info.ispkg or info.name.rsplit(".", 1)[-1].startswith("_"):
            continue
        module = importlib.import_module(info.name)
        rule = getattr(module, "RULE", None)
        if isinstance(rule, LintRule):
            found.append(rule)
    ids = [r.id for r in found]
    names = [r.name for r in found]
    if len(set(ids)) != len(ids) or len(set(names)) != len(names):
        raise RuntimeError(f"duplicate lint rule ids or names: {sorted(ids)}")
    return tuple(sorted(found, key=lambda r: r.id))


def find_rule(key: str) -> LintRule | None:
    """A rule by id (case-insensitive) or by name."""
    wanted = key.strip()
    for rule in all_rules():
        if rule.id.lower() == wanted.lower() or rule.name == wanted or wanted in rule.aliases:
            return rule
    return None
