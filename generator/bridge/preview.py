"""The preview server (`python -m generator serve`): a save shows in the browser
within a second at any archive size.

`mkdocs serve` rebuilds the whole site on every save, and rebuilds it twice,
because the generator's writes to the docs folder count as a second change. This
server keeps MkDocs' built state (config, files, menu, theme, pages) in memory
and, on a save in content/ or site.yml, runs the generator once (warm, with its
cache) and rebuilds only the pages whose Markdown it wrote, adds the pages of new
files and removes those of deleted ones. Anything that can change every page (the
menu, site.yml, mkdocs.yml) gets a full rebuild into a fresh folder, served only
when it is complete. Pagefind then re-indexes the served site in the background;
until that is done, the pages a save rebuilt are searched from a small index of
their own (generator/search/recent.py), so search holds a change within a second.
Every page it sends links to the staff guide from its footer, added as the page is
sent, as MkDocs' reload script is, so the served folder stays a cold build's.

MkDocs 1.x is feature-frozen, so this module uses its internals: the steps of
`mkdocs.commands.build.build` and the build loop of its live-reload server
(`LiveReloadServer._build_loop` and the state it shares with `watch`). Like every
MkDocs internal the bridge relies on, each is checked by
tests/test_mkdocs_internals.py; tests/test_preview.py checks that the preview gives
the same bytes as a cold `mkdocs build` after every kind of edit.
"""

from __future__ import annotations

import gc
import html
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from mkdocs import livereload
from mkdocs.commands.build import _build_extra_template, _build_page, _build_theme_template, _populate_page
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import Files, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from generator.bridge import plugin
from generator.build.writer import remove_file
from generator.problems import ContentError
from generator.search import index as search_index
from generator.search import recent as recent_search

log = logging.getLogger("mkdocs.generator.preview")

# Files whose change can alter every page: they get a full rebuild.
SITE_WIDE = ("site.yml", "mkdocs.yml")
CHANGES = {"created", "modified", "deleted", "moved", "closed"}  # watchdog's event types that mean a save
IDLE = 0.5  # seconds with no save before the collector runs
# The staff guide is out of the published site's menu: the preview, where staff look, links to it from every page.
FOOTER = b'<div class="md-copyright">'
GUIDE_LINK = (
    '<nav class="lx-footer-links" aria-label="For staff"><ul>'
    '<li><a href="{url}">How to add content</a> (for staff: this link is only in the preview)</li></ul></nav>'
)


def _snapshot(config) -> tuple:
    """What the plugin hands MkDocs that every page shows: if it changes, so may every page."""
    return (
        config.site_name,
        config.site_url,
        config.site_description,
        config.copyright,
        config.theme["language"],
        repr(config.nav),
        repr(dict(config.extra)),
    )


@dataclass
class Built:
    """A complete site in `site_dir` and what MkDocs knew when it built it."""

    config: object
    files: Files
    nav: object
    env: object
    site_dir: Path
    snapshot: tuple


@dataclass
class Outcome:
    kind: str  # "full", "pages", "nothing" or "error"
    pages: int = 0
    seconds: float = 0.0
    generator: float = 0.0  # of which the generator's seconds


