"""Rule tests for promtool: `prometheus/tests/<rule file>.yaml`.

Each test file holds the tests of the rules in one rule file and loads that rule file
(plus the files of recording rules it reads) by a path relative to itself, so
`promtool test rules out/prometheus/tests/*.yaml` works from any folder. What can be
known without promtool is checked here, and fails the build with the test's file:line.

promtool evaluates every loaded rule at every `evaluation_interval` step of a test's
history, which is what a test costs. A file is evaluated as finely as its finest input
series (at most every minute), except that the tests mcg generates for SLOs ask only for
steps that land on their evaluation times (slo/alert_tests.py, `evaluation_step`); a file
of such tests also names the order of its rule groups, so that an alert reads the records
of the same step and not those of a step ago.
"""

from __future__ import annotations

import functools
import json
import math
import posixpath
from dataclasses import dataclass, field
from typing import Any

from monitoring_codegen.errors import DefinitionError, DefinitionErrors
from monitoring_codegen.model.durations import format_duration, parse_duration
from monitoring_codegen.model.project import Model
from monitoring_codegen.model.rule_tests import AlertTest, RecordTest
from monitoring_codegen.model.rules import AlertRule, RecordingRule
from monitoring_codegen.promql.catalog import catalog_from_model
from monitoring_codegen.promql.dependencies import RecordIndex, expr_names, record_dependencies, recording_rules_read
from monitoring_codegen.promql.labels import result_labels
from monitoring_codegen.render.alert_templates import TemplateNotSupported, expand
from monitoring_codegen.render.rules import RULES_DIR, groups_by_file
from monitoring_codegen.yamlio import dump_yaml

Labels = frozenset[str] | None

TESTS_DIR = "prometheus/tests"
DEFAULT_EVALUATION_INTERVAL = "1m"


@dataclass
class RuleTestCase:
    """One test of one rule, as promtool runs it."""

    rule: Any  # AlertRule | RecordingRule
    test: Any  # AlertTest | RecordTest
    name: str
    test_file: str  # path relative to out/
    rule_files: list[str]  # paths relative to out/
    group: dict[str, Any] = field(default_factory=dict)  # the promtool test group
    # Seconds between evaluations the test asks for, when it says (generated SLO tests);
    # None: its input series' interval, at most a minute.
    evaluation_step: int | None = None
    # The rule groups of rule_files, each after the groups whose records it reads.
    group_order: list[str] = field(default_factory=list)

    @property
    def rule_name(self) -> str:
        return self.rule.alert if isinstance(self.rule, AlertRule) else self.rule.record


def test_file_path(rule_file: str) -> str:
    return f"{TESTS_DIR}/{posixpath.basename(rule_file)}"


def _test_error(test, message: str) -> DefinitionError:
    target = test.target
    if target is None:
        target = test.name
    return DefinitionError(message, kind=test.kind, name=target or test.name, location=test.source)


