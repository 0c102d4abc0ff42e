"""Walk content/ once (`walk`), and read one Markdown file: bytes -> front-matter
mapping, body and key line numbers.

A symbolic link in content/ is followed when what it points to is inside content/
too (a folder linked into two places is read under both names). One that leads
outside content/, to nothing, or round in a loop is refused and reported, and
the files behind it are not walked: only what is in content/ is published.

YAML is read with a restricted resolver: dates and times stay text (so they are
read later in the event's own time zone), `14:00` is not the number 840, and
`NO`/`yes`/`on` are text, not booleans; only `true`/`false` are booleans.
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml
from frontmatter.default_handlers import YAMLHandler

from generator.content import yaml_mistakes
from generator.problems import Problem

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is ~6x faster


class ContentLoader(_BASE):  # type: ignore[misc, valid-type]
    """SafeLoader with YAML 1.2-like scalars and a record of each top-level key's line."""

    key_lines: dict[str, int]

    def construct_document(self, node):
        self.key_lines = {}
        if isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    self.key_lines[str(key_node.value)] = key_node.start_mark.line  # 0-based
        return super().construct_document(node)


def _record_lines(node, path: tuple, lines: dict[tuple, int], depth: int = 0) -> None:
    """The line of every nested key and list item, by its path (`("speakers", 1, "name")`,
    0-based), so a message about the 2nd speaker points at that speaker, not at `speakers:`."""
    if depth > 20:  # front matter deeper than this is a mistake that validation reports anyway
        return
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                here = (*path, str(key_node.value))
                lines.setdefault(here, key_node.start_mark.line)
                _record_lines(value, here, lines, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for n, value in enumerate(node.value):
            lines.setdefault((*path, n), value.start_mark.line)
            _record_lines(value, (*path, n), lines, depth + 1)


ContentLoader.yaml_implicit_resolvers = {}
for _first, _resolvers in _BASE.yaml_implicit_resolvers.items():
    kept = [
        (tag, regexp)
        for tag, regexp in _resolvers
        if tag
        not in (
            "tag:yaml.org,2002:timestamp",
            "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
        )
    ]
    if kept:
        ContentLoader.yaml_implicit_resolvers[_first] = kept
ContentLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
ContentLoader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
ContentLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)


class _Handler(YAMLHandler):
    # The library's boundary `^-{3,}\s*$` lets \s* swallow the newlines after a
    # --- line, which shifts every line number; only spaces may follow the dashes.
    FM_BOUNDARY = re.compile(r"^-{3,}[ \t]*$", re.MULTILINE)

    def load(self, fm: str, **kwargs):
        loader = ContentLoader(fm)
        loader.key_lines = {}  # front matter with no YAML in it makes no document to record keys from
        try:
            data = loader.get_single_data()
            return data, loader.key_lines
        finally:
            loader.dispose()


_HANDLER = _Handler()
_BOUNDARY = re.compile(r"^-{3,}[ \t]*$")


@dataclass
class Document:
    path: Path  # absolute
    rel: str  # relative to the project root, for messages
    meta: dict
    body: str
    key_lines: dict[str, int] = field(default_factory=dict)  # 0-based, within the front matter
    fm_offset: int = 1  # file line number of the opening --- line
    body_line: int = 0  # file line number of the body's first line
    front: str = ""  # the front matter as written: nested lines are found in it when a message needs one

    @cached_property
    def item_lines(self) -> dict[tuple, int]:
        """Nested keys and list items by path, 0-based like key_lines. Worked out only for a
        file a message is about: reading every file's lines would slow every cold build."""
        lines: dict[tuple, int] = {}
        try:
            _record_lines(yaml.compose(self.front, Loader=ContentLoader), (), lines)
        except yaml.YAMLError:
            pass  # the file was read, so this does not happen; without lines, messages use key_lines
        return lines

    def line(self, key: str | None) -> int | None:
        if key and key in self.key_lines:
            return self.key_lines[key] + self.fm_offset
        return self.fm_offset if self.meta is not None else None

    def line_at(self, loc: tuple) -> int | None:
        """The line of the innermost key or list item of `loc` that the file has
        (`("speakers", 1, "nmae")` -> the 2nd speaker's line when it has no such key)."""
        for end in range(len(loc), 1, -1):
            if loc[:end] in self.item_lines:
                return self.item_lines[loc[:end]] + self.fm_offset
        return self.line(loc[0] if loc and isinstance(loc[0], str) else None)


