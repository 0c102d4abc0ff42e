"""The MkDocs, Material and Python-Markdown internals generator/bridge relies on, each checked by name.

MkDocs 1.x is feature-frozen, and the bridge uses some of its private functions,
its undocumented attributes and the order of its steps; overrides/partials/nav.html
is a copy of one of Material's templates. Each row of INTERNALS is one such thing,
with the modules that rely on it. After an upgrade a row that fails names the
internal and those modules: compare them with the new code and change them to match
(and, where a row holds a fingerprint of code the bridge repeats, the fingerprint).
Whether the bridge still gives the same site is for test_mkdocs_parallel.py and
test_preview.py to say.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.util
import inspect
import logging
import re
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import NamedTuple

import pytest

from .helpers import REPO, free_port

BRIDGE = "generator/bridge"
PAGE_WORKERS = "generator/bridge/page_workers.py"
PREVIEW = "generator/bridge/preview.py"
FILES = "generator/bridge/files.py"
MENU = "generator/bridge/menu.py"
RAW_HTML = "generator/bridge/raw_html.py"
PLUGIN = "generator/bridge/plugin.py"
LOGS = "generator/bridge/logs.py"
SITE_FOLDER = "generator/bridge/site_folder.py"
NAV_OVERRIDE = "overrides/partials/nav.html"
MAIN_OVERRIDE = "overrides/main.html"

# What the preview repeats or replaces, as it was when the preview was written: a change
# to either must be looked at (Preview._build_all, PreviewServer._build_loop).
BUILD_FINGERPRINT = "c476b64474acfaa2"
LOOP_FINGERPRINT = "0bea1402bb4a41bf"
# What the menu drawn once assumes of Material's templates (generator/bridge/menu.py).
NAV_ITEM_FINGERPRINT = "89895208f22d68ce"
BLOCK_FINGERPRINTS = {"styles": "c09302ca7b81f2cd", "config": "7e39d18735bd3517", "scripts": "66a6516bdc6ae1fb"}


class Internal(NamedTuple):
    """One thing the bridge relies on: `check(name, *args)` raises if it is gone or changed."""

    name: str  # where it is, as it is imported
    what: str  # what of it the bridge relies on
    users: str  # the files that rely on it
    check: Callable[..., None]
    args: tuple = ()
    owner: str = "MkDocs"


# --- what a check does ------------------------------------------------------------------


def resolve(name: str):
    """The object a dotted name stands for: the longest module it starts with, then attributes."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            found = getattr(found, attribute)
        return found
    raise ImportError(f"no module of {name}")


def source(name: str) -> str:
    """The source of a function, a property's getter or a weak_property's function."""
    found = resolve(name)
    return inspect.getsource(getattr(found, "fget", None) or getattr(found, "func", None) or found)


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def parameters(name: str, *expected: str) -> None:
    found = list(inspect.signature(resolve(name)).parameters)
    assert found == list(expected), f"its parameters are {found}"


def first_parameters(name: str, *expected: str) -> None:
    found = list(inspect.signature(resolve(name)).parameters)
    assert found[: len(expected)] == list(expected), f"its parameters are {found}"


def in_order(name: str, *steps: str) -> None:
    """Each step is in the source of `name`, in this order."""
    text = source(name)
    places = [text.find(step) for step in steps]
    missing = [step for step, place in zip(steps, places, strict=True) if place == -1]
    assert not missing, f"its source no longer has {missing}"
    assert places == sorted(places), f"its steps are in another order: {dict(zip(steps, places, strict=True))}"


def same_source(name: str, expected: str) -> None:
    assert fingerprint(source(name)) == expected, f"its source has changed (fingerprint {fingerprint(source(name))})"


def callable_(name: str) -> None:
    assert callable(resolve(name)), "it is not callable"


def logger_named(name: str, logger: str) -> None:
    found = resolve(name)
    assert isinstance(found, logging.Logger) and found.name == logger, f"it is {found!r}"


# --- checks of one internal each ------------------------------------------------------