class _Catalog:
    """What rule tests ask of the model: which labels a series or a rule's result carries
    (promql.labels over the catalog and recording rules) and which series a rule reads."""

    def __init__(self, model: Model) -> None:
        self.model = model
        # Scraped series only: an input series must use the catalog's labels.
        self.series: dict[str, frozenset[str]] = {}
        for metric in model.metrics:
            self.series.update(metric.series())
        self.records = model.records_by_name()
        self.record_index = RecordIndex(self.records)
        self.alerts = model.alerts_by_name()
        # Per expression: many tests share a rule, many rules an expression shape.
        self._reads: dict[str, set[str]] = {}
        self._records_read: dict[str, list | None] = {}
        self._labels: dict[str, Labels] = {}

    @functools.cached_property
    def series_catalog(self):
        """Catalog and recording-rule series, built on the first test that asks (a model
        without tests never pays for inferring the labels of every recording rule)."""
        return catalog_from_model(self.model, records=True)

    def labels(self, expr: str) -> Labels:
        """The label names `expr`'s result can carry; None when that cannot be known offline."""
        if expr not in self._labels:
            found = result_labels(expr, self.series_catalog)
            self._labels[expr] = None if found.open else found.known
        return self._labels[expr]

    def reads(self, expr: str) -> set[str]:
        """Series names `expr` reads, directly or through the recording rules it reads (those
        whose labels agree with its selectors; see records_read)."""
        names = self._reads.get(expr)
        if names is None:
            records = self.records_read(expr)
            if records is None:
                names, _ = record_dependencies(
                    [expr], lambda name: [r.rendered_expr() for r in self.records.get(name, [])]
                )
            else:
                names = expr_names(expr).union(*(expr_names(r.rendered_expr()) for r in records))
            self._reads[expr] = names
        return names

    def records_read(self, expr: str) -> list | None:
        """The recording rules `expr` reads, directly or through other records (see
        promql.dependencies.recording_rules_read); None when an expression does not parse."""
        if expr not in self._records_read:
            self._records_read[expr] = recording_rules_read(expr, self.record_index)
        return self._records_read[expr]


def _quote(value: str) -> str:
    # Go's strconv.Quote agrees with JSON for the characters label values hold.
    return json.dumps(value, ensure_ascii=False)


def series_notation(name: str, labels: dict[str, str]) -> str:
    inner = ", ".join(f"{k}={_quote(v)}" for k, v in sorted(labels.items()))
    return f"{name}{{{inner}}}" if inner else name


def collect_cases(model: Model) -> list[RuleTestCase]:
    """Every rule test in the model, checked, in rule-file and declaration order (computed once
    per model: the test files, the docs' examples and coverage all ask). Callers do not modify it."""
    return model.memo(("rule_test_cases",), lambda: _collect_cases(model))


