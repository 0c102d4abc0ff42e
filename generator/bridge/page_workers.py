"""Render the site's pages in several processes during `mkdocs build`.

MkDocs renders every page in one process: Python-Markdown, then the theme's
template, page after page. On a large archive that is most of a build, and a
second core sits idle. Before MkDocs' own page loops start (the `nav` event),
this module forks workers; every process, this one included, takes the next
few pages in order, renders them with MkDocs' own functions (`_populate_page`,
`_build_page`, which write the HTML) and keeps what MkDocs would have learned
from them (the title, the anchors it has and links to, the messages it logged).
MkDocs' loops then run as always, but cheaply: each page's Markdown is skipped,
what was learned is put back, the theme renders an empty template and the page
written earlier is handed back to be written again. Every message is logged
again in this process where MkDocs would have logged it, so `--strict` counts
warnings from every process and messages keep their single-process order.

Only `mkdocs build` (and gh-deploy) with no other plugin uses this; anything
else (serve, a build started from Python, `BUILD_PROCESSES=1`) is MkDocs'
ordinary single process. A page without a result (a worker that died, pages
left after an error) is simply rendered by MkDocs in its loop.

Pages are converted as `Page.render` does, but with one Markdown parser per
process, reset for each page, rather than one made for each (making one, with its
extensions and processors, was half the time of converting a page); and MkDocs'
loops convert nothing for a page already written.

While the search index is made from the pages' search documents, the pages
themselves are held back by the process that rendered them (`_hold`) and written
once its share is done, at the lowest priority (a worker in its own process,
MkDocs' process in a thread), while Pagefind, which goes first, runs; the build
waits for every writer at its end (`flush`). A page is the same bytes either way.

A page the generator made in memory carries the front matter it was written with
(render.PageSource), and a worker reads the page with it (`read_source_from_memory`,
`Page.read_source` step by step) rather than parse the YAML again.

The state of one build (what was rendered, what is held, the writers still at
work) lives on a `PageWorkers`, made by the plugin when MkDocs starts a build.

MkDocs internals used here: the functions above, the steps of `Page.render` and
`Page.read_source`, a few attributes of `Page`, a generated `File`'s `_content` and
`meta.YAML_RE`; tests/test_mkdocs_internals.py checks that each still exists, and
tests/test_mkdocs_parallel.py that every way gives the same bytes.
"""

from __future__ import annotations

import functools
import gc
import logging
import multiprocessing
import os
import pickle
import signal
import threading
import time
import traceback
from dataclasses import dataclass, field

import jinja2
import markdown
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.exceptions import PluginError
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import meta as mkdocs_meta
from mkdocs.utils import write_file

from generator import workers
from generator.bridge import menu
from generator.bridge.raw_html import TokensAsTheyAre

ENV = workers.WORKERS_ENV  # how many processes render pages (and run the generator); 1 = MkDocs alone
PLACEHOLDER = "prerendered-page.html"  # the template MkDocs renders for a page already written
MOST = 4  # processes by default, at most
CHUNK = 8  # pages taken at a time: small enough to share out evenly, large enough to waste no time
HOLD_AT_MOST = 256 * 2**20  # bytes held back per process; past that, pages are written as they come

log = logging.getLogger("mkdocs.generator")
_BUILD_LOG = logging.getLogger("mkdocs.commands.build")

Message = tuple[str, int, str]  # logger name, level, text


@dataclass
class Rendered:
    """What MkDocs learns from rendering one page, sent back from the process that rendered it."""

    title: str | None = None
    meta: dict = field(default_factory=dict)
    anchors: set[str] | None = None
    links: dict[str, dict[str, str]] | None = None  # linked page's src_uri -> {anchor: link}
    read_messages: list[Message] = field(default_factory=list)
    build_messages: list[Message] = field(default_factory=list)
    error: BaseException | None = None
    error_in: str = ""  # "read" or "build"


def processes() -> int:
    """BUILD_PROCESSES, else the CPUs this process may use, up to MOST (each worker's memory grows
    as it renders, and beyond a few processes the steps MkDocs takes alone dominate anyway)."""
    chosen = workers.setting()
    return chosen if chosen is not None else min(workers.workers(), MOST)