class Preview:
    """Builds the site for the preview and keeps it up to date, one rebuild per save."""

    def __init__(self, config_file: Path, work: Path | None = None):
        self.config_file = config_file.resolve()
        self.root = self.config_file.parent
        self.work = Path(work) if work else Path(tempfile.mkdtemp(prefix="lsg-preview-"))
        self.work.mkdir(parents=True, exist_ok=True)
        self.built: Built | None = None
        self._serial = 0
        self.version = 0  # goes up with each rebuild that changed the served site
        self._stale = False  # a rebuild failed half-way: the next one rebuilds everything
        self._garbage = False  # a rebuild left objects for the collector
        self.on_swap = None  # called with the new site folder after a full rebuild
        self.search = SearchIndexer(self)
        self.swap_lock = threading.Lock()  # held while the served folder or its search index is replaced

    # --- full build -----------------------------------------------------------------

    def full(self) -> Outcome:
        """Build the whole site into a new folder; serve it only once it is complete."""
        started = time.perf_counter()
        gc.unfreeze()  # the last full build's objects may be garbage now
        self._serial += 1
        site_dir = self.work / f"site-{self._serial}"
        shutil.rmtree(site_dir, ignore_errors=True)
        try:
            built = self._build_all(site_dir)
        except BaseException:
            shutil.rmtree(site_dir, ignore_errors=True)
            raise
        old = self.built
        with self.swap_lock:
            if old is not None and (old.site_dir / search_index.OUTPUT).is_dir():
                # The last index serves searches until the new one is ready.
                os.replace(old.site_dir / search_index.OUTPUT, site_dir / search_index.OUTPUT)
            self.built = built
            self._stale = False
            if self.on_swap:
                self.on_swap(site_dir)
        if old is not None:
            shutil.rmtree(old.site_dir, ignore_errors=True)
        # The built site (millions of objects) lives until the next full build: out of
        # the collector's sight, a save no longer waits half a second for it to be scanned.
        gc.collect()
        gc.freeze()
        self.version += 1
        self.search.request()
        pages = len(built.files.documentation_pages())
        return Outcome("full", pages, time.perf_counter() - started)

    def _build_all(self, site_dir: Path) -> Built:
        """`mkdocs.commands.build.build` step by step, keeping what it makes; the plugin's
        post-build step (the search index) runs in the background instead."""
        config = load_config(config_file=str(self.config_file), site_dir=str(site_dir))
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        site_dir.mkdir(parents=True, exist_ok=True)
        env = config.theme.get_env()
        files = self._files(config, env)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        for file in files.documentation_pages():
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
            _populate_page(file.page, config, files)
        env = config.plugins.on_env(env, config=config, files=files)
        files.copy_static_files()
        for template in config.theme.static_templates:
            _build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            _build_extra_template(template, files, config, nav)
        doc_files = files.documentation_pages()
        for file in doc_files:
            _build_page(file.page, config, doc_files, nav, env, excluded=file.inclusion.is_excluded())
        for file in doc_files:
            file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        return Built(config, files, nav, env, site_dir, _snapshot(config))

    @staticmethod
    def _files(config, env) -> Files:
        files = get_files(config)
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        return files

    # --- one save -------------------------------------------------------------------

    def update(self, changed: set[str] | None = None) -> Outcome:
        """Bring the served site up to date after a save; `changed` names the files
        saved (relative to the project), if known."""
        if self.built is None or self._stale or any(name in SITE_WIDE for name in (changed or ())):
            return self.full()
        started = time.perf_counter()
        b = self.built
        config = b.config
        result = plugin.generate(config)
        plugin.apply(config, result)
        generated = time.perf_counter() - started
        written, removed = result.report.written, result.report.removed
        gone = self._page_urls(removed)
        if _snapshot(config) != b.snapshot:
            log.info("The menu or the site's settings changed: rebuilding every page")
            outcome = self.full()
            self._index_recent(written, gone)
            return outcome
        if not written and not removed:
            return Outcome("nothing", 0, time.perf_counter() - started, generated)
        self._stale = True
        pages = self._rebuild_pages(written, removed)
        self._stale = False
        self._garbage = True
        self.version += 1
        self.search.request()
        self._index_recent(written, gone)
        return Outcome("pages", len(pages), time.perf_counter() - started, generated)

    def collect(self) -> None:
        """Free the last rebuild's leftovers (its site model, mostly): `serve` turns the
        collector off so that it never runs in the middle of a save, and calls this
        when no save is waiting. At 10,000 items a collection takes most of a second."""
        if self._garbage:
            self._garbage = False
            gc.collect()

    def _page_urls(self, sources: list[str]) -> list[str]:
        """The search addresses of the pages made from `sources` (files in the docs folder)."""
        urls = []
        for rel in sources:
            file = self.built.files.get_file_from_path(rel)
            if file is not None and file.is_documentation_page():
                urls.append(recent_search.page_url(file.dest_uri))
        return urls

    def _index_recent(self, written: list[str], removed: list[str]) -> None:
        """Make the pages just written searchable now, before the full index catches up."""
        files = self.built.files
        pages = {}
        for rel in written:
            file = files.get_file_from_path(rel)
            if file is not None and file.is_documentation_page() and file.inclusion.is_included():
                pages[recent_search.page_url(file.dest_uri)] = file.dest_uri
        try:
            self.search.recent.pages_changed(self.version, self.built.site_dir, pages, removed)
        except Exception as exc:  # the full index still catches up
            log.warning("search: recent pages not indexed: %s", exc)

    def _rebuild_pages(self, written: list[str], removed: list[str]) -> list:
        b = self.built
        config = b.config
        added = [rel for rel in written if b.files.get_file_from_path(rel) is None]
        if added or removed:
            self._refile(removed)
        files = b.files
        pages = []
        for rel in written:
            file = files.get_file_from_path(rel)
            if file is None or not file.inclusion.is_included():
                continue
            if file.is_documentation_page():
                if file.page is None:
                    Page(None, file, config)
                _populate_page(file.page, config, files)
                pages.append(file.page)
            else:
                file.copy_file()
        if added or removed:
            # The sitemap lists every page.
            for template in config.theme.static_templates:
                _build_theme_template(template, b.env, files, config, b.nav)
        doc_files = files.documentation_pages()
        for page in pages:
            _build_page(page, config, doc_files, b.nav, b.env, excluded=page.file.inclusion.is_excluded())
        for page in pages:
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        return pages

    def _refile(self, removed: list[str]) -> None:
        """Files were added or removed: list them again in the order a cold build
        walks them (the sitemap follows it), keeping the pages already read."""
        b = self.built
        known = b.files.src_uris
        fresh = self._files(b.config, b.env)
        b.files = Files([known.get(f.src_uri, f) for f in fresh])
        for rel in removed:
            gone = known.get(rel)
            if gone is None or gone.src_uri in b.files.src_uris:
                continue
            remove_file(Path(gone.abs_dest_path), b.site_dir)

    def close(self) -> None:
        self.search.stop()
        shutil.rmtree(self.work, ignore_errors=True)


