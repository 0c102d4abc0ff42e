"""Links and images in page bodies: found once, checked with the content file's
own line numbers, and rewritten for the site.

Authors link to other content files by their relative path
(`../../people/clare-chamberlain.md#career`) and use files beside the page
(`![Practitioners at the workshop](photo.jpg)`). `check` reports a missing
target, a path that leaves content/, a heading that does not exist and an image
without alt text; the build turns links to content files into links to their
pages and images into resized copies with width, height and srcset.

The syntax read is Python-Markdown's: inline links and images, reference-style
links and their definitions, an attribute list after an image, and raw <a> and
<img> tags. Code spans and fenced code are left alone.
"""

from __future__ import annotations

import difflib
import html
import os
import posixpath
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote, unquote

from markdown.extensions.toc import slugify as toc_slugify

from generator.identity import GENERATOR_PAGES, href
from generator.problems import Problem
from generator.resources import images

_BRACKETED = r"(?:[^\[\]\\\n]|\\.|\[[^\[\]\n]*\])*"
_DEST = r"(?P<target><[^<>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)"
_TITLE = r"""(?:\s+(?P<title>"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?"""
_INLINE = re.compile(
    r"(?P<bang>!?)\[(?P<text>" + _BRACKETED + r")\]\(\s*" + _DEST + _TITLE + r"\s*\)"
    r"(?P<attrs>\{:?[^{}\n]*\})?"
)
_REF_USE = re.compile(r"(?P<bang>!?)\[(?P<text>" + _BRACKETED + r")\]\[(?P<label>[^\[\]\n]*)\]")
_SHORTCUT = re.compile(r"(?<![\]\\])(?P<bang>!?)\[(?P<text>" + _BRACKETED + r")\](?P<label>)(?![\[(:])")
_REF_DEF = re.compile(
    r"^ {0,3}\[(?P<label>[^\[\]\n]+)\]:[ \t]*(?P<target><[^<>\n]*>|\S+)"
    r"""(?:[ \t]+(?P<title>"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*$""",
    re.M,
)
_TAG = re.compile(r"<(?P<name>img|a)\b(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.I)
_ATTR = re.compile(r"""(?P<name>[^\s"'>/=]+)(?:\s*=\s*(?P<value>"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_HEADING_ID = re.compile(r"\s*\{:?[^{}]*#(?P<id>[\w-]+)[^{}]*\}\s*$")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_VAGUE_ALT = re.compile(r"^(?:image|photo|picture|img|graphic|(?:img|dsc|pxl|image|photo)[-_ ]?\d+.*)$", re.I)


@dataclass(frozen=True)
class Ref:
    """A link or image in a body, with where it sits in the text."""

    kind: str  # "link" or "image"
    syntax: str  # "inline", "use" (of a reference), "definition" or "html"
    target: str  # as written, without <> around it
    line: int  # 0-based, within the body
    start: int  # the span the build replaces: the target, or a whole image
    end: int
    text: str = ""  # link text, or the alt text of an image
    alt: bool = True  # an image has alt text (maybe empty, marked decorative)
    title: str | None = None
    attrs: tuple[tuple[str, str], ...] = ()  # other attributes of an <img>, or classes
    label: str = ""  # the reference label, for uses and definitions


@dataclass
class Body:
    text: str = ""
    refs: list[Ref] = field(default_factory=list)
    _anchors: list[str] | None = None
    checked_html: tuple | None = None  # (the allow-list, what body_html.check found), kept with the body

    @property
    def anchors(self) -> list[str]:
        """Heading ids, in order; worked out only for pages that links point into."""
        if self._anchors is None:
            self._anchors = headings(self.text)
        return self._anchors

    def carries_target(self, ref: Ref) -> bool:
        """Whether `ref` is where its target is checked and rewritten. A reference link
        goes where its definition points, so the definition is; but a definition only
        images use is checked and rewritten where each image uses it."""
        if ref.syntax == "use":
            return ref.kind == "image"
        if ref.syntax == "definition":
            return not self._used(ref.label, "image") or self._used(ref.label, "link")
        return True

    def _used(self, label: str, kind: str) -> bool:
        return any(r.syntax == "use" and r.kind == kind and r.label == label for r in self.refs)


def mask(text: str) -> str:
    """The text with code blocks and code spans blanked out (same length, same lines)."""
    out, fence = [], None
    for line in text.splitlines(keepends=True):
        m = _FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)[0] * len(m.group(1))
            out.append(re.sub(r"[^\n]", " ", line))
        elif fence is not None:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            out.append(re.sub(r"[^\n]", " ", line))
        else:
            out.append(line)
    masked = "".join(out)
    return _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), masked)


def _unquote(value: str) -> str:
    return value[1:-1] if len(value) >= 2 and value[0] in "\"'(" else value


def attributes(text: str) -> list[tuple[str, str | None]]:
    return [
        (m.group("name").lower(), html.unescape(_unquote(m.group("value"))) if m.group("value") is not None else None)
        for m in _ATTR.finditer(text)
    ]


def _line_of(text: str, pos: int, starts: list[int]) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:  # the last line start at or before pos
        mid = (lo + hi + 1) // 2
        if starts[mid] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _target(m: re.Match) -> tuple[str, int]:
    """A link's target without the <> around it, and where it starts in the text."""
    raw = m.group("target")
    if raw.startswith("<"):
        return raw[1:-1], m.start("target") + 1
    return raw, m.start("target")


def _title(m: re.Match) -> str | None:
    return _unquote(m.group("title")) if m.group("title") else None


def parse(text: str) -> Body:
    """The links and images of a body, in the order they appear in it."""
    if "[" not in text and "<" not in text:  # most bodies: no links, no images
        return Body(text)
    return _Parser(text).parse()


class _Parser:
    """One body's parse. Code is blanked out first, so a link in a code sample is
    not one; `taken` holds the spans already read as a link, an image or a
    definition, so a reference-style use inside one is not read a second time."""

    def __init__(self, text: str):
        self.masked = mask(text)
        self.starts = [0] + [m.end() for m in re.finditer(r"\n", self.masked)]
        self.body = Body(text)
        self.taken: list[tuple[int, int]] = []

    def parse(self) -> Body:
        self._inline()
        self._definitions()
        self._uses()
        self._shortcuts()
        self._tags()
        self.body.refs.sort(key=lambda r: (r.start, r.end))
        return self.body

    def line(self, pos: int) -> int:
        return _line_of(self.masked, pos, self.starts)

    def free(self, m: re.Match) -> bool:
        start, end = m.span()
        return not any(s < end and start < e for s, e in self.taken)

    def _inline(self) -> None:
        for m in _INLINE.finditer(self.masked):
            if m.group("bang"):
                self._image(m)
            else:
                self._link(m)
            self.taken.append(m.span())

    def _link(self, m: re.Match) -> None:
        target, at = _target(m)
        self.body.refs.append(
            Ref(
                kind="link",
                syntax="inline",
                target=target,
                line=self.line(at),
                start=at,
                end=at + len(target),
                text=m.group("text"),
                title=_title(m),
            )
        )
        # A linked picture: the image inside the link text is a reference of its own.
        for inner in _INLINE.finditer(self.masked, m.start("text"), m.end("text")):
            if inner.group("bang"):
                self._image(inner)
                self.taken.append(inner.span())
        for inner in _REF_USE.finditer(self.masked, m.start("text"), m.end("text")):
            if inner.group("bang"):
                self._use(inner)
                self.taken.append(inner.span())

    def _image(self, m: re.Match) -> None:
        target, _ = _target(m)
        pairs = attributes((m.group("attrs") or "").strip("{}:"))
        decorative = any(k == "alt" and v == "" for k, v in pairs)
        # What attr_list would have set: classes (.wide), an id (#map) and key="value" pairs.
        attrs = (
            tuple(("class", k[1:]) for k, v in pairs if k.startswith(".") and v is None)
            + tuple(("id", k[1:]) for k, v in pairs if k.startswith("#") and v is None)
            + tuple((k, v) for k, v in pairs if v is not None and k not in ("alt", "src", "srcset"))
        )
        alt = m.group("text")
        self.body.refs.append(
            Ref(
                kind="image",
                syntax="inline",
                target=target,
                line=self.line(m.start()),
                start=m.start(),
                end=m.end(),
                text=alt,
                alt=bool(alt.strip()) or decorative,
                title=_title(m),
                attrs=attrs,
            )
        )

    def _definitions(self) -> None:
        for m in _REF_DEF.finditer(self.masked):
            if m.group("label").startswith("^"):
                continue  # a footnote, not a link
            target, at = _target(m)
            self.body.refs.append(
                Ref(
                    kind="link",
                    syntax="definition",
                    target=target,
                    line=self.line(at),
                    start=at,
                    end=at + len(target),
                    title=_title(m),
                    label=m.group("label").strip().lower(),
                )
            )
            self.taken.append(m.span())

    def _uses(self) -> None:
        for m in _REF_USE.finditer(self.masked):
            if self.free(m):
                self._use(m)
                self.taken.append(m.span())

    def _shortcuts(self) -> None:
        """[label] or ![label], using a definition of that name."""
        labels = {r.label for r in self.body.refs if r.syntax == "definition"}
        for m in _SHORTCUT.finditer(self.masked):
            if m.group("text").strip().lower() in labels and self.free(m):
                self._use(m)

    def _use(self, m: re.Match) -> None:
        kind = "image" if m.group("bang") else "link"
        self.body.refs.append(
            Ref(
                kind=kind,
                syntax="use",
                target="",
                line=self.line(m.start()),
                start=m.start(),
                end=m.end(),
                text=m.group("text"),
                alt=bool(m.group("text").strip()) or kind == "link",
                label=(m.group("label") or m.group("text")).strip().lower(),
            )
        )

    def _tags(self) -> None:
        for m in _TAG.finditer(self.masked):
            pairs = attributes(m.group("attrs"))
            if m.group("name").lower() == "img":
                self._img_tag(m, pairs)
            elif "href" in dict(pairs):
                self._a_tag(m, dict(pairs)["href"] or "")

    def _img_tag(self, m: re.Match, pairs: list[tuple[str, str | None]]) -> None:
        values = dict(pairs)
        self.body.refs.append(
            Ref(
                kind="image",
                syntax="html",
                target=values.get("src") or "",
                line=self.line(m.start()),
                start=m.start(),
                end=m.end(),
                text=values.get("alt") or "",
                alt="alt" in values,
                title=values.get("title"),
                attrs=tuple((k, v or "") for k, v in pairs if k not in ("src", "srcset", "alt", "/")),
            )
        )

    def _a_tag(self, m: re.Match, target: str) -> None:
        # The span replaced is the href's value as written, inside its quotes.
        am = re.search(r"""\bhref\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+)""", m.group(0), re.I)
        quoted = am.group(1)[0] in "\"'"
        at = m.start() + am.start(1) + (1 if quoted else 0)
        length = len(am.group(1)) - (2 if quoted else 0)
        self.body.refs.append(
            Ref(kind="link", syntax="html", target=target, line=self.line(at), start=at, end=at + length)
        )


def _plain(text: str) -> str:
    """Heading text as the table of contents sees it: markup gone, link text kept."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    return html.unescape(re.sub(r"[*_`]", "", text))


def slug(text: str) -> str:
    """The id Python-Markdown's toc extension gives a heading, as mkdocs.yml configures it."""
    return toc_slugify(_plain(text), "-")


def unique(ids: list[str], value: str) -> str:
    # toc's rule for a repeated heading: the second "Notes" is notes_1.
    n, base = 0, value
    while value in ids or not value:
        n += 1
        value = f"{base}_{n}"
    return value


def headings(text: str) -> list[str]:
    masked = mask(text)
    # Fenced code is blanked in `masked`; heading text is read from the original.
    lines, shown, ids = masked.split("\n"), text.split("\n"), []
    for n, line in enumerate(lines):
        found = None
        if not line.strip():
            continue
        line = shown[n]
        m = _ATX.match(line)
        if m:
            found = m.group(2)
        elif (
            n
            and re.match(r"^ {0,3}(=+|-+)[ \t]*$", line)
            and lines[n - 1].strip()
            and not re.match(r"^ {0,3}([-*+]|\d+[.)]|#|>)", lines[n - 1])
            and not (line.strip().startswith("-") and not lines[n - 1].strip())
        ):
            found = shown[n - 1].strip()
        if found is None:
            continue
        explicit = _HEADING_ID.search(found)
        ids.append(unique(ids, explicit.group("id") if explicit else slug(_HEADING_ID.sub("", found))))
    return ids


# --- checking ---------------------------------------------------------------

# Pages the generator makes rather than a content file, linked as if they sat in
# content/ (content/pages/ is the top of the site): from content/pages/about.md,
# `../events/index.md` is the events list, `../tags/adoption.md` a topic page and
# `how-to-add-content/event.md` the guide's page on events.
# Headings the page templates add around a body (templates/*.md.j2), so a link to
# an event's slides (`event.md#slides-and-downloads`) is not taken for a mistake.
TEMPLATE_ANCHORS = frozenset(
    {
        "add-to-calendar",
        "recording",
        "slides-and-downloads",
        "chair-and-speakers",
        "chair",
        "speakers",
        "about-this-event",
        "contact",
        "in-this-issue",
        "issues",
        "events-in-this-series",
        "what-people-told-us",
        "visits",
        "chair-at-events",
        "speaker-at-events",
        "journal-articles",
        "practice-week-visits",
        "quoted-in-visit-notes",
        "text-of-the-slides",
        "text-of-this-issue",
    }
)


def site_path(path: Path, content: Path) -> str | None:
    """Where a path in content/ would be on the site, for the generator's own pages."""
    try:
        rel = path.relative_to(content).as_posix()
    except ValueError:
        return None
    return rel[len("pages/") :] if rel.startswith("pages/") else rel


def generated(path: Path, content: Path, topics: Collection[str]) -> str | None:
    """The site path of the generator's own page that a link to the Markdown path
    `path` means, if it means one: a topic page (tags/<slug>.md, one of `topics`), a
    section's index or a page of the guide. `check` lets a link to one through and
    `rewrite` points it there, wherever in content/ the link was written."""
    made = site_path(path, content)
    return made if made in topics or made in GENERATOR_PAGES else None


@dataclass
class Target:
    """Where a link or image in a body points, once resolved against its file."""

    ref: Ref
    path: Path | None = None  # absolute, normalised; None for web addresses and same-page anchors
    anchor: str = ""
    external: bool = False


def split(target: str) -> tuple[str, str]:
    path, _, anchor = target.partition("#")
    return unquote(path), unquote(anchor)


def resolve(ref: Ref, base: Path, definitions: dict[str, Ref]) -> Target:
    raw = ref.target
    if ref.syntax == "use":
        d = definitions.get(ref.label)
        if d is None:
            return Target(ref, external=True)  # Markdown shows it as text; nothing to check
        raw = d.target
    if _SCHEME.match(raw) or raw.startswith(("//", "/")):
        return Target(ref, external=True)
    path, anchor = split(raw)
    if not path:
        return Target(ref, None, anchor)
    return Target(ref, Path(os.path.normpath(base / path)), anchor)


def _near(wanted: Path, base: Path, candidates: list[Path]) -> str:
    """'did you mean …?' for a file that does not exist, written as the author would link it:
    a near name in the same folder, else a near path anywhere in content/."""
    here = [c for c in candidates if c.parent == wanted.parent]
    close = difflib.get_close_matches(wanted.stem, [c.stem for c in here], n=1, cutoff=0.6)
    if close:
        found = next(c for c in here if c.stem == close[0])
    else:
        elsewhere = [c for c in candidates if c.parent != wanted.parent]
        close = difflib.get_close_matches(wanted.stem, [c.stem for c in elsewhere], n=1, cutoff=0.75)
        if not close:
            return ""
        found = next(c for c in elsewhere if c.stem == close[0])
    return f"did you mean {os.path.relpath(found, base).replace(os.sep, '/')}? "


class Checker:
    """Checks the bodies of one build's content, knowing every page and its headings."""

    def __init__(
        self,
        content: Path,
        pages: dict[Path, tuple[object, Body]],
        names: list[tuple[str, ...]],
        cache=None,
        topics: set[str] = frozenset(),
    ):
        self.content = Path(os.path.normpath(content.resolve()))
        self.pages = pages  # content file -> (document, parsed body)
        self.names = names  # every file in content/ as path parts, in sorted order (loader.content_files)
        self.cache = cache
        self.topics = topics  # site paths of the topic pages, tags/<slug>.md
        self._files: list[Path] | None = None

    def files(self) -> list[Path]:
        if self._files is None:  # only needed to suggest a name, so only made on a miss
            self._files = [self.content.joinpath(*parts) for parts in self.names]
        return self._files

    def anchors(self, path: Path) -> list[str]:
        doc, body = self.pages[path]
        title = doc.meta.get("title") or doc.meta.get("name") or ""
        return [slug(str(title)), *body.anchors, *sorted(TEMPLATE_ANCHORS)]

    def check(self, path: Path, doc, body: Body) -> list[Problem]:
        """The problems of `doc`'s body; `path` is its file as `key` gives it (worked out once, when loading)."""
        if not body.refs:
            return []
        return _BodyCheck(self, path, doc, body).problems()


class _BodyCheck:
    """The check of one body: its file, its reference definitions and the problems found so far."""

    def __init__(self, checker: Checker, path: Path, doc, body: Body):
        self.checker, self.path, self.doc, self.body = checker, path, doc, body
        self.base = path.parent
        self.definitions = {r.label: r for r in body.refs if r.syntax == "definition"}
        self.found: list[Problem] = []

    def problems(self) -> list[Problem]:
        for ref in self.body.refs:
            self.ref(ref)
        return self.found

    def report(self, ref: Ref, message: str, fix: str, severity: str = "error") -> None:
        self.found.append(Problem(self.doc.rel, self.doc.body_line + ref.line, None, message, fix, severity))

    def ref(self, ref: Ref) -> None:
        if ref.kind == "image":
            self.alt(ref)
        if ref.syntax == "use" and ref.label not in self.definitions:
            if ref.kind == "image":
                self.report(
                    ref,
                    f"the image refers to [{ref.label}], which is not defined",
                    f"add a line `[{ref.label}]: photo.jpg` below the text, or write ![{ref.text}](photo.jpg)",
                )
            return  # a link to an undefined label is shown as text: nothing to check
        if not self.body.carries_target(ref):
            return
        t = resolve(ref, self.base, self.definitions)
        if t.external:
            return
        if t.path is None:
            self.same_page(ref, t)
        else:
            self.file(ref, t, self.definitions[ref.label].target if ref.syntax == "use" else ref.target)

    def same_page(self, ref: Ref, t: Target) -> None:
        if not t.anchor:
            self.report(
                ref, f"the {ref.kind} has no target", "write the file name between the brackets, like (photo.jpg)"
            )
        elif ref.kind == "link" and t.anchor not in self.checker.anchors(self.path):
            anchors = self.checker.anchors(self.path)
            self.report(ref, f"there is no heading '#{t.anchor}' on this page", _anchor_fix(t.anchor, anchors))

    def file(self, ref: Ref, t: Target, written: str) -> None:
        """A target in a file; `written` is the target as the author wrote it."""
        content, name = self.checker.content, split(written)[0]
        if not t.path.is_relative_to(content):
            self.report(
                ref,
                f"'{written}' points outside the content folder",
                "link only to files inside content/: put the file next to this page and write just its name",
            )
        elif not t.path.exists():
            self.missing(ref, t, written)
        elif t.path.is_dir():
            self.report(
                ref,
                f"'{name}' is a folder, not a file",
                "link to a file in it: a series is its _series.md, a journal its _journal.md, a week its _week.md",
            )
        elif t.path.suffix == ".md" and ref.kind == "link":
            self.page(ref, t, name)
        elif not t.path.is_relative_to(self.base):
            self.report(
                ref,
                f"'{name}' is not in this page's folder",
                f"move the file next to this page (into {_shown(self.base, content)}) or a folder inside it",
            )
        elif ref.kind == "image":
            self.image(ref, t)

    def missing(self, ref: Ref, t: Target, written: str) -> None:
        if ref.kind == "link" and generated(t.path, self.checker.content, self.checker.topics):
            return
        pool = self.checker.files()
        if written.lower().split("#")[0].endswith(".md"):
            pool = [p for p in pool if p.suffix == ".md"]
        what = "page" if t.path.suffix == ".md" else "file"
        self.report(
            ref,
            f"the {what} '{split(written)[0]}' does not exist",
            f"{_near(t.path, self.base, pool)}check the name and folder (names are case-sensitive; ../ goes up one folder)",
        )

    def page(self, ref: Ref, t: Target, name: str) -> None:
        if t.path not in self.checker.pages:
            self.report(
                ref,
                f"'{name}' is not a page of this site",
                "link to a file in content/events, journal, practice-week, people or pages",
            )
        elif t.anchor and t.anchor not in self.checker.anchors(t.path):
            anchors = self.checker.anchors(t.path)
            self.report(ref, f"there is no heading '#{t.anchor}' in {name}", _anchor_fix(t.anchor, anchors))

    def image(self, ref: Ref, t: Target) -> None:
        try:
            facts = images.facts_cached(t.path, self.checker.cache)
        except images.ImageError as exc:
            self.report(ref, exc.message, exc.fix)
            return
        big = images.large_warning(facts)
        if big:
            self.report(
                ref,
                f"'{t.path.name}' {big}",
                "save a smaller copy (a photo needs no more than 4000 pixels across) and use that",
                "warning",
            )

    def alt(self, ref: Ref) -> None:
        written = split(ref.target)[0] or "photo.jpg"
        name = Path(written).name
        text = ref.text.strip()
        if not ref.alt and ref.syntax == "html":
            self.report(
                ref,
                "this image has no alt text",
                'add alt="what the image shows" to the <img> tag, or alt="" if it is only decoration',
            )
        elif not ref.alt:
            self.report(
                ref,
                "this image has no alt text",
                f"describe what it shows between the square brackets, like ![Practitioners at the workshop]({written}); "
                f'if it is only decoration, write ![]({written}){{alt=""}}',
            )
        elif text and (_VAGUE_ALT.match(text) or text.lower() in (name.lower(), Path(name).stem.lower())):
            self.report(
                ref,
                f"the alt text '{text}' does not say what the image shows",
                "describe the image for someone who cannot see it, in a short sentence",
                "warning",
            )


def _anchor_fix(anchor: str, anchors: list[str]) -> str:
    close = difflib.get_close_matches(anchor, anchors, n=1, cutoff=0.6)
    own = [a for a in anchors[1:] if a not in TEMPLATE_ANCHORS]
    listing = ", ".join(f"#{a}" for a in own[:8]) or "none in its text"
    start = f"did you mean #{close[0]}? " if close else ""
    return f"{start}the part after # is the heading in lowercase with hyphens for spaces (headings there: {listing})"


def _shown(folder: Path, root: Path) -> str:
    try:
        return "content/" + folder.relative_to(root).as_posix() + "/"
    except ValueError:
        return str(folder)


def key(path: Path) -> Path:
    """A content file's path as bodies compare them: absolute, without . or .. parts."""
    return Path(os.path.normpath(path.resolve()))


class Parsed(NamedTuple):
    """A body in the build cache, with the Document object it was parsed from."""

    doc: object
    body: Body


def parsed(doc, cache=None) -> Body:
    """The body's links, images and headings; with a cache, parsed once per version of the file."""
    if cache is None:
        return parse(doc.body)
    hit = cache.bodies.get(doc.path)
    if hit is not None and hit.doc is doc:  # the same Document object means the same bytes
        return hit.body
    body = parse(doc.body)
    cache.bodies[doc.path] = Parsed(doc=doc, body=body)
    return body


# --- rewriting for the site --------------------------------------------------


@dataclass
class Page:
    """What the rewriter needs to know of a page: its Markdown file and its address."""

    path: str  # output Markdown file, e.g. events/series/event.md
    url: str  # e.g. events/series/event/


def linked_page(path: Path, pages: dict[Path, Page], topics: dict[str, Page], content: Path) -> Page | None:
    """The page a link to a Markdown path means, by the rule `check` uses: a content
    file's page, else the generator's own page at that site path (`generated`)."""
    found = pages.get(path)
    if found is not None:
        return found
    made = generated(path, content, topics)
    if made is None:
        return None
    if made in topics:
        return topics[made]
    url = made.removesuffix("index.md").removesuffix(".md") + ("/" if not made.endswith("index.md") else "")
    return Page(path=made, url=url)


def rewrite(
    doc, body: Body, base: Path, page: Page, pages: dict[Path, Page], topics: dict[str, Page], resource, content: Path
) -> str:
    """The body with links to content files pointing at their pages, files beside
    the page pointing at their copies, and images as <img> with width, height and
    srcset. `base` is the folder of the body's file and `content` the content
    folder, both as `key` gives them; `topics` are the topic pages by site path
    (tags/<slug>.md); `resource(path, as_image)` gives the site copy of a file: a
    Download, with a picture for an image."""
    text = doc.body
    if not body.refs:
        return text
    definitions = {r.label: r for r in body.refs if r.syntax == "definition"}
    folder = posixpath.dirname(page.path)
    parts: list[str] = []
    last = 0

    def md_link(site_path: str) -> str:
        return quote(posixpath.relpath(site_path, folder or "."))

    for ref in body.refs:
        if ref.start < last or not body.carries_target(ref):
            continue
        t = resolve(ref, base, definitions)
        new = None
        if t.external or (t.path is None):
            pass
        elif ref.kind == "image":
            found = resource(t.path, True)
            if found is not None and found.picture is not None:
                new = _img(ref, found.picture.at(images.BODY_WIDTH), page.url)
        elif t.path.suffix == ".md" and (target := linked_page(t.path, pages, topics, content)) is not None:
            anchor = f"#{t.anchor}" if t.anchor else ""
            new = (href(page.url, target.url) if ref.syntax == "html" else md_link(target.path)) + anchor
        else:
            found = resource(t.path, False)
            if found is not None:
                new = quote(href(page.url, found.href)) if ref.syntax == "html" else md_link(found.href)
        if new is not None:
            parts.append(text[last : ref.start])
            parts.append(new)
            last = ref.end
    parts.append(text[last:])
    return "".join(parts)


def _img(ref: Ref, img: images.Img, page_url: str) -> str:
    attrs: list[tuple[str, str]] = [("src", quote(href(page_url, img.src)))]
    if len(img.srcset) > 1:
        attrs.append(("srcset", ", ".join(f"{quote(href(page_url, p))} {d}" for p, d in img.srcset)))
    given = dict(ref.attrs)
    width, height = img.width, img.height
    if given.get("width", "").isdigit():  # the author's own size is kept, in proportion
        width = int(given["width"])
        height = (
            int(given["height"]) if given.get("height", "").isdigit() else max(1, round(img.height * width / img.width))
        )
    attrs += [("width", str(width)), ("height", str(height)), ("alt", ref.text if ref.alt else "")]
    if ref.title:
        attrs.append(("title", ref.title))
    classes = [v for k, v in ref.attrs if k == "class"]
    if classes:
        attrs.append(("class", " ".join(classes)))
    attrs += [(k, v) for k, v in ref.attrs if k not in ("class", "width", "height", "title", "loading", "decoding")]
    attrs += [("loading", "lazy"), ("decoding", "async")]
    return "<img " + " ".join(f'{k}="{html.escape(v, quote=True)}"' for k, v in attrs) + ">"
