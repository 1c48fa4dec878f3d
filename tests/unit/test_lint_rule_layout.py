"""Every lint rule lives at lint/rules/<family>/<name>.py, and its id agrees with its family."""

import sys

from monitoring_codegen.lint.registry import all_rules

PREFIX = {
    "alert": "ALR",
    "catalog": "CAT",
    "dashboard": "DSH",
    "promql": "PQL",
    "rules": "RUL",
    "secrets": "SEC",
    "slo": "SLO",
}


def test_rule_files_named_after_their_rules():
    for rule in all_rules():
        module = sys.modules[type(rule).__module__]
        family_folder, stem = module.__name__.split(".")[-2:]
        family, short = rule.name.split("/", 1)
        assert family_folder == family, f"{rule.id} {rule.name} lives in rules/{family_folder}/"
        # A trailing underscore keeps Python keywords importable (alert/for -> for_.py).
        assert stem.rstrip("_") == short.replace("-", "_"), f"{rule.id} {rule.name} is in {stem}.py"
        assert rule.id.startswith(PREFIX[family]), f"{rule.id} is not a {family} id ({PREFIX[family]}nnn)"


def test_ids_and_names_unique_and_aliases_resolve():
    from monitoring_codegen.lint.registry import find_rule

    rules = all_rules()
    assert len({r.id for r in rules}) == len(rules) == len({r.name for r in rules})
    assert find_rule("record/naming").id == "RUL001"  # the name before the families agreed
    assert find_rule("rules/record-naming").id == "RUL001"
