"""Listings that stay small at any archive size.

A view is a list of items with an address: the events of a year, the online
events, a topic, the people whose names start with B. A long view is split into
one child view per year, and every view is cut into pages of at most PAGE_SIZE
items, so no listing page grows with the archive. Views are made once from the
linked model and rendered by one template; no page template decides on its own
how to cut a list.

Listings by date (the events page's upcoming list, the year pages and the month
calendars) list every date of a repeating event on its date, each linking to the
one event page; listings by format, topic, person and series list each event
once. A month has a calendar page when it has events or lies between the first
and the last event's months, so that "next month" always leads somewhere.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from generator.identity import PEOPLE_BY_NAME
from generator.model import dates
from generator.model.site import Event, Person, Site, Tag

PAGE_SIZE = 60  # cards on one listing page: about 100 KB of HTML at most
SPLIT_OVER = 60  # a topic or a person with more items than this gets a page per year
LATEST = 12  # a split topic or person page lists this many of the latest items above its years
PEOPLE_SPLIT_OVER = 400  # the people index is cut by first letter above this
UPCOMING_DAYS = 366  # the events page lists upcoming events this far ahead...
UPCOMING_MAX = PAGE_SIZE  # ...and at most this many; later ones are on their year pages
FORMATS = ("online", "in-person", "hybrid")
DAY_MAX = 8  # events in one day of a month's calendar; the rest are counted, with a link to their year page
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")  # weeks start on Monday


@dataclass(eq=False, repr=False)
class ListPage:
    view: View
    number: int
    items: list

    @property
    def url(self) -> str:
        return self.view.url if self.number == 1 else f"{self.view.url}page-{self.number}/"

    @property
    def path(self) -> str:
        return self.view.path if self.number == 1 else f"{self.view.url}page-{self.number}.md"

    @property
    def title(self) -> str:
        if len(self.view.pages) == 1:
            return self.view.title
        return f"{self.view.title} (page {self.number} of {len(self.view.pages)})"

    def __repr__(self) -> str:
        return f"<ListPage {self.url}>"


@dataclass(eq=False, repr=False)
class View:
    url: str
    path: str
    title: str
    items: list  # what the view lists, in the order shown
    kind: str  # what it lists: "events", "items" (events, issues and visits), "people" or "appearances"
    summary: str | None = None
    label: str = ""  # its name among its siblings: a year, a letter
    parent: View | None = None
    children: list[View] = field(default_factory=list)  # a page per year or letter, when split
    pages: list[ListPage] = field(default_factory=list)
    months: list[Month] = field(default_factory=list)  # a year's month calendars, linked from its pages

    def __repr__(self) -> str:
        return f"<View {self.url}>"

    @property
    def count(self) -> int:
        return len(self.items)

    def paginate(self, items: list | None = None) -> View:
        items = self.items if items is None else items
        chunks = [items[i : i + PAGE_SIZE] for i in range(0, len(items), PAGE_SIZE)] or [[]]
        self.pages = [ListPage(view=self, number=n, items=chunk) for n, chunk in enumerate(chunks, 1)]
        return self

    def walk(self):
        """This view and every view below it."""
        yield self
        for child in self.children:
            yield from child.walk()


def _year(entry) -> int:
    item = getattr(entry, "item", entry)  # an appearance is dated by its item
    return item.date.year


def by_year(parent: View, kind: str, items: list, title: str) -> list[View]:
    """One paginated child view per year (newest year first), each listing that
    year's items in the order they were given."""
    years: dict[int, list] = {}
    for item in items:
        years.setdefault(_year(item), []).append(item)
    children = []
    for year in sorted(years, reverse=True):
        chosen = years[year]
        child = View(
            url=f"{parent.url}{year}/",
            path=f"{parent.url}{year}.md",
            title=title.format(year=year),
            items=chosen,
            kind=kind,
            label=str(year),
            parent=parent,
        )
        children.append(child.paginate())
    return children