def version(name: str, prefix: str) -> None:
    assert resolve(name).startswith(prefix), f"it is {resolve(name)}"


def render_steps(name: str) -> None:
    """Page.render, step by step as render_reusing_parser takes them, and nothing more."""
    in_order(
        name,
        "markdown.Markdown(",
        "extensions=config['markdown_extensions']",
        "extension_configs=config['mdx_configs'] or {}",
        "_RawHTMLPreprocessor()",
        "raw_html_ext._register(md)",
        "_ExtractAnchorsTreeprocessor(self.file, files, config)",
        "extract_anchors_ext._register(md)",
        "_RelativePathTreeprocessor(self.file, files, config)",
        "relative_path_ext._register(md)",
        "_ExtractTitleTreeprocessor()",
        "extract_title_ext._register(md)",
        "self.content = md.convert(self.markdown)",
        "self.toc = get_toc(getattr(md, 'toc_tokens', []))",
        "self._title_from_render = extract_title_ext.title",
        "extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids",
        "if log.getEffectiveLevel() > logging.DEBUG:",
        "self.links_to_anchors = relative_path_ext.links_to_anchors",
    )
    text = source(name)
    assert text.count("_register(md)") == 4 and text.count("self.") == 9, "it takes steps of its own now"


def a_page():
    """A page of a file in the docs folder, not read yet."""
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    return Page(None, File("a.md", "/docs", "/site", True), {})


def page_made_for_file(name: str) -> None:
    """Page(None, file, config) is the page MkDocs' loop then finds as file.page."""
    from mkdocs.structure.files import File

    file = File("events/a.md", "/docs", "/site", True)
    page = resolve(name)(None, file, {})
    assert file.page is page and page._title_from_render is None and page.markdown is None


def title_from_render(name: str) -> None:
    assert "self._title_from_render" in source(name), "it no longer reads _title_from_render"
    page = a_page()
    page.markdown, page.content, page._title_from_render = "", "", "From the render"
    assert page.title == "From the render", f"a page given _title_from_render is titled {page.title!r}"


def page_attribute(name: str) -> None:
    from mkdocs.structure.pages import Page

    attribute = name.rpartition(".")[2]
    assert attribute in Page.__annotations__ and getattr(a_page(), attribute) is None, "pages no longer have it"


def registered(name: str, args: tuple, attribute: str) -> None:
    """Made with `args`, it has `attribute`; registered again, it replaces the last one of its name."""
    import markdown

    md = markdown.Markdown()
    first, second = resolve(name)(*args), resolve(name)(*args)
    assert hasattr(first, attribute), f"it has no {attribute}"
    first._register(md)
    second._register(md)
    processors = [*md.preprocessors, *md.treeprocessors]
    assert second in processors and first not in processors, "a second _register does not replace the first"


def anchors_in_raw_html(name: str) -> None:
    """The ids MkDocs finds in raw HTML, which raw_html adds to a page's anchors itself."""
    handler = resolve(name)()
    handler.feed('<div id="a"><a name="b"></a><p name="c"></p><span id="d&amp;e"></span></div>')
    handler.close()
    assert handler.present_anchor_ids == {"a", "b", "d&e"}, f"it finds {handler.present_anchor_ids}"


def a_config() -> SimpleNamespace:
    """As much of a config as File.generated reads."""
    return SimpleNamespace(site_dir="/site", use_directory_urls=True, plugins=SimpleNamespace(_current_plugin=None))


def generated_content(name: str) -> None:
    from mkdocs.structure.files import File

    data = b"---\ntitle: A\n---\n"
    assert File.generated(a_config(), "a.md", content=data)._content is data, "a generated file keeps it elsewhere"
    assert "self._content" in source("mkdocs.structure.files.File.content_bytes"), "content_bytes does not read it"


def generated_edit_uri(name: str) -> None:
    from mkdocs.structure.files import File

    assert resolve(name)(a_config(), "a.md", content=b"x").edit_uri is None, "a generated file has an edit_uri"
    assert File("a.md", "/docs", "/site", True).edit_uri == "a.md", "a found file's edit_uri is not its src_uri"


