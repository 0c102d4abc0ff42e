"""`mkdocs build` with pages rendered in several processes (generator/bridge/page_workers.py).

Each build here is a real `mkdocs build --strict`, once in one process
(BUILD_PROCESSES=1, MkDocs alone) and once shared between processes; the two
sites must be the same bytes, and the messages the same. A warning raised while a
worker renders a page must still fail `--strict`, naming the content file. The
MkDocs internals the module relies on are checked in test_mkdocs_internals.py.
Not a timing test.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from generator.bridge import page_workers, plugin

from .helpers import NOW, REPO, copy_project, digest, for_mkdocs, mkdocs_build, mkdocs_env, synthetic_project

SHARED = re.compile(r"pages: (\d+) rendered in (\d+) processes \(([\d + ]+)\)")


def messages(result: subprocess.CompletedProcess) -> list[str]:
    """What MkDocs said, without the lines that differ between runs by design."""
    skip = ("generator:", "pages:", "Documentation built", "search:", "Building documentation")
    return [line for line in (result.stdout + result.stderr).splitlines() if not any(s in line for s in skip)]


def build_both_ways(project: Path, processes: int = 3) -> tuple[subprocess.CompletedProcess, ...]:
    """Build in one process, keep that site aside, build shared between `processes`."""
    one = mkdocs_build(project, processes=1)
    site = project / "build" / "site"
    if site.exists():
        shutil.move(site, project / "build" / "site-one-process")
    shared = mkdocs_build(project, processes=processes)
    return one, shared


def synthetic(root: Path) -> Path:
    return for_mkdocs(synthetic_project(root))


def assert_shared(result: subprocess.CompletedProcess, processes: int) -> list[int]:
    found = SHARED.search(result.stdout + result.stderr)
    assert found, "the build did not say it shared its pages:\n" + result.stdout + result.stderr
    shares = [int(n) for n in found.group(3).split(" + ")]
    assert int(found.group(2)) == processes == len(shares)
    assert all(shares) and sum(shares) == int(found.group(1)), f"every process renders some pages: {shares}"
    return shares


@pytest.mark.parametrize("kind", ["example site", "synthetic corpus"])
def test_shared_build_gives_the_same_site_as_one_process(tmp_path: Path, kind: str):
    project = copy_project(tmp_path / "p") if kind == "example site" else synthetic(tmp_path / "p")
    one, shared = build_both_ways(project)
    assert one.returncode == 0, one.stdout + one.stderr
    assert shared.returncode == 0, shared.stdout + shared.stderr
    assert "rendered in" not in one.stdout + one.stderr  # one process: MkDocs alone
    assert_shared(shared, 3)
    before, after = digest(project / "build" / "site-one-process"), digest(project / "build" / "site")
    assert before.keys() == after.keys()
    assert [path for path in before if before[path] != after[path]] == []
    assert messages(shared) == messages(one)


def test_a_warning_on_a_page_a_worker_renders_fails_strict_naming_the_content_file(tmp_path: Path):
    """An address from the root of the web server (`/intranet/`) is left as the author wrote it;
    with MkDocs told to warn about those, every page whose body has one gets a warning."""
    project = synthetic(tmp_path / "p")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "    unrecognized_links: warn\n" in text
    config.write_text(
        text.replace("    unrecognized_links: warn\n", "    unrecognized_links: warn\n    absolute_links: warn\n"),
        encoding="utf-8",
    )
    bodies = sorted(p for p in (project / "content").rglob("*.md") if "people" not in p.parts)
    for path in bodies:
        path.write_text(path.read_text(encoding="utf-8") + "\nSee [the intranet](/intranet/).\n", encoding="utf-8")

    one, shared = build_both_ways(project, processes=2)
    for result in (one, shared):
        assert result.returncode != 0, "a warning must fail --strict"
        assert re.search(r"Aborted with \d+ warnings in strict mode", result.stdout + result.stderr)
    assert_shared(shared, 2)

    warned = [line for line in messages(shared) if "absolute link '/intranet/'" in line]
    named = {m.group(1) for line in warned if (m := re.search(r"Doc file '([^']+)'", line))}
    # Every such page is named by its content file, whichever process rendered it.
    assert named == {p.relative_to(project).as_posix() for p in bodies}
    assert messages(shared) == messages(one)


def test_the_menu_drawn_once_is_the_menu_material_draws(tmp_path: Path):
    """overrides/partials/nav.html draws Material's menu once for the pages that see it alike,
    and overrides/main.html the blocks that differ only with depth once per depth
    (generator/bridge/menu.py); without them, Material draws all of it on every page. Same bytes either way."""
    project = synthetic(tmp_path / "p")
    plain = tmp_path / "overrides-without-menu"
    shutil.copytree(REPO / "overrides", plain)
    (plain / "partials" / "nav.html").unlink()
    main = (plain / "main.html").read_text(encoding="utf-8")
    assert "lx_same_at_depth is defined" in main
    (plain / "main.html").write_text(main.replace("lx_same_at_depth is defined", "false"), encoding="utf-8")
    drawn_once = mkdocs_build(project, processes=2)
    assert drawn_once.returncode == 0, drawn_once.stdout + drawn_once.stderr
    shutil.move(project / "build" / "site", project / "build" / "site-menu-once")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"custom_dir: .*", f"custom_dir: {plain.as_posix()}", text), encoding="utf-8")
    every_page = mkdocs_build(project, processes=2)
    assert every_page.returncode == 0, every_page.stdout + every_page.stderr
    before, after = digest(project / "build" / "site-menu-once"), digest(project / "build" / "site")
    assert before.keys() == after.keys()
    assert [path for path in before if before[path] != after[path]] == []
    menus = [
        p for p in (project / "build" / "site").rglob("*.html") if 'class="md-nav md-nav--primary"' in p.read_text()
    ]
    assert len(menus) > 100  # the menu is on every page, so the comparison covers it
    depths = {p.read_text().split('<script id="__config"', 1)[1].split("</script>", 1)[0] for p in menus}
    assert len(depths) >= 3  # pages at several depths, each with its own settings script


def _files_facts(files) -> list[tuple]:
    return [
        (
            f.src_uri,
            f.dest_uri,
            f.url,
            f.inclusion,
            f.abs_dest_path,
            f.edit_uri,
            f.is_documentation_page(),
            f.is_static_page(),
            f.is_media_file(),
        )
        for f in files
    ]


def test_files_from_memory_are_the_files_mkdocs_finds_in_its_docs_folder(tmp_path: Path):
    """`mkdocs build` takes the generator's files from memory: MkDocs must see the same files,
    in the same order (the sitemap lists pages in it), with the same bytes, as when they are
    written to build/docs and found by its own walk. Names chosen to test the walk's order:
    index first, a folder's files before its folders, folders by name, dot files excluded."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    from generator.build.pipeline import build

    project = copy_project(tmp_path / "p")
    made = build(project, None, now=NOW)
    outputs = dict(made.outputs)
    for rel in [
        "a.md",
        "a/index.md",
        "a/z.md",
        "a/b/c.md",
        "a-b/x.md",
        "Z/y.md",
        "_x.md",
        "zz/.hidden.md",
        "events/aaa.md",
        "events/index.md",
        "events/zzz/index.md",
        "assets/a.txt",
        "x/README.md",
        "x/index.md",
        "y/README.md",
    ]:
        outputs[rel] = f"# {rel}\n".encode()
    docs = project / "build" / "docs"
    for rel, data in outputs.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_bytes(data if isinstance(data, bytes) else data.read_bytes())

    config = load_config(str(project / "mkdocs.yml"))
    walked = get_files(config)
    walked.add_files_from_theme(config.theme.get_env(), config)
    (learning_site,) = config.plugins.values()
    # As the plugin's `config` event leaves them for its `files` event.
    learning_site.build = plugin.Build(in_memory=True, outputs=outputs)
    memory = config.plugins.on_files(walked.__class__([]), config=config)
    assert learning_site.build.outputs is None  # handed over once, not kept
    assert _files_facts(memory) == _files_facts(walked)
    assert "zz/.hidden.md" not in [f.src_uri for f in memory.documentation_pages()]
    assert any(not isinstance(data, bytes) for data in made.outputs.values())  # files to copy are covered too
    for file in memory:
        if file.src_uri in outputs:
            assert file.content_bytes == (docs / file.src_uri).read_bytes(), file.src_uri
    assert len([f for f in memory if f.src_uri in outputs]) == len(outputs) - 1  # x/README.md gives way
    assert memory.get_file_from_path("x/README.md") is None and memory.get_file_from_path("y/README.md")
    assert memory.get_file_from_path("zz/.hidden.md").inclusion.is_excluded()


