"""The linked site model: validated content joined up in one pass.

Every cross-reference (series parts, people and their appearances, tags) is
built once here, so renderers only read; nothing scans all items per page.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.cache import BuildCache
from generator.content import bodies, programme
from generator.content.loader import Item, Loaded, event_uid
from generator.content.recurrence import Rule
from generator.content.schema import FileOrUrl, PersonRef
from generator.content.settings import Settings
from generator.identity import slugify
from generator.model.booking import Booking, decide
from generator.problems import Problem
from generator.resources import images
from generator.resources.downloads import FileFacts, facts, facts_cached, file_kind


class _Short:
    """A short repr: the model is a web of back-references, so the generated one explodes."""

    # Files the page's body uses (images, downloads), set when the bodies are linked.
    resources: tuple = ()

    def __repr__(self) -> str:
        key = getattr(self, "url", None) or getattr(self, "href", None) or getattr(self, "name", "")
        return f"<{type(self).__name__} {key}>"


@dataclass(eq=False, repr=False)
class Download(_Short):
    title: str
    href: str  # site-relative path of the copied file, or an absolute URL
    source: Path | None
    facts: FileFacts | None
    picture: images.Picture | None = None  # the sizes an image is served at

    @property
    def label(self) -> str:
        return self.facts.label if self.facts else file_kind(self.href)

    @property
    def external(self) -> bool:
        return self.source is None


@dataclass(eq=False, repr=False)
class Person(_Short):
    id: str
    name: str
    role: str | None = None
    organisation: str | None = None
    photo: Download | None = None
    links: list = field(default_factory=list)
    bio: str = ""
    source: Item | None = None
    appearances: list[Appearance] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"people/{self.id}/"

    @property
    def path(self) -> str:
        return f"people/{self.id}.md"

    @property
    def initials(self) -> str:
        words = [w for w in self.name.replace("-", " ").split() if w[:1].isalpha() and not w.isupper()]
        words = words or self.name.split()
        return (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper()


@dataclass(eq=False, repr=False)
class Appearance(_Short):
    person: Person
    kind: str  # chair | speaker | author | team | quoted
    item: Entity
    role: str | None
    organisation: str | None
    detail: str | None = None  # the article title, or the quote


@dataclass(eq=False, repr=False)
class Tag(_Short):
    name: str
    slug: str
    items: list[Entity] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"tags/{self.slug}/"

    @property
    def path(self) -> str:
        return f"tags/{self.slug}.md"


@dataclass(eq=False, repr=False)
class Series(_Short):
    slug: str
    title: str
    summary: str | None
    body: str
    source: Item
    events: list[Event] = field(default_factory=list)
    image: Download | None = None  # shown when a link is shared

    @property
    def url(self) -> str:
        return f"events/{self.slug}/"

    @property
    def path(self) -> str:
        return f"events/{self.slug}/index.md"


@dataclass(eq=False, repr=False)
class Event(_Short):
    slug: str
    title: str
    start: datetime | date
    end: datetime | date  # inclusive last day when all_day
    all_day: bool
    zone: str
    format: str
    venue: object | None
    registration: Booking | None
    recording: Watch | None
    slides: list[Download]
    chair: Appearance | None
    speakers: list[Appearance]
    tags: list[Tag]
    status: str
    contact: str | None
    summary: str | None
    uid: str
    body: str
    source: Item
    series: Series | None = None
    part: int | None = None
    past: bool = False  # decided once, against the build's "now": its last session has ended
    image: Download | None = None  # shown when a link is shared
    rule: Rule | None = None  # how it repeats; None for an event on one date
    sessions: list = field(default_factory=list)  # the dates listings show: itself, or a Session per date

    kind = "event"

    @property
    def repeats(self) -> bool:
        return self.rule is not None

    @property
    def called_off(self) -> list[date]:
        """The dates of a repeating event marked `cancelled:`, in order."""
        return [s.date for s in self.sessions if isinstance(s, Session) and s.cancelled]

    @property
    def left_out(self) -> list[date]:
        """The dates a calendar leaves out of the run: those in `except:` and those called off."""
        return sorted({*self.rule.skip, *self.called_off}) if self.rule is not None else []

    @property
    def next_sessions(self) -> list[Session]:
        """The dates still to come of a repeating event, cancelled ones included."""
        return [s for s in self.sessions if isinstance(s, Session) and not s.past]

    @property
    def url(self) -> str:
        return f"events/{self.series.slug}/{self.slug}/" if self.series else f"events/{self.slug}/"

    @property
    def path(self) -> str:
        return self.url.rstrip("/") + ".md"

    @property
    def starts_at(self) -> datetime:
        if self.all_day:
            return datetime.combine(self.start, time(), ZoneInfo(self.zone))
        return self.start  # type: ignore[return-value]

    @property
    def ends_at(self) -> datetime:
        if self.all_day:
            return datetime.combine(self.end + timedelta(days=1), time(), ZoneInfo(self.zone))
        return self.end  # type: ignore[return-value]

    @property
    def date(self) -> date:
        return self.start if self.all_day else self.start.date()  # type: ignore[union-attr]

    @property
    def people(self) -> list[Appearance]:
        return ([self.chair] if self.chair else []) + self.speakers


class Session:
    """One date of a repeating event, as listings show it: its own times, status and
    past-ness, and everything else (title, address, people) from the event."""

    __slots__ = ("event", "start", "end", "cancelled", "past")

    def __init__(self, event: Event, start, end, cancelled: bool, past: bool):
        self.event, self.start, self.end, self.cancelled, self.past = event, start, end, cancelled, past

    def __getattr__(self, name: str):
        return getattr(self.event, name)

    def __repr__(self) -> str:
        return f"<Session {self.event.url} {self.date}>"

    @property
    def status(self) -> str:
        return "cancelled" if self.cancelled else self.event.status

    starts_at = Event.starts_at
    ends_at = Event.ends_at
    date = Event.date


@dataclass
class Watch:
    """A recording: where to watch it, whether its captions were checked, and its transcript."""

    url: str
    captions: bool | None
    transcript: Download | None


@dataclass(eq=False, repr=False)
class Article(_Short):
    title: str
    authors: list[Appearance]
    summary: str | None


@dataclass(eq=False, repr=False)
class Journal(_Short):
    slug: str
    title: str
    summary: str | None
    body: str
    source: Item
    issues: list[Issue] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"journal/{self.slug}/"

    @property
    def path(self) -> str:
        return f"journal/{self.slug}/index.md"


@dataclass(eq=False, repr=False)
class Issue(_Short):
    slug: str
    journal: Journal
    number: int
    title: str
    published: date
    pdf: Download | None
    cover: Download | None
    articles: list[Article]
    tags: list[Tag]
    summary: str | None
    body: str
    source: Item

    kind = "issue"

    @property
    def url(self) -> str:
        return f"journal/{self.journal.slug}/{self.slug}/"

    @property
    def path(self) -> str:
        return self.url.rstrip("/") + ".md"

    @property
    def date(self) -> date:
        return self.published


@dataclass(eq=False, repr=False)
class Week(_Short):
    slug: str
    title: str
    start: date | None
    end: date | None
    summary: str | None
    body: str
    source: Item
    visits: list[Visit] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"practice-week/{self.slug}/"

    @property
    def path(self) -> str:
        return f"practice-week/{self.slug}/index.md"

    @property
    def date(self) -> date:
        return self.start or min((v.date for v in self.visits), default=date.min)


@dataclass(eq=False, repr=False)
class Quote(_Short):
    text: str
    by: Appearance | None


@dataclass(eq=False, repr=False)
class Visit(_Short):
    slug: str
    week: Week
    title: str
    date: date
    place: str
    nation: str | None
    organisations: list[str]
    team: list[Appearance]
    quotes: list[Quote]
    tags: list[Tag]
    summary: str | None
    body: str
    source: Item
    image: Download | None = None  # on its card, and when a link is shared

    kind = "visit"

    @property
    def url(self) -> str:
        return f"practice-week/{self.week.slug}/{self.slug}/"

    @property
    def path(self) -> str:
        return self.url.rstrip("/") + ".md"


@dataclass(eq=False, repr=False)
class Page(_Short):
    slug: str
    title: str
    summary: str | None
    order: int | None
    footer: bool
    body: str
    source: Item

    @property
    def url(self) -> str:
        return f"{self.slug}/"

    @property
    def path(self) -> str:
        return f"{self.slug}.md"


Entity = Event | Issue | Visit


@dataclass(repr=False)
class Site(_Short):
    settings: Settings
    now: datetime
    series: list[Series]
    events: list[Event]
    journals: list[Journal]
    issues: list[Issue]
    weeks: list[Week]
    visits: list[Visit]
    people: list[Person]
    tags: list[Tag]
    pages: list[Page]
    warnings: list[Problem] = field(default_factory=list)  # found while linking, such as scanned PDFs

    @cached_property
    def sessions(self) -> list:
        """Every date of every event in date order: an event, or a Session of a repeating one."""
        found = [s for e in self.events for s in e.sessions]
        found.sort(key=lambda s: (s.starts_at, s.url))
        return found

    @property
    def upcoming(self) -> list:
        """The dates still to come, each an event or a Session of a repeating one."""
        return [s for s in self.sessions if not s.past]

    @property
    def past(self) -> list[Event]:
        """Most recent first."""
        return [e for e in reversed(self.events) if e.past]


class _Linker:
    """What every item links into: the people and tags met so far, and the files' facts."""

    def __init__(self, loaded: Loaded, settings: Settings, cache: BuildCache | None, file_facts=facts):
        self.loaded = loaded
        self.settings = settings
        self.cache = cache
        self.file_facts = file_facts
        self.people: dict[str, Person] = {pid: self.person(pid, item) for pid, item in sorted(loaded.people.items())}
        self.tags: dict[str, Tag] = {}

    def person(self, pid: str, item: Item) -> Person:
        """Someone with a file in content/people/."""
        m = item.meta
        person = Person(
            id=pid,
            name=m.name,
            role=m.role,
            organisation=m.organisation,
            links=list(m.links),
            bio=item.doc.body,
            source=item,
        )
        if m.photo:
            person.photo = self.image(m.photo, m.name, person.url, images.PHOTO_SIZES, square=True)
        return person

    def download(self, source: Path, title: str, base_url: str) -> Download:
        return Download(title=title, href=f"{base_url}{source.name}", source=source, facts=self.facts(source))

    def shared_picture(self, source: Path, title: str, base_url: str) -> Download:
        """An event's or series' picture: the original, as shared with a link, and the
        sizes its cards and the home page's featured event show."""
        shared = self.download(source, title, base_url)
        widths = (images.CARD_WIDTH, images.FEATURE_WIDTH)
        shared.picture = images.picture(source, images.facts_cached(source, self.cache), base_url, widths)
        return shared

    def image(self, source: Path, title: str, base_url: str, widths: tuple[int, ...], square: bool = False) -> Download:
        picture = images.picture(source, images.facts_cached(source, self.cache), base_url, widths, square)
        return Download(title=title, href=picture.first.src, source=source, facts=self.facts(source), picture=picture)

    def facts(self, source: Path) -> FileFacts:
        return facts_cached(source, self.cache, self.file_facts)

    def file_or_url(self, ref: FileOrUrl, default_title: str, base_url: str) -> Download:
        title = ref.title or default_title
        if ref.file:
            return self.download(ref.file, title, base_url)
        return Download(title=title, href=ref.url, source=None, facts=None)

    def appear(self, ref: PersonRef, kind: str, item, detail: str | None = None) -> Appearance:
        if ref.id:
            person = self.people[ref.id]
        else:
            pid = slugify(ref.name)
            person = self.people.get(pid)
            if person is None:
                person = self.people[pid] = Person(id=pid, name=ref.name, role=ref.role, organisation=ref.organisation)
        # An appearance keeps the role held then; the people file gives today's as a fallback.
        role = ref.role or (person.role if person.source else None)
        organisation = ref.organisation or (person.organisation if person.source else None)
        appearance = Appearance(
            person=person, kind=kind, item=item, role=role, organisation=organisation, detail=detail
        )
        person.appearances.append(appearance)
        return appearance

    def tag_list(self, names: list[str], item) -> list[Tag]:
        tags = []
        for name in names:
            slug = slugify(name)
            tag = self.tags.get(slug)
            if tag is None:
                tag = self.tags[slug] = Tag(name=name, slug=slug)
            if tag not in tags:  # a short list: the item's own tags
                tags.append(tag)
                tag.items.append(item)
        return tags


