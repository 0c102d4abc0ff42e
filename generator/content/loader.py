"""Load and validate everything in content/; report every problem, not just the first.

Folders carry structure, so authors never type ids to join things: an event in
content/events/<series>/ belongs to that series, an issue in
content/journal/<journal>/ to that journal, a visit in
content/practice-week/<year>/ to that week.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from generator import bounded
from generator.cache import BuildCache, Stamp, stamp
from generator.content import bodies, body_html, duplicates, field_names, programme, unfinished
from generator.content.reader import Document, Walk, read_document, walk
from generator.content.schema import MODELS, EventMeta, PersonMeta, validate
from generator.content.settings import Settings
from generator.html_rule import HtmlRule
from generator.identity import EVENT_LISTINGS, GROUP_FILES, PEOPLE_BY_NAME, RESERVED_PAGE_NAMES, SECTIONS, slugify
from generator.problems import Problem
from generator.resources import downloads, images


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
    occurrences: list | None = None  # the dates it happens on (recurrence.Occurrence), set by programme.check


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
    files: list[tuple[str, ...]] = field(default_factory=list)  # every file in content/, as content_files gives them
    bodies: dict = field(default_factory=dict)  # content file -> its links and images (bodies.Body)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


# How messages name each kind of file, in the order they are read (people first, on their own).
_NOUNS = {
    "series": "a series",
    "event": "an event",
    "journal": "a journal",
    "issue": "a journal issue",
    "week": "a practice week",
    "visit": "a visit note",
    "page": "a page",
}
# What each is validated as.
_KINDS = {kind: (MODELS[kind], noun) for kind, noun in _NOUNS.items()}


class CachedDocument(NamedTuple):
    """A file read (BuildCache.documents), good while the file has this stamp."""

    stamp: Stamp | None
    doc: Document | None
    problems: list[Problem]
    key: Path  # the file as bodies.key gives it


class CachedValidation(NamedTuple):
    """Front matter validated (BuildCache.validated), good for the same Document while the
    same people exist and every file it names is still there."""

    doc: Document
    people_key: int | None
    meta: BaseModel
    problems: list[Problem]
    files: list[Path]  # the files its fields name


def load(
    root: Path,
    settings: Settings,
    now: datetime,
    content_dir: Path | None = None,
    cache: BuildCache | None = None,
    walked: Walk | None = None,
    file_facts=downloads.facts,
) -> Loaded:
    """Read content/ under `root` (the project folder, used for messages). With a
    cache, files unchanged since an earlier build are not read or validated again.
    `walked` is what `reader.walk` found, for a caller that walked content/ first;
    `file_facts(path)` gives an attached file's facts (downloads.facts, or the same
    read ahead in other processes, which the model then asks again)."""
    content = content_dir or root / "content"
    walked = walk(content) if walked is None else walked
    out = Loaded(content=content, files=walked.files)
    files = _discover(content, root, out)
    _refused_links(out, walked, _relative(content, root))
    reading = _Reading(out, settings, now, cache)
    reading.people(files.get("people", []))  # first: every other file may refer to them by id
    for kind in _KINDS:
        reading.items(kind, files.get(kind, []))
    _check_files(out, content, cache, settings.html_rule)
    _check_attachments(out, content, cache, file_facts)
    _check_site(out, settings, now)
    out.problems += unfinished.problems(out)
    return out


class _Reading:
    """Reads and validates the files `_discover` found, putting each valid one in `out`."""

    def __init__(self, out: Loaded, settings: Settings, now: datetime, cache: BuildCache | None):
        self.out = out
        self.settings = settings
        self.now = now
        self.cache = cache
        self.ctx: dict = {"root": out.content}
        self.people_key: int | None = None

    def people(self, files: list[tuple[Path, str]]) -> None:
        """The people, and the ids that references to them are checked against from then on."""
        out = self.out
        for path, rel in files:
            doc = _read(path, rel, out, self.cache)
            if doc is None:
                continue
            meta, problems = _validate(PersonMeta, doc, {**self.ctx, "dir": path.parent}, "a person", self.cache, None)
            out.problems += problems
            if meta is not None:
                out.people[path.stem] = Item(doc=doc, meta=meta, slug=path.stem)
        # A file with problems still names someone, so references to them are not reported too.
        people_ids = set(out.people) | {p.stem for p, _ in files}
        self.ctx = {**self.ctx, "people": people_ids}
        self.people_key = hash(frozenset(people_ids))  # a reference to a person is valid only while they exist

    def items(self, kind: str, files: list[tuple[Path, str, str | None]]) -> None:
        for path, rel, group in files:
            item = self.item(kind, path, rel, group)
            if item is not None:
                self.keep(kind, item)

    def item(self, kind: str, path: Path, rel: str, group: str | None) -> Item | None:
        """The file as an item, or None if it cannot be read or its fields are not valid."""
        doc = _read(path, rel, self.out, self.cache)
        if doc is None:
            return None
        model, noun = _KINDS[kind]
        ctx = {**self.ctx, "dir": path.parent}
        meta, problems = _validate(model, doc, ctx, noun, self.cache, self.people_key)
        self.out.problems += problems
        if meta is None:
            return None
        # _series.md and the like take the folder's name.
        slug = slugify(path.stem) if not path.name.startswith("_") else group
        return Item(doc=doc, meta=meta, slug=slug, group=group)

    def keep(self, kind: str, item: Item) -> None:
        out = self.out
        if kind == "series":
            out.series[item.group] = item
        elif kind == "journal":
            out.journals[item.group] = item
        elif kind == "week":
            out.weeks[item.group] = item
        elif kind == "event":
            if _check_event(item, self.settings, self.now, out.problems):
                out.events.append(item)
        elif kind == "issue":
            out.issues.append(item)
        elif kind == "visit":
            out.visits.append(item)
        elif kind == "page":
            out.pages.append(item)


def _read(path: Path, rel: str, out: Loaded, cache: BuildCache | None) -> Document | None:
    now = stamp(path) if cache is not None else None
    hit = cache.documents.get(path) if cache is not None else None
    if hit is not None and now is not None and hit.stamp == now:
        doc, problems, key = hit.doc, hit.problems, hit.key
    else:
        doc, problems = read_document(path, rel)
        if doc is not None:
            problems = problems + _check_body(doc) + _slow_blocks(doc)
        key = bodies.key(path)  # resolving every path again took a tenth of a rebuild under serve
        if cache is not None:
            cache.documents[path] = CachedDocument(stamp=now, doc=doc, problems=problems, key=key)
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
    if hit is not None and hit.doc is doc and hit.people_key == people_key and all(f.is_file() for f in hit.files):
        return hit.meta, hit.problems
    files: list[Path] = []
    meta, problems = validate(model, doc, {**ctx, "files": files}, noun)
    if meta is not None:
        cache.validated[doc.path] = CachedValidation(
            doc=doc, people_key=people_key, meta=meta, problems=problems, files=files
        )
    return meta, problems


# Why a block of text is shown without its formatting (generator.bounded), in the author's words.
_SLOW = {
    "scan": "has so many [ ( or < without their partners that working out its links and HTML would take minutes",
    "marks": "has so much formatting (* _ ` [ and the like) in one paragraph that reading it would take minutes",
    "splits": "has thousands of headings or lines of dashes with no blank line between them",
    "depth": "is nested too deep: more than 32 quotes in quotes or lists in lists",
    "toc": "has the [TOC] marker thousands of times",
}


def _slow_blocks(doc: Document) -> list[Problem]:
    """A block Markdown would take minutes on is published as plain text (generator.bounded): say where."""
    return [
        Problem(
            doc.rel,
            doc.body_line + block.line - 1,
            None,
            f"the paragraph that starts here {_SLOW[block.reason]}, so it is published as plain text,"
            " without its links or formatting",
            "break it into shorter paragraphs with a blank line between them, and remove any stray characters",
            "warning",
        )
        for block in bounded.pathological(doc.body)
    ]


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


def _check_files(out: Loaded, content: Path, cache: BuildCache | None, rule: HtmlRule) -> None:
    """Every file a page uses: the links and images in its body, and the images
    its fields name (a person's photo, an issue's cover) must be ones browsers show;
    and the body's HTML must keep to `rule`."""
    parsed = {path: (doc, bodies.parsed(doc, cache)) for path, doc in out.documents.items()}
    out.bodies = {path: body for path, (_, body) in parsed.items()}
    # Topic pages are made from the tags items carry, so a body may link to them too.
    topics = {f"tags/{slugify(t)}.md" for it in [*out.events, *out.issues, *out.visits] for t in it.meta.tags}
    checker = bodies.Checker(content, parsed, out.files, cache, topics)
    for path, (doc, body) in parsed.items():
        out.problems += checker.check(path, doc, body)
        out.problems += body_html.check(doc, body, rule)
    fields = [
        *((it, "photo", it.meta.photo) for it in out.people.values()),
        *((it, "cover", it.meta.cover) for it in out.issues),
        *((it, "image", it.meta.image) for it in [*out.series.values(), *out.events, *out.visits]),
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


def _check_attachments(out: Loaded, content: Path, cache: BuildCache | None, file_facts) -> None:
    """Every file a page offers for download (slides, an issue's PDF, a file its body
    links to) is what its name says, and opens: a page never offers what `check` refuses."""

    def check(doc: Document, line: int | None, field_name: str | None, path: Path) -> None:
        found = downloads.trouble(path, downloads.facts_cached(path, cache, file_facts))
        if found is not None:
            out.problems.append(Problem(doc.rel, line, field_name, found.message, found.fix, found.severity))

    def check_field(doc: Document, loc: tuple, path: Path) -> None:
        check(doc, doc.line_at(loc), field_names.describe(loc, doc.meta), path)

    for it in out.events:
        for n, ref in enumerate(it.meta.slides):
            if ref.file is not None:
                check_field(it.doc, ("slides", n, "file"), ref.file)
    for it in out.issues:
        if it.meta.pdf is not None and it.meta.pdf.file is not None:
            check_field(it.doc, ("pdf", "file"), it.meta.pdf.file)
    top = bodies.key(content)
    for key, body in out.bodies.items():
        doc = out.documents[key]
        for ref, path in _linked_files(body, key.parent, top):
            check(doc, doc.body_line + ref.line, None, path)


def _linked_files(body, base: Path, content: Path):
    """The links in a body to files in content/ other than pages, which the site
    offers for download (images are checked as pictures, missing files elsewhere)."""
    definitions = {r.label: r for r in body.refs if r.syntax == "definition"}
    for ref in body.refs:
        if ref.kind != "link" or not body.carries_target(ref):
            continue
        t = bodies.resolve(ref, base, definitions)
        path = t.path
        if path is None or path.suffix == ".md" or not path.is_relative_to(content) or not path.is_file():
            continue
        if path.resolve().is_relative_to(content):  # one behind a link out of content/ is reported by the walk
            yield ref, path


def _discover(content: Path, root: Path, out: Loaded) -> dict[str, list]:
    """Sort the Markdown files in content/ into kinds by where they sit."""
    if not content.is_dir():
        out.problems.append(
            Problem(
                _relative(content, root),
                None,
                None,
                "the content folder is missing",
                "create it with events/, journal/, practice-week/, people/ and pages/ inside",
            )
        )
        return {}
    places = _Places(content, _relative(content, root), out.problems)
    for parts in (p for p in out.files if p[-1].endswith(".md")):
        places.add(parts)
    return places.found


def _relative(p: Path, root: Path) -> str:
    try:
        return p.relative_to(root).as_posix()
    except ValueError:
        return p.as_posix()


# The kinds of a section's folder file and of the other files in its folders.
_GROUP_KINDS = {"events": ("series", "event"), "journal": ("journal", "issue"), "practice-week": ("week", "visit")}


class _Places:
    """Files sorted into kinds by where they sit: kind -> [(path, rel, group)] (people: [(path, rel)]),
    with a problem for each file that sits where no kind belongs."""

    def __init__(self, content: Path, content_rel: str, problems: list[Problem]):
        self.content = content
        self.content_rel = content_rel
        self.problems = problems
        self.found: dict[str, list] = {}
        self.has_group_file: dict[Path, bool] = {}

    def add(self, parts: tuple[str, ...]) -> None:
        path = self.content.joinpath(*parts)
        r = self.content_rel + "/" + "/".join(parts)
        section = parts[0] if len(parts) > 1 else None
        if section not in SECTIONS:
            self.problems.append(
                Problem(
                    r,
                    None,
                    None,
                    "this file is not in a content folder the site knows",
                    "move it into one of: " + ", ".join(f"content/{s}/" for s in SECTIONS),
                )
            )
        elif section in ("people", "pages"):
            self._flat(section, parts, path, r)
        else:
            self._grouped(section, parts, path, r)

    def _flat(self, section: str, parts: tuple[str, ...], path: Path, r: str) -> None:
        """content/people/ and content/pages/ hold files only."""
        if len(parts) != 2:
            self.problems.append(
                Problem(
                    r,
                    None,
                    None,
                    f"files in content/{section}/ cannot be in sub-folders",
                    f"move it directly into content/{section}/",
                )
            )
        elif section == "people":
            self.found.setdefault("people", []).append((path, r))
        else:
            self.found.setdefault("page", []).append((path, r, None))

    def _grouped(self, section: str, parts: tuple[str, ...], path: Path, r: str) -> None:
        """The other sections hold folders (a series, journal or year), and events may stand alone."""
        if len(parts) == 2 and section == "events" and not path.name.startswith("_"):
            self.found.setdefault("event", []).append((path, r, None))
        elif len(parts) == 3:
            self._in_folder(section, parts, path, r)
        else:
            where = {
                "events": "content/events/ or content/events/<series>/",
                "journal": "content/journal/<journal>/",
                "practice-week": "content/practice-week/<year>/",
            }[section]
            self.problems.append(Problem(r, None, None, "this file is in the wrong place", f"move it into {where}"))

    def _in_folder(self, section: str, parts: tuple[str, ...], path: Path, r: str) -> None:
        group_file = GROUP_FILES[section]
        group_kind, item_kind = _GROUP_KINDS[section]
        group = slugify(parts[1])
        name = path.name
        if name == group_file:
            self.found.setdefault(group_kind, []).append((path, r, group))
        elif name.startswith("_"):
            self.problems.append(
                Problem(
                    r,
                    None,
                    None,
                    f"'{name}' is not a file name the site knows",
                    f"the folder's own file is called {group_file}; other files should not start with _",
                )
            )
        elif not self._folder_has_file(path.parent, group_file):
            self.problems.append(
                Problem(
                    r,
                    None,
                    None,
                    f"the folder content/{section}/{parts[1]}/ has no {group_file}",
                    f"add {group_file} with at least a title to that folder",
                )
            )
        else:
            self.found.setdefault(item_kind, []).append((path, r, group))

    def _folder_has_file(self, folder: Path, group_file: str) -> bool:
        """Asked once per folder, however many files it holds."""
        if folder not in self.has_group_file:
            self.has_group_file[folder] = (folder / group_file).is_file()
        return self.has_group_file[folder]


def content_files(content: Path) -> list[tuple[str, ...]]:
    """Every file under content/ as path parts, in the order of sorted paths (reader.walk)."""
    return walk(content).files


def _refused_links(out: Loaded, walked: Walk, content_rel: str) -> None:
    for parts, why in walked.refused:
        out.problems.append(
            Problem(
                f"{content_rel}/{'/'.join(parts)}",
                None,
                None,
                f"'{parts[-1]}' {why}",
                "copy the file (or folder) into content/ instead of linking to it",
            )
        )


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
    """Work out the event's times in its own time zone (set on the item); False, and the
    event is left out, when they make no sense."""
    m: EventMeta = item.meta  # type: ignore[assignment]
    item.zone = m.timezone or settings.timezone
    ok = _check_times(item, problems) if isinstance(m.start, datetime) else _check_days(item, problems)
    if not ok:
        return False
    if not programme.check(item, now, problems):
        return False
    _check_venue(item, problems)
    _check_catch_up(item, now, problems)
    return True


def _check_times(item: Item, problems: list[Problem]) -> bool:
    """An event with a start time: its end needs a time too, and both must happen on the clock."""
    m: EventMeta = item.meta  # type: ignore[assignment]
    doc, zone, start, end = item.doc, item.zone, m.start, m.end
    aware, trouble = _localise(start, zone)
    if trouble:
        problems.append(_clock_problem(doc, "start", start, zone, trouble))
    if end is not None and not isinstance(end, datetime):
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
    end_aware, end_trouble = _end_time(end, aware, zone)
    if end_trouble:
        problems.append(_clock_problem(doc, "end", end, zone, end_trouble))
    ok = not trouble and not end_trouble
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
    return ok


def _end_time(end: datetime | None, aware: datetime, zone: str) -> tuple[datetime, str | None]:
    if end is None:
        # An hour of elapsed time, so a start just before the clocks change
        # does not end at a time that never happens.
        return (aware.astimezone(UTC) + timedelta(hours=1)).astimezone(ZoneInfo(zone)), None
    return _localise(end, zone)


def _check_days(item: Item, problems: list[Problem]) -> bool:
    """An all-day event: dates only, the last day (inclusive) not before the first."""
    m: EventMeta = item.meta  # type: ignore[assignment]
    doc, start = item.doc, m.start
    last = m.end if m.end is not None else start
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
    return True


def _check_venue(item: Item, problems: list[Problem]) -> None:
    m: EventMeta = item.meta  # type: ignore[assignment]
    if m.format != "online" and m.venue is None:
        article = "an" if m.format[0] in "aeiou" else "a"  # an in-person event, a hybrid event
        problems.append(
            Problem(
                item.doc.rel,
                item.doc.line("format"),
                "venue",
                f"{article} {m.format} event has no venue",
                "add `venue:` with a `name:` line under it, and an `address:` line so people can find it",
                "warning",
            )
        )


def _check_catch_up(item: Item, now: datetime, problems: list[Problem]) -> None:
    """A past event should leave something for those who missed it."""
    m: EventMeta = item.meta  # type: ignore[assignment]
    finished = programme.ends_at(item, item.occurrences[-1])
    if finished <= now and m.status == "scheduled" and not m.recording and not m.slides:
        problems.append(
            Problem(
                item.doc.rel,
                item.doc.line("title"),
                "recording",
                "this past event has no recording or slides",
                "add `recording:` or `slides:` so people can catch up",
                "warning",
            )
        )


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
    out.problems += duplicates.problems(
        out.events, out.issues, out.visits, out.documents.values(), lambda item: event_uid(item, settings)
    )
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
    """Every file gets its own web address, and none takes one the site uses for a listing."""
    _clashing_addresses(out)
    _reserved_addresses(out)


def _clashing_addresses(out: Loaded) -> None:
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


def _reserved_addresses(out: Loaded) -> None:
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