def src_uris(name: str) -> None:
    """Files.src_uris, keyed by src_uri as get_file_from_path looks a path up."""
    from mkdocs.structure.files import File, Files

    assert isinstance(resolve(name), property), "it is not a property"
    files = Files([File(uri, "/docs", "/site", True) for uri in ("index.md", "events/a.md", "events/a/index.md")])
    for uri in ("index.md", "events/a.md", "events/a/index.md", "events/b.md"):
        assert files.src_uris.get(uri) is files.get_file_from_path(uri), uri


def front_matter_end(name: str) -> None:
    assert resolve(name).match("---\na: b\n---\n\nText").end() == len("---\na: b\n---\n"), "it ends elsewhere"


@functools.cache
def server_attributes() -> frozenset[str]:
    from mkdocs import livereload

    server = livereload.LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=free_port(), root=".")
    try:
        return frozenset(dir(server))
    finally:
        server.server_close()


def server_attribute(name: str) -> None:
    assert name.rpartition(".")[2] in server_attributes(), "a LiveReloadServer no longer has it"


def terminal_state(name: str) -> None:
    """State(): a handler with MkDocs' ColorFormatter on the 'mkdocs' logger at INFO, not passed
    on to the root logger, and taken off again when the State is deleted."""
    from mkdocs.__main__ import ColorFormatter

    logger = logging.getLogger("mkdocs")
    saved = logger.level, logger.propagate
    try:
        state = resolve(name)()
        handler = state.stream
        assert handler in logger.handlers and isinstance(handler.formatter, ColorFormatter), "no such handler"
        assert logger.level == logging.INFO and not logger.propagate, "the logger is set up otherwise"
        del state
        assert handler not in logger.handlers, "its handler stays after the State is deleted"
    finally:
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def material_template(rel: str) -> str:
    return (Path(importlib.util.find_spec("material").origin).parent / "templates" / rel).read_text(encoding="utf-8")


def nav_copied(name: str) -> None:
    """overrides/partials/nav.html holds Material's partials/nav.html whole between its call and endcall."""
    own = (REPO / NAV_OVERRIDE).read_text(encoding="utf-8")
    inner = own.split("{%- call lx_menu() -%}\n", 1)[1].rsplit("{%- endcall -%}", 1)[0]
    theirs = re.sub(r"^\{#-.*?-#\}\n", "", material_template("partials/nav.html"), count=1, flags=re.S)
    assert inner == theirs, "Material's partials/nav.html is no longer the one overrides/partials/nav.html copies"


def template_unchanged(name: str, expected: str) -> None:
    found = fingerprint(material_template(name.removeprefix("material/templates/")))
    assert found == expected, f"it has changed (fingerprint {found})"


def block_unchanged(name: str, expected: str) -> None:
    block = name.rpartition(" ")[2]
    found = re.search(
        r"\{%\s*block " + block + r"\s*%\}(.*?)\{%\s*endblock\s*%\}", material_template("base.html"), re.S
    )
    assert found, "base.html has no such block"
    assert fingerprint(found.group(1)) == expected, f"it has changed (fingerprint {fingerprint(found.group(1))})"


def inline_priority(name: str) -> None:
    """TokensAsTheyAre registers at 21 to run just before Python-Markdown's inline patterns."""
    import markdown
    from markdown.treeprocessors import Treeprocessor

    md = markdown.Markdown()
    md.treeprocessors.register(Treeprocessor(md), "just_before", 21)
    found = md.treeprocessors.get_index_for_name("just_before"), md.treeprocessors.get_index_for_name("inline")
    assert found[1] == found[0] + 1, "the inline patterns are no longer at priority 20"


# --- the table --------------------------------------------------------------------------

