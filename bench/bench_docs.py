"""What out/docs/ costs in a build: the Markdown pages and their HTML (cmark-gfm (cmarkgfm)), timed in
process on the shipped definitions and on synthetic workloads, with the pages' size."""

from __future__ import annotations

import time

from common import REPO, synthetic_project


def measure(root) -> str:
    from monitoring_codegen.config import load_config
    from monitoring_codegen.docs.html import site_html
    from monitoring_codegen.docs.markdown import Site
    from monitoring_codegen.docs.xref import CrossReference, parse_dashboards
    from monitoring_codegen.pipeline import load_model
    from monitoring_codegen.render.dashboards import render_dashboards
    from monitoring_codegen.render.rule_tests import collect_cases

    model = load_model(load_config(start=root))
    dashboards = parse_dashboards(model, render_dashboards(model))
    started = time.perf_counter()
    site = Site(model, CrossReference(model, dashboards), collect_cases(model))
    markdown = site.all_pages()
    pages_done = time.perf_counter()
    html = site_html(markdown)
    done = time.perf_counter()
    chars = sum(map(len, markdown.values()))
    size = sum(map(len, html.values())) + chars
    return (
        f"{len(markdown)} pages ({len(model.alerts_by_name())} alerts), {chars / 1e6:.2f} M chars of Markdown, "
        f"{size / 1e6:.1f} MB in all: Markdown {pages_done - started:.2f} s, HTML {done - pages_done:.2f} s"
    )


def main() -> None:
    print(f"shipped definitions: {measure(REPO)}")
    for alerts, dashboards in ((250, 10), (1000, 30)):
        root = synthetic_project(f"docs-{alerts}", dashboards=dashboards, panels=20, alerts=alerts, records=alerts // 5)
        print(f"synthetic {dashboards} x 20 panels, {alerts} alerts: {measure(root)}")


if __name__ == "__main__":
    main()