def _collect_cases(model: Model) -> list[RuleTestCase]:
    catalog = _Catalog(model)
    files = groups_by_file(model)
    file_of_rule: dict[int, str] = {}
    record_files: dict[str, set[str]] = {}
    for path, groups in files.items():
        for group in groups:
            for rule in group.rules:
                file_of_rule[id(rule)] = path
                if isinstance(rule, RecordingRule):
                    record_files.setdefault(rule.record, set()).add(path)

    errors: list[DefinitionError] = []
    pairs: list[tuple[Any, Any]] = []
    attached: set[int] = set()
    with_tests: list[AlertRule | RecordingRule] = [*model.alerts(), *model.records()]
    for rule in with_tests:
        for test in rule.tests:
            expected = AlertTest if isinstance(rule, AlertRule) else RecordTest
            if not isinstance(test, expected):
                errors.append(rule.error(f"tests: {test!r} is not {expected.__name__}(...)"))
                continue
            if test.target is not None and test.target != rule.key:
                errors.append(_test_error(test, f"is attached to {rule.kind} {rule.key!r} but names {test.target!r}"))
                continue
            attached.add(id(test))
            pairs.append((rule, test))
    for tests, by_name, what in (
        (model.alert_tests, catalog.alerts, "alert"),
        (model.record_tests, catalog.records, "recording rule"),
    ):
        for test in tests:
            if id(test) in attached:
                continue
            rules = by_name.get(test.target) if test.target is not None else None
            if not rules:
                known = sorted(by_name)
                hint = _closest(test.target, known)
                errors.append(
                    _test_error(
                        test, f"names unknown {what} {test.target!r}" + (f" (did you mean {hint!r}?)" if hint else "")
                    )
                )
                continue
            if len(rules) > 1:
                # promtool checks every alert of that name at once; which rule's labels to expect is
                # only clear when the test sits in one rule's tests=[...].
                where = ", ".join(str(r.source) for r in rules if r.source)
                errors.append(
                    _test_error(
                        test,
                        f"{test.target!r} is declared by {len(rules)} rules ({where}); "
                        "put the test in the tests=[...] of the one it tests",
                    )
                )
                continue
            pairs.append((rules[0], test))

    from monitoring_codegen.anomaly.tests import generated_steps, refuted_tests
    from monitoring_codegen.slo.alert_tests import evaluation_step, generated_tests

    generated = generated_tests(model)
    # Generated detector and forecast tests name their own step (anomaly/tests.py).
    steps = generated_steps(model)
    # Tests generated for a detector the catalog refutes: that error (render/anomaly_rules.py) says it once.
    refuted = refuted_tests(model)
    orders: dict[tuple[str, ...], list[str]] = {}
    cases: list[RuleTestCase] = []
    for rule, test in pairs:
        try:
            group = _test_group(rule, test, catalog)
        except DefinitionError as exc:
            if id(test) not in refuted:
                errors.append(exc)
            continue
        rule_file = file_of_rule[id(rule)]
        needed = {rule_file}
        reads = catalog.reads(rule.rendered_expr())
        records = catalog.records_read(rule.rendered_expr())
        if reads & {"ALERTS", "ALERTS_FOR_STATE"}:
            needed |= set(files)  # alert state comes from every alerting rule
        elif records is not None:
            needed |= {file_of_rule[id(record)] for record in records}
        else:
            for name in reads:
                needed |= record_files.get(name, set())
        cases.append(
            RuleTestCase(
                rule=rule,
                test=test,
                name="",
                test_file=test_file_path(rule_file),
                rule_files=sorted(needed),
                group=group,
                evaluation_step=steps.get(id(test)) or (evaluation_step(test) if id(test) in generated else None),
                group_order=_memo(
                    orders,
                    tuple(sorted(needed)),
                    lambda paths: _group_order([g for path in paths for g in files[path]], catalog),
                ),
            )
        )
    if errors:
        raise DefinitionErrors(errors)

    order = {path: i for i, path in enumerate(files)}
    position = {id(rule): i for i, rule in enumerate(r for groups in files.values() for g in groups for r in g.rules)}
    cases.sort(
        key=lambda c: (
            order[file_of_rule[id(c.rule)]],
            position[id(c.rule)],
            (c.test.source.file, c.test.source.line) if c.test.source else ("", 0),
        )
    )
    seen_names: dict[tuple[str, str], int] = {}
    for case in cases:
        base = f"{case.rule_name}: {case.test.name or _default_name(case.test)}"
        count = seen_names.get((case.test_file, base), 0) + 1
        seen_names[(case.test_file, base)] = count
        case.name = base if count == 1 else f"{base} (#{count})"
        case.group = {"name": case.name, **case.group}
    return cases


def _memo(cache: dict, key, compute):
    if key not in cache:
        cache[key] = compute(key)
    return cache[key]


def _group_order(groups: list, catalog: _Catalog) -> list[str]:
    """Group names, each group after the groups recording what it reads (else in file order;
    a cycle keeps file order)."""
    group_of = {id(rule): index for index, group in enumerate(groups) for rule in group.rules}
    after: list[set[int]] = []
    for index, group in enumerate(groups):
        read: set[int] = set()
        for rule in group.rules:
            records = catalog.records_read(rule.rendered_expr())
            if records is None:
                names = catalog.reads(rule.rendered_expr())
                records = [r for name in names for r in catalog.records.get(name, [])]
            read |= {group_of[id(r)] for r in records if id(r) in group_of}
        after.append(read - {index})
    order: list[int] = []
    while len(order) < len(groups):
        left = [i for i in range(len(groups)) if i not in order]
        order.append(next((i for i in left if after[i] <= set(order)), left[0]))
    return list(dict.fromkeys(groups[i].name for i in order))