BUILD = "mkdocs.commands.build"
PAGES = "mkdocs.structure.pages"
FILE = "mkdocs.structure.files"
SERVER = "mkdocs.livereload.LiveReloadServer"
TREE = (None, None, None)  # a treeprocessor's file, files and config: only kept
BOTH = f"{PAGE_WORKERS}, {PREVIEW}"

INTERNALS = [
    Internal("mkdocs.__version__", "1.6, the version every row here was written for", BRIDGE, version, ("1.6.",)),
    # mkdocs.commands.build: the build's steps, which the page workers run ahead and the preview repeats.
    Internal(f"{BUILD}._populate_page", "its parameters", BOTH, parameters, ("page", "config", "files", "dirty")),
    Internal(
        f"{BUILD}._populate_page",
        "it reads a page with page.read_source(config), converts it with page.render(config, files)",
        PAGE_WORKERS,
        in_order,
        (
            "config.plugins.on_pre_page(",
            "page.read_source(config)",
            "config.plugins.on_page_markdown(",
            "page.render(config, files)",
            "config.plugins.on_page_content(",
        ),
    ),
    Internal(
        f"{BUILD}._populate_page",
        "it logs a page that fails as 'Error reading page'",
        PAGE_WORKERS,
        in_order,
        ("message = f\"Error reading page '{page.file.src_uri}':\"", "log.error(message)"),
    ),
    Internal(
        f"{BUILD}._build_page",
        "its parameters",
        BOTH,
        parameters,
        ("page", "config", "doc_files", "nav", "env", "dirty", "excluded"),
    ),
    Internal(
        f"{BUILD}._build_page",
        "it renders the template page.meta names, else main.html",
        PAGE_WORKERS,
        in_order,
        ("page.meta.get('template', 'main.html')",),
    ),
    Internal(
        f"{BUILD}._build_page",
        "it writes the output of the post_page event, encoded as a page held back is",
        PAGE_WORKERS,
        in_order,
        (
            "output = config.plugins.on_post_page(output, page=page, config=config)",
            "if output.strip():",
            "output.encode('utf-8', errors='xmlcharrefreplace'), page.file.abs_dest_path",
        ),
    ),
    Internal(
        f"{BUILD}._build_page",
        "it skips a page given no output, saying 'Page skipped'",
        PAGE_WORKERS,
        in_order,
        ("if output.strip():", "log.info(f\"Page skipped: '{page.file.src_uri}'. Generated empty output.\")"),
    ),
    Internal(
        f"{BUILD}._build_page",
        "it logs a page that fails as 'Error building page'",
        PAGE_WORKERS,
        in_order,
        ("message = f\"Error building page '{page.file.src_uri}':\"", "log.error(message)"),
    ),
    Internal(
        f"{BUILD}._build_theme_template",
        "its parameters",
        PREVIEW,
        parameters,
        ("template_name", "env", "files", "config", "nav"),
    ),
    Internal(
        f"{BUILD}._build_extra_template",
        "its parameters",
        PREVIEW,
        parameters,
        ("template_name", "files", "config", "nav"),
    ),
    Internal(
        f"{BUILD}.build",
        "its steps: the nav event, reading the pages, the env event, the theme's templates, writing the pages",
        f"{PAGE_WORKERS}, {PLUGIN}, {PREVIEW}",
        in_order,
        (
            "plugins.on_nav(",
            "Page(None, file, config)",
            "_populate_page(",
            "plugins.on_env(",
            "_build_theme_template(",
            "_build_page(",
            "validate_anchor_links(",
            "plugins.on_post_build(",
        ),
    ),
    Internal(
        f"{BUILD}.build",
        "it empties the site folder after the config event, which names the folder to build into",
        f"{PLUGIN}, {SITE_FOLDER}",
        in_order,
        ("config = config.plugins.on_config(config)", "utils.clean_directory(config.site_dir)"),
    ),
    Internal(
        f"{BUILD}.build",
        "--strict counts the warnings that reach the 'mkdocs' logger's handlers, where replayed messages go",
        PAGE_WORKERS,
        in_order,
        ("warning_counter = utils.CountHandler()", "logging.getLogger('mkdocs').addHandler(warning_counter)"),
    ),
    Internal(
        f"{BUILD}.build",
        "unchanged since Preview._build_all was written from it",
        PREVIEW,
        same_source,
        (BUILD_FINGERPRINT,),
    ),
    Internal(f"{BUILD}.log", "the logger that says 'Page skipped'", PAGE_WORKERS, logger_named, (BUILD,)),
    # mkdocs.structure.pages: a page, and how it is read and converted.
    Internal(f"{PAGES}.Page.__init__", "its parameters", BOTH, parameters, ("self", "title", "file", "config")),
    Internal(
        f"{PAGES}.Page",
        "Page(None, file, config) is the page of file, as MkDocs' loop makes it",
        BOTH,
        page_made_for_file,
    ),
    Internal(
        f"{PAGES}.Page.render", "its steps, which render_reusing_parser takes one by one", PAGE_WORKERS, render_steps
    ),
    Internal(
        f"{PAGES}.Page.render",
        "what it learns from a page: _title_from_render, present_anchor_ids, links_to_anchors",
        PAGE_WORKERS,
        in_order,
        ("self._title_from_render", "self.present_anchor_ids", "self.links_to_anchors"),
    ),
    Internal(
        f"{PAGES}.Page.read_source",
        "its steps, which read_source_from_memory takes for a page made in memory",
        PAGE_WORKERS,
        in_order,
        (
            "config.plugins.on_page_read_source(page=self, config=config)",
            "source = self.file.content_string",
            "self.markdown, self.meta = meta.get_data(source)",
        ),
    ),
    Internal(f"{PAGES}.Page.title", "a page's title comes from _title_from_render", PAGE_WORKERS, title_from_render),
    Internal(
        f"{PAGES}.Page.present_anchor_ids",
        "a page's anchors, None until it is rendered",
        f"{PAGE_WORKERS}, {RAW_HTML}",
        page_attribute,
    ),
    Internal(
        f"{PAGES}.Page.links_to_anchors",
        "a page's links to anchors, None until it is rendered",
        PAGE_WORKERS,
        page_attribute,
    ),
    Internal(
        f"{PAGES}.Page.validate_anchor_links", "its parameters", PREVIEW, parameters, ("self", "files", "log_level")
    ),
    Internal(
        f"{PAGES}._RawHTMLPreprocessor",
        "made with nothing, with present_anchor_ids, _register(md)",
        PAGE_WORKERS,
        registered,
        ((), "present_anchor_ids"),
    ),
    Internal(
        f"{PAGES}._ExtractAnchorsTreeprocessor",
        "made with (file, files, config), with present_anchor_ids, _register(md)",
        PAGE_WORKERS,
        registered,
        (TREE, "present_anchor_ids"),
    ),
    Internal(
        f"{PAGES}._RelativePathTreeprocessor",
        "made with (file, files, config), with links_to_anchors, _register(md)",
        PAGE_WORKERS,
        registered,
        (TREE, "links_to_anchors"),
    ),
    Internal(
        f"{PAGES}._ExtractTitleTreeprocessor",
        "made with nothing, with title, _register(md)",
        PAGE_WORKERS,
        registered,
        ((), "title"),
    ),
    Internal(
        f"{PAGES}._HTMLHandler", "the ids MkDocs finds in raw HTML: id, and name on <a>", RAW_HTML, anchors_in_raw_html
    ),
    Internal(
        f"{PAGES}.log",
        "the logger whose level decides whether links to anchors are kept",
        PAGE_WORKERS,
        logger_named,
        (PAGES,),
    ),
    Internal("mkdocs.structure.toc.get_toc", "its parameters", PAGE_WORKERS, parameters, ("toc_tokens",)),
    # mkdocs.structure.files: the files MkDocs is handed from memory.
    Internal(
        f"{FILE}.File._content", "a generated file's content, read by content_bytes", PAGE_WORKERS, generated_content
    ),
    Internal(
        f"{FILE}.File.content_string",
        "it decodes as UTF-8, a byte order mark skipped",
        PAGE_WORKERS,
        in_order,
        ("content.decode('utf-8-sig', errors='strict')",),
    ),
    Internal(
        f"{FILE}.File.generated", "a generated file has no edit_uri, a found one its src_uri", FILES, generated_edit_uri
    ),
    Internal(f"{FILE}.File.copy_file", "its parameters", PREVIEW, parameters, ("self", "dirty")),
    Internal(f"{FILE}.Files.src_uris", "files by src_uri, as get_file_from_path finds them", BOTH, src_uris),
    Internal(f"{FILE}.set_exclusions", "its parameters", f"{FILES}, {PREVIEW}", parameters, ("files", "config")),
    Internal(f"{FILE}.get_files", "its parameters", PREVIEW, parameters, ("config",)),
    Internal(
        f"{FILE}.get_files",
        "the order of its walk: a folder's files before its folders, each by name",
        FILES,
        in_order,
        ("os.walk(config['docs_dir'], followlinks=True)", "dirnames.sort()", "filenames.sort(key=_file_sort_key)"),
    ),
    Internal(
        f"{FILE}._file_sort_key",
        "a folder's index or README first",
        FILES,
        in_order,
        ("(os.path.splitext(f)[0] not in ('index', 'README'), f)",),
    ),
    Internal(
        f"{FILE}.get_files",
        "how it settles a README and an index that make the same page",
        FILES,
        in_order,
        (
            "prev_file = files_by_dest.setdefault(file.dest_uri, file)",
            "conflicting_files.append((prev_file, file))",
            "set_exclusions(files, config)",
            "if b.inclusion.is_included():",
            "if a.inclusion.is_included():",
            "f\"Excluding '{a.src_uri}' from the site because it conflicts with '{b.src_uri}'.\"",
            "files.remove(a)",
            "files.remove(b)",
        ),
    ),
    Internal(f"{FILE}.log", "the logger that says a file conflicts with another", FILES, logger_named, (FILE,)),
    Internal("mkdocs.structure.nav.get_navigation", "its parameters", PREVIEW, parameters, ("files", "config")),
    # mkdocs.utils
    Internal("mkdocs.utils.meta.YAML_RE", "where it finds the end of the front matter", PAGE_WORKERS, front_matter_end),
    Internal(
        "mkdocs.utils.meta.get_data",
        "the Markdown is what follows the front matter YAML_RE finds",
        PAGE_WORKERS,
        in_order,
        ("YAML_RE.match(doc)", "doc = doc[m.end() :].lstrip('\\n')"),
    ),
    Internal("mkdocs.utils.write_file", "its parameters", PAGE_WORKERS, parameters, ("content", "output_path")),
    Internal("mkdocs.utils.normalize_url", "its parameters", MENU, parameters, ("path", "page", "base")),
    Internal(
        "mkdocs.utils.templates.url_filter",
        "the `url` filter is normalize_url with the page and base_url",
        MENU,
        in_order,
        ("normalize_url(str(value), page=context['page'], base=context['base_url'])",),
    ),
    # mkdocs.livereload: the server the preview's server is.
    Internal(
        f"{SERVER}.__init__",
        "its first parameters",
        PREVIEW,
        first_parameters,
        ("self", "builder", "host", "port", "root"),
    ),
    Internal(f"{SERVER}.serve_request", "its parameters", PREVIEW, parameters, ("self", "environ", "start_response")),
    Internal(
        f"{SERVER}.watch",
        "its parameters, which PreviewServer.watch takes too",
        PREVIEW,
        parameters,
        ("self", "path", "func", "recursive"),
    ),
    Internal(
        f"{SERVER}._build_loop",
        "unchanged since PreviewServer._build_loop was written to replace it",
        PREVIEW,
        same_source,
        (LOOP_FINGERPRINT,),
    ),
    Internal(
        f"{SERVER}.serve",
        "it starts the observer if a path is watched, then runs _build_loop",
        PREVIEW,
        in_order,
        ("if self._watched_paths:", "self.observer.start()", "self._build_loop()"),
    ),
    Internal(
        f"{SERVER}._serve_request",
        "it serves from self.root, waits while _visible_epoch is not _wanted_epoch, adds its script if a path is watched",
        PREVIEW,
        in_order,
        (
            "os.path.join(self.root, rel_file_path)",
            "self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)",
            'if self._watched_paths and file_path.endswith(".html"):',
        ),
    ),
    Internal("mkdocs.livereload._timestamp", "a new epoch", PREVIEW, callable_),
    *(
        Internal(f"{SERVER}.{attribute}", "an attribute of a server", PREVIEW, server_attribute)
        for attribute in (
            "_rebuild_cond",
            "_want_rebuild",
            "_shutdown",
            "_epoch_cond",
            "_visible_epoch",
            "_wanted_epoch",
            "_watched_paths",
            "observer",
            "build_delay",
            "shutdown_delay",
            "root",
            "error_handler",
            "mount_path",
        )
    ),
    # mkdocs.__main__: the command line's logging, borrowed by `python -m generator serve`.
    Internal(
        "mkdocs.__main__.State", "MkDocs' handler on the 'mkdocs' logger, on while a State lives", LOGS, terminal_state
    ),
    # Material: the templates the menu drawn once stands in for.
    Internal(
        "material/templates/partials/nav.html",
        "copied whole into overrides/partials/nav.html",
        f"{NAV_OVERRIDE}, {MENU}",
        nav_copied,
        owner="Material",
    ),
    Internal(
        "material/templates/partials/nav-item.html",
        "a page not in the menu sees it drawn from its addresses and titles alone",
        MENU,
        template_unchanged,
        (NAV_ITEM_FINGERPRINT,),
        owner="Material",
    ),
    *(
        Internal(
            f"material/templates/base.html block {block}",
            "names only files at the site's root, each relative to the page",
            f"{MAIN_OVERRIDE}, {MENU}",
            block_unchanged,
            (expected,),
            owner="Material",
        )
        for block, expected in BLOCK_FINGERPRINTS.items()
    ),
    # Python-Markdown
    Internal(
        "markdown.treeprocessors inline",
        "the inline patterns run at priority 20",
        RAW_HTML,
        inline_priority,
        owner="Python-Markdown",
    ),
]


