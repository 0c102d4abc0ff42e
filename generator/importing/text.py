"""A description from another calendar as the Markdown of an event's text.

HTML (Google's and Outlook's descriptions, The Events Calendar's) becomes Markdown with
markdownify, the converter maintained on PyPI since 2012; plain text is made into the
same HTML first, so both come out escaped alike. The event's title is the page's one
top-level heading, so headings start at level 2; pictures are left out, as they are on
the old site and a page's pictures must sit beside it.
"""

from __future__ import annotations

import html
import re

from markdownify import MarkdownConverter

_TAG = re.compile(r"<(p|br|div|a|b|strong|i|em|ul|ol|li|h[1-6]|span|table|html|body|img)\b[^>]*>", re.I)
_URL = re.compile(r"<?(https?://[^\s<>\"]+[^\s<>\".,;:!?)])>?")


class _Converter(MarkdownConverter):
    """markdownify with headings one level down and pictures counted and left out."""

    def __init__(self, **options):
        super().__init__(heading_style="atx", bullets="-", **options)
        self.pictures = 0

    def convert_hN(self, n, el, text, parent_tags):  # noqa: N802 (markdownify's name)
        return super().convert_hN(max(n, 2), el, text, parent_tags)

    def convert_img(self, el, text, parent_tags):
        self.pictures += 1
        return ""


def looks_like_html(text: str) -> bool:
    return bool(_TAG.search(text))


def plain_to_html(text: str) -> str:
    """Plain text as HTML: blank lines part paragraphs, a line break stays one, and web
    addresses become links (Outlook writes them as `words<https://…>`)."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    out = []
    for para in paragraphs:
        pieces, last = [], 0
        for m in _URL.finditer(para):
            pieces.append(html.escape(para[last : m.start()]))
            pieces.append(f' <a href="{html.escape(m[1])}">{html.escape(m[1])}</a>')
            last = m.end()
        pieces.append(html.escape(para[last:]))
        # A line starting with # would be a heading in Markdown; in a calendar it is just text.
        lines = [re.sub(r"^(\s*)#", r"\1\\#", line) for line in "".join(pieces).split("\n")]
        out.append("<p>" + "<br>".join(lines) + "</p>")
    return "".join(out)


def markdown(description: str) -> tuple[str, int]:
    """The Markdown for a description (HTML or plain text), and how many pictures it left out."""
    if not description.strip():
        return "", 0
    source = description if looks_like_html(description) else plain_to_html(description)
    converter = _Converter()
    text = converter.convert(source)
    return _tidy(text), converter.pictures


def _tidy(text: str) -> str:
    """No trailing spaces but a line break's, and no run of blank lines."""
    lines = [line if line.strip() else "" for line in text.splitlines()]
    kept = [
        line if line.endswith("  ") and n + 1 < len(lines) and lines[n + 1] else line.rstrip()
        for n, line in enumerate(lines)
    ]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def plain(fragment: str) -> str:
    """HTML as one line of plain text: an excerpt as a summary."""
    text = re.sub(r"<[^>]+>", " ", fragment)
    return " ".join(html.unescape(text).split())
