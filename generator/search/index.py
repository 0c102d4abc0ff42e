"""The search index: Pagefind reads the built HTML and writes a static index in
small pieces (pagefind/ in the site), so a visitor's search downloads only the
parts of the index for the words they type, at any archive size.

What is indexed, and with which filters and result labels, is declared in the
pages themselves (data-pagefind-* attributes in the templates and the theme
override). This works on any folder of built HTML, whichever tool built it.

During `mkdocs build` Pagefind is given, instead of the built pages, a search
document for each (`document`): the page's language, its title and its
data-pagefind-body element, a fifth of the bytes, which is all Pagefind reads of
a page. The index is the same, byte for byte (tests/test_site.py checks), and
made in two thirds of the time.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

OUTPUT = "pagefind"
# Heading permalinks ("¶") would end up in every result title and excerpt.
EXCLUDE = ".headerlink"
_BODY = "<div data-pagefind-body"
_ATTRIBUTE = "data-pagefind-"
_DIV = re.compile(r"<(/?)div\b", re.IGNORECASE)
# Of a head with no data-pagefind-* attribute, Pagefind uses the title (for a page
# with no h1) and the character set; the theme's links, scripts and share meta, two
# fifths of the bytes it parsed, give it nothing to index.
_READ_IN_HEAD = re.compile(r"<meta charset=[^<>]*>|<title>.*?</title>", re.DOTALL)


class SearchIndexError(Exception):
    pass


@dataclass(frozen=True)
class IndexReport:
    pages: int
    seconds: float


def executable() -> Path:
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:  # the binary ships inside the pagefind-bin wheel
        raise SearchIndexError(
            "Pagefind is not installed: run `make` again, or `.venv/bin/pip install -e .` to install it"
        ) from exc
    return get_executable()


def command(site_dir: Path, output: Path | None = None) -> list[str]:
    """Pagefind's command line: index `site_dir` into its pagefind/ folder, or into `output`."""
    where = ["--output-path", str(output)] if output is not None else ["--output-subdir", OUTPUT]
    return [str(executable()), "--site", str(site_dir), *where, "--exclude-selectors", EXCLUDE]


def site_command(site_dir: Path, output: Path) -> list[str]:
    """A command that indexes a built site into `output` as `mkdocs build` does (from
    search documents where it would use them), in a process of its own."""
    return [sys.executable, "-m", "generator.search.index", str(site_dir), str(output)]


def html_pages(site_dir: Path) -> list[str]:
    """The HTML files of a built site, the search index's own folder and hidden ones aside."""
    found = []
    for dirpath, dirnames, filenames in os.walk(site_dir):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and not (d == OUTPUT and dirpath == str(site_dir))]
        base = Path(dirpath).relative_to(site_dir).as_posix()
        found += [name if base == "." else f"{base}/{name}" for name in filenames if name.endswith((".html", ".htm"))]
    return sorted(found)