class SearchIndexer:
    """Runs Pagefind over the served site in a background thread after each rebuild,
    one run at a time; saves that come during a run are caught by the next run. The
    new index replaces the old one only when it is complete."""

    DELAY = 0.3  # seconds of quiet before indexing, so a burst of saves is indexed once
    # Seconds of quiet before re-indexing after a save: tests lengthen it to search
    # the pages of a save before the full index holds them.
    REINDEX_DELAY_ENV = "PREVIEW_REINDEX_DELAY"

    def __init__(self, preview: Preview):
        self.preview = preview
        self.recent = recent_search.RecentIndex(preview.work)
        self.reindex_delay = float(os.environ.get(self.REINDEX_DELAY_ENV) or self.DELAY)
        self._indexed = False  # the first index is made without the re-index delay
        self._halt = threading.Event()
        self._wanted = threading.Event()
        self._stopped = False
        self._proc: subprocess.Popen | None = None
        self._thread = threading.Thread(target=self._loop, name="search-index", daemon=True)
        self._thread.start()

    def request(self) -> None:
        self._wanted.set()

    def stop(self) -> None:
        self._stopped = True
        self._halt.set()
        self._wanted.set()
        proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.terminate()  # an index of a site about to be removed is of no use
        self._thread.join(timeout=60)

    def _loop(self) -> None:
        while True:
            self._wanted.wait()
            if self._stopped:
                return
            self._halt.wait(self.reindex_delay if self._indexed else self.DELAY)
            if self._stopped:
                return
            self._wanted.clear()
            try:
                self._run()
            except Exception as exc:  # an index that failed leaves the last one in place
                log.warning("search index not updated: %s", exc)

    def _run(self) -> None:
        built = self.preview.built
        if built is None:
            return
        site_dir, version = built.site_dir, self.preview.version
        out = self.preview.work / "search-next"
        shutil.rmtree(out, ignore_errors=True)
        started = time.perf_counter()
        cmd = search_index.site_command(site_dir, out)  # as `mkdocs build` indexes, for the same bytes
        # Lower priority, so a save during a run is rebuilt at full speed.
        self._proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, preexec_fn=lambda: os.nice(10)
        )
        output, _ = self._proc.communicate()
        if self._stopped:
            return
        if self._proc.returncode != 0:
            raise search_index.SearchIndexError(output)
        ids = recent_search.page_ids(out)
        with self.preview.swap_lock:
            current = self.preview.built
            if current is None or current.site_dir != site_dir or not site_dir.is_dir():
                shutil.rmtree(out, ignore_errors=True)  # a full rebuild replaced the folder meanwhile
                self._wanted.set()
                return
            target = site_dir / search_index.OUTPUT
            old = self.preview.work / "search-old"
            shutil.rmtree(old, ignore_errors=True)
            if target.exists():
                os.replace(target, old)
            os.replace(out, target)
        shutil.rmtree(old, ignore_errors=True)
        self._indexed = True
        log.info("search: index of version %d ready in %.1f s", version, time.perf_counter() - started)
        try:
            self.recent.full_index_ready(version, self.preview.built.site_dir, ids)
        except Exception as exc:
            log.warning("search: recent pages not indexed: %s", exc)


