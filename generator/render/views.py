"""Listings that stay small at any archive size.

A view is a list of items with an address: the events of a year, the online
events, a topic, the people whose names start with B. A long view is split into
one child view per year, and every view is cut into pages of at most PAGE_SIZE
items, so no listing page grows with the archive. Views are made once from the
linked model and rendered by one template; no page template decides on its own
how to cut a list.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta

from generator.identity import PEOPLE_BY_NAME
from generator.model.site import Event, Person, Site, Tag

PAGE_SIZE = 60  # cards on one listing page: about 100 KB of HTML at most
SPLIT_OVER = 60  # a topic or a person with more items than this gets a page per year
LATEST = 12  # a split topic or person page lists this many of the latest items above its years
PEOPLE_SPLIT_OVER = 400  # the people index is cut by first letter above this
UPCOMING_DAYS = 366  # the events page lists upcoming events this far ahead...
UPCOMING_MAX = PAGE_SIZE  # ...and at most this many; later ones are on their year pages
FORMATS = ("online", "in-person", "hybrid")


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
class Views:
    events: View  # the events page: upcoming events and the years
    upcoming: list[Event]  # the upcoming events listed on the events page
    later: int  # upcoming events past the window, found on their year pages
    years: list[View]  # every event of a year, in date order
    formats: list[View]  # events by format, newest first
    catch_up: View  # past events with a recording or slides, newest first
    series: View  # every series
    topics: dict[Tag, View]
    people: View
    person_years: dict[Person, list[View]]

    def listings(self):
        """Every view that has pages of its own (topic and person pages render themselves, and
        the events page is a template of its own)."""
        yield from self.years
        for v in (*self.formats, self.catch_up, self.series):
            yield from v.walk()
        for topic in self.topics.values():
            yield from topic.children
        yield from self.people.walk()


def make_views(site: Site) -> Views:
    """Every listing of the site, made from the linked model."""
    events_view = _events_view(site)
    horizon = site.now + timedelta(days=UPCOMING_DAYS)
    upcoming = [e for e in site.upcoming if e.starts_at <= horizon][:UPCOMING_MAX]
    return Views(
        events=events_view,
        upcoming=upcoming,
        later=len(site.upcoming) - len(upcoming),
        years=events_view.children,
        formats=_format_views(site),
        catch_up=_catch_up_view(site),
        series=_series_view(site),
        topics=_topic_views(site),
        people=_people_view(site),
        person_years=_person_years(site),
    )


def _events_view(site: Site) -> View:
    """The events page, with a child view per year of every event."""
    events_view = View(
        url="events/",
        path="events/index.md",
        title="Events",
        items=[],
        kind="events",
        summary="Upcoming learning events, and recordings and slides from past ones.",
    )
    years = by_year(events_view, "events", site.events, "Events in {year}")
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