def _index_built_site(site_dir: Path, output: Path) -> int:
    documents = Documents.in_memory()
    try:
        pages = None
        if documents is not None:
            uris = html_pages(site_dir)
            documents.add_files(site_dir, uris)
            pages = documents.arrange(uris)
        done = subprocess.run(
            command(pages or site_dir, output), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        sys.stdout.write(done.stdout)
        return done.returncode
    finally:
        if documents is not None:
            documents.remove()


def index(site_dir: Path, pages: Path | None = None) -> IndexReport:
    """Index the built site in `site_dir`, replacing any earlier index there; from
    the search documents in `pages` (see Documents), if given."""
    return start(site_dir, pages).wait()


def document(html: str) -> str | None:
    """What Pagefind reads of a built page: its language, its title and the element
    marked data-pagefind-body, in a page of their own; None if the page has no
    such element (once one page has, Pagefind leaves those out). The whole page
    if anything else in it speaks to Pagefind, or the element's end is unclear."""
    body = html.find(_BODY)
    if body < 0:
        return None
    head_end = html.find("<body")
    end = _element_end(html, body)
    if (
        head_end < 0
        or head_end > body
        or end is None
        or html.find(_ATTRIBUTE, 0, body) >= 0
        or html.find(_ATTRIBUTE, end) >= 0
    ):
        return html
    head = html[:head_end]
    opened, closed = head.find("<head>") + len("<head>"), head.rfind("</head>")  # the last: a script may hold one
    if len("<head>") <= opened <= closed:
        inner = head[opened:closed]
        kept = _READ_IN_HEAD.findall(inner)
        # Anything unusual about the title (attributes, capitals, two of them): the head as it is.
        if inner.lower().count("<title") == sum(k.startswith("<title>") for k in kept) == 1:
            head = f"{head[:opened]}{''.join(kept)}{head[closed:]}"
    return f"{head}<body>\n{html[body:end]}\n</body>\n</html>\n"


def _element_end(html: str, start: int) -> int | None:
    """Where the <div> that opens at `start` closes (after its </div>)."""
    depth = 0
    for tag in _DIV.finditer(html, start):
        if tag.group(1):
            depth -= 1
            if depth == 0:
                close = html.find(">", tag.end())
                return None if close < 0 else close + 1
        else:
            depth += 1
    return None


class Documents:
    """Search documents, one per built page, written as pages are rendered (by
    whichever process renders them) under a name of their own, then put in place
    in a folder like the site's (so Pagefind gives each its page's address).

    Pagefind numbers pages in the order the file system lists them, which on some
    (tmpfs, btrfs) is the order they were made in, so they are put in place by one
    process in one order, in memory (/dev/shm), where that order is the same on
    every machine: the index is the same whichever process rendered what. Where
    there is no /dev/shm, or a document cannot be written, the site is indexed
    from its pages instead."""

    SHM = Path("/dev/shm")

    def __init__(self, folder: Path):
        self.folder = folder
        self.made = folder / "made"
        self.made.mkdir()
        self._failed = multiprocessing.RawValue("b", 0)  # shared memory: seen by every process forked after

    @classmethod
    def in_memory(cls) -> Documents | None:
        """Documents in /dev/shm, or None where there is none to write to."""
        if not (cls.SHM.is_dir() and os.access(cls.SHM, os.W_OK)):
            return None
        return cls(Path(tempfile.mkdtemp(prefix="search-documents-", dir=cls.SHM)))

    @staticmethod
    def _name(dest_uri: str) -> str:
        return hashlib.sha256(dest_uri.encode("utf-8")).hexdigest()[:32] + ".html"

    def add(self, dest_uri: str, html: str) -> None:
        found = document(html)
        if found is not None and not self._failed.value:
            try:
                (self.made / self._name(dest_uri)).write_text(
                    found, encoding="utf-8", errors="xmlcharrefreplace"
                )  # as MkDocs writes pages
            except OSError:  # full (a small /dev/shm in a container): the pages themselves are indexed
                self._failed.value = 1

    def add_files(self, site_dir: Path, dest_uris: list[str]) -> None:
        """Documents for pages that are in `site_dir` already."""
        for dest_uri in dest_uris:
            self.add(dest_uri, (site_dir / dest_uri).read_text(encoding="utf-8", errors="replace"))

    def arrange(self, dest_uris: list[str]) -> Path | None:
        """The documents of these pages in place, in the pages' order; None if any
        could not be written, or there are none (then Pagefind reads the pages)."""
        if self._failed.value:
            return None
        tree = self.folder / "site"
        placed = 0
        for dest_uri in sorted(dest_uris):
            target = tree / dest_uri
            try:
                os.rename(self.made / self._name(dest_uri), target)
            except FileNotFoundError:
                if not (self.made / self._name(dest_uri)).exists():
                    continue  # a page with nothing to search
                target.parent.mkdir(parents=True)
                os.rename(self.made / self._name(dest_uri), target)
            placed += 1
        return tree if placed else None

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class Indexing:
    """Pagefind at work on a site folder; `wait` for its report."""

    def __init__(self, site_dir: Path, pages: Path | None = None):
        self.site_dir, self.started = site_dir, time.perf_counter()
        shutil.rmtree(site_dir / OUTPUT, ignore_errors=True)  # Pagefind adds to an old index rather than replacing it
        cmd = command(site_dir) if pages is None else command(pages, site_dir / OUTPUT)
        # Files rather than pipes: nobody reads a pipe while the build goes on, and a full one would stall Pagefind.
        self.output = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed by wait or stop)
        self.process = subprocess.Popen(cmd, stdout=self.output, stderr=subprocess.STDOUT)

    def wait(self) -> IndexReport:
        self.process.wait()
        with self.output:
            self.output.seek(0)
            stdout = self.output.read()
        if self.process.returncode != 0:
            raise SearchIndexError(f"Pagefind could not index {self.site_dir}:\n{stdout}")
        found = re.search(r"Indexed (\d+) pages?", stdout)
        return IndexReport(int(found.group(1)) if found else 0, time.perf_counter() - self.started)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.output.close()


def start(site_dir: Path, pages: Path | None = None) -> Indexing:
    """Start indexing `site_dir` in the background: from the search documents in
    `pages`, if given, else from its HTML pages, which must all be written already."""
    return Indexing(site_dir, pages)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: python -m generator.search.index SITE_DIR OUTPUT_DIR")
    raise SystemExit(_index_built_site(Path(sys.argv[1]), Path(sys.argv[2])))
