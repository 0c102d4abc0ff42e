"""The rule for HTML written into a page's text, shared by `check` and the build.

Authors may write ordinary HTML in a body (tables, <details>, <abbr>, <br>,
spans and classes, pictures and links), but nothing that runs code, sends what
readers type elsewhere, changes the whole page, or shows another site's page
unless that site is on the allow-list in site.yml (`embeds:`). `check` applies
the rule to each body as written, with its line numbers; the build applies it
again to each page's HTML as Python-Markdown made it, which is what a browser
gets, so a page can never carry what `check` refuses, however it was written.

HTML is read by justhtml, a parser that follows the HTML standard's tokenizer and
tree builder as browsers do (entities decoded, `<img/src/onerror=…>` and
`"…"onerror=` read as attributes, `<svg>` content as foreign elements), so the
rule sees what a browser would see rather than what a regular expression guesses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from justhtml import JustHTML

# Hosts that video services embed their players from, for recordings.
DEFAULT_EMBEDS = (
    "www.youtube-nocookie.com",  # YouTube's privacy-enhanced mode: no cookies until the video is played
    "player.vimeo.com",
    "*.sharepoint.com",  # Microsoft Stream keeps its videos in SharePoint
    "web.microsoftstream.com",
)

_CODE = "to show it as code, put it between backticks, like `<script>`"
_REFUSED = {
    "script": ("the text has a <script>: a page may not run code", "remove it; " + _CODE),
    "object": ("the text has an <object>, which shows a file or page the site cannot check", "link to it instead"),
    "embed": ("the text has an <embed>, which shows a file or page the site cannot check", "link to it instead"),
    "applet": ("the text has an <applet>, which runs code", "remove it"),
    "form": (
        "the text has a <form>, which would send what readers type to another site",
        "link to the form instead, like [Book a place](https://forms.office.com/…)",
    ),
    "base": ("the text has a <base>, which changes where every link on the page goes", "remove it"),
    "meta": (
        "the text has a <meta>, which can send readers to another page or change how the page is read",
        "remove it; the page's title and description come from its front matter",
    ),
    "link": ("the text has a <link>, which loads a file into the whole page", "remove it"),
    "style": (
        "the text has a <style>, which restyles the whole site, not just this text",
        'remove it; a class (class="…") styles one part',
    ),
    "svg": (
        "the text has an inline <svg>, which can carry scripts and links the site cannot check",
        "save the picture as a PNG file next to the page and show it with ![what it shows](picture.png)",
    ),
    "math": ("the text has a <math> block, which can carry links the site cannot check", "write the formula as text"),
}
_FRAMES = frozenset({"iframe", "frame", "frameset", "portal", "fencedframe"})
_URL_ATTRS = frozenset(
    {"href", "src", "action", "formaction", "poster", "data", "cite", "background", "xlink:href", "ping", "longdesc"}
)
# What an author calls the commonest addresses.
_NAMED = {("a", "href"): "the link", ("img", "src"): "the picture", ("img", "srcset"): "the picture"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_CONTROL = re.compile(r"[\t\n\r]")
_SAFE_DATA = re.compile(r"^data:image/(?:png|jpeg|gif|webp|avif)[;,]")

# What the build's net looks for before parsing a page: anything the rule refuses
# contains one of these, however it is spelled (a letter or colon written as a
# character reference, a tab or line break inside a scheme), so a page without
# any is let through unparsed. Most pages have none.
_SUSPECT = re.compile(
    r"<(?:" + "|".join([*_REFUSED, *_FRAMES]) + r")"
    r"|[\s/\"']on[^\s/>=\"']*\s*="
    r"|(?:s\s*c\s*r\s*i\s*p\s*t|d\s*a\s*t\s*a)\s*(?::|&colon)"
    r"|&#(?!(?:0*(?:39|34|38|60|62)|[xX]0*(?:27|22|26|3[cCeE]));)",
    re.I,
)


@dataclass(frozen=True)
class Breach:
    """Something in a body the rule refuses: where (a 0-based line of the text read), what and the fix."""

    line: int
    message: str
    fix: str


def scheme(url: str) -> str:
    """The scheme of a URL as a browser reads it: spaces and control characters
    around it and tabs and line breaks inside it do not count."""
    cleaned = _CONTROL.sub("", url.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f \t\n\r")).lower()
    m = _SCHEME.match(cleaned)
    return m.group(1) if m else ""


def url_breach(url: str, what: str = "the link") -> tuple[str, str] | None:
    """Why a link or picture address may not be used, if it may not: (message, fix)."""
    found = scheme(url)
    shown = url if len(url) <= 40 else url[:37] + "…"
    if found in ("javascript", "vbscript"):
        return (
            f"{what} goes to '{shown}', which runs code instead of opening a page",
            "use a full web address that starts with https://",
        )
    if found == "data" and not _SAFE_DATA.match(_CONTROL.sub("", url.strip()).lower()):
        return (
            f"{what} holds a 'data:' address, which can hide a page or code inside the text",
            "put the file next to this page and use its name, or use a full web address that starts with https://",
        )
    return None


class HtmlRule:
    """The rule, with the site's allow-list of hosts whose pages may be embedded."""

    def __init__(self, embeds: Iterable[str] = DEFAULT_EMBEDS):
        self.embeds = tuple(h.lower() for h in embeds)

    def allows_host(self, host: str) -> bool:
        host = host.lower()
        return any(host == h or (h.startswith("*.") and host.endswith(h[1:])) for h in self.embeds)

    @staticmethod
    def suspect(html: str) -> bool:
        """Whether `html` could hold anything the rule refuses (a quick look, before parsing)."""
        return _SUSPECT.search(html) is not None

    def breaches(self, html: str, forms: bool = False) -> list[Breach]:
        """What `html` holds that the rule refuses, in order; `forms`: a <form> is the generator's own."""
        root = JustHTML(html, fragment=True, sanitize=False, track_node_locations=True).root
        return [b for node in _elements(root) for b in self.element(node, forms)]

    def element(self, node, forms: bool = False) -> Iterator[Breach]:
        name = node.name.lower()
        line = max((node.origin_line or 1) - 1, 0)
        if name in _REFUSED and not (forms and name == "form"):
            yield Breach(line, *_REFUSED[name])
        elif name in _FRAMES:
            yield from self.frame(node, name, line)
        for attr, value in (node.attrs or {}).items():
            yield from _attribute(name, attr.lower(), value or "", line)

    def frame(self, node, name: str, line: int) -> Iterator[Breach]:
        src = (node.attrs or {}).get("src") or ""
        parts = urlsplit(src.strip())
        hosts = ", ".join(self.embeds)
        if "srcdoc" in (node.attrs or {}):
            yield Breach(line, f"the <{name}> has a srcdoc= attribute, a page written inside the text", "remove it")
        elif parts.scheme != "https" or not parts.hostname:
            yield Breach(
                line,
                f"the <{name}> does not show a page from a full https:// address",
                "use the embed address the video service gives, which starts with https://",
            )
        elif not self.allows_host(parts.hostname):
            yield Breach(
                line,
                f"the <{name}> shows a page from {parts.hostname}, which is not on the list of sites "
                "whose pages may be embedded",
                f"use the embed address of a video on one of them ({hosts}), or link to the page instead; "
                f"whoever looks after site.yml can add {parts.hostname} to `embeds:`",
            )


def _attribute(element: str, attr: str, value: str, line: int) -> Iterator[Breach]:
    if attr.startswith("on"):
        yield Breach(line, f"the <{element}> has an {attr}= attribute, which runs code", f'remove {attr}="…"')
        return
    urls = [part.strip().split(" ")[0] for part in value.split(",")] if attr in ("srcset", "imagesrcset") else [value]
    if attr in _URL_ATTRS or attr.endswith("srcset"):
        what = _NAMED.get((element, attr), f"the {attr}= of the <{element}>")
        for url in urls:
            found = url_breach(url, what)
            if found:
                yield Breach(line, *found)
                return


def _elements(node) -> Iterator:
    for child in getattr(node, "children", None) or ():
        if getattr(child, "attrs", None) is not None and not child.name.startswith("#"):
            yield child
        yield from _elements(child)