class PageWorkers:
    """One `mkdocs build`'s pages: rendered in several processes at the `nav` event, then
    handed to MkDocs' own loops as they are, and written while the search index is made."""

    def __init__(self) -> None:
        self.results: dict[str, Rendered] = {}
        self.rendering = False  # this process is rendering its share of the pages
        self.held: list[tuple[str, bytes]] = []  # pages rendered but not written yet: (where, bytes)
        self.held_uris: set[str] = set()
        self.held_bytes = 0
        self.writing: list[int] = []  # workers that sent their results and are writing the pages they held
        self.writer_threads: list[threading.Thread] = []
        self.write_errors: list[Exception] = []
        self.stop_writing = threading.Event()
        self.parser: tuple | None = None  # (config, its Markdown parser) in this process
        self.skipped_filter = _Written(self)
        _BUILD_LOG.addFilter(self.skipped_filter)

    # --- rendering every page, shared between processes ---------------------------

    def render_all(self, config, files, nav) -> None:
        """At the `nav` event: render every page, shared between processes, before MkDocs' loops."""
        self.results.clear()
        count = processes()
        if count < 2 or not workers.can_fork():
            return
        for file in files.documentation_pages():
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)  # as MkDocs' own loop does; it then finds the page made
        started = time.perf_counter()
        env = fixed_templates(menu.install(config.theme.get_env()))  # as the plugin's `env` event does for MkDocs'
        share = Share(self, config, files, nav, env)
        # Every process renders pages into the theme's menu, so menu pages are read here, once, first.
        for page in nav.pages:
            share.results[page.file.src_uri] = self.read(page, config, files)
        shares = share.run(count)
        for done in shares:
            self.results.update(done)
        log.info(
            "pages: %d rendered in %d processes (%s) in %.1f s",
            len(self.results),
            count,
            " + ".join(str(len(done)) for done in shares),
            time.perf_counter() - started,
        )

    def every_page_written(self, files) -> bool:
        """Whether every HTML page of the site is rendered already (written, or held to be written:
        see `flush`), the theme's 404 page aside, which the search index leaves out, so the site
        can be indexed while MkDocs finishes."""
        pages = files.documentation_pages()
        results = self.results
        return (
            bool(results)
            and all(f.src_uri in results and results[f.src_uri].error is None for f in pages)
            and not any(f.dest_uri.endswith((".html", ".htm")) for f in files.static_pages())
        )

    def read(self, page, config, files) -> Rendered:
        rendered = Rendered()
        with _Collect() as messages:
            page.read_source = functools.partial(read_source_from_memory, page)
            page.render = functools.partial(self.render_reusing_parser, page)
            try:
                _populate_page(page, config, files)
            except Exception as exc:
                rendered.error, rendered.error_in = exc, "read"
                _drop_last(messages, "Error reading page")
            finally:
                del page.read_source, page.render
        rendered.read_messages = messages.records
        if rendered.error is None:
            rendered.title, rendered.meta = page._title_from_render, page.meta
            rendered.anchors = page.present_anchor_ids
            links = page.links_to_anchors
            rendered.links = None if links is None else {f.src_uri: dict(a) for f, a in links.items()}
        return rendered

    def render_reusing_parser(self, page, config, files) -> None:
        """`Page.render` of MkDocs 1.6, step by step, with this process's parser for the config."""
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        if self.parser is None or self.parser[0] is not config:
            md = markdown.Markdown(
                extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {}
            )
            TokensAsTheyAre(md).register(md)
            self.parser = (config, md)
        md = self.parser[1]
        md.reset()  # as a new parser: its extensions' state (headings, abbreviations, references) cleared
        # MkDocs' own processors, made for this page; each replaces the last page's of the same name.
        raw_html = mkdocs_pages._RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        anchors._register(md)
        relative_paths = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
        relative_paths._register(md)
        title = mkdocs_pages._ExtractTitleTreeprocessor()
        title._register(md)
        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative_paths.links_to_anchors

    def render(self, page, results, config, files, nav, env, doc_files) -> Rendered:
        rendered = results.get(page.file.src_uri) or self.read(page, config, files)
        if rendered.error is not None:
            return rendered
        built = Rendered(
            title=rendered.title,
            meta=rendered.meta,
            anchors=rendered.anchors,
            links=rendered.links,
            read_messages=rendered.read_messages,
        )
        with _Collect() as messages:
            try:
                _build_page(page, config, doc_files, nav, env, excluded=page.file.inclusion.is_excluded())
            except Exception as exc:
                built.error, built.error_in = exc, "build"
                _drop_last(messages, "Error building page")
        built.build_messages = messages.records
        return built

    # --- MkDocs' own loops, for pages rendered above --------------------------------

    def read_source(self, page) -> str | None:
        """`page_read_source`: the page is rendered; MkDocs need not read its file again."""
        return "" if page.file.src_uri in self.results else None

    def skip_markdown(self, markdown: str, page) -> str:
        """`page_markdown`: nor convert its Markdown; the theme is given an empty template for it."""
        rendered = self.results.get(page.file.src_uri)
        if rendered is None:
            return markdown
        _replay(rendered.read_messages)
        if rendered.error_in == "read":
            raise rendered.error
        page.meta = {**rendered.meta, "template": PLACEHOLDER}
        page.render = functools.partial(_written_already, page)
        return ""

    def restore(self, html: str, page, files) -> str:
        """`page_content`: put back what MkDocs learned from the page, for the checks after the build."""
        rendered = self.results.get(page.file.src_uri)
        if rendered is None:
            return html
        page.__dict__.pop("render", None)
        page._title_from_render = rendered.title
        page.present_anchor_ids = rendered.anchors
        if rendered.links is not None:
            by_uri = files.src_uris  # the keys are src_uris already: get_file_from_path would parse each as a path
            page.links_to_anchors = {by_uri.get(uri): anchors for uri, anchors in rendered.links.items()}
        return html

    def add_placeholder(self, env: jinja2.Environment) -> jinja2.Environment:
        """`env`: the empty template that pages already written are rendered with."""
        if self.results:
            env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({PLACEHOLDER: ""}), env.loader])
        return env

    def page_output(self, output: str, page, hold: bool = False) -> str:
        """`post_page`: the page is written already; MkDocs is given nothing to write again.
        While a process renders its share, with `hold`, the page is kept to be written later."""
        rendered = self.results.get(page.file.src_uri)
        if rendered is None:
            if hold and self.rendering and output.strip() and self.held_bytes < HOLD_AT_MOST:
                return self.hold(output, page)
            return output
        page.meta = rendered.meta
        _replay(rendered.build_messages)
        if rendered.error_in == "build":
            raise rendered.error
        return ""

    # --- pages held back, written while Pagefind runs -----------------------------

    def hold(self, output: str, page) -> str:
        """Keep a rendered page, to be written while the search index is made.

        The search index is made from search documents, not from the pages, and while
        Pagefind works a core is often idle; writing the pages then rather than among
        the rendering (creating thousands of files is mostly the kernel's work) takes
        that time off the build. The bytes are those MkDocs would write."""
        data = output.encode("utf-8", errors="xmlcharrefreplace")
        self.held.append((page.file.abs_dest_path, data))
        self.held_uris.add(page.file.src_uri)
        self.held_bytes += len(data)
        return ""

    def write_held_aside(self) -> None:
        """Have this process's held pages written by a thread of its own, at the lowest priority,
        as the workers write theirs. Not a child process: it would share this process's memory,
        and each page's text that MkDocs' own loop then lets go of would first be copied."""
        if not self.held:
            return
        held = list(self.held)
        self.drop_held()
        self.stop_writing.clear()
        thread = threading.Thread(target=self._write_quietly, args=(held,), name="page-writer", daemon=True)
        thread.start()
        self.writer_threads.append(thread)

    def _write_quietly(self, held: list[tuple[str, bytes]]) -> None:
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)  # this thread only, on Linux
        except (AttributeError, OSError):
            pass
        try:
            for path, data in held:
                if self.stop_writing.is_set():  # the build failed: the pages are not wanted
                    return
                write_file(data, path)
        except Exception as exc:  # raised in this process at the end of the build
            self.write_errors.append(exc)

    def write_held(self, quietly: bool = False) -> None:
        """Write the pages this process held back, as MkDocs writes a page; `quietly`: at the
        lowest priority, so that Pagefind, the build's last step, goes first."""
        if quietly:
            os.nice(19)
        for path, data in self.held:
            write_file(data, path)
        self.drop_held()

    def drop_held(self) -> None:
        self.held.clear()
        self.held_uris.clear()
        self.held_bytes = 0

    def flush(self, failed: bool = False) -> None:
        """Write the pages held back here, and wait for the writers of the others; after an
        error, drop them and stop the writers. Every writer is waited for before any error
        is raised."""
        pids, self.writing[:] = list(self.writing), []
        threads, self.writer_threads[:] = list(self.writer_threads), []
        try:
            if failed:
                self.stop_writing.set()
                self.drop_held()
            else:
                self.write_held()
        finally:
            for thread in threads:
                thread.join()
            unwritten = sum(_wait(pid, stop=failed) != 0 for pid in pids)
        errors, self.write_errors[:] = list(self.write_errors), []
        if failed:
            return
        if errors:
            raise PluginError(f"the pages could not be written: {errors[0]}")
        if unwritten:
            raise PluginError(f"{unwritten} page worker(s) could not write their pages; see the messages above")

    def finish(self, failed: bool = False) -> None:
        """The end of the build: every page written (or, after an error, dropped)."""
        self.results.clear()
        try:
            self.flush(failed)
        finally:
            _BUILD_LOG.removeFilter(self.skipped_filter)


