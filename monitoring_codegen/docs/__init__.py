"""Documentation from the definitions: a runbook page per alert, an index of alerts by severity
and team, a page per dashboard and the metric catalog, as Markdown and static HTML under
`out/docs/`.

pages.py names the pages (the one place a page's path is decided: the renderer, the default
`runbook_url` and the lint rule that checks runbook links all ask it); xref.py works out what
reads what; markdown.py writes the pages; html.py turns them into HTML; render.py is the
renderer `mcg build` runs.
"""
