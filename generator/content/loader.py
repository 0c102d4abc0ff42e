"""Load and validate everything in content/; report every problem, not just the first.

Folders carry structure, so authors never type ids to join things: an event in
content/events/<series>/ belongs to that series, an issue in
content/journal/<journal>/ to that journal, a visit in
content/practice-week/<year>/ to that week.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from generator.cache import BuildCache, stamp
from generator.content import bodies
from generator.content.reader import Document, read_document
from generator.content.schema import (
    EventMeta,
    IssueMeta,
    JournalMeta,
    PageMeta,
    PersonMeta,
    SeriesMeta,
    VisitMeta,
    WeekMeta,
    validate,
)
from generator.content.settings import Settings
from generator.identity import EVENT_LISTINGS, GROUP_FILES, PEOPLE_BY_NAME, RESERVED_PAGE_NAMES, SECTIONS, slugify
from generator.problems import Problem
from generator.resources import images


@dataclass
class Item:
    doc: Document
    meta: BaseModel
    slug: str
    group: str | None = None  # the series, journal or year folder it sits in
    # Worked out while validating events, so the model does not redo it.
    start: date | datetime | None = None
    end: date | datetime | None = None  # inclusive last day for all-day events
    all_day: bool = False
    zone: str | None = None


@dataclass
class Loaded:
    series: dict[str, Item] = field(default_factory=dict)
    events: list[Item] = field(default_factory=list)
    journals: dict[str, Item] = field(default_factory=dict)
    issues: list[Item] = field(default_factory=list)
    weeks: dict[str, Item] = field(default_factory=dict)
    visits: list[Item] = field(default_factory=list)
    people: dict[str, Item] = field(default_factory=dict)
    pages: list[Item] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    documents: dict[Path, Document] = field(default_factory=dict)  # every file read, valid or not
    content: Path = Path("content")
    bodies: dict = field(default_factory=dict)  # content file -> its links and images (bodies.Body)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def load(
    root: Path, settings: Settings, now: datetime, content_dir: Path | None = None, cache: BuildCache | None = None
) -> Loaded:
    """Read content/ under `root` (the project folder, used for messages). With a
    cache, files unchanged since an earlier build are not read or validated again."""
    content = content_dir or root / "content"
    out = Loaded(content=content)
    files = _discover(content, root, out)
    ctx_base = {"root": content}

    # People first: every other file may refer to them by id.
    for path, rel in files.get("people", []):
        doc = _read(path, rel, out, cache)
        if doc is None:
            continue
        meta, problems = _validate(PersonMeta, doc, {**ctx_base, "dir": path.parent}, "a person", cache, None)
        out.problems += problems
        if meta is not None:
            out.people[path.stem] = Item(doc, meta, path.stem)
    people_ids = set(out.people) | {p.stem for p, _ in files.get("people", [])}
    ctx = {**ctx_base, "people": people_ids}
    people_key = hash(frozenset(people_ids))  # a reference to a person is valid only while they exist

    kinds = {
        "series": (SeriesMeta, "a series"),
        "event": (EventMeta, "an event"),
        "journal": (JournalMeta, "a journal"),
        "issue": (IssueMeta, "a journal issue"),
        "week": (WeekMeta, "a practice week"),
        "visit": (VisitMeta, "a visit note"),
        "page": (PageMeta, "a page"),
    }
    for kind, (model, noun) in kinds.items():
        for path, rel, group in files.get(kind, []):
            doc = _read(path, rel, out, cache)
            if doc is None:
                continue
            meta, problems = _validate(model, doc, {**ctx, "dir": path.parent}, noun, cache, people_key)
            out.problems += problems
            if meta is None:
                continue
            item = Item(doc, meta, slugify(path.stem) if not path.name.startswith("_") else group, group)
            if kind == "series":
                out.series[group] = item
            elif kind == "journal":
                out.journals[group] = item
            elif kind == "week":
                out.weeks[group] = item
            elif kind == "event":
                if _check_event(item, settings, now, out.problems):
                    out.events.append(item)
            elif kind == "issue":
                out.issues.append(item)
            elif kind == "visit":
                out.visits.append(item)
            elif kind == "page":
                out.pages.append(item)

    _check_files(out, content, cache)
    _check_site(out, settings, now)
    return out


def _read(path: Path, rel: str, out: Loaded, cache: BuildCache | None) -> Document | None:
    now = stamp(path) if cache is not None else None
    hit = cache.documents.get(path) if cache is not None else None
    if hit is not None and now is not None and hit[0] == now:
        _, doc, problems, key = hit
    else:
        doc, problems = read_document(path, rel)
        if doc is not None:
            problems = problems + _check_body(doc)
        key = bodies.key(path)  # resolving every path again took a tenth of a rebuild under serve
        if cache is not None:
            cache.documents[path] = (now, doc, problems, key)
    out.problems += problems
    if doc is not None:
        out.documents[key] = doc
    return doc


def _validate(
    model: type[BaseModel], doc: Document, ctx: dict, noun: str, cache: BuildCache | None, people_key: int | None
) -> tuple[BaseModel | None, list[Problem]]:
    if cache is None:
        return validate(model, doc, ctx, noun)
    hit = cache.validated.get(doc.path)
    # The same Document object means the same bytes (see _read).
    if hit is not None and hit[0] is doc and hit[1] == people_key and all(f.is_file() for f in hit[4]):
        return hit[2], hit[3]
    files: list[Path] = []
    meta, problems = validate(model, doc, {**ctx, "files": files}, noun)
    if meta is not None:
        cache.validated[doc.path] = (doc, people_key, meta, problems, files)
    return meta, problems


def _check_body(doc: Document) -> list[Problem]:
    """A '# ' heading in the text would give the page a second top-level heading."""
    problems, fenced = [], False
    for n, line in enumerate(doc.body.splitlines()):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and line.startswith("# "):
            problems.append(
                Problem(
                    doc.rel,
                    doc.body_line + n,
                    None,
                    f"the text has a top-level heading ('{line[:40]}')",
                    "start headings with ## instead: the title is the page's only top-level heading",
                    "warning",
                )
            )
    return problems


def _check_files(out: Loaded, content: Path, cache: BuildCache | None) -> None:
    """Every file a page uses: the links and images in its body, and the images
    its fields name (a person's photo, an issue's cover) must be ones browsers show."""
    parsed = {path: (doc, bodies.parsed(doc, cache)) for path, doc in out.documents.items()}
    out.bodies = {path: body for path, (_, body) in parsed.items()}
    # Topic pages are made from the tags items carry, so a body may link to them too.
    topics = {f"tags/{slugify(t)}.md" for it in [*out.events, *out.issues, *out.visits] for t in it.meta.tags}
    checker = bodies.Checker(content, parsed, cache, topics)
    for path, (doc, body) in parsed.items():
        out.problems += checker.check(path, doc, body)
    fields = [(it, "photo", it.meta.photo) for it in out.people.values()] + [
        (it, "cover", it.meta.cover) for it in out.issues
    ]
    for item, name, path in fields:
        if path is None:
            continue
        doc = item.doc
        try:
            found = images.facts_cached(path, cache)
        except images.ImageError as exc:
            out.problems.append(Problem(doc.rel, doc.line(name), name, exc.message, exc.fix))
            continue
        big = images.large_warning(found)
        if big:
            out.problems.append(
                Problem(
                    doc.rel,
                    doc.line(name),
                    name,
                    f"'{path.name}' {big}",
                    "save a smaller copy (a photo needs no more than 4000 pixels across) and use that",
                    "warning",
                )
            )


def _discover(content: Path, root: Path, out: Loaded) -> dict[str, list]:
    """Sort the Markdown files in content/ into kinds by where they sit."""
    found: dict[str, list] = {}

    def rel(p: Path) -> str:
        try:
            return p.relative_to(root).as_posix()
        except ValueError:
            return p.as_posix()

    if not content.is_dir():
        out.problems.append(
            Problem(
                rel(content),
                None,
                None,
                "the content folder is missing",
                "create it with events/, journal/, practice-week/, people/ and pages/ inside",
            )
        )
        return found
    has_group_file: dict[Path, bool] = {}
    content_rel = rel(content)
    for parts in _markdown_files(content):
        path = content.joinpath(*parts)
        r = content_rel + "/" + "/".join(parts)
        section = parts[0] if len(parts) > 1 else None
        if section not in SECTIONS:
            out.problems.append(
                Problem(
                    r,
                    None,
                    None,
                    "this file is not in a content folder the site knows",
                    "move it into one of: " + ", ".join(f"content/{s}/" for s in SECTIONS),
                )
            )
            continue
        depth = len(parts)
        name = path.name
        if section in ("people", "pages"):
            if depth != 2:
                out.problems.append(
                    Problem(
                        r,
                        None,
                        None,
                        f"files in content/{section}/ cannot be in sub-folders",
                        f"move it directly into content/{section}/",
                    )
                )
            else:
                key = "people" if section == "people" else "page"
                found.setdefault(key, []).append((path, r) if key == "people" else (path, r, None))
            continue
        group_file = GROUP_FILES[section]
        group_kind, item_kind = {
            "events": ("series", "event"),
            "journal": ("journal", "issue"),
            "practice-week": ("week", "visit"),
        }[section]
        if depth == 2 and section == "events" and not name.startswith("_"):
            found.setdefault("event", []).append((path, r, None))
        elif depth == 3:
            group = slugify(parts[1])
            if name == group_file:
                found.setdefault(group_kind, []).append((path, r, group))
            elif name.startswith("_"):
                out.problems.append(
                    Problem(
                        r,
                        None,
                        None,
                        f"'{name}' is not a file name the site knows",
                        f"the folder's own file is called {group_file}; other files should not start with _",
                    )
                )
            else:
                if path.parent not in has_group_file:
                    has_group_file[path.parent] = (path.parent / group_file).is_file()
                if not has_group_file[path.parent]:
                    out.problems.append(
                        Problem(
                            r,
                            None,
                            None,
                            f"the folder content/{section}/{parts[1]}/ has no {group_file}",
                            f"add {group_file} with at least a title to that folder",
                        )
                    )
                    continue
                found.setdefault(item_kind, []).append((path, r, group))
        else:
            where = {
                "events": "content/events/ or content/events/<series>/",
                "journal": "content/journal/<journal>/",
                "practice-week": "content/practice-week/<year>/",
            }[section]
            out.problems.append(Problem(r, None, None, "this file is in the wrong place", f"move it into {where}"))
    return found


def _markdown_files(content: Path) -> list[tuple[str, ...]]:
    """Every .md file under content/ as path parts, in the order of sorted paths,
    skipping hidden files and folders (os.walk: a large archive has thousands)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(content):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        rel = os.path.relpath(dirpath, content)
        base = () if rel == "." else tuple(rel.split(os.sep))
        found += [(*base, name) for name in filenames if name.endswith(".md") and not name.startswith(".")]
    found.sort()
    return found