@dataclass(eq=False, repr=False)
class Entry:
    """An event on one day of a month's calendar: an Event, or a Session of a repeating one."""

    session: Event
    when: str  # "10am", "All day", or "Day 2 of 3" for an event over several days


@dataclass(eq=False, repr=False)
class Day:
    date: date
    entries: list[Entry] = field(default_factory=list)  # all-day events first, then by time
    more: int = 0  # events past DAY_MAX, not shown in the calendar...
    more_url: str | None = None  # ...but on this page of their year


@dataclass(eq=False, repr=False)
class Month:
    """A month's calendar page: a grid of weeks from Monday, each day with its events."""

    first: date  # the 1st of the month
    days: list[Day]  # every day of the month
    parent: View  # its year's view, or the events page for a year that has none
    zone: str = ""  # the site's time zone, in words ("UK time"): the times shown are in it
    count: int = 0  # the dates of events on its days (an event over several days counted once)
    previous: Month | None = None
    next: Month | None = None

    def __repr__(self) -> str:
        return f"<Month {self.url}>"

    @property
    def url(self) -> str:
        return f"events/{self.first.year}/{self.first.month:02d}/"

    @property
    def path(self) -> str:
        return f"events/{self.first.year}/{self.first.month:02d}.md"

    @property
    def label(self) -> str:
        return f"{self.first:%B %Y}"

    @property
    def title(self) -> str:
        return f"Events in {self.label}"

    @property
    def summary(self) -> str:
        return f"Every event in {self.label}, day by day."

    @property
    def weeks(self) -> list[list[Day | None]]:
        """The grid: weeks from Monday to Sunday, None for a day of the month before or after."""
        cells = [None] * self.first.weekday() + list(self.days)
        cells += [None] * (-len(cells) % 7)
        return [cells[i : i + 7] for i in range(0, len(cells), 7)]

    @property
    def entries(self) -> list:
        """What its calendar shows, day by day: the events a rebuild compares."""
        return [e.session for d in self.days for e in d.entries]

    @property
    def layout(self) -> tuple:
        """Everything else its page shows: where each event sits, and the links around it."""
        days = tuple((d.date.day, tuple(e.when for e in d.entries), d.more, d.more_url) for d in self.days if d.entries)
        around = tuple(m and (m.url, m.label) for m in (self.previous, self.next))
        return self.url, self.parent.url, self.parent.title, around, days


@dataclass(frozen=True)
class ThisMonth:
    """The month the events page points to: the build's own month (`relation` "this"), or
    without a page for it the first month with events ("next") or the latest ("last")."""

    month: Month
    relation: str
    now: str  # the build's month, as "December 2026"


def _days_of(session, zone: str) -> list[tuple[date, str]]:
    """The days a session is shown on, each with its time as the calendar words it: a timed
    event on the day it starts, an all-day event on each of its days."""
    if not session.all_day:
        when = dates.clock(session.start)
        return [(session.date, when if session.zone == zone else when + dates.zone_label(session.zone))]
    length = (session.end - session.start).days + 1
    if length == 1:
        return [(session.start, "All day")]
    return [(session.start + timedelta(days=k), f"Day {k + 1} of {length}") for k in range(length)]


def _next_month(first: date) -> date:
    return date(first.year + 1, 1, 1) if first.month == 12 else date(first.year, first.month + 1, 1)


def make_months(sessions: list, zone: str, events_view: View, years: list[View]) -> list[Month]:
    """Every month from the first event's to the last one's, linked each to the next; each year
    view gets its own months."""
    placed: dict[date, list[Entry]] = {}
    for session in sessions:
        for day, when in _days_of(session, zone):
            placed.setdefault(day, []).append(Entry(session, when))
    if not placed:
        return []
    words = dates.zone_label(zone).strip(" ()")
    by_year = {int(y.label): y for y in years}
    listed_on = {id(item): p for y in years for p in y.pages for item in p.items}
    months: list[Month] = []
    first, last = min(placed), max(placed)
    start = date(first.year, first.month, 1)
    while start <= last:
        following = _next_month(start)
        within = [start + timedelta(days=k) for k in range((following - start).days)]
        parent = by_year.get(start.year, events_view)
        month = Month(first=start, days=[_day(d, placed, listed_on) for d in within], parent=parent, zone=words)
        month.count = len({id(e.session) for d in within for e in placed.get(d, ())})
        if months:
            month.previous, months[-1].next = months[-1], month
        months.append(month)
        start = following
    for year, view in by_year.items():
        view.months = [m for m in months if m.first.year == year]
    return months


