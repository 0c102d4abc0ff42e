"""What the tests share: the fixed "now", projects written into temporary folders and
built for real, edits to them, and the tools from outside Python some tests need.

A project here is a folder with `site.yml` (a copy of the real one) and a
`content/` folder: the example site copied, a corpus from tests/corpus/, a
synthetic archive from scripts/make_corpus.py, or only the files a test gives.
Nothing here ever touches the repository's own content/. Pytest's fixtures,
which use these, are in conftest.py.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator import workers

REPO = Path(__file__).resolve().parent.parent
SITE_YML = REPO / "site.yml"
GOOD = REPO / "tests" / "corpus" / "good"  # tricky files that must pass
BAD = REPO / "tests" / "corpus" / "bad"  # one fault per file
JS = REPO / "tests" / "js"  # Mozilla's ical.js, installed by npm
CHROMIUM = "/usr/bin/chromium"

# The tests' fixed "now": Monday 23 November 2026, midday UTC. For the example site it falls
# after the 2023 series and before the 2027 events; the synthetic archive is made around it
# (make_corpus.FIXED_NOW, which test_incremental.py checks is the same).
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)

ITEMS = 60  # items in the synthetic archive the incremental and parallel builds use
SEED = 7


def _corpus_maker():
    """scripts/make_corpus.py, the synthetic archive maker, loaded once for every test module."""
    spec = importlib.util.spec_from_file_location("lsg_make_corpus", REPO / "scripts" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the script loads
    spec.loader.exec_module(module)
    return module


make_corpus = _corpus_maker()


# --- small content trees -----------------------------------------------------


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
    lines.append("recording: {url: https://video.example.org/recording, captions: true}")
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


def synthetic_project(root: Path, items: int = ITEMS, seed: int = SEED) -> Path:
    """A synthetic archive of `items` items (scripts/make_corpus.py) in `root`."""
    make_corpus.make_corpus(items, root, seed=seed)
    return root


# --- projects built with MkDocs ------------------------------------------------


def write_config(dest: Path) -> None:
    """The repo's mkdocs.yml, with the theme overrides pointing back at the repo (the plugin is
    found by its name, as an installed entry point)."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("custom_dir: overrides", f"custom_dir: {(REPO / 'overrides').as_posix()}")
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")


def for_mkdocs(root: Path) -> Path:
    """`root`, with the repo's mkdocs.yml and the docs folder MkDocs reads under `serve`."""
    write_config(root)
    (root / "build" / "docs").mkdir(parents=True, exist_ok=True)
    return root


def copy_project(dest: Path) -> Path:
    """mkdocs.yml, site.yml and content/, so a build never touches the repo."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "site.yml", dest / "site.yml")
    shutil.copytree(REPO / "content", dest / "content")
    return for_mkdocs(dest)


def repo_env(**extra: str) -> dict[str, str]:
    """This process's environment, with the repo first on PYTHONPATH, for Python run in a process of its own."""
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, **extra}


def mkdocs_env(now: datetime = NOW, **extra: str) -> dict[str, str]:
    """The environment of a test's MkDocs: the build date fixed at `now`, MkDocs' notice of its version 2 off."""
    return repo_env(SOURCE_DATE_EPOCH=str(int(now.timestamp())), NO_MKDOCS_2_WARNING="1", **extra)


