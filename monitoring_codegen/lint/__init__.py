"""`mcg lint`: catalog-aware checks of PromQL, rules and dashboards.

definitions or files -> linted objects (linted.py) -> rules (rules/, one module each)
-> findings (findings.py) -> report (report.py).
"""

from monitoring_codegen.lint.findings import Finding

__all__ = ["Finding", "lint"]


def lint(*args, **kwargs):
    from monitoring_codegen.lint.runner import lint as _lint

    return _lint(*args, **kwargs)