def _closest(name: str | None, known: list[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(name or "", known, n=1)
    return found[0] if found else None


def _default_name(test) -> str:
    at = ", ".join(test.at)
    if isinstance(test, AlertTest):
        return f"fires at {at}" if test.fires else f"does not fire at {at}"
    return f"records at {at}"


def _check_series(rule, test, catalog: _Catalog) -> list[dict[str, str]]:
    reads = catalog.reads(rule.rendered_expr())
    rendered = []
    for selector, name, labels, values in test.parsed_series():
        if reads and name not in reads:
            raise _test_error(
                test,
                f"input series {selector!r}: {rule.kind} {rule.key!r} does not read {name!r} "
                f"(it reads {', '.join(sorted(reads))})",
            )
        known = catalog.series.get(name)
        if known is not None:
            unknown = sorted(set(labels) - known)
            if unknown:
                raise _test_error(
                    test,
                    f"input series {selector!r}: {name} has no label {', '.join(unknown)} "
                    f"in the catalog (it has {', '.join(sorted(known))})",
                )
        rendered.append({"series": series_notation(name, labels), "values": values})
    return rendered


def _check_times(rule, test) -> list[str]:
    times = []
    for at in test.at:
        seconds = parse_duration(at)
        if isinstance(rule, AlertRule) and rule.for_:
            hold = parse_duration(rule.for_)
            if seconds < hold:
                outcome = "fire" if test.fires else "stay silent"
                raise _test_error(
                    test,
                    f"at={at} is before the alert can fire (for: {rule.for_}); a test that it "
                    f"should {outcome} then proves nothing. Evaluate at {rule.for_} or later.",
                )
        times.append(format_duration(seconds))
    return times


def _producible(rule, catalog: _Catalog) -> Labels:
    labels = catalog.labels(rule.rendered_expr())
    return None if labels is None else labels | set(rule.labels)


def _test_group(rule, test, catalog: _Catalog) -> dict[str, Any]:
    group: dict[str, Any] = {
        "interval": format_duration(parse_duration(test.interval)),
        "input_series": _check_series(rule, test, catalog),
    }
    times = _check_times(rule, test)
    producible = _producible(rule, catalog)
    if isinstance(rule, AlertRule):
        expected = [
            _expected_alert(_firing_rule(rule, firing, catalog), test, firing, producible) for firing in test.fires
        ]
        expected.sort(key=lambda a: sorted(a["exp_labels"].items()))
        group["alert_rule_test"] = [{"eval_time": t, "alertname": rule.alert, "exp_alerts": expected} for t in times]
    else:
        samples: list[dict[str, Any]] = []
        for sample in test.expect:
            _check_labels(rule, test, set(sample.labels), producible, "expects a sample with")
            labels = {**rule.labels, **sample.labels}
            samples.append({"labels": series_notation(rule.record, labels), "value": float(sample.value)})
        samples.sort(key=lambda s: s["labels"])
        expr = series_notation(rule.record, dict(rule.labels))
        group["promql_expr_test"] = [{"expr": expr, "eval_time": t, "exp_samples": samples} for t in times]
    return group


def _check_labels(rule, test, names: set[str], producible: Labels, what: str) -> None:
    if producible is None:
        return
    missing = sorted(names - producible - {"alertname"})
    if missing:
        raise _test_error(
            test,
            f"{what} label {', '.join(missing)}, which {rule.kind} {rule.key!r} never produces "
            f"(its result has {', '.join(sorted(producible)) or 'no labels'})",
        )


def _firing_rule(rule: AlertRule, firing, catalog: _Catalog) -> AlertRule:
    """The rule a expected alert comes from: the tested rule, or a same-named sibling (say the
    critical variant of a warning alert) whose labels the expectation names."""

    def agrees(candidate: AlertRule) -> bool:
        return all(firing.labels.get(k, v) == v for k, v in candidate.labels.items())

    if agrees(rule):
        return rule
    return next((r for r in catalog.alerts.get(rule.alert, []) if r is not rule and agrees(r)), rule)


def _expected_alert(rule: AlertRule, test, firing, producible: Labels) -> dict[str, Any]:
    _check_labels(rule, test, set(firing.labels), producible, "expects an alert with")
    expr_labels = {k: v for k, v in firing.labels.items() if k != "alertname"}
    try:
        labels = {k: expand(v, expr_labels, firing.value) for k, v in rule.labels.items()}
        labels.update(expr_labels)
        annotations = {}
        for key, template in rule.annotations.items():
            if key in firing.annotations:
                annotations[key] = firing.annotations[key]
            else:
                annotations[key] = expand(template, expr_labels, firing.value)
    except TemplateNotSupported as exc:
        raise _test_error(
            test,
            f"cannot expand an annotation or label of {rule.alert!r}: {exc}; "
            "or state the text: Firing(..., annotations={...})",
        ) from None
    unknown = sorted(set(firing.annotations) - set(rule.annotations))
    if unknown:
        raise _test_error(test, f"expects annotation {', '.join(unknown)}, which {rule.alert!r} does not have")
    out: dict[str, Any] = {"exp_labels": dict(sorted(labels.items()))}
    if annotations:
        out["exp_annotations"] = dict(sorted(annotations.items()))
    return out


def rule_test_files(model: Model, cases: list[RuleTestCase] | None = None) -> dict[str, dict[str, Any]]:
    """Test file path -> its promtool document."""
    cases = collect_cases(model) if cases is None else cases
    by_file: dict[str, list[RuleTestCase]] = {}
    for case in cases:
        by_file.setdefault(case.test_file, []).append(case)
    documents = {}
    for path, file_cases in sorted(by_file.items()):
        rule_files = sorted({f for c in file_cases for f in c.rule_files})
        documents[path] = test_document(path, rule_files, file_cases)
    return documents


def evaluation_interval(cases: list[RuleTestCase]) -> str:
    # The finest input interval, so no test's samples fall between evaluations; tests that
    # name their step (generated SLO tests) need only evaluations on it.
    ordinary = [parse_duration(c.group["interval"]) for c in cases if c.evaluation_step is None]
    stepped = [c.evaluation_step for c in cases if c.evaluation_step is not None]
    if ordinary or not stepped:
        seconds = min(ordinary + [parse_duration(DEFAULT_EVALUATION_INTERVAL)])
        if stepped:
            seconds = math.gcd(round(seconds), *stepped) if float(seconds).is_integer() else seconds
    else:
        seconds = math.gcd(*stepped)
    return format_duration(seconds)


def test_document(path: str, rule_files: list[str], cases: list[RuleTestCase]) -> dict[str, Any]:
    folder = posixpath.dirname(path)
    document: dict[str, Any] = {
        "rule_files": [posixpath.relpath(f, folder) for f in rule_files],
        "evaluation_interval": evaluation_interval(cases),
    }
    if any(c.evaluation_step is not None for c in cases):
        # promtool evaluates unnamed groups in map order: records first, so an alert reads them
        # at the same step (a step apart they may be older than the 5m lookback).
        document["group_eval_order"] = list(dict.fromkeys(name for c in cases for name in c.group_order))
    document["tests"] = [c.group for c in cases]
    return document


def render_rule_tests(model: Model) -> dict[str, bytes]:
    rendered = {}
    header = (
        "Generated by mcg from the tests of the rules in the definitions. Do not edit: change the "
        "definitions and run `mcg build`.\nRun `mcg test`, or from any folder: promtool test rules <out>/"
        + TESTS_DIR
        + "/*.yaml"
    )
    for path, document in rule_test_files(model).items():
        rendered[path] = dump_yaml(document, header=header)
    return rendered


__all__ = [
    "RULES_DIR",
    "TESTS_DIR",
    "RuleTestCase",
    "collect_cases",
    "render_rule_tests",
    "rule_test_files",
    "test_document",
    "series_notation",
]