@pytest.mark.parametrize("internal", INTERNALS, ids=lambda internal: f"{internal.name}: {internal.what}")
def test_an_internal_the_bridge_relies_on_is_still_there(internal: Internal):
    try:
        internal.check(internal.name, *internal.args)
    except Exception as exc:  # an AssertionError, or the internal gone (ImportError, AttributeError, TypeError...)
        rely = "rely" if "," in internal.users else "relies"
        pytest.fail(
            f"{internal.owner} internal {internal.name} is gone or changed ({internal.what}): "
            f"{internal.users} {rely} on it. {type(exc).__name__}: {exc}",
            pytrace=False,
        )


def test_every_mkdocs_private_name_the_bridge_imports_has_a_row():
    """A private name newly imported from MkDocs by the bridge must get a row above."""
    rows = {internal.name for internal in INTERNALS}
    used = set()
    for path in sorted((REPO / BRIDGE).glob("*.py")):
        text = path.read_text(encoding="utf-8")
        for module, names in re.findall(r"^from (mkdocs[\w.]*) import ([^\n(]+)$", text, re.M):
            used |= {f"{module}.{n.strip()}" for n in names.split(",") if n.strip().startswith("_")}
        for alias, module in (("mkdocs_pages", PAGES), ("livereload", "mkdocs.livereload")):
            used |= {f"{module}.{n}" for n in re.findall(rf"\b{alias}\.(_\w+)", text)}
    assert used, "the bridge's private MkDocs names were not found"
    assert not sorted(used - rows), (
        f"MkDocs internals the bridge uses without a row in INTERNALS: {sorted(used - rows)}"
    )