def _day(when: date, placed: dict[date, list[Entry]], listed_on: dict) -> Day:
    """One day of a calendar: its events, all-day ones first, at most DAY_MAX of them."""
    entries = sorted(placed.get(when, ()), key=lambda e: not e.session.all_day)  # stable: by time after that
    day = Day(date=when, entries=entries[:DAY_MAX])
    if len(entries) > DAY_MAX:
        day.more = len(entries) - DAY_MAX
        day.more_url = listed_on[id(entries[DAY_MAX].session)].url
    return day


def this_month(site: Site, months: list[Month]) -> ThisMonth | None:
    """The build's month in the site's zone, or the nearest month with a page."""
    if not months:
        return None
    today = site.now.astimezone(ZoneInfo(site.settings.timezone)).date()
    now = f"{today:%B %Y}"
    here = date(today.year, today.month, 1)
    if here < months[0].first:
        return ThisMonth(months[0], "next", now)
    if here > months[-1].first:
        return ThisMonth(months[-1], "last", now)
    return ThisMonth(months[(here.year - months[0].first.year) * 12 + here.month - months[0].first.month], "this", now)


@dataclass(eq=False, repr=False)
class Views:
    events: View  # the events page: upcoming events and the years
    upcoming: list  # the upcoming dates listed on the events page (a repeating event's on each)
    later: int  # upcoming dates past the window, found on their year pages
    years: list[View]  # every date of every event of a year, in date order
    months: list[Month]  # a calendar per month, from the first event's to the last one's
    this_month: ThisMonth | None  # the month the events page links
    formats: list[View]  # events by format, newest first
    catch_up: View  # past events with a recording or slides, newest first
    series: View  # every series
    topics: dict[Tag, View]
    people: View
    person_years: dict[Person, list[View]]

    def listings(self):
        """Every view that has pages of its own (topic and person pages render themselves, and
        the events page and the month calendars are templates of their own)."""
        yield from self.years
        for v in (*self.formats, self.catch_up, self.series):
            yield from v.walk()
        for topic in self.topics.values():
            yield from topic.children
        yield from self.people.walk()


def make_views(site: Site) -> Views:
    """Every listing of the site, made from the linked model."""
    sessions = site.sessions  # worked out anew on each call: once here
    events_view = _events_view(sessions)
    horizon = site.now + timedelta(days=UPCOMING_DAYS)
    coming = [s for s in sessions if not s.past]
    upcoming = [s for s in coming if s.starts_at <= horizon][:UPCOMING_MAX]
    months = make_months(sessions, site.settings.timezone, events_view, events_view.children)
    return Views(
        events=events_view,
        upcoming=upcoming,
        later=len(coming) - len(upcoming),
        years=events_view.children,
        months=months,
        this_month=this_month(site, months),
        formats=_format_views(site),
        catch_up=_catch_up_view(site),
        series=_series_view(site),
        topics=_topic_views(site),
        people=_people_view(site),
        person_years=_person_years(site),
    )


def _events_view(sessions: list) -> View:
    """The events page, with a child view per year of every date of every event."""
    events_view = View(
        url="events/",
        path="events/index.md",
        title="Events",
        items=[],
        kind="events",
        summary="Upcoming learning events, and recordings and slides from past ones.",
    )
    years = by_year(events_view, "events", sessions, "Events in {year}")
    for y in years:
        y.summary = f"Every event in {y.label}, in date order."
    events_view.children = years
    return events_view