def _localise(naive: datetime, zone: str) -> tuple[datetime, str | None]:
    tz = ZoneInfo(zone)
    aware = naive.replace(tzinfo=tz)
    back = aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    if back != naive:
        return aware, "does not exist"
    if aware.utcoffset() != naive.replace(tzinfo=tz, fold=1).utcoffset():
        return aware, "happens twice"
    return aware, None


def _check_event(item: Item, settings: Settings, now: datetime, problems: list[Problem]) -> bool:
    m: EventMeta = item.meta  # type: ignore[assignment]
    doc = item.doc
    zone = m.timezone or settings.timezone
    item.zone = zone
    ok = True
    start, end = m.start, m.end
    if isinstance(start, datetime):
        aware, trouble = _localise(start, zone)
        if trouble:
            problems.append(_clock_problem(doc, "start", start, zone, trouble))
            ok = False
        if end is None:
            # An hour of elapsed time, so a start just before the clocks change
            # does not end at a time that never happens.
            end_aware = (aware.astimezone(UTC) + timedelta(hours=1)).astimezone(ZoneInfo(zone))
        elif not isinstance(end, datetime):
            problems.append(
                Problem(
                    doc.rel,
                    doc.line("end"),
                    "end",
                    "start has a time but end is a date only",
                    "give end a time too, like 2023-06-26 15:30",
                )
            )
            return False
        else:
            end_aware, trouble = _localise(end, zone)
            if trouble:
                problems.append(_clock_problem(doc, "end", end, zone, trouble))
                ok = False
        if ok and end_aware <= aware:
            problems.append(
                Problem(
                    doc.rel,
                    doc.line("end"),
                    "end",
                    "the event ends before it starts",
                    "check the end date and time; times use the 24-hour clock (3:30pm is 15:30)",
                )
            )
            ok = False
        item.start, item.end, item.all_day = aware, end_aware, False
    else:
        last = end if end is not None else start
        if isinstance(last, datetime):
            problems.append(
                Problem(
                    doc.rel,
                    doc.line("end"),
                    "end",
                    "start is a date only but end has a time",
                    "give start a time too, or remove the time from end for an all-day event",
                )
            )
            return False
        if last < start:
            problems.append(
                Problem(
                    doc.rel,
                    doc.line("end"),
                    "end",
                    "the last day is before the first day",
                    "for an all-day event, end is the last day (inclusive)",
                )
            )
            return False
        item.start, item.end, item.all_day = start, last, True
    if not ok:
        return False
    if m.format != "online" and m.venue is None:
        article = "an" if m.format[0] in "aeiou" else "a"  # an in-person event, a hybrid event
        problems.append(
            Problem(
                doc.rel,
                doc.line("format"),
                "venue",
                f"{article} {m.format} event has no venue",
                "add `venue:` with `name:` and `address:` lines under it",
                "warning",
            )
        )
    finished = (
        item.end
        if not item.all_day
        else datetime.combine(item.end + timedelta(days=1), datetime.min.time(), ZoneInfo(zone))
    )
    if finished <= now and m.status == "scheduled" and not m.recording and not m.slides:
        problems.append(
            Problem(
                doc.rel,
                doc.line("title"),
                "recording",
                "this past event has no recording or slides",
                "add `recording:` or `slides:` so people can catch up",
                "warning",
            )
        )
    return True


