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


def index(site_dir: Path) -> IndexReport:
    """Index the built site in `site_dir`, replacing any earlier index there."""
    started = time.perf_counter()
    shutil.rmtree(site_dir / OUTPUT, ignore_errors=True)  # Pagefind adds to an old index rather than replacing it
    cmd = [str(executable()), "--site", str(site_dir), "--output-subdir", OUTPUT,
           "--exclude-selectors", EXCLUDE]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SearchIndexError(f"Pagefind could not index {site_dir}:\n{done.stdout}{done.stderr}")
    found = re.search(r"Indexed (\d+) pages?", done.stdout)
    return IndexReport(int(found.group(1)) if found else 0, time.perf_counter() - started)
