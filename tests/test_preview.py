"""The preview server (`python -m generator serve`, generator/bridge/preview.py).

A real server runs over HTTP on a small synthetic corpus. After each kind of edit
(a change, a new file, a deleted one, a renamed one, an error and then its fix)
the folder it serves must hold the same bytes as a cold `mkdocs build` of the same
content, search index included; each save must cause exactly one rebuild; and
the served page must show the change. Before the background re-index holds a
save, search must find it from the preview's small index of the saved pages, in
that index and in Chromium's header search. The MkDocs internals the preview uses are
checked in test_mkdocs_internals.py. Not a timing test: scripts/benchmark.py measures
how fast a save shows.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .helpers import (
    NOW,
    digest,
    edit_field,
    for_mkdocs,
    free_port,
    mkdocs_build,
    mkdocs_env,
    served,
    synthetic_project,
)

ITEMS = 30
WAIT = 120  # seconds; generous, as a shared test machine can be slow


class Server:
    """`python -m generator serve` in its own process, with its log read as it comes."""

    def __init__(self, project: Path, env: dict | None = None):
        self.project = project
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "--root", str(project), "serve", "-a", f"127.0.0.1:{self.port}"],
            cwd=project,
            env=mkdocs_env(**(env or {})),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()
        self.wait_for(lambda: self.has("Serving on http"), "the server to start")
        self.wait_for(lambda: self.has("search: index of version 1 ready"), "the first search index")

    def _read(self) -> None:
        for line in self.proc.stdout:
            with self._lock:
                self.lines.append(line.rstrip("\n"))

    @property
    def log(self) -> str:
        with self._lock:
            return "\n".join(self.lines)

    def has(self, text: str) -> bool:
        return text in self.log

    def wait_for(self, condition, what: str) -> None:
        deadline = time.monotonic() + WAIT
        while not condition():
            if self.proc.poll() is not None:
                pytest.fail(f"the server stopped while waiting for {what}:\n{self.log}")
            if time.monotonic() > deadline:
                pytest.fail(f"timed out waiting for {what}:\n{self.log}")
            time.sleep(0.05)

    def rebuilds(self) -> list[str]:
        return re.findall(r"Rebuild \d+ \(version \d+\): (.*)", self.log)

    def version(self) -> int:
        found = re.findall(r"Rebuild \d+ \(version (\d+)\)", self.log)
        return int(found[-1]) if found else 1

    def folder(self) -> Path:
        return Path(re.findall(r"(?:into|Serving) (/\S+)", self.log)[-1])

    def save(self, edit) -> str:
        """Make one edit, wait for its one rebuild and the search index of it; return what was rebuilt."""
        before = len(self.rebuilds())
        edit()
        self.wait_for(lambda: len(self.rebuilds()) > before, "the rebuild after a save")
        version = self.version()
        self.wait_for(lambda: self.has(f"search: index of version {version} ready"), "the search index")
        time.sleep(0.6)  # long enough for a second rebuild to start, if the save caused one
        rebuilt = self.rebuilds()[before:]
        assert len(rebuilt) == 1, f"one save should cause one rebuild, not {len(rebuilt)}:\n{self.log}"
        return rebuilt[0]

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return response.read().decode("utf-8")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def cold_build(project: Path, tmp: Path) -> dict[str, str]:
    """A cold `mkdocs build` of a copy of the project's sources (mtimes kept: without git,
    calendar stamps come from them)."""
    copy = tmp / f"cold-{time.monotonic_ns()}"
    copy.mkdir()
    shutil.copytree(project / "content", copy / "content")
    shutil.copy2(project / "site.yml", copy / "site.yml")
    for_mkdocs(copy)
    result = mkdocs_build(copy, NOW)
    assert result.returncode == 0, result.stdout + result.stderr
    found = digest(copy / "build" / "site")
    shutil.rmtree(copy)
    return found


# `mkdocs build` cuts Material's stylesheets to the rules the site uses (generator/bridge/styles.py,
# tests/test_styles.py); the preview serves them whole, as they change with every edit.
PRUNED = re.compile(r"assets/stylesheets/(?:main|palette)\.[^/]*\.min\.css(?:\.map)?")


def assert_same_site(server: Server, project: Path, tmp: Path, after: str) -> None:
    served, cold = digest(server.folder()), cold_build(project, tmp)
    stylesheets = [p for p in cold if PRUNED.fullmatch(p)]
    assert len(stylesheets) == 2, f"the cold build has not Material's two stylesheets: {stylesheets}"
    served = {p: d for p, d in served.items() if not PRUNED.fullmatch(p)}
    cold = {p: d for p, d in cold.items() if not PRUNED.fullmatch(p)}
    missing = sorted(set(cold) - set(served))
    extra = sorted(set(served) - set(cold))
    differ = sorted(p for p in set(cold) & set(served) if cold[p] != served[p])
    assert not (missing or extra or differ), (
        f"after {after}, the served site differs from a cold build: missing {missing[:10]}, "
        f"extra {extra[:10]}, different {differ[:10]}"
    )


@pytest.fixture
def project(tmp_path) -> Path:
    return for_mkdocs(synthetic_project(tmp_path / "project", ITEMS, seed=11))


@pytest.fixture
def server(project):
    running = Server(project)
    yield running
    running.stop()
    assert running.proc.returncode is not None


def event_in_series(project: Path) -> Path:
    events = sorted(p for p in (project / "content" / "events").glob("*/*.md") if not p.name.startswith("_"))
    assert events, "the corpus should have events in series"
    return events[len(events) // 2]


def page_of(project: Path, source: Path) -> str:
    """The address of a content file's page: its path in content/ without .md, as a folder."""
    return source.relative_to(project / "content").with_suffix("").as_posix() + "/"


