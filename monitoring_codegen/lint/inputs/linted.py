"""What gets linted, whatever it came from: rule files, rules, dashboards, panels, queries.

Definitions and files written by anyone end up as the same objects, each knowing the
path and line to report and the per-rule ignores that apply to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from monitoring_codegen.lint.inputs.parsing import parse_query
from monitoring_codegen.promql.ast import Node
from monitoring_codegen.promql.grafana import expand_with_offsets, original_column
from monitoring_codegen.promql.parse import ExpressionTooComplex, PromQLSyntaxError, node_index
from monitoring_codegen.promql.syntax import error_column


@dataclass(eq=False)
class Query:
    """One PromQL expression: an alert/record expr, a panel target, a variable query."""

    text: str  # as written (Grafana macros included): findings quote this
    path: str
    line: int
    object: str
    origin: str  # "alert", "record", "panel", "variable"
    owner: Any = None
    expr: str = ""  # what was parsed
    node: Node | None = None
    error: Exception | None = None
    error_column: int | None = None
    # Node class -> nodes of that class, filled on first use (see nodes_of).
    kinds: dict | None = None

    @property
    def in_dashboard(self) -> bool:
        return self.origin in ("panel", "variable")

    @property
    def ignores(self) -> dict[str, str]:
        return getattr(self.owner, "ignores", {}) if self.owner is not None else {}

    @property
    def nodes(self) -> list[Node]:
        """Every node of the expression, parents first (computed once per distinct expression)."""
        return node_index(self.node)[0] if self.node is not None else []

    def nodes_of(self, kind: type) -> list:
        """The nodes of one class (Call, Selector, ...), in walk order."""
        kinds = self.kinds
        if kinds is None:
            kinds = self.kinds = node_index(self.node)[1] if self.node is not None else {}
        return kinds.get(kind, ())

    def analyse(self) -> Query:
        """Parse once; keep either the AST or the syntax error."""
        shifts: list[tuple[int, int, int, int]] = []
        if self.in_dashboard:
            self.expr, shifts = expand_with_offsets(self.text)
        else:
            self.expr = self.text
        try:
            self.node = parse_query(self.expr)  # parse_node, each distinct regex compiled once
        except ExpressionTooComplex as exc:
            # Not a syntax error: promtool may well accept it. Left unanalysed rather than crash.
            self.error = exc
            return self
        except Exception as exc:  # PromQLSyntaxError, or a construct we cannot convert
            self.error = exc
            if isinstance(exc, PromQLSyntaxError) and exc.column is None:
                exc.column = error_column(self.expr, exc.reason)
            column = getattr(exc, "column", None)
            if column and shifts:
                # The caret goes under the query as written, not under its expansion.
                self.error_column = original_column(column, shifts)
            else:
                self.error_column = column
        return self


@dataclass(eq=False)
class LintedRule:
    kind: str  # "alert" or "record"
    name: str
    expr: str
    path: str
    line: int
    group: LintedGroup | None = None
    for_: str | None = None
    keep_firing_for: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=dict)
    ignores: dict[str, str] = field(default_factory=dict)
    # True when the rule comes from Python definitions (path:line of the declaration).
    from_definitions: bool = False
    query: Query | None = None
    # What is wrong with the rule's shape as read from YAML (no expr, alert and record, ...).
    structure: list[str] = field(default_factory=list)
    # File line of the expression's first line when its lines map 1:1 onto the file (a `|`
    # block or a single-line scalar in YAML); None otherwise.
    expr_line: int | None = None

    @property
    def object(self) -> str:
        return self.name or "(unnamed rule)"

    def make_query(self) -> Query | None:
        if not self.expr.strip():
            return None  # reported by rules/invalid-rule
        self.query = Query(self.expr, self.path, self.line, self.name, self.kind, owner=self).analyse()
        return self.query


@dataclass(eq=False)
class LintedGroup:
    name: str
    path: str
    line: int
    interval: str | None = None
    rules: list[LintedRule] = field(default_factory=list)
    ignores: dict[str, str] = field(default_factory=dict)
    structure: list[str] = field(default_factory=list)

    @property
    def object(self) -> str:
        return f"group {self.name}" if self.name else "(unnamed group)"


@dataclass(eq=False)
class LintedRuleFile:
    path: str
    groups: list[LintedGroup] = field(default_factory=list)
    from_definitions: bool = False

    def rules(self) -> list[LintedRule]:
        return [rule for group in self.groups for rule in group.rules]


@dataclass(eq=False)
class Panel:
    data: dict
    dashboard: LintedDashboard
    line: int
    # Title of the row holding the panel, if any.
    row: str = ""
    queries: list[Query] = field(default_factory=list)

    @property
    def title(self) -> str:
        title = self.data.get("title")
        return title if isinstance(title, str) and title else f"panel {self.data.get('id', '?')}"

    @property
    def type(self) -> str:
        value = self.data.get("type")
        return value if isinstance(value, str) else ""

    @property
    def path(self) -> str:
        return self.dashboard.path

    @property
    def object(self) -> str:
        return f"{self.dashboard.title} / {self.title}"

    @property
    def ignores(self) -> dict[str, str]:
        return self.dashboard.ignores


@dataclass(eq=False)
class LintedDashboard:
    data: dict
    path: str
    line: int
    ignores: dict[str, str] = field(default_factory=dict)
    from_definitions: bool = False
    panels: list[Panel] = field(default_factory=list)  # every panel, rows and nested included
    variable_queries: list[Query] = field(default_factory=list)

    @property
    def title(self) -> str:
        title = self.data.get("title")
        return title if isinstance(title, str) and title else "(untitled dashboard)"

    @property
    def object(self) -> str:
        return self.title

    @property
    def variables(self) -> list[dict]:
        templating = self.data.get("templating")
        items = templating.get("list") if isinstance(templating, dict) else None
        return [v for v in items if isinstance(v, dict)] if isinstance(items, list) else []

    def queries(self) -> list[Query]:
        return [q for panel in self.panels for q in panel.queries] + self.variable_queries


@dataclass(eq=False)
class CatalogEntry:
    """A metric declared in the definitions' catalog, for catalog checks."""

    name: str
    type: str
    labels: tuple[str, ...]
    path: str
    line: int
    ignores: dict[str, str] = field(default_factory=dict)
    # "" for the team's applications, else the program exposing it ("prometheus", ...).
    exported_by: str = ""

    @property
    def object(self) -> str:
        return self.name


