"""`render_docs(model)`: out/docs/, Markdown and HTML, from the model alone."""

from __future__ import annotations

from monitoring_codegen.docs import pages
from monitoring_codegen.errors import DefinitionError, DefinitionErrors
from monitoring_codegen.model.names import case_collisions
from monitoring_codegen.model.project import Model


def render_docs(model: Model) -> dict[str, bytes]:
    from monitoring_codegen.docs.html import site_html
    from monitoring_codegen.docs.markdown import Site
    from monitoring_codegen.docs.xref import CrossReference, parse_dashboards
    from monitoring_codegen.render.dashboards import render_dashboards
    from monitoring_codegen.render.rule_tests import collect_cases

    if not (model.alerts() or model.dashboards or model.metrics):
        return {}  # nothing to document (and a build of nothing must stay one: see output/writer.py)
    _check_page_names(model)
    try:
        # Both are memoised or cheap; their errors are reported by their own renderers.
        dashboards = parse_dashboards(model, render_dashboards(model))
        cases = collect_cases(model)
    except (DefinitionError, DefinitionErrors):
        return {}
    site = Site(model, CrossReference(model, dashboards), cases)
    markdown = site.all_pages()
    out: dict[str, bytes] = {f"{pages.DOCS_DIR}/{page}.md": text.encode("utf-8") for page, text in markdown.items()}
    out.update({f"{pages.DOCS_DIR}/{path}": content for path, content in site_html(markdown).items()})
    return out


def _check_page_names(model: Model) -> None:
    """`HighLatency` and `highlatency` would be one page on case-insensitive file systems."""
    rules = [rules[0] for rules in model.alerts_by_name().values()]
    errors = [
        DefinitionError(
            f"alert {rule.alert!r} and alert {first.alert!r} differ only in case: their runbook pages "
            f"({pages.alert_page(rule.alert)}.html) would be one file on case-insensitive file systems; rename one",
            kind=rule.kind,
            name=rule.alert,
            location=rule.source,
            related=[first.source] if first.source else [],
        )
        for first, rule in case_collisions(
            sorted(rules, key=lambda r: r.source or ()), lambda r: pages.alert_page(r.alert)
        )
    ]
    if errors:
        raise DefinitionErrors(errors)