def test_every_kind_of_edit_serves_the_same_bytes_as_a_cold_build(project, server, tmp_path):
    assert_same_site(server, project, tmp_path, "the first build")
    event = event_in_series(project)
    url = page_of(project, event)
    assert "Learning from the preview" not in server.get(url)

    # A changed title: the page shows it, and only the pages that show it are rebuilt.
    epoch = re.search(r"livereload\((\d+), \d+\)", server.get(url)).group(1)
    rebuilt = server.save(lambda: edit_field(event, "title", "Learning from the preview"))
    # An open browser tab asks whether the site changed since its epoch, and reloads if so.
    assert int(server.get(f"livereload/{epoch}/1")) > int(epoch)
    assert "page" in rebuilt and "whole site" not in rebuilt, rebuilt
    html = server.get(url)
    assert "Learning from the preview" in html
    assert "livereload" in html  # the server adds its reload script to what it sends...
    assert "livereload" not in (server.folder() / url / "index.html").read_text(encoding="utf-8")  # ...not to files
    assert_same_site(server, project, tmp_path, "a changed title")

    # A new event in the same series: its page, and its place in every listing.
    added = event.with_name("a-new-event-from-the-preview.md")
    text = event.read_text(encoding="utf-8").replace("Learning from the preview", "A new event from the preview")
    text = re.sub(r"(?m)^uid: .*\n", "", text)
    server.save(lambda: added.write_text(text, encoding="utf-8"))
    assert "A new event from the preview" in server.get(page_of(project, added))
    assert_same_site(server, project, tmp_path, "an added file")

    # Renamed: the old page goes, the new one comes.
    renamed = added.with_name("renamed-by-the-preview.md")
    server.save(lambda: added.rename(renamed))
    assert "A new event from the preview" in server.get(page_of(project, renamed))
    with pytest.raises(urllib.error.HTTPError) as gone:
        server.get(page_of(project, added))
    assert gone.value.code == 404
    assert_same_site(server, project, tmp_path, "a renamed file")

    # Deleted.
    server.save(renamed.unlink)
    assert not (server.folder() / page_of(project, renamed)).exists()
    assert_same_site(server, project, tmp_path, "a deleted file")

    # An error keeps the last good site and says what is wrong; its fix brings the edit in.
    good = event.read_text(encoding="utf-8")
    last_good = digest(server.folder())
    rebuilt = server.save(lambda: edit_field(event, "start", "14:00"))
    assert "the last good site is still served" in rebuilt
    assert f"{event.relative_to(project).as_posix()}:" in server.log and "start:" in server.log
    assert "Learning from the preview" in server.get(url)
    assert digest(server.folder()) == last_good
    server.save(
        lambda: event.write_text(good.replace("Learning from the preview", "Fixed in the preview"), encoding="utf-8")
    )
    assert "Fixed in the preview" in server.get(url)
    assert_same_site(server, project, tmp_path, "the error's fix")