class _Unreadable(Exception):
    """A file that gives no document, and the one problem reported for it."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def read_document(path: Path, rel: str) -> tuple[Document | None, list[Problem]]:
    """Read a file without ever changing it; return the document or the problems."""
    try:
        return _document(path, rel), []
    except _Unreadable as exc:
        return None, [exc.problem]


def _document(path: Path, rel: str) -> Document:
    text = _decode(path.read_bytes(), rel).replace("\r\n", "\n").replace("\r", "\n")
    stripped = text.lstrip("\n")
    offset = len(text) - len(stripped) + 1  # the file line number of the opening ---
    fm, body = _split(stripped, rel, offset)
    meta, key_lines = _front_matter(fm, rel, offset)
    lines = stripped.split("\n")
    closing = next(i for i in range(1, len(lines)) if _BOUNDARY.match(lines[i]))
    blank = next((i for i in range(closing + 1, len(lines)) if lines[i].strip()), len(lines))
    return Document(
        path=path,
        rel=rel,
        meta=meta,
        body=body.strip("\n") + "\n" if body.strip() else "",
        key_lines=key_lines,
        fm_offset=offset,
        body_line=offset + blank,
        front=fm,
    )


def _decode(raw: bytes, rel: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _Unreadable(
            Problem(
                rel,
                line,
                None,
                "this file is not saved as UTF-8 text",
                "in your editor choose 'Save with encoding' and pick UTF-8",
            )
        ) from None


def _split(stripped: str, rel: str, offset: int) -> tuple[str, str]:
    """The front matter and the body."""
    if not _HANDLER.detect(stripped):
        raise _Unreadable(
            Problem(
                rel,
                1,
                None,
                "the file has no front matter",
                "start the file with a line of three dashes (---), the fields, and another --- line",
            )
        )
    try:
        return _HANDLER.split(stripped)
    except ValueError:
        raise _Unreadable(
            Problem(
                rel,
                offset,
                None,
                "the front matter is not closed",
                "add a line of three dashes (---) after the last field",
            )
        ) from None


def _front_matter(fm: str, rel: str, offset: int) -> tuple[dict, dict[str, int]]:
    """The fields by name, and the line each is on."""
    try:
        data, key_lines = _HANDLER.load(fm)
    except yaml.YAMLError as exc:
        raise _Unreadable(_yaml_problem(exc, fm, rel, offset)) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise _Unreadable(yaml_mistakes.not_fields_problem(fm, rel, offset))
    return {str(k): v for k, v in data.items()}, key_lines


def _yaml_problem(exc: yaml.YAMLError, fm: str, rel: str, offset: int) -> Problem:
    """The mistake in the person's own lines that stopped YAML, in plain words."""
    return yaml_mistakes.yaml_problem(exc, fm, rel, offset)


@dataclass
class Walk:
    """Every file under content/, as path parts in the order of sorted paths, and
    the symbolic links refused: (path parts, why, in words)."""

    files: list[tuple[str, ...]] = field(default_factory=list)
    refused: list[tuple[tuple[str, ...], str]] = field(default_factory=list)


def walk(content: Path) -> Walk:
    """Every file under content/, skipping hidden files and folders (one scandir per
    folder: a large archive has thousands), following the symbolic links that stay
    inside it. A build walks content/ once: the loader reads its Markdown files, the
    pipeline the PDFs' text ahead of linking, and the link check suggests names from it."""
    found = Walk()
    top = os.path.realpath(content)
    _walk_folder(content, (), top, {top}, found)
    found.files.sort()
    found.refused.sort()
    return found


def _walk_folder(folder: Path | str, base: tuple[str, ...], top: str, above: set[str], found: Walk) -> None:
    """One folder; `above` holds the real paths of the folders it is inside, so a link
    back to one of them is a loop rather than a walk without end."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        parts = (*base, entry.name)
        if entry.is_symlink():
            why = _link_trouble(entry.path, top, above)
            if why:
                found.refused.append((parts, why))
                continue
        if entry.is_dir():
            real = os.path.realpath(entry.path)
            _walk_folder(entry.path, parts, top, above | {real}, found)
        elif entry.is_file():
            found.files.append(parts)


def _link_trouble(path: str, top: str, above: set[str]) -> str | None:
    """Why a symbolic link cannot be followed, or None if it leads to something inside content/."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a link that leads round in a loop"
        return f"is a link to '{os.readlink(path)}', which does not exist"
    real = os.path.realpath(path)
    if real != top and not real.startswith(top.rstrip(os.sep) + os.sep):
        return f"is a link to '{os.readlink(path)}', outside the content folder"
    if real in above:
        return "is a link to a folder it is inside, which leads round in a loop"
    return None