def _clock_problem(doc: Document, key: str, when: datetime, zone: str, trouble: str) -> Problem:
    change = "go forward" if trouble == "does not exist" else "go back"
    return Problem(
        doc.rel,
        doc.line(key),
        key,
        f"{when:%Y-%m-%d %H:%M} {trouble} in {zone}: the clocks {change} that night",
        "choose a time outside the hour when the clocks change",
    )


def _check_site(out: Loaded, settings: Settings, now: datetime) -> None:
    """Checks across files: duplicates, and groups that make no sense."""
    uids: dict[str, Item] = {}
    for item in out.events:
        uid = event_uid(item, settings)
        if uid in uids:
            other = uids[uid].doc.rel
            out.problems.append(
                Problem(
                    item.doc.rel,
                    item.doc.line("uid"),
                    "uid",
                    f"another event already uses this uid ({other})",
                    "if this file was copied, delete its `uid:` line",
                )
            )
        else:
            uids[uid] = item
    numbers: dict[tuple[str, int], Item] = {}
    for item in sorted(out.issues, key=lambda i: (i.meta.published, i.doc.rel)):  # the later one is the copy
        key = (item.group, item.meta.issue)
        if key in numbers:
            out.problems.append(
                Problem(
                    item.doc.rel,
                    item.doc.line("issue"),
                    "issue",
                    f"issue {item.meta.issue} already exists ({numbers[key].doc.rel})",
                    "give each issue of a journal its own number",
                )
            )
        else:
            numbers[key] = item
    _unique_slugs(out)
    counts: dict[str, int] = {}
    for item in out.events:
        if item.group:
            counts[item.group] = counts.get(item.group, 0) + 1
    for slug, series in out.series.items():
        if counts.get(slug, 0) == 1:
            out.problems.append(
                Problem(
                    series.doc.rel,
                    series.doc.line("title"),
                    None,
                    "this series has only one event",
                    "add the other events to the folder, or move the event to content/events/ on its own",
                    "warning",
                )
            )