def _scanned(downloads, item: Item, field_name: str) -> list[Problem]:
    return [
        Problem(
            path=item.doc.rel,
            line=item.doc.line(field_name),
            field=field_name,
            message=f"{d.source.name} has no text: it looks like a scanned image, which screen readers and search cannot read",
            fix="save it as PDF again from the original document or presentation (not a scan), or put its text in the page",
            severity="warning",
        )
        for d in downloads
        if d and d.facts and d.facts.scanned
    ]


def build_model(
    loaded: Loaded, settings: Settings, now: datetime, cache: BuildCache | None = None, file_facts=facts
) -> Site:
    """The linked site. `file_facts(path)` gives a download's facts (downloads.facts,
    or the same read ahead in other processes)."""
    link = _Linker(loaded, settings, cache, file_facts)
    series, events = _series_and_events(loaded, settings, now, link)
    journals, issues = _journals_and_issues(loaded, link)
    weeks, visits = _weeks_and_visits(loaded, link)
    pages = _pages(loaded)
    people = [p for p in link.people.values() if p.source]
    _link_bodies([*series, *events, *journals, *issues, *weeks, *visits, *pages, *people], link.tags.values(), link)
    _newest_first(link)
    return Site(
        warnings=_warnings(events, issues),
        settings=settings,
        now=now,
        series=sorted(series, key=lambda s: (s.events[0].starts_at if s.events else now, s.slug), reverse=True),
        events=events,
        journals=journals,
        issues=issues,
        weeks=sorted(weeks, key=lambda w: (w.date, w.slug), reverse=True),
        visits=visits,
        people=sorted(link.people.values(), key=lambda p: (p.name.casefold(), p.id)),
        tags=sorted(link.tags.values(), key=lambda t: t.slug),
        pages=pages,
    )