class Share:
    """The pages of one build shared out between this process and forked workers: each takes
    the next CHUNK pages in order until none are left."""

    def __init__(self, pages_of: PageWorkers, config, files, nav, env) -> None:
        self.owner = pages_of
        self.config, self.files, self.nav, self.env = config, files, nav, env
        self.doc_files = files.documentation_pages()
        self.pages = [file.page for file in self.doc_files]
        self.results: dict[str, Rendered] = {}  # pages read before the share-out (the menu's)
        context = multiprocessing.get_context("fork")
        self.next_chunk = context.RawValue("i", 0)
        self.lock = context.Lock()
        self.stop = context.RawValue("b", 0)

    def claim(self) -> list:
        with self.lock:
            if self.stop.value:
                return []
            start = self.next_chunk.value
            self.next_chunk.value = start + CHUNK
        return self.pages[start : start + CHUNK]

    def work(self) -> dict[str, Rendered]:
        self.owner.rendering = True
        done = {}
        while chunk := self.claim():
            for page in chunk:
                rendered = self.owner.render(
                    page, self.results, self.config, self.files, self.nav, self.env, self.doc_files
                )
                done[page.file.src_uri] = rendered
                if rendered.error is not None:
                    self.stop.value = 1  # MkDocs stops at the first error; pages after it are not needed
        return done

    def run(self, count: int) -> list[dict[str, Rendered]]:
        """What each process rendered, this one first."""
        gc.freeze()  # the pages and config are shared with the workers; untouched, they are not copied
        forked: list[tuple[int, int]] = []
        sent: set[int] | None = None  # the workers that sent their results, once all are in
        try:
            for _ in range(count - 1):
                forked.append(self.fork())
            try:
                shares = [self.work()]
            finally:
                self.owner.rendering = False
            received = set()
            for pid, read_end in forked:
                share = _receive(read_end)
                if share is not None:
                    received.add(pid)
                shares.append(share or {})
            sent = received
            self.owner.write_held_aside()
        finally:
            self.settle(forked, sent)
            gc.unfreeze()
        # Menu pages read above but never rendered (after an error) are left to MkDocs, like any page without a result.
        return shares

    def fork(self) -> tuple[int, int]:
        """A worker: it renders, sends its results, writes its pages, and leaves without any cleanup."""
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid:
            os.close(write_end)
            return pid, read_end
        os.close(read_end)
        code = 1
        try:
            _send(write_end, self.work())
            try:
                self.owner.write_held(quietly=True)
            except BaseException:
                traceback.print_exc()  # the build fails at its end, saying so
                raise
            code = 0
        finally:
            os._exit(code)

    def settle(self, forked: list[tuple[int, int]], sent: set[int] | None) -> None:
        """Workers still writing are waited for at the end of the build; the others now."""
        for pid, read_end in forked:
            try:
                os.close(read_end)
            except OSError:
                pass
            if sent is not None and pid in sent:
                self.owner.writing.append(pid)  # writing the pages it held; waited for at the end of the build
                continue
            # This process failed (or was interrupted): the workers' pages are not wanted. A worker
            # that sent nothing has its pages rendered by MkDocs in its own loop.
            _wait(pid, stop=sent is None)


