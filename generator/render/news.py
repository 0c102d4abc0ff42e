"""Atom news feeds: everything, events, journal issues and practice-week visits.

Written with feedgen. Every value comes from the content and its git history
(generator.revisions), never from the clock, so the same content, history and
"now" give the same bytes. An event's entry id is its calendar UID, so a reader
and a calendar agree on which event is which.
"""

from __future__ import annotations

from datetime import UTC, datetime, time

from feedgen.feed import FeedGenerator

from generator.content.settings import Settings
from generator.model import dates
from generator.model.revisions import Revisions
from generator.model.site import Event, Issue, Site
from generator.render.feeds import PREFIX, location

LIMIT = 50  # entries per feed: readers fetch the whole file every few hours

# path, title suffix, section page, what it holds
FEEDS = [
    ("feeds/all.xml", "news", "", "events, journal issues and practice-week visits"),
    ("feeds/events.xml", "events", "events/", "events"),
    ("feeds/journal.xml", "journal", "journal/", "journal issues"),
    ("feeds/practice-week.xml", "practice week", "practice-week/", "practice-week visits"),
]


def alternates(settings: Settings) -> list[dict]:
    """The feeds every page announces in <head>, with absolute addresses."""
    return [{"title": f"{settings.name}: {suffix}", "url": settings.absolute(path)} for path, suffix, _, _ in FEEDS]


def event_text(event: Event) -> str:
    """When and where, then the summary: what a reader shows under the title."""
    when = dates.event_when(event.start, event.end, event.all_day, event.zone)
    parts = [f"{when}. {location(event)}."]
    if event.status == "cancelled":
        parts.insert(0, "This event is cancelled.")
    elif event.status == "postponed":
        parts.insert(0, "This event is postponed; a new date will be announced.")
    if event.summary:
        parts.append(event.summary)
    return " ".join(parts)


def _midday(day) -> datetime:
    return datetime.combine(day, time(12), UTC)


class _Entry:
    def __init__(self, item, settings: Settings, revisions: Revisions):
        self.item = item
        self.updated = revisions.of(item.source.doc.path).modified
        self.url = settings.absolute(item.url)
        self.id = _id(item, settings)
        self.published = None
        if isinstance(item, Event):
            self.title, self.text = PREFIX[item.status] + item.title, event_text(item)
        elif isinstance(item, Issue):
            self.title = f"{item.journal.title}, issue {item.number}: {item.title}"
            self.text = item.summary or f"Issue {item.number} of {item.journal.title}."
            self.published = _midday(item.published)
        else:
            self.title = f"{item.place}: {item.title}"
            self.text = item.summary or f"Practice-week visit to {item.place}, {dates.short_day(item.date)}."
            self.published = _midday(item.date)
        self.tags = [t.name for t in item.tags]


def _id(item, settings) -> str:
    """An entry's id: an event's calendar UID, else the item's address."""
    return item.uid if isinstance(item, Event) else settings.absolute(item.url)


def _order(items: list, site: Site, revisions: Revisions) -> list[_Entry]:
    """Upcoming events first, soonest first; then everything by when it last changed,
    newest first. Only the entries shown are made: an archive holds thousands of items."""
    settings = site.settings
    upcoming = [i for i in items if isinstance(i, Event) and not i.past]
    upcoming.sort(key=lambda i: (i.starts_at, _id(i, settings)))
    rest = [i for i in items if not (isinstance(i, Event) and not i.past)]
    rest = sorted(rest, key=lambda i: (revisions.of(i.source.doc.path).modified, _id(i, settings)), reverse=True)
    return [_Entry(i, settings, revisions) for i in (upcoming + rest[: max(0, LIMIT - len(upcoming))])[:LIMIT]]


def _feed(site: Site, path: str, suffix: str, section: str, holds: str, entries: list[_Entry]) -> bytes:
    settings = site.settings
    fg = FeedGenerator()
    fg.id(settings.absolute(path))
    fg.title(f"{settings.name}: {suffix}")
    fg.subtitle(f"New and changed {holds} from {settings.name}.")
    fg.link(href=settings.absolute(section), rel="alternate", type="text/html")
    fg.link(href=settings.absolute(path), rel="self", type="application/atom+xml")
    fg.author(name=settings.organiser.name, email=settings.organiser.email)
    fg.language(settings.language)
    fg.generator("Learning site generator")
    if settings.copyright:
        fg.rights(settings.copyright)
    # An empty feed has no history to date it by: the build's "now" keeps it reproducible.
    fg.updated(max((e.updated for e in entries), default=site.now))
    for e in entries:
        entry = fg.add_entry(order="append")
        entry.id(e.id)
        entry.title(e.title)
        entry.link(href=e.url, rel="alternate", type="text/html")
        entry.updated(e.updated)
        if e.published:
            entry.published(e.published)
        entry.summary(e.text)
        for tag in e.tags:
            entry.category(term=tag)
    return fg.atom_str(pretty=True)


def feeds(site: Site, revisions: Revisions) -> dict[str, bytes]:
    """The Atom feeds by output path."""
    events, issues, visits = list(site.events), list(site.issues), list(site.visits)
    holding = {
        "feeds/all.xml": events + issues + visits,
        "feeds/events.xml": events,
        "feeds/journal.xml": issues,
        "feeds/practice-week.xml": visits,
    }
    return {
        path: _feed(site, path, suffix, section, holds, _order(holding[path], site, revisions))
        for path, suffix, section, holds in FEEDS
    }
