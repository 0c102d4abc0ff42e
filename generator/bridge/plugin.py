"""The MkDocs plugin (`learning-site` in mkdocs.yml): run the generator when MkDocs
loads its config, and hand MkDocs the pages, the menu and the site's settings.

All the content work is in the generator; this passes paths in and results back.
The page events below only make `mkdocs build` faster (pages in several processes,
see page_workers.py; HTML blocks not parsed twice, see raw_html.py; the search index
made while MkDocs finishes) and leave its output as it was. `mkdocs build` builds
into a new folder that replaces build/site only when the build succeeded
(site_folder.py).

A build's state lives on a `Build`, made when MkDocs loads the config for a build,
and is kept on the plugin instance, which MkDocs makes anew for every config it
loads; nothing of a build is kept at module level.
"""

from __future__ import annotations

import gc
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from generator.bridge import menu, raw_html, styles
from generator.bridge.files import files_from_memory
from generator.bridge.page_workers import PageWorkers, after_the_index, fixed_templates
from generator.bridge.site_folder import SiteFolder
from generator.build.pipeline import BuildResult, build, now_line, sources
from generator.cache import shared
from generator.html_rule import HtmlRule
from generator.problems import ContentError, summary
from generator.render import brand, cards, news, pages
from generator.search.index import Documents, SearchIndexError, index, start

log = logging.getLogger("mkdocs.generator")

NAME = "learning-site"  # the plugin's name in mkdocs.yml (the entry point in pyproject.toml)
COMMANDS = ("build", "gh-deploy")  # the commands that build a whole site in one go
GENERATOR_FORMS = frozenset({"search.md"})  # pages whose <form> the generator made (templates/search.md.j2)


@dataclass
class Build:
    """What one build knows between MkDocs' events."""

    in_memory: bool  # `mkdocs build` alone: files from memory, pages rendered in several processes
    folder: SiteFolder | None = None  # where the site goes once built, if built beside it
    outputs: dict | None = None  # the generator's files, until MkDocs takes them
    pages: PageWorkers | None = None
    documents: Documents | None = None  # what the search index is made from, as pages are rendered
    indexing: object = None  # the search index being made while MkDocs finishes
    page_uris: list[str] = field(default_factory=list)  # the site's pages, where they are written
    rule: HtmlRule = field(default_factory=HtmlRule)  # for HTML in pages: the site's, once it is read
    sources: dict[str, str] = field(default_factory=dict)  # each page's content file, for messages
    copied_pages: list[str] = field(default_factory=list)  # HTML files in the docs folder, copied as they are
    succeeded: bool = False