def test_the_menu_and_site_settings_rebuild_every_page_and_build_output_is_no_save(project, server, tmp_path):
    # The generator's output folder is not watched: only content/, site.yml and mkdocs.yml are.
    before = len(server.rebuilds())
    (project / "build" / "docs" / "stray.txt").write_text("not a content file\n", encoding="utf-8")
    time.sleep(1.0)
    assert len(server.rebuilds()) == before, server.log
    (project / "build" / "docs" / "stray.txt").unlink()

    # A free page is in the menu on every page.
    page = project / "content" / "pages" / "contact-the-team.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    rebuilt = server.save(
        lambda: page.write_text("---\ntitle: Contact the team\n---\nWrite to us.\n", encoding="utf-8")
    )
    assert "whole site" in rebuilt, rebuilt
    assert "Contact the team" in server.get("")
    assert_same_site(server, project, tmp_path, "a new page in the menu")

    settings = project / "site.yml"
    rebuilt = server.save(
        lambda: settings.write_text(
            re.sub(r"(?m)^name: .*$", "name: Renamed Learning Exchange", settings.read_text(encoding="utf-8")),
            encoding="utf-8",
        )
    )
    assert "whole site" in rebuilt, rebuilt
    assert "Renamed Learning Exchange" in server.get("")
    assert_same_site(server, project, tmp_path, "a change to site.yml")


# --- search between a save and the full index that holds it ----------------------

REINDEX_DELAY = "PREVIEW_REINDEX_DELAY"  # SearchIndexer.REINDEX_DELAY_ENV