@pytest.mark.parametrize("kind", ["example site", "synthetic corpus"])
def test_front_matter_kept_with_a_page_is_what_mkdocs_reads_from_it(tmp_path: Path, kind: str, monkeypatch):
    """Pages made in memory carry their front matter as written (PageSource), and a page
    worker reads it from there instead of parsing the YAML: it must be what MkDocs' own
    reading gives, to the order of the keys, and the Markdown after it too."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File
    from mkdocs.utils.meta import get_data

    from generator.build.pipeline import build
    from generator.render.pages import PageSource

    project = copy_project(tmp_path / "p") if kind == "example site" else synthetic(tmp_path / "p")
    made = build(project, None, now=NOW)
    pages = {rel: data for rel, data in made.outputs.items() if rel.endswith(".md") and isinstance(data, bytes)}
    kept = {rel: data for rel, data in pages.items() if isinstance(data, PageSource)}
    assert len(kept) > len(pages) // 2  # the generator's pages; the guide's are read as MkDocs reads them
    config = load_config(str(project / "mkdocs.yml"))
    plugin.of(config).build = plugin.Build(in_memory=False)  # a build's state, as the plugin's `config` event makes it
    config.plugins._current_plugin = "test"  # File.generated names the plugin whose event it is in
    parsed, yaml_read = [], []
    monkeypatch.setattr(Page, "read_source", lambda page, config: parsed.append(page.file.src_uri))
    monkeypatch.setattr(page_workers.mkdocs_meta, "get_data", lambda text: yaml_read.append(text) or get_data(text))
    for rel, data in pages.items():
        page = Page(None, File.generated(config, rel, content=data), config)
        page_workers.read_source_from_memory(page, config)
        if rel not in kept:  # left to MkDocs' own reading
            assert parsed[-1] == rel
            continue
        markdown, meta = get_data(data.decode("utf-8"))
        assert page.markdown == markdown, rel
        assert json.dumps(page.meta) == json.dumps(meta), rel  # keys in the same order too
        assert page.meta is not data.meta and page.meta["share"] is not data.meta["share"]  # the page's own
    assert len(parsed) == len(pages) - len(kept) and not yaml_read  # the YAML of a kept page is not read
    # Not what a plugin's source says: a page read from elsewhere is parsed as MkDocs parses it.
    rel, data = next(iter(kept.items()))
    config.plugins.events["page_read_source"].insert(0, lambda page, config: "---\ntitle: Other\n---\n\nText")
    page = Page(None, File.generated(config, rel, content=data), config)
    page_workers.read_source_from_memory(page, config)
    assert page.meta == {"title": "Other"} and page.markdown == "Text"
    config.plugins.events["page_read_source"].pop(0)
    # Nor bytes that do not split where they were written (a damaged PageSource).
    shifted = PageSource(data)
    shifted.meta, shifted.body_at = data.meta, data.body_at + 1
    page = Page(None, File.generated(config, rel, content=shifted), config)
    page_workers.read_source_from_memory(page, config)
    assert (page.markdown, page.meta) == get_data(data.decode("utf-8"))


def test_front_matter_kept_survives_awkward_text():
    """Text that YAML must quote, escape or fold: the front matter kept is still what MkDocs reads."""
    import jinja2
    from mkdocs.utils.meta import get_data

    from generator.render.pages import PageSource, _page

    env = jinja2.Environment(loader=jinja2.DictLoader({"t.md.j2": "# {{ page_url }}\n\nBody"}))
    awkward = [
        "  leading",
        "trailing  ",
        "two  spaces",
        "tab\there",
        "line\nbreak",
        "next\x85line",
        "sep\u2028x",
        "\ufeffbom",
        "yes",
        "1e3",
        "null",
        "~",
        "- a",
        "#x",
        "a: b",
        "'q'",
        '"d"',
        "emoji \U0001f600",
        "word " * 300 + " end",
        "---",
        "...",
        "x\n---\ny",
        "é à ü",
        "&lt;b&gt;",
        "{a}",
        "[a]",
        "!tag",
        "%x",
        "@x",
    ]
    for i, text in enumerate(awkward):
        data = _page(
            env,
            "t.md.j2",
            f"p{i}/",
            {"title": text, "description": f"d {text}", "search": "Event"},
            '{"a": "' + text.replace("\n", " ") + '"}',
            {"title": text, "url": f"https://x/{i}/"},
            True,
        )
        assert isinstance(data, PageSource), text
        markdown, meta = get_data(data.decode("utf-8"))
        assert json.dumps(data.meta) == json.dumps(meta), text
        assert markdown == data.decode("utf-8")[data.body_at :].lstrip("\n"), text


# The build run with its search documents cut short: `documents` is the Python that sets that up.
_WITHOUT_DOCUMENTS = {
    # No /dev/shm: nothing is held back, and Pagefind reads the built pages.
    "no /dev/shm": "search_index.Documents.SHM = Path('/nonexistent')",
    # /dev/shm full part of the way: pages were held back, and must all be on disk before
    # Pagefind reads them.
    "/dev/shm full": """