class LearningSitePlugin(BasePlugin):
    def __init__(self) -> None:
        super().__init__()
        self.command: str | None = None
        self.dirty = False
        self.build: Build | None = None

    def on_startup(self, *, command, dirty) -> None:
        self.command, self.dirty = command, dirty

    def on_shutdown(self) -> None:
        build, self.build = self.build, None
        if build is not None and build.folder is not None:
            if build.succeeded:
                build.folder.put_in_place()
                log.info("The site is in place in %s", build.folder.target)
            else:
                build.folder.abandon()
        # The command is over and the process about to end: the collection Python runs on
        # its way out would walk every object of the build (a second at 3,000 items) only to
        # find what the exit frees anyway.
        gc.freeze()

    def on_config(self, config):
        build = self.build = Build(in_memory=self.builds_alone(config))
        if self.command in COMMANDS and not self.dirty:
            build.folder = SiteFolder(Path(config.site_dir))
            config.site_dir = str(build.folder.start())
        # `mkdocs build` takes the generator's files from memory (see on_files); anything
        # else (`serve`, the preview) reads them from the docs folder, which it watches.
        result = generate(config, in_memory=build.in_memory)
        build.outputs = result.outputs
        build.rule, build.sources = result.site.settings.html_rule, sources(result.site)
        apply(config, result)
        return config

    def builds_alone(self, config) -> bool:
        """Whether this is `mkdocs build` (or gh-deploy) with no plugin but this one: pages are
        then rendered here, and each page's HTML is the HTML MkDocs writes."""
        return self.command in COMMANDS and all(plugin is self for plugin in config.plugins.values())

    def on_files(self, files, config):
        outputs, self.build.outputs = self.build.outputs, None
        return files if outputs is None else files_from_memory(outputs, config)

    def on_pre_build(self, config):
        if self.build.in_memory:
            self.build.pages = PageWorkers()
            # Made before the page workers are forked: they write there too.
            self.build.documents = Documents.in_memory()

    def on_nav(self, nav, config, files):
        build = self.build
        build.page_uris = [f.dest_uri for f in files.documentation_pages()]
        build.copied_pages = [f.dest_uri for f in files.static_pages() if f.dest_uri.endswith((".html", ".htm"))]
        if build.pages is not None:
            build.pages.render_all(config, files, nav)
            if build.pages.every_page_written(files):
                self.start_index(Path(config.site_dir))
        return nav

    def start_index(self, site_dir: Path) -> None:
        """Search indexing (seconds at scale) can run while MkDocs copies files and finishes."""
        documents = self.search_documents(site_dir)
        if documents is None:
            self.build.pages.flush()  # Pagefind reads the pages themselves: every one must be on disk first
        try:
            self.build.indexing = start(site_dir, documents)
        except SearchIndexError:
            pass  # said again, and raised, at the end of the build
        else:
            after_the_index()

    def search_documents(self, site_dir: Path) -> Path | None:
        """The search documents of every page (as `python -m generator.search.index`
        makes them from a built site); None: index the built pages themselves."""
        build = self.build
        if build.documents is None:
            return None
        build.documents.add_files(site_dir, build.copied_pages)  # copied by now: indexed early only if none
        return build.documents.arrange(build.page_uris + build.copied_pages)

    def drop_documents(self) -> None:
        if self.build.documents is not None:
            self.build.documents.remove()
            self.build.documents = None

    def on_page_read_source(self, page, config):
        return self.build.pages.read_source(page) if self.build.pages else None

    def on_page_markdown(self, markdown, page, config, files):
        if self.build.pages:
            markdown = self.build.pages.skip_markdown(markdown, page)
        return raw_html.before(markdown, page)

    def on_page_content(self, html, page, config, files):
        html = raw_html.after(html, page, config, files)
        self.hold_to_the_rule(html, page)  # a page written earlier, by a worker, was held to it there
        return self.build.pages.restore(html, page, files) if self.build.pages else html

    def hold_to_the_rule(self, html: str, page) -> None:
        """`check` holds each body to the rule for HTML (generator.html_rule) as written;
        this holds the page's HTML as Python-Markdown made it, what a browser gets, so
        that no way of writing a body gets past the rule into the site."""
        rule = self.build.rule
        if not rule.suspect(html):
            return
        breaches = rule.breaches(html, forms=page.file.src_uri in GENERATOR_FORMS)
        if breaches:
            where = self.build.sources.get(page.file.src_uri, page.file.src_uri)
            found = "\n".join(f"  - {b.message}: {b.fix}" for b in breaches[:5])
            raise PluginError(
                f"{where}: the page's text, as Markdown turns it into HTML, has what a page may not carry:\n"
                f"{found}\nThe last good site was left in place."
            )

    def on_env(self, env, config, files):
        if self.build.in_memory:
            fixed_templates(env)
        env = menu.install(env)
        return self.build.pages.add_placeholder(env) if self.build.pages else env

    def on_post_page(self, output, page, config):
        documents = self.build.documents
        if output and documents is not None:  # empty: a page written by a worker, handed back (see page_workers)
            documents.add(page.file.dest_uri, output)
        if self.build.pages is None:
            return output
        # Pages are indexed from their search documents, so writing them can wait for Pagefind's time.
        return self.build.pages.page_output(output, page, hold=documents is not None)

    def on_build_error(self, error):
        build = self.build
        if build is None:
            return
        build.succeeded = False
        if build.pages is not None:
            build.pages.finish(failed=True)
        if build.indexing is not None:
            build.indexing.stop()
            build.indexing = None
        self.drop_documents()

    def on_post_build(self, config):
        build = self.build
        if build.pages is not None:
            build.pages.finish()
        if self.command in COMMANDS:  # not under `serve`, whose pages change as they are edited
            styles.prune_built_site(config)  # while Pagefind indexes
        # Material's own search plugin is off; the built pages are indexed here instead.
        indexing, build.indexing = build.indexing, None
        try:
            site_dir = Path(config.site_dir)
            report = indexing.wait() if indexing is not None else index(site_dir, self.search_documents(site_dir))
        except SearchIndexError as exc:
            raise PluginError(str(exc)) from None
        finally:
            self.drop_documents()
        log.info("search: %d pages indexed in %.1f s", report.pages, report.seconds)
        build.succeeded = True  # unless `--strict` finds warnings next, which MkDocs reports as a build error


def generate(config, in_memory: bool = False) -> BuildResult:
    """Run the generator into the docs folder (the preview calls this on each save),
    or `in_memory`, for `on_files` to hand MkDocs."""
    root = Path(config.config_file_path).resolve().parent
    try:
        # The cache outlives the plugin, which MkDocs makes anew for every config it
        # loads under `mkdocs serve`; a rebuild then redoes only what an edit touched.
        result = build(root, None if in_memory else Path(config.docs_dir), cache=shared(root))
    except ContentError as exc:
        raise PluginError("The content has errors; the last good site was left in place.\n" + exc.report()) from None
    log.info(now_line(result.site.now))
    if result.warnings:
        log.info(summary(result.warnings))  # warnings must not fail `mkdocs build --strict`
    name_content_files(sources(result.site), Path(config.docs_dir))  # kept on the Build too, by on_config
    if result.outputs is not None:
        log.info("generator: %d files made", len(result.outputs))
    elif result.report.written or result.report.removed:
        log.info("generator: %d written, %d removed", len(result.report.written), len(result.report.removed))
    return result


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
    config.extra["guide_url"] = pages.guide_url(result.site)  # for the preview's footer, not the published site
    apply_brand(config, settings)


def apply_brand(config, settings) -> None:
    """The organisation's colour (a stylesheet after Material's) and logo (Material's `theme.logo`)."""
    if settings.brand_colour and brand.CSS not in config.extra_css:
        config.extra_css.append(brand.CSS)
    logo = brand.logo(settings)
    if logo is not None:
        config.theme["logo"] = logo.first.srcset[-1][0]  # the sharp-screen copy: the header scales it down


def of(config) -> LearningSitePlugin:
    """This plugin, as MkDocs made it for `config`."""
    found = [plugin for plugin in config.plugins.values() if isinstance(plugin, LearningSitePlugin)]
    if not found:
        raise PluginError(f"mkdocs.yml must list the '{NAME}' plugin under plugins:")
    return found[0]


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


def name_content_files(names: dict[str, str], docs: Path) -> None:
    for handler in logging.getLogger("mkdocs").handlers:
        # Each build names its own files: the last build's filter goes.
        for old in [f for f in handler.filters if isinstance(f, ContentPaths)]:
            handler.removeFilter(old)
        handler.addFilter(ContentPaths(names, docs.as_posix()))