def _unique_slugs(out: Loaded) -> None:
    seen: dict[tuple[str | None, str, str], Item] = {}
    top_level = {("events", None, s) for s in out.series}
    for section, items in (
        ("events", out.events),
        ("journal", out.issues),
        ("practice-week", out.visits),
        ("pages", out.pages),
    ):
        for item in items:
            key = (section, item.group, item.slug)
            clash = seen.get(key)
            if clash is None and key in top_level:
                out.problems.append(
                    Problem(
                        item.doc.rel,
                        None,
                        None,
                        f"this event's web address clashes with the series folder '{item.slug}'",
                        "rename the file",
                    )
                )
                continue
            if clash is not None:
                out.problems.append(
                    Problem(
                        item.doc.rel,
                        None,
                        None,
                        f"this file would have the same web address as {clash.doc.rel}",
                        "rename one of the files",
                    )
                )
            else:
                seen[key] = item
    for slug, item in [*out.series.items(), *((e.slug, e) for e in out.events if not e.group)]:
        if slug in EVENT_LISTINGS or (len(slug) == 4 and slug.isdigit()):
            out.problems.append(
                Problem(
                    item.doc.rel,
                    None,
                    None,
                    f"'{slug}' cannot name an event or series: the site lists events at events/{slug}/",
                    "rename the file or folder, for example add a word to it",
                )
            )
    for pid, item in out.people.items():
        if pid == PEOPLE_BY_NAME:
            out.problems.append(
                Problem(
                    item.doc.rel,
                    None,
                    None,
                    "'by-name' cannot name a person: the site lists people at people/by-name/",
                    "rename the file",
                )
            )
    for item in out.pages:
        if item.slug in RESERVED_PAGE_NAMES:
            out.problems.append(
                Problem(
                    item.doc.rel,
                    None,
                    None,
                    f"a page cannot be called '{item.slug}': the site uses that address",
                    "rename the file",
                )
            )


def event_uid(item: Item, settings: Settings) -> str:
    """The calendar id: the `uid` field, else one derived from the file's path."""
    if item.meta.uid:
        return item.meta.uid
    path = f"{item.group}/{item.slug}" if item.group else item.slug
    return f"event-{path.replace('/', '--')}@{settings.host}"