def _wait(pid: int, stop: bool) -> int:
    """A worker's exit code, once it has ended; `stop`: end it first."""
    if stop:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _send(fd: int, done: dict[str, Rendered]) -> None:
    for rendered in done.values():
        if rendered.error is not None:
            try:
                pickle.dumps(rendered.error)
            except Exception:
                rendered.error = PluginError(f"{type(rendered.error).__name__}: {rendered.error}")
    with os.fdopen(fd, "wb") as out:
        pickle.dump(done, out, protocol=pickle.HIGHEST_PROTOCOL)


def _receive(fd: int) -> dict[str, Rendered] | None:
    """A worker's results; None if it sent nothing whole (it died): MkDocs renders its pages itself."""
    with os.fdopen(fd, "rb", closefd=False) as pipe:
        data = pipe.read()
    try:
        return pickle.loads(data)
    except Exception:
        log.debug("a page worker sent no results; its pages are rendered in this process")
        return None


def read_source_from_memory(page, config) -> None:
    """`Page.read_source` of MkDocs 1.6, but for a page the generator made in memory
    (a PageSource), with the front matter it wrote rather than parsed again."""
    made = page.file._content  # a generated file's content (MkDocs' own attribute)
    meta = getattr(made, "meta", None)
    if meta is None:
        return Page.read_source(page, config)
    source = config.plugins.on_page_read_source(page=page, config=config)
    found = None
    if source is None:
        source = made.decode("utf-8-sig")  # as `content_string`; the generator's own UTF-8
        found = mkdocs_meta.YAML_RE.match(source)
    if found is None or found.end() != made.body_at:  # a plugin's source, or split elsewhere than written
        page.markdown, page.meta = mkdocs_meta.get_data(source)
        return None
    page.markdown = source[found.end() :].lstrip("\n")
    page.meta = {k: dict(v) if type(v) is dict else v for k, v in meta.items()}  # the page's own, as parsed
    return None