add = search_index.Documents.add
def failing(self, dest_uri, html, count=[0]):
    count[0] += 1
    if count[0] == 20:
        self._failed.value = 1
    return add(self, dest_uri, html)
search_index.Documents.add = failing
# Pages held back are slow to be written: Pagefind must wait for them.
import time
write = page_workers.write_file
def slowly(data, path, first=[True]):
    if first:
        time.sleep(1)
        first.clear()
    write(data, path)
page_workers.write_file = slowly
""",
}


@pytest.mark.parametrize("case", sorted(_WITHOUT_DOCUMENTS))
def test_without_search_documents_every_page_is_written_before_it_is_indexed(tmp_path: Path, site: Path, case: str):
    """Pages are held back while the index is made from search documents (see `flush`); where
    there are none, or too few, Pagefind indexes the built pages, which must all be there."""
    project = copy_project(tmp_path / "p")
    done = _build_patched(project, _WITHOUT_DOCUMENTS[case])
    assert done.returncode == 0, done.stdout + done.stderr
    assert_shared(done, 2)
    built = project / "build" / "site"
    pages = {path: sha for path, sha in digest(built).items() if not path.startswith("pagefind/")}
    assert pages == {path: sha for path, sha in digest(site).items() if not path.startswith("pagefind/")}
    entry, expected = (json.loads((where / "pagefind" / "pagefind-entry.json").read_text()) for where in (built, site))
    assert entry["languages"]["en"]["page_count"] == expected["languages"]["en"]["page_count"] > 40


@pytest.fixture
def pages_of():
    """One build's page workers, as the plugin makes them when a build starts; dropped after the test."""
    made = page_workers.PageWorkers()
    yield made
    made.finish(failed=True)