def _series_and_events(
    loaded: Loaded, settings: Settings, now: datetime, link: _Linker
) -> tuple[list[Series], list[Event]]:
    """The series by slug, and the events by start time, each numbered as a part of its series."""
    series = {slug: _series(slug, it, link) for slug, it in sorted(loaded.series.items())}
    events = [_event(it, settings, now, series, link) for it in loaded.events]
    events.sort(key=lambda e: (e.starts_at, e.url))
    for event in events:  # people and tags in date order, so appearance lists need no re-sort by kind
        m = event.source.meta
        event.chair = link.appear(m.chair, "chair", event) if m.chair else None
        event.speakers = [link.appear(s, "speaker", event) for s in m.speakers]
        event.tags = link.tag_list(m.tags, event)
        if event.series:
            event.series.events.append(event)
    for s in series.values():
        for n, event in enumerate(s.events, 1):
            event.part = n
    return list(series.values()), events


def _series(slug: str, it: Item, link: _Linker) -> Series:
    series = Series(slug=slug, title=it.meta.title, summary=it.meta.summary, body=it.doc.body, source=it)
    if it.meta.image:
        series.image = link.shared_picture(it.meta.image, series.title, series.url)
    return series


def _event(it: Item, settings: Settings, now: datetime, series: dict[str, Series], link: _Linker) -> Event:
    """An event with its files; its people and tags come once all events are in date order."""
    m = it.meta
    event = Event(
        slug=it.slug,
        title=m.title,
        start=it.start,
        end=it.end,
        all_day=it.all_day,
        zone=it.zone,
        format=m.format,
        venue=m.venue,
        registration=None,
        recording=None,
        slides=[],
        chair=None,
        speakers=[],
        tags=[],
        status=m.status,
        contact=m.contact,
        summary=m.summary,
        uid=event_uid(it, settings),
        body=it.doc.body,
        source=it,
        series=series.get(it.group) if it.group else None,
    )
    # The files are named after the event's address, which depends on its series.
    event.slides = [link.file_or_url(s, s.title or m.title, event.url) for s in m.slides]
    if m.image:
        event.image = link.shared_picture(m.image, m.title, event.url)
    _dates(event, it, now)
    if m.registration:
        event.registration = _booking(m, it, now, event.sessions[-1].ends_at)
    if m.recording:
        rec = m.recording
        transcript = link.download(rec.transcript, f"Transcript of {m.title}", event.url) if rec.transcript else None
        event.recording = Watch(url=rec.url, captions=rec.captions, transcript=transcript)
    return event


