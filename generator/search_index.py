"""The search index: Pagefind reads the built HTML and writes a static index in
small pieces (pagefind/ in the site), so a visitor's search downloads only the
parts of the index for the words they type, at any archive size.

What is indexed, and with which filters and result labels, is declared in the
pages themselves (data-pagefind-* attributes in the templates and the theme
override). This works on any folder of built HTML, whichever tool built it.

During `mkdocs build` Pagefind is given, instead of the built pages, a search
document for each (`document`): the page's head and its data-pagefind-body
element, a third of the bytes, which is all Pagefind reads of a page. The index
is the same, byte for byte (tests/test_site.py checks), and made in two thirds
of the time.
"""

from __future__ import annotations

import re
import shutil
import subprocess
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
        raise SearchIndexError("Pagefind is not installed: run `make` again, or "
                               "`.venv/bin/pip install -e .` to install it") from exc
    return get_executable()


def command(site_dir: Path, output: Path | None = None) -> list[str]:
    """Pagefind's command line: index `site_dir` into its pagefind/ folder, or into `output`."""
    where = ["--output-path", str(output)] if output is not None else ["--output-subdir", OUTPUT]
    return [str(executable()), "--site", str(site_dir), *where, "--exclude-selectors", EXCLUDE]


def index(site_dir: Path, pages: Path | None = None) -> IndexReport:
    """Index the built site in `site_dir`, replacing any earlier index there; from
    the search documents in `pages` (see Documents), if given."""
    return start(site_dir, pages).wait()


def document(html: str) -> str | None:
    """What Pagefind reads of a built page: its head (language, title) and the
    element marked data-pagefind-body, in a page of their own; None if the page has
    no such element (once one page has, Pagefind leaves those out). The whole page
    if anything else in it speaks to Pagefind, or the element's end is unclear."""
    start = html.find(_BODY)
    if start < 0:
        return None
    head_end = html.find("<body")
    end = _element_end(html, start)
    if (head_end < 0 or head_end > start or end is None or _ATTRIBUTE in html[:start]
            or _ATTRIBUTE in html[end:]):
        return html
    return f"{html[:head_end]}<body>\n{html[start:end]}\n</body>\n</html>\n"


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
    """A folder of search documents, one per built page at the same place (so
    Pagefind gives each its page's address), written as pages are rendered, by
    whichever process renders them."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="search-documents-"))

    def add(self, dest_uri: str, html: str) -> None:
        found = document(html)
        if found is not None:
            target = self.folder / dest_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(found, encoding="utf-8", errors="xmlcharrefreplace")  # as MkDocs writes pages

    def any(self) -> bool:
        return any(self.folder.iterdir())

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class Indexing:
    """Pagefind at work on a site folder; `wait` for its report."""

    def __init__(self, site_dir: Path, pages: Path | None = None):
        self.site_dir, self.started = site_dir, time.perf_counter()
        shutil.rmtree(site_dir / OUTPUT, ignore_errors=True)  # Pagefind adds to an old index rather than replacing it
        cmd = command(site_dir) if pages is None else command(pages, site_dir / OUTPUT)
        # Files rather than pipes: nobody reads a pipe while the build goes on, and a full one would stall Pagefind.
        self.output = tempfile.TemporaryFile("w+", encoding="utf-8")
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
    """Start indexing `site_dir` in the background (from the search documents in
    `pages`, if given): every HTML page must be written already."""
    return Indexing(site_dir, pages)
