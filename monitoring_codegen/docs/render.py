"""`render_docs(model)`: out/docs/, Markdown and HTML, from the model alone."""

from __future__ import annotations

from monitoring_codegen.docs import pages
from monitoring_codegen.errors import DefinitionError, DefinitionErrors
from monitoring_codegen.model.project import Model


def render_docs(model: Model) -> dict[str, bytes]:
    from monitoring_codegen.docs.html import site_html
    from monitoring_codegen.docs.markdown import Site
    from monitoring_codegen.docs.xref import CrossReference, parse_dashboards
    from monitoring_codegen.render.dashboards import render_dashboards
    from monitoring_codegen.render.rule_tests import collect_cases

    if not model.docs or not (model.alerts() or model.dashboards or model.metrics):
        return {}  # nothing to document (and a build of nothing must stay one: see output/writer.py)
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