def _dates(event: Event, it: Item, now: datetime) -> None:
    """The event's sessions and whether it is past: a repeating event is past once its last
    session has ended (a cancelled last date counts, so the event does not stay upcoming)."""
    event.rule = programme.rule_of(it.meta)
    if event.rule is None:
        event.sessions = [event]
        event.past = event.ends_at <= now
        return
    for when in it.occurrences:
        session = Session(event, when.start, when.end, when.cancelled, False)
        session.past = session.ends_at <= now
        event.sessions.append(session)
    event.past = event.sessions[-1].past


def _booking(m, it: Item, now: datetime, last_end: datetime) -> Booking:
    opens, closes = programme.booking_times(m, it.zone)
    reg = m.registration
    booking = Booking(
        url=reg.url,
        opens=opens,
        closes=closes,
        closes_timed=isinstance(reg.closes, datetime),
        opens_timed=isinstance(reg.opens, datetime),
        status=reg.status,
    )
    return decide(booking, now, last_end)


def _journals_and_issues(loaded: Loaded, link: _Linker) -> tuple[list[Journal], list[Issue]]:
    """The journals by slug, and every issue in order of publication."""
    journals = {
        slug: Journal(slug=slug, title=it.meta.title, summary=it.meta.summary, body=it.doc.body, source=it)
        for slug, it in sorted(loaded.journals.items())
    }
    issues = [
        _issue(it, journals[it.group], link)
        for it in sorted(loaded.issues, key=lambda i: (i.meta.published, i.meta.issue, i.doc.rel))
    ]
    return list(journals.values()), issues


