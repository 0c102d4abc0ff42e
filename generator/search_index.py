"""The search index: Pagefind reads the built HTML and writes a static index in
small pieces (pagefind/ in the site), so a visitor's search downloads only the
parts of the index for the words they type, at any archive size.

What is indexed, and with which filters and result labels, is declared in the
pages themselves (data-pagefind-* attributes in the templates and the theme
override). This works on any folder of built HTML, whichever tool built it.
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


def index(site_dir: Path) -> IndexReport:
    """Index the built site in `site_dir`, replacing any earlier index there."""
    return start(site_dir).wait()


class Indexing:
    """Pagefind at work on a site folder; `wait` for its report."""

    def __init__(self, site_dir: Path):
        self.site_dir, self.started = site_dir, time.perf_counter()
        shutil.rmtree(site_dir / OUTPUT, ignore_errors=True)  # Pagefind adds to an old index rather than replacing it
        cmd = command(site_dir)
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


def start(site_dir: Path) -> Indexing:
    """Start indexing `site_dir` in the background: every HTML page must be written already."""
    return Indexing(site_dir)