def _written_already(page, config, files) -> None:
    """`Page.render` for a page written already: nothing to convert (`restore` puts back what was learned)."""
    page.content, page.toc = "", get_toc([])


def fixed_templates(env: jinja2.Environment) -> jinja2.Environment:
    """`env`, told that its templates do not change during the build: otherwise Jinja looks at
    a template's file each time a page includes it (Material's page includes about twenty)."""
    env.auto_reload = False
    return env


def after_the_index() -> None:
    """Once Pagefind is started, the build's last and longest step: what this process has
    left to do (copying files, the sitemap) runs at the lowest priority, as the pages' writers
    do, so that the cores go to Pagefind first and the others fill the time it leaves.
    Called only once pages were rendered here, which only `mkdocs build` does."""
    os.nice(19)


def _drop_last(messages: _Collect, prefix: str) -> None:
    """MkDocs logs a failing page as it re-raises; it will again when the error is raised here."""
    last = messages.records[-1] if messages.records else None
    if last and last[0] == "mkdocs.commands.build" and last[2].startswith(prefix):
        messages.records.pop()


class _Collect(logging.Handler):
    """Keep every message logged while a page renders, to log it again in MkDocs' process in order."""

    def __init__(self):
        super().__init__(logging.NOTSET)
        self.records: list[Message] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))

    def __enter__(self) -> _Collect:
        mkdocs, root = logging.getLogger("mkdocs"), logging.getLogger()
        self._saved = mkdocs.handlers, mkdocs.propagate, root.handlers
        mkdocs.handlers, mkdocs.propagate, root.handlers = [], True, [self]
        return self

    def __exit__(self, *exc) -> None:
        mkdocs, root = logging.getLogger("mkdocs"), logging.getLogger()
        mkdocs.handlers, mkdocs.propagate, root.handlers = self._saved


def _replay(messages: list[Message]) -> None:
    for name, level, text in messages:
        logger = logging.getLogger(name)
        if logger.isEnabledFor(level):  # as logged where the page was rendered: past the loggers' filters
            logger.callHandlers(logger.makeRecord(name, level, "(page worker)", 0, text, None, None))


class _Written(logging.Filter):
    """MkDocs says it skipped a page it was given nothing for; the page was written when rendered."""

    def __init__(self, pages_of: PageWorkers) -> None:
        super().__init__()
        self.pages_of = pages_of

    def filter(self, record: logging.LogRecord) -> bool:
        results, held = self.pages_of.results, self.pages_of.held_uris
        if (results or held) and isinstance(record.msg, str) and record.msg.startswith("Page skipped: '"):
            uri = record.msg[len("Page skipped: '") :].partition("'")[0]
            return uri not in results and uri not in held
        return True
