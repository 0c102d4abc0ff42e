"""The preview's search of the pages saved since the last full search index.

Pagefind takes seconds to index a large archive, so the preview
(generator/preview.py) re-indexes the whole site in the background after a save.
Until that index is ready, the pages the save rebuilt are indexed on their own into
a small second index, in a fraction of a second, kept outside the served site so
that the site stays the same as a cold build. The preview answers for it under
PREFIX: `state.json` names the small index, the full index's ids of the pages it
replaces (changed or deleted pages, whose full-index results are out of date) and
the version of the full index (a page open while it is replaced must load it again).
assets/search.js, under the preview only, searches both and drops those results.
Once the full index holds a save, its pages leave the small index.
"""

from __future__ import annotations

import gzip
import json
import logging
import mimetypes
import posixpath
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from generator.search import index as search_index

log = logging.getLogger("mkdocs.generator.preview")

PREFIX = ".preview-search/"  # below the site's root; MkDocs never publishes dot-folders
# Pagefind indexes only the pages with a data-pagefind-body element once any page has one
# (every item page does): pages without it must stay out of the small index too.
SEARCHABLE = re.compile(rb"<[a-z][^>]*\sdata-pagefind-body[\s>=]")
_FRAGMENT_SIGNATURE = b"pagefind_dcd"
_INDEX_FOLDER = re.compile(r"recent-\d+")


def page_url(dest_uri: str) -> str:
    """The address Pagefind gives the page written to `dest_uri` (relative to the site)."""
    url = "/" + dest_uri
    return url[: -len("index.html")] if url.endswith("/index.html") else url


def page_ids(index_dir: Path) -> dict[str, str]:
    """A Pagefind index's page ids (what its search results call `id`) by page address."""
    ids = {}
    for fragment in (index_dir / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        if data.startswith(_FRAGMENT_SIGNATURE):
            data = data[len(_FRAGMENT_SIGNATURE) :]
        ids[json.loads(data)["url"]] = fragment.name[: -len(".pf_fragment")]
    return ids


@dataclass
class Change:
    version: int  # the preview's version that made it
    path: str | None  # the page's HTML file in the site; None once the page is removed


class RecentIndex:
    """The small index of the pages changed since the version the full index holds."""

    def __init__(self, work: Path):
        self.work = work
        self._lock = threading.Lock()
        self._changes: dict[str, Change] = {}  # by page address
        self._full_ids: dict[str, str] = {}  # the served full index's page ids, by address
        self._serial = 0
        self._full = 0  # the version of the served full index (0: none yet)
        self._state = json.dumps({"index": None, "stale": [], "full": 0}).encode()
        self._holds = False  # whether that state names a small index or results to drop

    def pages_changed(self, version: int, site_dir: Path, written: dict[str, str], removed: list[str]) -> None:
        """A rebuild of `version` wrote the pages `written` ({address: HTML file}) and removed `removed`."""
        with self._lock:
            for url in removed:
                self._changes[url] = Change(version, None)
            for url, path in written.items():
                self._changes[url] = Change(version, path)
            self._make(site_dir)

    def full_index_ready(self, version: int, site_dir: Path, ids: dict[str, str]) -> None:
        """The full index of `version`, with the page ids `ids` (see `page_ids`), is now served."""
        with self._lock:
            self._full_ids = ids
            self._full = version
            self._changes = {url: c for url, c in self._changes.items() if c.version > version}
            self._make(site_dir)

    def _make(self, site_dir: Path) -> None:
        started = time.perf_counter()
        had = self._holds
        pages = self.work / "recent-pages"
        shutil.rmtree(pages, ignore_errors=True)
        count = 0
        for change in self._changes.values():
            source = site_dir / change.path if change.path else None
            if source is None or not source.is_file():
                continue
            html = source.read_bytes()
            if not SEARCHABLE.search(html):
                continue
            target = pages / change.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(html)
            count += 1
        index = None
        if count:
            self._serial += 1
            index = f"recent-{self._serial}"
            done = subprocess.run(search_index.command(pages, self.work / index), capture_output=True, text=True)
            if done.returncode != 0:
                log.warning(
                    "search: Pagefind could not index the saved pages; search finds them as they were "
                    "until the full index catches up:\n%s",
                    done.stdout,
                )
                index = None
        shutil.rmtree(pages, ignore_errors=True)
        # Without the small index, the full index's results are the best there are.
        replaced = self._changes if index or not count else {}
        stale = sorted({self._full_ids[url] for url in replaced if url in self._full_ids})
        self._state = json.dumps({"index": index and f"{index}/", "stale": stale, "full": self._full}).encode()
        self._holds = bool(index or stale)
        # A browser may still be reading the index before last; older ones go.
        for old in self.work.glob("recent-*"):
            number = old.name.partition("-")[2]
            if number.isdigit() and int(number) < self._serial - 1:
                shutil.rmtree(old, ignore_errors=True)
        if self._changes:
            log.info(
                "search: recent pages indexed in %.2f s (%d page%s, %d replaced in the full index)",
                time.perf_counter() - started,
                count,
                "" if count == 1 else "s",
                len(stale),
            )
        elif had:
            log.info("search: the full index holds every save; no recent pages")

    def serve(self, rel: str) -> tuple[bytes, str] | None:
        """The body and type of `rel` below PREFIX, or None if there is no such file."""
        if rel == "state.json":
            return self._state, "application/json"
        rel = posixpath.normpath("/" + rel).lstrip("/")
        folder = rel.partition("/")[0]
        path = self.work / rel
        if not _INDEX_FOLDER.fullmatch(folder) or not path.is_file():
            return None
        kind = (
            "application/javascript"
            if rel.endswith(".js")
            else (mimetypes.guess_type(rel)[0] or "application/octet-stream")
        )
        return path.read_bytes(), kind
