"""The thin MkDocs hook: run the generator before MkDocs reads its docs folder.

All the work is in the generator; this only passes paths in and the menu and
settings back, so the site can move to another builder that reads mkdocs.yml.
The page events below only make `mkdocs build` faster (pages in several
processes, HTML blocks not parsed twice, search indexed while MkDocs finishes)
and leave its output as it was.
"""

from __future__ import annotations

import gc
import logging
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

from generator.bridge import menu, page_workers, raw_html
from generator.build.pipeline import BuildResult, build, sources
from generator.cache import shared
from generator.problems import ContentError, summary
from generator.render import cards, news
from generator.search.index import Documents, SearchIndexError, index, start

log = logging.getLogger("mkdocs.generator")


def on_startup(command, **kwargs):
    page_workers.startup(command)


def on_shutdown(**kwargs):
    # The command is over and the process about to end: the collection Python runs on
    # its way out would walk every object of the build (a second at 3,000 items) only to
    # find what the exit frees anyway.
    gc.freeze()


def on_config(config, **kwargs):
    global _outputs
    # `mkdocs build` takes the generator's files from memory (see on_files); anything
    # else (`serve`, the preview) reads them from the docs folder, which it watches.
    result = generate(config, in_memory=page_workers.building(config, sys.modules[__name__]))
    _outputs = result.outputs
    apply(config, result)
    return config


_outputs: dict | None = None  # the generator's files, when MkDocs takes them from memory


def generate(config, in_memory: bool = False) -> BuildResult:
    """Run the generator into the docs folder (the preview calls this on each save),
    or `in_memory`, for `on_files` to hand MkDocs."""
    root = Path(config.config_file_path).resolve().parent
    try:
        # The cache outlives this hook module, which MkDocs reloads on every rebuild
        # under `mkdocs serve`; a rebuild then redoes only what an edit touched.
        result = build(root, None if in_memory else Path(config.docs_dir), cache=shared(root))
    except ContentError as exc:
        raise PluginError("The content has errors; the last good site was left in place.\n" + exc.report()) from None
    if result.warnings:
        log.info(summary(result.warnings))  # warnings must not fail `mkdocs build --strict`
    _name_content_files(sources(result.site), Path(config.docs_dir))
    if result.outputs is not None:
        log.info("generator: %d files made", len(result.outputs))
    elif result.report.written or result.report.removed:
        log.info("generator: %d written, %d removed", len(result.report.written), len(result.report.removed))
    return result


def on_files(files, config, **kwargs):
    global _outputs
    outputs, _outputs = _outputs, None
    if outputs is None:
        return files
    return page_workers.files_from_memory(outputs, config)


def apply(config, result: BuildResult) -> None:
    """Hand the site's settings and menu to MkDocs."""
    settings = result.site.settings
    config.site_name = settings.name
    config.site_url = settings.base_url
    if settings.description:
        config.site_description = settings.description
    if settings.copyright:
        config.copyright = settings.copyright
    config.theme["language"] = settings.language
    config.nav = result.nav
    config.extra["footer_links"] = [{"title": p.title, "url": p.url} for p in result.site.pages if p.footer]
    config.extra["feeds"] = news.alternates(settings)
    config.extra["share"] = cards.default_image(settings)


class ContentPaths(logging.Filter):
    """MkDocs names the files it reads in build/docs; an author edits content/, so
    its messages name the content file that each page is made from."""

    def __init__(self, names: dict[str, str], docs: str):
        super().__init__()
        self.names, self.docs = names, docs

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        named = re.sub(r"'([^'\s]+)'", lambda m: f"'{self.content_file(m.group(1))}'", message)
        if named != message:
            record.msg, record.args = named, ()
        return True

    def content_file(self, text: str) -> str:
        return self.names.get(text.removeprefix(self.docs + "/"), text)


def _name_content_files(names: dict[str, str], docs: Path) -> None:
    handlers = logging.getLogger("mkdocs").handlers
    for handler in handlers:
        # MkDocs reloads this module on each rebuild: replace the last build's filter.
        for old in [f for f in handler.filters if type(f).__name__ == "ContentPaths"]:
            handler.removeFilter(old)
        handler.addFilter(ContentPaths(names, docs.as_posix()))


# Pages are rendered by several processes at once (generator/mkdocs_parallel.py); these
# events let MkDocs' own loops take each rendered page as it is.
def on_pre_build(config, **kwargs):
    global _documents
    _drop_documents()
    if page_workers.building(config, sys.modules[__name__]):
        _documents = Documents.in_memory()  # made before the page workers are forked: they write there too


def on_nav(nav, config, files, **kwargs):
    global _indexing, _pages, _copied_pages
    _pages = [f.dest_uri for f in files.documentation_pages()]
    _copied_pages = [f.dest_uri for f in files.static_pages() if f.dest_uri.endswith((".html", ".htm"))]
    page_workers.render_pages(config, files, nav, hook=sys.modules[__name__])
    if page_workers.every_page_written(files):
        # Search indexing (seconds at scale) can then run while MkDocs copies files and finishes.
        site_dir = Path(config.site_dir)
        documents = _search_pages(site_dir)
        if documents is None:
            page_workers.flush()  # Pagefind reads the pages themselves: every one must be on disk first
        try:
            _indexing = start(site_dir, documents)
        except SearchIndexError:
            pass  # said again, and raised, at the end of the build
        else:
            page_workers.after_the_index()
    return nav


_indexing = None
_documents: Documents | None = None  # what the search index is made from, as pages are rendered
_pages: list[str] = []  # the site's pages, where they are written
_copied_pages: list[str] = []  # HTML files in the docs folder, copied as they are


def _search_pages(site_dir: Path) -> Path | None:
    """The search documents of every page (as `python -m generator.search.index`
    makes them from a built site); None: index the built pages themselves."""
    if _documents is None:
        return None
    _documents.add_files(site_dir, _copied_pages)  # copied by now: the index starts early only if there are none
    return _documents.arrange(_pages + _copied_pages)


def _drop_documents() -> None:
    global _documents
    if _documents is not None:
        _documents.remove()
        _documents = None


def on_page_read_source(page, **kwargs):
    return page_workers.read_source(page)


def on_page_markdown(markdown, page, **kwargs):
    return raw_html.before(page_workers.skip_markdown(markdown, page), page)


def on_page_content(html, page, config, files, **kwargs):
    return page_workers.restore(raw_html.after(html, page, config, files), page, files)


def on_env(env, config, **kwargs):
    if page_workers.building(config, sys.modules[__name__]):
        page_workers.fixed_templates(env)
    return page_workers.add_placeholder(menu.install(env))


def on_post_page(output, page, **kwargs):
    if output and _documents is not None:  # empty: a page written by a worker, handed back (see parallel)
        _documents.add(page.file.dest_uri, output)
    # Pages are indexed from their search documents, so writing them can wait for Pagefind's time.
    return page_workers.page_output(output, page, hold=_documents is not None)


def on_build_error(**kwargs):
    global _indexing
    page_workers.finish(failed=True)
    if _indexing is not None:
        _indexing.stop()
        _indexing = None
    _drop_documents()


def on_post_build(config, **kwargs):
    global _indexing
    page_workers.finish()
    # Material's own search plugin is off; the built pages are indexed here instead.
    indexing, _indexing = _indexing, None
    try:
        site_dir = Path(config.site_dir)
        report = indexing.wait() if indexing is not None else index(site_dir, _search_pages(site_dir))
    except SearchIndexError as exc:
        raise PluginError(str(exc)) from None
    finally:
        _drop_documents()
    log.info("search: %d pages indexed in %.1f s", report.pages, report.seconds)