def _issue(it: Item, journal: Journal, link: _Linker) -> Issue:
    m = it.meta
    issue = Issue(
        slug=it.slug,
        journal=journal,
        number=m.issue,
        title=m.title,
        published=m.published,
        pdf=None,
        cover=None,
        articles=[],
        tags=[],
        summary=m.summary,
        body=it.doc.body,
        source=it,
    )
    if m.pdf:
        issue.pdf = link.file_or_url(m.pdf, f"{journal.title}, issue {m.issue}", issue.url)
    if m.cover:
        issue.cover = link.image(
            m.cover, f"Cover of issue {m.issue}", issue.url, (images.COVER_WIDTH, images.CARD_COVER_WIDTH)
        )
    issue.articles = [
        Article(title=a.title, authors=[link.appear(p, "author", issue, a.title) for p in a.authors], summary=a.summary)
        for a in m.articles
    ]
    issue.tags = link.tag_list(m.tags, issue)
    journal.issues.append(issue)
    return issue


def _weeks_and_visits(loaded: Loaded, link: _Linker) -> tuple[list[Week], list[Visit]]:
    """The practice weeks by slug, and every visit by date."""
    weeks = {
        slug: Week(
            slug=slug,
            title=it.meta.title,
            start=it.meta.start,
            end=it.meta.end,
            summary=it.meta.summary,
            body=it.doc.body,
            source=it,
        )
        for slug, it in sorted(loaded.weeks.items())
    }
    visits = [_visit(it, weeks[it.group], link) for it in sorted(loaded.visits, key=lambda v: (v.meta.date, v.doc.rel))]
    return list(weeks.values()), visits


