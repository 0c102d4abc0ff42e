"""The bridge to MkDocs and Material: the only package that imports `mkdocs` or `material`.

`plugin` is the MkDocs plugin: it runs the pipeline when MkDocs loads its config,
hands MkDocs the pages and the menu, and keeps a build's state on an object made
for that build; `page_workers` renders pages in several processes; `files` hands
MkDocs the generator's files from memory; `site_folder` builds into a new folder
and puts it in place only when the build succeeded; `preview` is the preview
server; `menu` draws Material's menu once per depth; `raw_html` sets the
generator's HTML blocks aside from Python-Markdown; `logs` shows messages on the
terminal as MkDocs does. Every MkDocs internal this package
relies on is checked by tests/test_mkdocs_internals.py. Moving to another builder
(such as Zensical) would change this package and nothing else.

May import: `generator.build`, `generator.render`, `generator.search`, `generator.problems`,
`generator.cache`, `generator.workers`, `generator.identity`, `generator.html_rule`.
"""