def _format_views(site: Site) -> list[View]:
    formats = []
    for fmt in FORMATS:
        chosen = [e for e in reversed(site.events) if e.format == fmt]
        label = {"online": "Online events", "in-person": "In-person events", "hybrid": "Hybrid events"}[fmt]
        view = View(
            url=f"events/format/{fmt}/",
            path=f"events/format/{fmt}.md",
            title=label,
            items=chosen,
            kind="events",
            summary=f"{label}, newest first.",
            label=fmt,
        )
        formats.append(view.paginate())
    return formats


def _catch_up_view(site: Site) -> View:
    return View(
        url="events/catch-up/",
        path="events/catch-up.md",
        title="Recordings and slides",
        items=[e for e in site.past if e.recording or e.slides],
        kind="events",
        summary="Past events with a recording or slides to catch up on, newest first.",
    ).paginate()


def _series_view(site: Site) -> View:
    return View(
        url="events/series/",
        path="events/series.md",
        title="All series",
        items=list(site.series),
        kind="series",
        summary="Every series of events, newest first.",
    ).paginate()


def _topic_views(site: Site) -> dict[Tag, View]:
    """Each topic's view; a long one has a child view per year (its own page renders itself)."""
    topics = {}
    for tag in site.tags:
        view = View(url=tag.url, path=tag.path, title=f"Topic: {tag.name}", items=tag.items, kind="items")
        if len(tag.items) > SPLIT_OVER:
            view.children = by_year(view, "items", tag.items, f"Topic: {tag.name}, {{year}}")
        topics[tag] = view
    return topics


def _people_view(site: Site) -> View:
    """The people index: one list, or above PEOPLE_SPLIT_OVER people an index of letters."""
    people = View(
        url="people/",
        path="people/index.md",
        title="People",
        items=list(site.people),
        kind="people",
        summary="Chairs, speakers, authors and the people we met.",
    )
    if len(site.people) <= PEOPLE_SPLIT_OVER:
        return people.paginate()
    letters: dict[str, list] = {}
    for person in site.people:
        letters.setdefault(initial(person.name), []).append(person)
    for letter in sorted(letters):
        slug = letter.lower() if letter.isalpha() else "other"
        child = View(
            url=f"people/{PEOPLE_BY_NAME}/{slug}/",
            path=f"people/{PEOPLE_BY_NAME}/{slug}.md",
            title=f"People: {letter}",
            items=letters[letter],
            kind="people",
            label=letter,
            parent=people,
        )
        people.children.append(child.paginate())
    return people.paginate([])


def _person_years(site: Site) -> dict[Person, list[View]]:
    """The year views of each person with more appearances than SPLIT_OVER."""
    person_years = {}
    for person in site.people:
        if len(person.appearances) > SPLIT_OVER:
            view = View(
                url=person.url, path=person.path, title=person.name, items=person.appearances, kind="appearances"
            )
            view.children = by_year(view, "appearances", person.appearances, f"{person.name}: {{year}}")
            person_years[person] = view.children
    return person_years


# A UK postcode at the end of an address: "B1 1BB", "SW1A 2AA", "CF10 1EP".
_POSTCODE = re.compile(r"\s*\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}\s*$", re.IGNORECASE)


def town(event) -> str | None:
    """Where an in-person or hybrid event is, in a word for its card: the town of its
    venue's address (the part before the postcode), else the venue's name; None online."""
    if event.format == "online" or event.venue is None:
        return None
    parts = [p.strip() for p in (event.venue.address or "").split(",") if p.strip()]
    while parts:
        last = _POSTCODE.sub("", parts.pop()).strip()
        if last:  # an address ending "…, Birmingham, B1 1BB" has the postcode on its own
            return last
    return event.venue.name


def initial(name: str) -> str:
    """The letter a name is filed under: Ŵ under W, anything else under #."""
    first = unicodedata.normalize("NFKD", name.strip()[:1])[:1].upper()
    return first if "A" <= first <= "Z" else "#"
