"""Helpers that write small content trees into a temporary folder.

A test corpus is a project folder: `site.yml` (a copy of the real one) and a
`content/` folder holding only the files the test gives. Nothing here ever
touches the repository's own content/.
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SITE_YML = PROJECT / "site.yml"


def _corpus_maker():
    """scripts/make_corpus.py, the synthetic archive maker, loaded once for every test module."""
    spec = importlib.util.spec_from_file_location("lsg_make_corpus", PROJECT / "scripts" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the script loads
    spec.loader.exec_module(module)
    return module


make_corpus = _corpus_maker()

# A fixed "now" for tests that do not care about it: Monday 23 November 2026, midday UTC.
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


def md(front: str, body: str = "") -> str:
    """A Markdown file: the front matter (dedented) between --- lines, then the body."""
    front = textwrap.dedent(front).strip("\n")
    body = textwrap.dedent(body).strip("\n")
    return f"---\n{front}\n---\n" + (f"{body}\n" if body else "")


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` (paths relative to `root`) as UTF-8 text or raw bytes; return root."""
    for rel, data in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_bytes(data.encode("utf-8"))
    return root


def make_project(root: Path, content: dict[str, str | bytes] | None = None) -> Path:
    """A project folder with the real site.yml and a content/ folder holding `content`."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SITE_YML, root / "site.yml")
    (root / "content").mkdir(exist_ok=True)
    write_tree(root / "content", content or {})
    return root


def settings_for(root: Path):
    from generator.content.settings import load_settings

    return load_settings(root / "site.yml")


def load_project(root: Path, now: datetime = NOW):
    """Run the loader (validation) over a project folder made by make_project."""
    from generator.content.loader import load

    return load(root, settings_for(root), now)


def load_content(tmp_path: Path, content: dict[str, str | bytes], now: datetime = NOW):
    return load_project(make_project(tmp_path / "project", content), now)


# --- small valid pieces ----------------------------------------------------

PERSON_ANNA = md(
    """
    name: Anna Jones
    role: Director of Children's Services
    organisation: Example Borough Council
""",
    "Anna leads children's services.",
)

PERSON_BEN = md("""
    name: Ben Price
    role: Family court adviser
    organisation: Example Family Court
""")


def online_event(title: str, start: str, end: str | None = None, extra: str = "") -> str:
    """A valid online event with a recording (so a past one draws no warning)."""
    lines = [f"title: {title}", f"start: {start}"]
    if end:
        lines.append(f"end: {end}")
    lines.append("recording: https://video.example.org/recording")
    if extra:
        lines.append(textwrap.dedent(extra).strip("\n"))
    return md("\n".join(lines), "About the event.")


def valid_content() -> dict[str, str | bytes]:
    """A small corpus with one of everything, and no errors or warnings."""
    return {
        "people/anna-jones.md": PERSON_ANNA,
        "people/ben-price.md": PERSON_BEN,
        "events/standalone.md": online_event(
            "A standalone webinar",
            "2026-12-01 10:00",
            "2026-12-01 11:30",
            "chair: anna-jones\ntags: [care proceedings]",
        ),
        "events/delay/_series.md": md("title: Delay series\nsummary: Two events on delay."),
        "events/delay/one.md": online_event("Delay one", "2026-01-10 14:00", extra="speakers: [ben-price]"),
        "events/delay/two.md": online_event("Delay two", "2026-02-10 14:00"),
        "journal/sfj/_journal.md": md("title: Strengthening Families Journal"),
        "journal/sfj/issue-1.md": md("""
            title: First issue
            issue: 1
            published: 2025-03-20
            articles:
              - title: An article
                authors: [anna-jones]
            tags: [care proceedings]
        """),
        "practice-week/2025/_week.md": md("title: Practice week 2025\nstart: 2025-10-06\nend: 2025-10-10"),
        "practice-week/2025/leeds.md": md("""
            title: A visit to Leeds
            date: 2025-10-06
            place: Leeds
            nation: England
            team: [ben-price]
        """),
        "pages/about.md": md("title: About\norder: 1", "About this site."),
    }


# --- files and trees -------------------------------------------------------


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` by relative path -> SHA-256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def tree_state(folder: Path) -> dict[str, tuple[str, int]]:
    """Like tree_digest, with each file's modification time (ns) as well."""
    return {
        p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def make_pdf(path: Path, pages: int, padding: int = 0) -> Path:
    """A real, small PDF with `pages` blank A4 pages; `padding` characters of
    metadata make it bigger (to reach kilobytes)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if padding:
        writer.add_metadata({"/Subject": "x" * padding})
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        writer.write(fh)
    return path