@dataclass(eq=False)
class LintedScrapeJob:
    """A scrape job of an environment, as the environment's rendered prometheus.yml holds it."""

    environment: str
    config: dict  # the `scrape_configs` entry
    path: str
    line: int
    # A part of the config -> where it was declared: ("static_configs", 0) -> (path, line), ...
    parts: dict[tuple, tuple[str, int]] = field(default_factory=dict)

    @property
    def job_name(self) -> str:
        return str(self.config.get("job_name", ""))

    def where(self, part: tuple) -> tuple[str, int]:
        return self.parts.get(part, (self.path, self.line))


@dataclass(eq=False)
class LintedSLO:
    """An SLO from the definitions or from a sloth / OpenSLO spec file, for the slo/ checks."""

    service: str
    name: str
    path: str
    line: int
    objective: Any  # as declared: a number, or whatever a spec file holds
    # The SLI as the model reads it (RatioSLI, LatencySLI, EventsSLI, RawSLI); None when the
    # spec's SLI cannot be read (sli_problem says why).
    sli: Any = None
    sli_problem: str | None = None
    # A page or ticket burn-rate alert is on.
    burn_alerts: bool = False
    # Its burn-rate alerts have tests (generated by mcg, or the user's own).
    tested: bool = False
    # Why there are no tests, for the message.
    untested_reason: str = ""
    ignores: dict[str, str] = field(default_factory=dict)
    from_definitions: bool = False

    @property
    def object(self) -> str:
        return f"SLO {self.service}-{self.name}"

    def sli_expressions(self) -> list[tuple[str, Node]]:
        """(role, parsed expression) of every PromQL text of the SLI, `{{ window }}` as 5m:
        the ratio's selectors, the events' queries, the raw error ratio."""
        from monitoring_codegen.model.slo import fill_window
        from monitoring_codegen.promql.parse import parse_node

        kind = getattr(self.sli, "kind", None)
        texts: list[tuple[str, str | None]] = []
        if kind == "ratio":
            texts = [(role, getattr(self.sli, role)) for role in ("errors", "good", "total")]
        elif kind == "events":
            texts = [("error_query", self.sli.error_query()), ("total_query", self.sli.total_query())]
        elif kind == "raw":
            texts = [("error_ratio_query", self.sli.error_ratio_query)]
        out = []
        for role, text in texts:
            if text is None:
                continue
            try:
                out.append((role, parse_node(fill_window(text, "5m"))))
            except (ValueError, TypeError):
                continue  # the SLI's own validation reports what does not parse
        return out