def index_pages(index: Path) -> dict[str, tuple[str, str]]:
    """A Pagefind index's pages, read from its fragment files: {address: (page id, title and text)}."""
    pages = {}
    for fragment in (index / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        pages[data["url"]] = (
            fragment.name.removesuffix(".pf_fragment"),
            data["meta"].get("title", "") + "\n" + data["content"],
        )
    return pages


def recent_state(server: Server) -> dict:
    return json.loads(server.get(".preview-search/state.json"))


def no_recent_pages(server: Server) -> bool:
    state = recent_state(server)
    return state["index"] is None and state["stale"] == []


def save_and_wait(server: Server, edit) -> None:
    before = len(server.rebuilds())
    edit()
    server.wait_for(lambda: len(server.rebuilds()) > before, "the rebuild after a save")


def title_of(path: Path) -> str:
    return re.search(r"(?m)^title: (.*)$", path.read_text(encoding="utf-8")).group(1).strip().strip('"')


def test_a_save_is_searchable_before_the_full_index_and_leaves_no_trace_after_it(project, tmp_path):
    server = Server(project, {REINDEX_DELAY: "5"})
    try:
        assert recent_state(server) == {"index": None, "stale": [], "full": 1}
        full = index_pages(server.folder() / "pagefind")
        event = event_in_series(project)
        url = "/" + page_of(project, event)
        deleted = sorted(p for p in event.parent.glob("*.md") if p != event and not p.name.startswith("_"))[0]
        deleted_url = "/" + page_of(project, deleted)
        deleted_text = deleted.read_text(encoding="utf-8")
        assert url in full and deleted_url in full

        # A changed title: a small index of the rebuilt pages holds it as soon as the page is
        # rebuilt, and the full index's out-of-date result for the page is named for dropping.
        save_and_wait(server, lambda: edit_field(event, "title", "Quillfeather review of the preview"))
        assert re.search(r"search: recent pages indexed in [\d.]+ s", server.log), server.log
        assert not server.has("search: index of version 2 ready"), "the full index was not slowed down"
        state = recent_state(server)
        recent = index_pages(server.folder().parent / state["index"])
        assert "Quillfeather review of the preview" in recent[url][1]
        assert full[url][0] in state["stale"]
        assert set(recent) <= set(full), "the small index holds only pages the full index would hold"
        with urllib.request.urlopen(server.url + ".preview-search/" + state["index"] + "pagefind.js") as response:
            assert response.headers["Content-Type"] == "application/javascript"  # a module script needs it

        # A deleted page: its full-index result is dropped too; the earlier save stays searchable.
        save_and_wait(server, deleted.unlink)
        state = recent_state(server)
        assert {full[url][0], full[deleted_url][0]} <= set(state["stale"])
        recent = index_pages(server.folder().parent / state["index"])
        assert "Quillfeather review of the preview" in recent[url][1] and deleted_url not in recent

        # An added page is found at once too.
        added = event.with_name("added-by-the-preview.md")
        text = re.sub(r"(?m)^uid: .*\n", "", deleted_text)
        save_and_wait(
            server,
            lambda: added.write_text(
                re.sub(r"(?m)^title: .*$", "title: Saltmarsh added in the preview", text), encoding="utf-8"
            ),
        )
        assert not server.has("search: index of version 2 ready"), "the full index was not slowed down"
        recent = index_pages(server.folder().parent / recent_state(server)["index"])
        assert "Saltmarsh added in the preview" in recent["/" + page_of(project, added)][1]
        assert "Quillfeather review of the preview" in recent[url][1]

        # The full index catches up: the small index goes, and the site is a cold build's.
        version = server.version()
        server.wait_for(lambda: server.has(f"search: index of version {version} ready"), "the full index")
        server.wait_for(lambda: no_recent_pages(server), "the small index to go")
        assert recent_state(server)["full"] == version
        full = index_pages(server.folder() / "pagefind")
        assert "Quillfeather review of the preview" in full[url][1] and deleted_url not in full
        assert "Saltmarsh added in the preview" in full["/" + page_of(project, added)][1]
        assert_same_site(server, project, tmp_path, "a save searched before the full index")
    finally:
        server.stop()


def header_search(tab, query: str, expect: str) -> list[dict]:
    """Type `query` in the header search; once a result links to `expect`, the results shown."""
    tab.click("input.md-search__input")
    tab.fill("input.md-search__input", "")  # clears the results shown
    tab.fill("input.md-search__input", query)
    tab.wait_for_function(
        "path => [...document.querySelectorAll('.md-search-result__link')].some(a => a.pathname === path)",
        arg=expect,
        timeout=10_000,
    )
    tab.wait_for_timeout(400)  # a later result set would replace this one by now
    return tab.eval_on_selector_all(
        ".md-search-result__item h2 > a.md-search-result__link",
        "els => els.map(a => ({path: a.pathname, title: a.innerText}))",
    )


def test_the_header_search_finds_a_saved_title_before_the_full_index_does(project, browser):
    server = Server(project, {REINDEX_DELAY: "8"})
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    errors, requests = [], []
    context.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    context.on("request", lambda request: requests.append(urlsplit(request.url).path))
    try:
        event = event_in_series(project)
        path = "/" + page_of(project, event)
        old = title_of(event)
        new = f"{old}, seen again at Quillfeather"
        save_and_wait(server, lambda: edit_field(event, "title", json.dumps(new)))
        tab = context.new_page()
        tab.goto(server.url + path.lstrip("/"))
        results = header_search(tab, "Quillfeather", path)
        assert [r["title"] for r in results if r["path"] == path] == [new]
        assert results[0]["path"] == path, "the page just saved comes first"
        # The old title's words are in the page before and after the save: the full index's
        # out-of-date result for it is dropped, so the page is listed once, with its new title.
        results = header_search(tab, old, path)
        assert [r["title"] for r in results if r["path"] == path] == [new], results
        assert old not in [r["title"] for r in results]
        assert not server.has("search: index of version 2 ready"), "found before the full index held it"
        assert not errors, errors
        assert any(p.startswith("/.preview-search/") for p in requests)

        # The full index catches up while the page stays open: its search loads the new
        # index (the old one's pieces are gone) and finds the page there, once.
        server.wait_for(lambda: server.has("search: index of version 2 ready"), "the full index")
        server.wait_for(lambda: no_recent_pages(server), "the small index to go")
        results = header_search(tab, "Quillfeather", path)
        assert [r["title"] for r in results if r["path"] == path] == [new]
        assert not errors, errors

        # The published site (the same files, without the preview's live-reload script)
        # asks for no such index, and searches its one full index.
        with served(server.folder()) as static:
            requests.clear()
            tab.goto(static + path.lstrip("/"))
            results = header_search(tab, "Quillfeather", path)
            assert [r["title"] for r in results if r["path"] == path] == [new]
            assert not [p for p in requests if ".preview-search" in p or "?" in p], requests
            assert not errors, errors
    finally:
        context.close()
        server.stop()
