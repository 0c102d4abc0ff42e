"""The generator's HTML blocks, set aside before Python-Markdown reads a page and put back after.

Most of a generated page is HTML blocks (cards, filters, panels). Python-Markdown
passes such a block through unchanged, but first finds it with its HTML parser,
and MkDocs parses the whole page again for the ids it holds: two pure-Python
parses that were two fifths of the time of rendering a page. A block that
Python-Markdown would certainly pass through whole is replaced by a one-word
paragraph before it reads the page, and the block put back where that paragraph
comes out, exactly as Python-Markdown would have put it; its ids are added to
the page's anchors as MkDocs would have found them.

"Certainly" is kept narrow, so that anything unusual is left to Python-Markdown:
a block starts a line after a blank line, opens with a block-level tag and
closes it, nested properly, just before a blank line or the end; its attributes
are double-quoted; it has no comment, script, style, tab or carriage return;
and everything before it on the page is plain text without `<` or another such
block. tests/test_raw_html.py converts every page of the example site and of a
synthetic archive both ways with Python-Markdown and compares the bytes and ids.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from markdown.treeprocessors import Treeprocessor
from markdown.util import BLOCK_LEVEL_ELEMENTS, AtomicString

OUTER = {
    "div",
    "nav",
    "ul",
    "ol",
    "p",
    "section",
    "details",
    "table",
    "dl",
    "figure",
    "aside",
    "header",
    "footer",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
} & set(BLOCK_LEVEL_ELEMENTS)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
TOKEN = "lxrawhtmlblock"  # letters only: Markdown reads it as a plain word
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)([^<>]*)>")
_ATTR = re.compile(r'\s*([^\s="\'<>/]+)(?:="([^"]*)")?')
_UNSAFE = re.compile(r"<!|<\?|\t|\r|\x02|\x03|\n +\n|<(?:script|style|textarea|pre)\b", re.I)


@dataclass
class SetAside:
    blocks: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


def set_aside(markdown: str) -> tuple[str, SetAside]:
    """The page with its plain HTML blocks replaced by one-word paragraphs, and the blocks."""
    aside = SetAside()
    if TOKEN in markdown or "<" not in markdown:
        return markdown, aside
    out, pos = [], 0
    while True:
        start = _next_block_start(markdown, pos)
        if start is None:
            break
        end = _block_end(markdown, start, aside.ids)
        if end is None:
            break  # from here on Python-Markdown reads the page as it is
        out.append(markdown[pos:start])
        out.append(f"{TOKEN}{len(aside.blocks)}x")
        aside.blocks.append(markdown[start:end])
        pos = end
    out.append(markdown[pos:])
    return ("".join(out), aside) if aside.blocks else (markdown, SetAside())


def put_back(page_html: str, aside: SetAside) -> str:
    for i, block in enumerate(aside.blocks):
        paragraph = f"<p>{TOKEN}{i}x</p>"
        if page_html.count(paragraph) != 1:
            raise ValueError(f"the HTML block set aside as {paragraph} did not come out of Markdown once")
        # Python-Markdown keeps the line end after a block that a blank line follows.
        page_html = page_html.replace(paragraph, block + "\n")
    return page_html.strip()  # as Python-Markdown ends a conversion


def _next_block_start(text: str, pos: int) -> int | None:
    """Where the next block may start, if the plain text before it holds no `<` at all."""
    lt = text.find("<", pos)
    if lt == -1:
        return None
    if not (lt == 0 or text.endswith("\n\n", 0, lt) or (lt == 1 and text[0] == "\n")):
        return None
    return lt


def _block_end(text: str, start: int, ids: set[str]) -> int | None:
    """The end of the element that opens at `start`, if it is a block Python-Markdown passes whole."""
    stack: list[str] = []
    found, closed, pos = [], 0, None
    for m in _TAG.finditer(text, start):
        closing, name, attrs = m.groups()
        name = name.lower()
        if pos is None and (m.start() != start or closing or name not in OUTER):
            return None
        if attrs and not _plain_attributes(attrs):
            return None
        if closing:
            closed += 1
            if not stack or stack.pop() != name or attrs.strip():
                return None
        else:
            found.append((name, attrs))
            if name not in VOID and not attrs.rstrip().endswith("/"):
                stack.append(name)
        pos = m.end()
        if not stack:
            break
    else:
        return None
    end = pos
    rest = text[end : end + 2]
    if not (rest in ("", "\n") or rest == "\n\n"):
        return None
    if _UNSAFE.search(text, start, end) or text.count("<", start, end) != len(found) + closed:
        return None
    for name, attrs in found:
        upper = attrs.upper()
        if "ID" not in upper and "NAME" not in upper:
            continue  # most tags name no anchor: not worth reading attribute by attribute
        for m in _ATTR.finditer(attrs):
            attr, value = m.group(1).lower(), m.group(2)
            if attr == "id" or (attr == "name" and name == "a"):
                ids.add(None if value is None else html.unescape(value))  # as Python's HTML parser gives them
    return end


_TOKEN_PARAGRAPH = re.compile(rf"{TOKEN}\d+x")


class TokensAsTheyAre(Treeprocessor):
    """Marks the paragraphs that stand for set-aside blocks as text to leave as it is,
    so that Python-Markdown's inline patterns (a third of converting a page) are not
    tried on them: a token is a plain word, and they would find nothing in it."""

    def run(self, root) -> None:
        for paragraph in root.iter("p"):
            text = paragraph.text
            if text and len(paragraph) == 0 and _TOKEN_PARAGRAPH.fullmatch(text):
                paragraph.text = AtomicString(text)

    def register(self, md) -> None:
        md.treeprocessors.register(self, "lx_tokens_as_they_are", 21)  # just before "inline" (20)


_QUOTED = re.compile(r'"[^"]*"')


def _plain_attributes(attrs: str) -> bool:
    """Whether every value in an attribute list is double-quoted (or absent)."""
    if '"' not in attrs:
        return "'" not in attrs and "=" not in attrs
    if attrs.count('"') % 2:
        return False
    bare = _QUOTED.sub('""', attrs)  # every double-quoted value emptied
    return "'" not in bare and "=" not in bare.replace('=""', "")


# --- in MkDocs: between a page's `page_markdown` and `page_content` events ---------

_pending: dict[str, tuple[str, SetAside]] = {}


def before(markdown: str, page) -> str:
    converted, aside = set_aside(markdown)
    if aside.blocks:
        _pending[page.file.src_uri] = (markdown, aside)
    else:
        _pending.pop(page.file.src_uri, None)  # left by a render that failed
    return converted


def after(page_html: str, page, config, files) -> str:
    pending = _pending.pop(page.file.src_uri, None)
    if pending is None:
        return page_html
    markdown, aside = pending
    page.markdown = markdown  # the page's source as it was written, for anything that reads it later
    try:
        page_html = put_back(page_html, aside)
    except ValueError:  # Markdown made something else of the page: read it again as it was written
        page.render(config, files)
        return page.content
    page.present_anchor_ids = (page.present_anchor_ids or set()) | aside.ids
    return page_html
