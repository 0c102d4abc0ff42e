"""One item saved as two files: the same event, journal issue or visit twice, and file
names that look like a copy's ("swansea copy.md", "event (1).md").

Two events with one calendar id, or two issues of a journal with one number, are
errors: calendars would merge the events, and the issue's address would be taken
twice. The rest are warnings naming both files, since two events can share a title.

The loader hands over its items (anything with `.doc`, `.meta`, `.start`, `.group`),
so this module needs nothing of it.

May import: the standard library, `generator.problems`, `generator.identity`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from generator.identity import slugify
from generator.problems import Problem

# "event copy", "event copy 2", "event (1)", "event-copy", "event_copy2": what Finder,
# Explorer and people call a second copy of a file.
_COPY_NAME = re.compile(r"^(?P<base>.+?)(?: copy(?: \d+)?| \(\d+\)|[-_]copy(?:[-_ ]?\d+)?)$", re.IGNORECASE)


def problems(events: list, issues: list, visits: list, documents: Iterable, uid_of: Callable) -> list[Problem]:
    """Every duplicate among the valid items, and every file whose name looks like a copy's."""
    found = [_same_uid(item, first) for first, item in _pairs(events, uid_of)]
    # Of two issues with one number, the later published is the copy.
    found += [
        _same_number(item, first) for first, item in _pairs(issues, _number, lambda i: (i.meta.published, i.doc.rel))
    ]
    found += [_same(item, first, "event", "title and start", _EVENT_FIX) for first, item in _pairs(events, _event_key)]
    found += [_same(item, first, "visit", "date and place", _VISIT_FIX) for first, item in _pairs(visits, _visit_key)]
    reported = {p.path for p in found}
    documents = list(documents)
    found += _copy_names([d for d in documents if d.rel not in reported], documents)
    return found


_EVENT_FIX = (
    "if one file is a copy of the other, delete the copy; if they are two events, "
    "give each its own title (for example add 'part 2') or start"
)
_VISIT_FIX = (
    "if one file is a copy of the other, delete the copy; if they are two visits, write them as one note, "
    "or give each its own place (for example the organisation's town)"
)


def _pairs(items: list, key: Callable, order: Callable | None = None) -> list[tuple]:
    """(original, copy) for every item that shares its key with another: the first of each
    group by `order` (by default the likelier original, `_original_first`) is the original."""
    groups: dict = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    found = []
    for group in groups.values():
        if len(group) > 1:
            first, *copies = sorted(group, key=order or _original_first)
            found += [(first, item) for item in copies]
    return found


def _same_uid(item, first) -> Problem:
    return Problem(
        item.doc.rel,
        item.doc.line("uid"),
        "uid",
        f"another event already has this calendar id ({first.doc.rel})",
        "if this file is a copy of that event, delete this file; if it is a new event you started "
        "from a copy, delete its `uid:` line (the event then gets an id of its own)",
    )


def _same_number(item, first) -> Problem:
    return Problem(
        item.doc.rel,
        item.doc.line("issue"),
        "issue",
        f"issue {item.meta.issue} already exists ({first.doc.rel})",
        "give each issue of a journal its own number; if this file is a copy, delete it",
    )


def _same(item, first, noun: str, what: str, fix: str) -> Problem:
    return Problem(
        item.doc.rel, item.doc.line(None), None, f"this {noun} has the same {what} as {first.doc.rel}", fix, "warning"
    )


def _number(item) -> tuple:
    return (item.group, item.meta.issue)


def _event_key(item) -> tuple:
    return (_words(item.meta.title), str(item.start), item.zone)


def _visit_key(item) -> tuple:
    return (item.meta.date, _words(item.meta.place))


def _words(text: str) -> str:
    return " ".join(text.casefold().split())


def _split(rel: str) -> tuple[str, str, str]:
    """(folder, stem, suffix) of a path as messages give it: 'content/pages', 'contact (1)', '.md'."""
    folder, _, name = rel.rpartition("/")
    stem, dot, suffix = name.rpartition(".")
    return (folder, stem, dot + suffix) if dot else (folder, name, "")


def _original_first(item) -> tuple:
    """Files whose names look like a copy's come after the others, then longer names (a copy is
    renamed by adding to it)."""
    stem = _split(item.doc.rel)[1]
    return (bool(_COPY_NAME.match(stem)) or " " in stem, len(stem), item.doc.rel)


def _title(doc) -> tuple:
    meta = doc.meta if isinstance(doc.meta, dict) else {}
    return (_split(doc.rel)[0], _words(str(meta.get("title") or meta.get("name") or "")))


def _copy_names(candidates: list, documents: list) -> list[Problem]:
    found, by_title = [], None
    for doc in candidates:
        folder, stem, suffix = _split(doc.rel)
        match = _COPY_NAME.match(stem)
        if match:
            if by_title is None:  # only where a name looks like a copy's: most builds have none
                by_title = {_title(d): d for d in documents}
            found.append(_copy_problem(doc, stem + suffix, match.group("base"), _original(doc, match, by_title)))
        elif " " in stem:
            found.append(
                Problem(
                    doc.rel,
                    None,
                    None,
                    f"the file name '{stem}{suffix}' has a space in it, which shows as %20 in the page's web address",
                    f"rename the file {slugify(stem)}.md (lowercase letters, numbers and hyphens)",
                    "warning",
                )
            )
    return found


def _original(doc, match: re.Match, by_title: dict) -> str | None:
    """The file this one is likely a copy of: the same name without ' copy', else the same title."""
    folder, _, suffix = _split(doc.rel)
    sibling = match.group("base") + suffix
    if doc.path.with_name(sibling).is_file():
        return f"{folder}/{sibling}"
    other = by_title.get(_title(doc))
    return other.rel if other is not None and other.rel != doc.rel else None


def _copy_problem(doc, name: str, base: str, original: str | None) -> Problem:
    like = f"a copy of {original}" if original else "a copy of another file"
    return Problem(
        doc.rel,
        None,
        None,
        f"the file name '{name}' looks like {like}",
        "if it is a copy, delete it; if not, rename it to say what it is, in lowercase letters, numbers "
        f"and hyphens (for example {slugify(base)}-2.md)",
        "warning",
    )
