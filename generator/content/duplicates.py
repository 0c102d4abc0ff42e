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
from pathlib import PurePosixPath

from generator.identity import slugify
from generator.problems import Problem

# "event copy", "event copy 2", "event (1)", "event-copy", "event_copy2": what Finder,
# Explorer and people call a second copy of a file.
_COPY_NAME = re.compile(r"^(?P<base>.+?)(?: copy(?: \d+)?| \(\d+\)|[-_]copy(?:[-_ ]?\d+)?)$", re.IGNORECASE)


def problems(events: list, issues: list, visits: list, documents: Iterable, uid_of: Callable) -> list[Problem]:
    """Every duplicate among the valid items, and every file whose name looks like a copy's."""
    found = [*_same_uid(events, uid_of), *_same_issue_number(issues)]
    found += _same(events, _event_key, "event", "title and start", _EVENT_FIX)
    found += _same(visits, _visit_key, "visit", "date and place", _VISIT_FIX)
    reported = {p.path for p in found}
    found += _copy_names([d for d in documents if d.rel not in reported], {_title(d): d for d in documents})
    return found


_EVENT_FIX = (
    "if one file is a copy of the other, delete the copy; if they are two events, "
    "give each its own title (for example add 'part 2') or start"
)
_VISIT_FIX = (
    "if one file is a copy of the other, delete the copy; if they are two visits, write them as one note, "
    "or give each its own place (for example the organisation's town)"
)


def _same_uid(events: list, uid_of: Callable) -> list[Problem]:
    seen: dict[str, object] = {}
    found = []
    for item in sorted(events, key=_original_first):
        uid = uid_of(item)
        if uid not in seen:
            seen[uid] = item
            continue
        found.append(
            Problem(
                item.doc.rel,
                item.doc.line("uid"),
                "uid",
                f"another event already has this calendar id ({seen[uid].doc.rel})",
                "if this file is a copy of that event, delete this file; if it is a new event you started "
                "from a copy, delete its `uid:` line (the event then gets an id of its own)",
            )
        )
    return found


def _same_issue_number(issues: list) -> list[Problem]:
    seen: dict[tuple, object] = {}
    found = []
    for item in sorted(issues, key=lambda i: (i.meta.published, i.doc.rel)):  # the later one is the copy
        key = (item.group, item.meta.issue)
        if key not in seen:
            seen[key] = item
            continue
        found.append(
            Problem(
                item.doc.rel,
                item.doc.line("issue"),
                "issue",
                f"issue {item.meta.issue} already exists ({seen[key].doc.rel})",
                "give each issue of a journal its own number; if this file is a copy, delete it",
            )
        )
    return found


def _same(items: list, key: Callable, noun: str, what: str, fix: str) -> list[Problem]:
    """A warning on the likelier copy of each pair of items with the same key."""
    groups: dict[tuple, list] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    found = []
    for group in groups.values():
        first, *copies = sorted(group, key=_original_first)
        for item in copies:
            found.append(
                Problem(
                    item.doc.rel,
                    item.doc.line(None),
                    None,
                    f"this {noun} has the same {what} as {first.doc.rel}",
                    fix,
                    "warning",
                )
            )
    return found


def _event_key(item) -> tuple:
    return (_words(item.meta.title), str(item.start), item.zone)


def _visit_key(item) -> tuple:
    return (item.meta.date, _words(item.meta.place))


def _words(text: str) -> str:
    return " ".join(text.casefold().split())


def _original_first(item) -> tuple:
    """Files whose names look like a copy's come after the others, then longer names (a copy is renamed by adding to it)."""
    stem = PurePosixPath(item.doc.rel).stem
    return (bool(_COPY_NAME.match(stem)) or " " in stem, len(stem), item.doc.rel)


def _title(doc) -> tuple:
    meta = doc.meta if isinstance(doc.meta, dict) else {}
    return (str(PurePosixPath(doc.rel).parent), _words(str(meta.get("title") or meta.get("name") or "")))


def _copy_names(documents: list, by_title: dict) -> list[Problem]:
    found = []
    for doc in documents:
        path = PurePosixPath(doc.rel)
        match = _COPY_NAME.match(path.stem)
        if match:
            original = _original(doc, match.group("base"), by_title)
            found.append(_copy_problem(doc, path, original))
        elif " " in path.stem:
            found.append(
                Problem(
                    doc.rel,
                    None,
                    None,
                    f"the file name '{path.name}' has a space in it, which shows as %20 in the page's web address",
                    f"rename the file {slugify(path.stem)}.md (lowercase letters, numbers and hyphens)",
                    "warning",
                )
            )
    return found


def _original(doc, base: str, by_title: dict) -> str | None:
    """The file this one is likely a copy of: the same name without ' copy', else the same title."""
    path = PurePosixPath(doc.rel)
    sibling = path.with_name(f"{base}{path.suffix}")
    if doc.path.with_name(sibling.name).is_file():
        return str(sibling)
    other = by_title.get(_title(doc))
    return other.rel if other is not None and other.rel != doc.rel else None


def _copy_problem(doc, path: PurePosixPath, original: str | None) -> Problem:
    like = f"a copy of {original}" if original else "a copy of another file"
    return Problem(
        doc.rel,
        None,
        None,
        f"the file name '{path.name}' looks like {like}",
        "if it is a copy, delete it; if not, rename it to say what it is, in lowercase letters, numbers "
        f"and hyphens (for example {slugify(str(_COPY_NAME.match(path.stem).group('base')))}-2.md)",
        "warning",
    )