def test_a_page_writer_that_fails_fails_the_build(pages_of):
    """The workers write the pages they held back after sending their results; the build
    waits for them at its end and fails if one could not."""
    pid = os.fork()
    if pid == 0:
        os._exit(1)  # as a worker whose disk was full
    pages_of.writing.append(pid)
    with pytest.raises(PluginError, match="1 page worker"):
        pages_of.flush()
    assert pages_of.writing == []


def test_pages_held_back_that_cannot_be_written_fail_the_build(tmp_path: Path, pages_of):
    """MkDocs' own share of the pages is written by a thread; an error there fails the build too."""
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder\n", encoding="utf-8")
    good = tmp_path / "site" / "ok" / "index.html"
    pages_of.held.extend([(str(good), b"<p>written</p>"), (str(blocked / "page" / "index.html"), b"<p>no</p>")])
    pages_of.write_held_aside()
    assert pages_of.held == []
    with pytest.raises(PluginError, match="the pages could not be written"):
        pages_of.flush()
    assert good.read_bytes() == b"<p>written</p>"
    pages_of.flush()  # the error was reported once


def _build_patched(project: Path, patch: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` on two processes, with `patch` run first (in the process the workers fork from)."""
    script = "\n".join(
        [
            "import os, signal, sys",
            "from pathlib import Path",
            "from generator.bridge import page_workers",
            "from generator.search import index as search_index",
            patch,
            "from mkdocs.__main__ import cli",
            "sys.argv = ['mkdocs', 'build', '--strict', '-f', sys.argv[1]]",
            "cli()",
        ]
    )
    env = mkdocs_env(**{page_workers.ENV: "2"})
    return subprocess.run(
        [sys.executable, "-c", script, str(project / "mkdocs.yml")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_worker_that_dies_before_sending_its_pages_leaves_them_to_mkdocs(tmp_path: Path, site: Path):
    """MkDocs renders and writes the pages of a worker that died, as if there had been none."""
    project = copy_project(tmp_path / "p")
    done = _build_patched(project, "page_workers._send = lambda fd, done: os.kill(os.getpid(), signal.SIGKILL)")
    assert done.returncode == 0, done.stdout + done.stderr
    found = SHARED.search(done.stdout + done.stderr)
    assert found and found.group(3).endswith(" + 0"), done.stdout + done.stderr  # the worker's share came back empty
    assert digest(project / "build" / "site") == digest(site)


def test_a_page_that_cannot_be_written_fails_the_build_saying_why(tmp_path: Path):
    project = copy_project(tmp_path / "p")
    done = _build_patched(
        project, "def full(data, path):\n    raise OSError('no space left (test)')\npage_workers.write_file = full"
    )
    printed = done.stdout + done.stderr
    assert done.returncode != 0
    assert "the pages could not be written: no space left (test)" in printed
    assert "OSError: no space left (test)" in printed  # the worker's own traceback


def test_every_writer_is_waited_for_before_an_error_is_raised(tmp_path: Path, pages_of):
    pid = os.fork()
    if pid == 0:
        import time

        time.sleep(0.3)
        os._exit(0)
    pages_of.writing.append(pid)
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder\n", encoding="utf-8")
    pages_of.held.append((str(blocked / "index.html"), b"<p>no</p>"))
    pages_of.write_held_aside()
    with pytest.raises(PluginError, match="could not be written"):
        pages_of.flush()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped already