class PreviewServer(livereload.LiveReloadServer):
    """MkDocs' live-reload server, with a build loop that knows which files were
    saved and keeps serving the last good site while it rebuilds (MkDocs' own loop
    holds every request until the rebuild is done)."""

    def __init__(self, preview: Preview, host: str, port: int, poll: bool = False):
        self.preview = preview
        self._changed: set[str] = set()
        self.rebuilds = 0
        super().__init__(builder=self._rebuild, host=host, port=port, root=str(preview.work))
        self.build_delay = 0.05
        if not poll:
            # Change notifications from the operating system (inotify, FSEvents) reach us
            # at once; MkDocs polls every half second, half of the one-second budget.
            import watchdog.observers

            self.observer = watchdog.observers.Observer()

    def watch(self, path: str, func=None, *, recursive: bool = True, only: tuple[str, ...] = ()) -> None:
        """Rebuild when a file under `path` changes (with `only`, one of those names)."""
        path = os.path.abspath(path)
        root = str(self.preview.root)

        def callback(event):
            # Reading a file is an event too (inotify's open and close): only writes count.
            if event.is_directory or event.event_type not in CHANGES:
                return
            names = {os.path.relpath(name, root) for name in (event.src_path, getattr(event, "dest_path", "")) if name}
            if only:
                names &= set(only)
                if not names:
                    return
            with self._rebuild_cond:
                self._changed |= names
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        import watchdog.events

        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = callback
        self.observer.schedule(handler, path, recursive=recursive)
        self._watched_paths[path] = 1

    def serve_request(self, environ, start_response):
        # The small index of the pages saved since the full search index was made
        # lives outside the site folder, which stays the same as a cold build.
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        where = self.mount_path + recent_search.PREFIX
        if path.startswith(where):
            found = self.preview.search.recent.serve(path[len(where) :])
            if found is not None:
                body, kind = found
                start_response(
                    "200 OK",
                    [("Content-Type", kind), ("Content-Length", str(len(body))), ("Cache-Control", "no-store")],
                )
                return [body]
        return self._with_guide_link(environ, start_response)

    def _with_guide_link(self, environ, start_response):
        """A page as MkDocs' server sends it, with a link to the guide in its footer: added as
        the page is sent, as the reload script is, so the served folder stays a cold build's."""
        sent = []
        body = super().serve_request(environ, lambda status, headers, exc_info=None: sent.append((status, headers)))
        status, headers = sent[-1]
        guide = self.preview.built.config.extra.get("guide_url") if self.preview.built else None
        if guide and status.startswith("200") and dict(headers).get("Content-Type", "").startswith("text/html"):
            try:
                page = with_guide_link(b"".join(body), self.mount_path + guide)
            finally:
                getattr(body, "close", lambda: None)()
            headers = [(k, str(len(page)) if k == "Content-Length" else v) for k, v in headers]
            body = [page]
        start_response(status, headers)
        return body

    def _rebuild(self, changed: set[str] | None = None) -> Outcome:
        try:
            outcome = self.preview.update(changed)
        except ContentError as exc:
            outcome = Outcome("error")
            log.error("The content has errors; the last good site is still served.\n%s", exc.report())
        except (BuildError, Abort) as exc:
            outcome = Outcome("error")
            log.error("%s", exc)
        self.rebuilds += 1
        if outcome.kind == "full":
            done = f"the whole site ({outcome.pages} pages) in {outcome.seconds:.2f} s"
        elif outcome.kind == "pages":
            done = (
                f"{outcome.pages} page{'' if outcome.pages == 1 else 's'} in {outcome.seconds:.2f} s "
                f"(generator {outcome.generator:.2f} s)"
            )
        elif outcome.kind == "nothing":
            done = "nothing: no page changed"
        else:
            done = "nothing: the last good site is still served"
        log.info("Rebuild %d (version %d): %s", self.rebuilds, self.preview.version, done)
        return outcome

    def _build_loop(self):
        while True:
            with self._rebuild_cond:
                ready = self._rebuild_cond.wait_for(lambda: self._want_rebuild or self._shutdown, timeout=IDLE)
            if not ready:
                self.preview.collect()  # nobody is waiting for a page: free what the last rebuild left
                continue
            with self._rebuild_cond:
                if self._shutdown:
                    break
                while self._rebuild_cond.wait(timeout=self.build_delay):
                    pass  # a burst of events from one save (write, rename, attributes)
                changed, self._changed = self._changed, set()
                self._want_rebuild = False
            try:
                outcome = self._rebuild(changed)
            except Exception:
                log.exception("The preview could not rebuild; the last good site is still served")
                continue
            if outcome.kind in ("full", "pages"):
                with self._epoch_cond:
                    # Pages are replaced in place, so requests never wait for a rebuild.
                    self._wanted_epoch = self._visible_epoch = livereload._timestamp()
                    self._epoch_cond.notify_all()