def _visit(it: Item, week: Week, link: _Linker) -> Visit:
    m = it.meta
    visit = Visit(
        slug=it.slug,
        week=week,
        title=m.title,
        date=m.date,
        place=m.place,
        nation=m.nation,
        organisations=list(m.organisations),
        team=[],
        quotes=[],
        tags=[],
        summary=m.summary,
        body=it.doc.body,
        source=it,
    )
    visit.team = [link.appear(p, "team", visit) for p in m.team]
    visit.quotes = [
        Quote(text=q.text, by=link.appear(q.by, "quoted", visit, q.text) if q.by else None) for q in m.quotes
    ]
    visit.tags = link.tag_list(m.tags, visit)
    if m.image:
        visit.image = link.shared_picture(m.image, m.title, visit.url)
    week.visits.append(visit)
    return visit


def _pages(loaded: Loaded) -> list[Page]:
    """The free pages, those given an order first, then by title."""
    pages = (
        Page(
            slug=it.slug,
            title=it.meta.title,
            summary=it.meta.summary,
            order=it.meta.order,
            footer=it.meta.footer,
            body=it.doc.body,
            source=it,
        )
        for it in loaded.pages
    )
    return sorted(pages, key=lambda p: (p.order is None, p.order or 0, p.title.casefold()))


def _newest_first(link: _Linker) -> None:
    """Each person's appearances and each topic's items, the most recent first."""
    for person in link.people.values():
        person.appearances.sort(key=lambda a: _when(a.item), reverse=True)
    for tag in link.tags.values():
        tag.items.sort(key=_when, reverse=True)


def _warnings(events: list[Event], issues: list[Issue]) -> list[Problem]:
    return [
        *(p for e in events for p in _scanned(e.slides, e.source, "slides")),
        *(p for i in issues for p in _scanned([i.pdf], i.source, "pdf")),
    ]


def _link_bodies(entities: list, tags, link: _Linker) -> None:
    """Point each body's links at pages and its files at their copies on the site
    (checked already by the loader, so every target exists)."""
    known = {id(doc): k for k, doc in link.loaded.documents.items()}  # worked out once, while loading
    keys = [known[id(e.source.doc)] for e in entities]
    pages = {k: bodies.Page(e.path, e.url) for k, e in zip(keys, entities, strict=False)}
    topics = {tag.path: bodies.Page(tag.path, tag.url) for tag in tags}  # linked as tags/<slug>.md from anywhere
    content = bodies.key(link.loaded.content)
    for k, entity in zip(keys, entities, strict=False):
        body = link.loaded.bodies[k]
        if not body.refs:
            continue
        page, base = pages[k], k.parent
        files = _BodyFiles(link, page, base)
        text = bodies.rewrite(entity.source.doc, body, base, page, pages, topics, files, content)
        if isinstance(entity, Person):
            entity.bio = text
        else:
            entity.body = text
        entity.resources = tuple(files.found.values())


class _BodyFiles:
    """The site copies of the files one body uses, made once each however often the body
    names them; called by bodies.rewrite as `resource(path, as_image)`."""

    def __init__(self, link: _Linker, page: bodies.Page, base: Path):
        self.link = link
        self.page = page
        self.base = base  # the folder of the body's file, which its links are relative to
        self.found: dict[tuple[Path, bool], Download] = {}

    def __call__(self, path: Path, as_image: bool) -> Download:
        known = self.found.get((path, as_image))
        if known is None:
            known = self.found[(path, as_image)] = self._copy(path, as_image)
        return known

    def _copy(self, path: Path, as_image: bool) -> Download:
        rel = path.relative_to(self.base).as_posix()
        if as_image:
            folder = posixpath.dirname(rel)
            return self.link.image(
                path, path.name, self.page.url + (folder + "/" if folder else ""), (images.BODY_WIDTH,)
            )
        known = self.link.download(path, path.name, self.page.url)
        known.href = self.page.url + rel
        return known


def _when(item) -> date:
    return item.date