def mkdocs_build(
    project: Path, now: datetime = NOW, strict: bool = True, processes: int | None = None
) -> subprocess.CompletedProcess:
    """`mkdocs build` of `project` in a process of its own; `processes`: BUILD_PROCESSES (1 = MkDocs alone)."""
    env = mkdocs_env(now) if processes is None else mkdocs_env(now, **{workers.WORKERS_ENV: str(processes)})
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml")]
    if strict:
        cmd.append("--strict")
    return subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=300)


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m generator --root root ARGS`, as an author runs it."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), *args], capture_output=True, text=True, timeout=120
    )


# --- files and trees -------------------------------------------------------------


def site_pages(site: Path, name: str = "*.html") -> list[Path]:
    """The built site's own pages: all but the editor at admin/, Decap CMS's application
    (tests/test_editor_browser.py drives it, and reports what axe finds there)."""
    return sorted(p for p in site.rglob(name) if p.relative_to(site).parts[0] != "admin")


def digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` by relative path -> SHA-256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def tree_state(folder: Path) -> dict[str, tuple[str, int]]:
    """Like digest, with each file's modification time (ns) as well."""
    return {
        p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def tree(out: Path) -> dict[str, bytes]:
    """Every file under `out` by relative path -> its bytes."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def age(folder: Path, seconds: int = 100) -> None:
    """Move every file's mtime into the past, so a rewrite shows even on a coarse clock."""
    for p in folder.rglob("*"):
        if p.is_file():
            st = p.stat()
            os.utime(p, ns=(st.st_atime_ns - seconds * 10**9, st.st_mtime_ns - seconds * 10**9))


# --- edits, as an author makes them ---------------------------------------------------


def edit_field(path: Path, field: str, value: str) -> None:
    """Give the first `field:` line of a content file a new value."""
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(rf"(?m)^{field}: .*$", f"{field}: {value}", text, count=1)
    assert count == 1, f"{path} has no {field} line"
    path.write_text(new, encoding="utf-8")


def replace_line(path: Path, pattern: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(pattern, new, text, count=1, flags=re.MULTILINE)
    assert count == 1, f"{path}: no line matches {pattern!r}"
    path.write_text(changed, encoding="utf-8")


def move_to_2031(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^(start|end): \d{4}-", r"\1: 2031-", text), encoding="utf-8")


def pick_event(site):
    """An event in a series, with tags and a chair or speakers from content/people/;
    one on the home page if there is such an event."""

    def fits(e):
        return e.series and e.tags and any(a.person.source for a in e.people)

    home = [e for e in site.upcoming[:3] if fits(e)]
    candidates = home or [e for e in site.events if fits(e)]
    assert candidates, "the corpus should have an event in a series with tags and people"
    return candidates[0]


def edits(project: Path, site):
    """Edits a comms officer makes, each touching what other pages show."""
    event = pick_event(site)
    sibling = next(e for e in event.series.events if e is not event)
    person = next(a.person for a in event.people if a.person.source)
    issue = next(i for i in site.issues if i.articles)
    visit = next(v for v in site.visits if v.quotes)
    slides = next(d for e in site.events for d in e.slides if d.source)
    yield "an event's summary", lambda: edit_field(event.source.doc.path, "summary", "A warm-rebuild summary.")
    yield "an event moved to a later year, which reorders its series", lambda: move_to_2031(sibling.source.doc.path)
    yield "a person's role", lambda: edit_field(person.source.doc.path, "role", "Chief Social Worker")
    yield "a series title", lambda: edit_field(event.series.source.doc.path, "title", "A renamed series")
    yield (
        "a journal's title, shown on its authors' pages",
        lambda: edit_field(issue.journal.source.doc.path, "title", "A renamed journal"),
    )
    yield "an issue's theme", lambda: edit_field(issue.source.doc.path, "title", "A new theme")
    yield "a visit's place", lambda: edit_field(visit.source.doc.path, "place", "Aberystwyth")
    picture = visit.source.doc.path.parent / "warm-rebuild.jpg"

    def add_picture_and_link():
        from PIL import Image

        Image.new("RGB", (1200, 900), "teal").save(picture)
        with visit.source.doc.path.open("a", encoding="utf-8") as f:
            f.write(
                f"\n![The team at the visit](warm-rebuild.jpg)\n\nWith [{person.name}](../../people/{person.id}.md).\n"
            )

    yield "a picture and a link to a person added to a visit note", add_picture_and_link

    def wider_picture():
        from PIL import Image

        Image.new("RGB", (2000, 800), "navy").save(picture)

    yield "that picture replaced by a wider one", wider_picture
    yield (
        "a new event in a series",
        lambda: (event.source.doc.path.parent / "a-new-event.md").write_text(
            "---\ntitle: A new event\nstart: 2030-02-01 10:00\nspeakers:\n  - name: Newly Named Speaker\n"
            "tags: [a brand new topic]\n---\nAbout the new event.\n",
            encoding="utf-8",
        ),
    )
    yield "an event file deleted", lambda: sibling.source.doc.path.unlink()
    yield (
        "a slide file replaced by a bigger one",
        lambda: slides.source.write_bytes(slides.source.read_bytes() + b"\n% a revised deck\n" * 100),
    )

    def new_slides():
        # A PDF this process has never seen: its text must be read even though the rebuild does not walk for PDFs.
        (event.source.doc.path.parent / "new-deck.pdf").write_bytes(slides.source.read_bytes())
        text = event.source.doc.path.read_text(encoding="utf-8")
        deck = "  - file: new-deck.pdf\n    title: New deck\n"
        if "\nslides:\n" in text:
            edited = text.replace("\nslides:\n", "\nslides:\n" + deck, 1)
        else:
            edited = text.replace("\n---\n", "\nslides:\n" + deck + "---\n", 1)
        assert edited != text
        event.source.doc.path.write_text(edited, encoding="utf-8")

    yield "a new slide deck added to an event", new_slides
    yield "site settings", lambda: replace_line(project / "site.yml", r"^name: .*$", "name: A Renamed Exchange")


# --- git history ----------------------------------------------------------------------


def git(cwd: Path, *args: str, when: str | None = None) -> None:
    """A git command in `cwd`, as a test author, with its author and commit dates `when` if given."""
    env = {**os.environ}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env=env,
    )


def committed_project(folder: Path, files: dict[str, str]) -> Path:
    """A project of `files` in a git repository, committed once on 1 January 2026 at 10:00 UTC."""
    root = make_project(folder, files)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first", when="2026-01-01T10:00:00+00:00")
    return root


# --- tools from outside Python ----------------------------------------------------------


def skip_or_fail(message: str) -> None:
    """A test that needs a tool from outside Python (Chromium, Node) is skipped loudly on a
    developer's machine without it, and failed under CI, where .ci/run installs it."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    print("\n" + "!" * 78 + f"\n!! {message}\n" + "!" * 78)
    pytest.skip(message)


def browser_missing() -> str | None:
    """What is missing for the browser tests, if anything."""
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"the Python package {exc.name} is not installed (make test installs it)"
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (install Debian's chromium: apt-get install -y chromium)"
    return None


def node_missing() -> str | None:
    """What is missing for the ical.js checks, if anything; installs ical.js with npm if it can."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (JS / "node_modules" / "ical.js").is_dir():
        if shutil.which("npm") is None:
            return "npm is not installed"
        result = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=JS, capture_output=True, text=True)
        if result.returncode != 0:
            return f"npm ci failed: {result.stderr[-300:]}"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- a site in a browser -----------------------------------------------------------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


class Quiet(SimpleHTTPRequestHandler):
    """A static file server that keeps its request log to itself."""

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """`folder` served over http on 127.0.0.1 while the block runs; gives its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def axe_violations(tab) -> list[str]:
    """What axe-core finds on the page open in `tab` against WCAG's A and AA rules (2.0 to 2.2), one line each."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(tab, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]} {v['help']}"
        for v in result.response["violations"]
    ]