def with_guide_link(page: bytes, url: str) -> bytes:
    """The page with a link to the staff guide at the top of its footer, if it has the theme's footer."""
    link = GUIDE_LINK.format(url=html.escape(url)).encode()
    return page.replace(FOOTER, FOOTER + link, 1)


def _site_error_page(server: PreviewServer):
    def handler(code: int) -> bytes | None:
        built = server.preview.built
        if code == 404 and built is not None:
            page = built.site_dir / "404.html"
            if page.is_file():
                return page.read_bytes()
        return None

    return handler


def _interrupt(signum, frame):
    # A second signal while shutting down ends the process at once, as a second Ctrl-C would.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    raise KeyboardInterrupt


def serve(config_file: Path, dev_addr: str = "127.0.0.1:8000", poll: bool = False) -> int:
    """Build the site, serve it and keep it up to date until interrupted."""
    host, _, port = dev_addr.rpartition(":")
    signal.signal(signal.SIGTERM, _interrupt)  # stopped by a process manager: clean up as for Ctrl-C
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _interrupt)
    preview = Preview(config_file)
    try:
        failed = _first_build(preview)
        if failed is not None:
            return failed
        # From here on the collector runs only when the server is idle (PreviewServer's loop):
        # started by itself, it would scan the whole site model in the middle of a save.
        gc.disable()
        server = _server(preview, host or "127.0.0.1", int(port), poll)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        except OSError as exc:  # most often: the address is taken by another server
            print(
                f"Could not serve on {dev_addr}: {exc.strerror or exc} — stop the other server, "
                f"or choose another address with -a, like -a 127.0.0.1:8001",
                file=sys.stderr,
            )
            return 1
        finally:
            server.shutdown()
        return 0
    finally:
        gc.enable()
        preview.close()


def _first_build(preview: Preview) -> int | None:
    """Build the whole site once; the exit code if that failed."""
    started = time.perf_counter()
    try:
        outcome = preview.full()
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except (BuildError, Abort) as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    log.info(
        "Built the site (%d pages) in %.1f s into %s",
        outcome.pages,
        time.perf_counter() - started,
        preview.built.site_dir,
    )
    return None


def _server(preview: Preview, host: str, port: int, poll: bool) -> PreviewServer:
    """The server of the built site, watching content/ and the project's settings."""
    server = PreviewServer(preview, host, port, poll)
    server.root = str(preview.built.site_dir)

    def swapped(site_dir: Path) -> None:
        server.root = str(site_dir)
        log.info("Serving %s", site_dir)

    preview.on_swap = swapped
    server.error_handler = _site_error_page(server)
    server.watch(str(preview.root / "content"))
    # The project folder itself, for site.yml and mkdocs.yml (not build/, which the generator writes).
    server.watch(str(preview.root), recursive=False, only=SITE_WIDE)
    return server
