"""Setting the generator's HTML blocks aside before Python-Markdown (generator/bridge/raw_html.py)
changes nothing: every page of the example site, the tricky corpus and a synthetic archive
converted by Python-Markdown with the site's own extensions, with and without, gives the same
HTML, and MkDocs finds the same ids in it. The paragraphs standing for the blocks are not
read by Python-Markdown's inline patterns, and nothing else is kept from them."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config
from mkdocs.structure.pages import _HTMLHandler
from mkdocs.utils.meta import get_data

from generator.bridge import raw_html
from generator.build.pipeline import build

from .helpers import GOOD, NOW, copy_project, synthetic_project, write_config


def ids_in(text: str) -> set:
    """The ids MkDocs collects from a page's raw HTML, with its own parser."""
    handler = _HTMLHandler()
    handler.feed(text)
    handler.close()
    return handler.present_anchor_ids


def project(kind: str, root: Path) -> Path:
    if kind == "example site":
        return copy_project(root)
    if kind == "synthetic archive":
        synthetic_project(root)
    else:
        import shutil

        shutil.copytree(GOOD, root, dirs_exist_ok=True)
    write_config(root)
    return root


@pytest.mark.parametrize("kind", ["example site", "tricky corpus", "synthetic archive"])
def test_pages_convert_to_the_same_html_and_ids(tmp_path: Path, kind: str):
    root = project(kind, tmp_path / "p")
    docs = root / "build" / "docs"
    build(root, docs, now=NOW)
    config = load_config(str(root / "mkdocs.yml"))
    extensions, configs = config["markdown_extensions"], config["mdx_configs"] or {}
    pages = sorted(docs.rglob("*.md"))
    assert pages
    set_aside = 0
    for path in pages:
        text, _ = get_data(path.read_text(encoding="utf-8"))
        expected = markdown.Markdown(extensions=extensions, extension_configs=configs).convert(text)
        converted, aside = raw_html.set_aside(text)
        md = markdown.Markdown(extensions=extensions, extension_configs=configs)
        raw_html.TokensAsTheyAre(md).register(md)  # as the page workers convert pages
        got = raw_html.put_back(md.convert(converted), aside)
        assert got == expected, path.relative_to(docs).as_posix()
        assert ids_in(converted) | aside.ids == ids_in(text), path.relative_to(docs).as_posix()
        set_aside += len(aside.blocks)
    assert set_aside > len(pages)  # most of every generated page is set aside, so the comparison means something


def test_what_markdown_might_read_differently_is_left_to_it():
    cases = {
        "text <b>bold</b>\n\n<div>\n<p>x</p>\n</div>\n": 0,  # `<` in the text before: stop there
        "<div>\n<p>x</p>\n</div>\ntext right after\n": 0,  # no blank line after the block
        "<div>\n<!-- a comment -->\n</div>\n": 0,
        "<div class='single'>\n</div>\n": 0,
        "<div>\n<p>x</div>\n</p>\n": 0,  # not nested properly
        "<span>inline</span>\n": 0,
        '<div id="a &amp; b">\n<p>x</p>\n</div>\n\n# Heading\n\n<ul>\n<li>one</li>\n</ul>\n': 2,
    }
    for text, blocks in cases.items():
        converted, aside = raw_html.set_aside(text)
        assert len(aside.blocks) == blocks, text
        if blocks == 0:
            assert converted == text
    _, aside = raw_html.set_aside('<div id="a &amp; b">\n<p>x</p>\n</div>\n')
    assert aside.ids == {"a & b"}


def test_a_page_markdown_reads_otherwise_is_read_again_as_written():
    """A definition list's `:` line after a block makes the block's paragraph a term: the
    one-word paragraph is not there to put back, so the page is converted as written."""

    class File:
        src_uri = "events/x.md"

    class Page:
        file = File()
        markdown = content = None
        present_anchor_ids: set = set()

        def render(self, config, files):
            self.content = markdown.Markdown(extensions=["def_list"]).convert(self.markdown)

    text = '<div id="a">\n<p>x</p>\n</div>\n\n:   a definition\n'
    page = Page()
    converted = raw_html.before(text, page)
    assert converted != text
    page.markdown = converted
    page.render(None, None)
    html = raw_html.after(page.content, page, None, None)
    assert html == markdown.Markdown(extensions=["def_list"]).convert(text)
    assert page.markdown == text


def test_inline_patterns_skip_the_tokens_and_nothing_else():
    seen: list[str] = []

    class Spy(markdown.inlinepatterns.InlineProcessor):
        def handleMatch(self, m, data):
            seen.append(data)
            return None, None, None

    page = '# Title\n\n<div class="x"><p>Block</p></div>\n\nSome *plain* text.\n\n<ul><li>Item</li></ul>\n'
    converted, aside = raw_html.set_aside(page)
    assert len(aside.blocks) == 2
    md = markdown.Markdown(extensions=["attr_list", "toc"])
    md.inlinePatterns.register(Spy(r"^", md), "spy", 1000)
    raw_html.TokensAsTheyAre(md).register(md)
    html = raw_html.put_back(md.convert(converted), aside)
    assert "<em>plain</em>" in html and '<div class="x"><p>Block</p></div>' in html
    assert seen and not any(raw_html.TOKEN in text for text in seen), seen
    assert any("plain" in text for text in seen)
