"""Which source files each output is made from, so a rebuild re-renders only the
outputs whose sources changed.

A page about one item draws on the item's file, its series, journal or week and
the other items there (part numbers, counts), the files of the people it names
and the downloads it links. A person page draws on every item the person
appears in; a topic page on every item with the topic. Lists of everything (the
home page, section indexes, the all-events feed) draw on every file. A listing by
date (a year, a month) shows each date of a repeating event, a Session: it draws on
the event, and on whether that date is past. The lists err towards too much: a
needless re-render costs a little time, a missing one would leave a stale page.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from generator.model.site import Download, Event, Issue, Person, Series, Session, Site, Visit


def _group(entity) -> object | None:
    if isinstance(entity, Event):
        return entity.series
    if isinstance(entity, Issue):
        return entity.journal
    if isinstance(entity, Visit):
        return entity.week
    return None


def _members(group) -> list:
    if isinstance(group, Series):
        return group.events
    return getattr(group, "issues", None) or getattr(group, "visits", None) or []


def _people(entity) -> Iterator[Person]:
    if isinstance(entity, Event):
        yield from (a.person for a in entity.people)
    elif isinstance(entity, Issue):
        yield from (a.person for article in entity.articles for a in article.authors)
    elif isinstance(entity, Visit):
        yield from (a.person for a in entity.team)
        yield from (q.by.person for q in entity.quotes if q.by)


def _downloads(entity) -> Iterator[Download]:
    if isinstance(entity, Event):
        yield from entity.slides
        if entity.recording and entity.recording.transcript:
            yield entity.recording.transcript
        if entity.image:
            yield entity.image
    elif isinstance(entity, Issue):
        yield from (d for d in (entity.pdf, entity.cover) if d)
    elif isinstance(entity, Person) and entity.photo:
        yield entity.photo
    elif isinstance(entity, Visit) and entity.image:
        yield entity.image


def _booking_now(entity) -> tuple | None:
    booking = getattr(entity, "registration", None)
    return (booking.state, booking.words) if booking is not None else None


class Keys:
    """Keys for cached outputs, made from the stamps of the source files an output
    draws on. Each file's fingerprint and each item's set of fingerprints is
    worked out once per build, as topic and person pages share most of theirs.

    Every key also holds the site settings, which any page may show, and for each
    event whether it is past. Without a cache there are no keys and everything is
    rendered."""

    def __init__(self, site: Site, cache):
        self.cache = cache
        self.site = site
        if cache is None:
            return
        self.base = site.settings.model_dump_json()
        self._fps: dict[int, tuple] = {}
        self._items: dict[int, frozenset] = {}  # items (events, issues, visits) with their groups' other items
        self._items_alone: dict[int, frozenset] = {}
        self._groups: dict[int, tuple] = {}
        self._people: dict[int, tuple] = {}
        self._everything: tuple | None = None

    def _fp(self, entity) -> int:
        """What a file-backed entity shows, as of now (its file's path and stamp), as a
        number: thousands of keys are compared on every rebuild, and numbers compare
        at once where nested tuples of paths and stamps had to be hashed again."""
        found = self._fps.get(id(entity))
        if found is not None:
            return found
        if isinstance(entity, Download):
            found = (entity.href, self.cache.facts[entity.source].stamp) if entity.source is not None else ()
        elif entity.source is not None:
            doc = entity.source.doc
            # An event changes with the clock, not with its file: it turns past (cards then offer
            # catch-up), its booking closes, and a repeating one's next dates move on.
            found = (
                doc.rel,
                self.cache.documents[doc.path].stamp,
                getattr(entity, "past", None),
                _booking_now(entity),
                sum(1 for s in getattr(entity, "sessions", ()) if s.past),
                tuple(self._fp(r) for r in entity.resources),
            )  # the files its body shows
        else:  # a person with no file is named in the items they appear in
            found = tuple(self._fp(a.item) for a in entity.appearances)
        numbers = self.cache.fingerprints
        found = self._fps[id(entity)] = numbers.setdefault(found, len(numbers))
        return found

    def _item(self, entity, members: bool = True) -> frozenset:
        memo = self._items if members else self._items_alone
        found = memo.get(id(entity))
        if found is None:
            found = memo[id(entity)] = frozenset([self._fp(e) for e in draws_on(entity, members)])
        return found

    def item(self, entity) -> tuple | None:
        """The key of an item's own page."""
        return None if self.cache is None else (self.base, self._item(entity))

    def group(self, group) -> tuple | None:
        if self.cache is None:
            return None
        found = self._groups.get(id(group))
        if found is None:
            item = self._item
            found = self._groups[id(group)] = (self.base, self._fp(group), tuple([item(m) for m in _members(group)]))
        return found

    def person(self, person: Person) -> tuple | None:
        # A person is on their own page, the people index and every topic of theirs: worked out once.
        if self.cache is None:
            return None
        found = self._people.get(id(person))
        if found is None:
            photo = self._fp(person.photo) if person.photo else ()
            item = self._item
            found = self._people[id(person)] = (
                self.base,
                self._fp(person),
                photo,
                tuple([item(a.item, False) for a in person.appearances]),
            )
        return found

    def items(self, entities: Iterable, *extra) -> tuple | None:
        if self.cache is None:
            return None
        return self.base, tuple(self._item(e) for e in entities), extra

    def listing(self, entries: Iterable, *extra) -> tuple | None:
        """The key of a listing page: a card shows its item (or one date of a repeating
        event), and a series or person entry also shows counts drawn from their events or
        appearances."""
        if self.cache is None:
            return None
        items = self._items
        parts = []
        for e in entries:
            found = items.get(id(e))  # most entries are items, already worked out
            if found is None:
                if isinstance(e, Session):
                    found = (self._item(e.event), e.past)  # its date and status are in the event's file
                elif isinstance(e, Series):
                    found = self.group(e)
                elif isinstance(e, Person):
                    found = self.person(e)
                else:
                    found = self._item(e)
            parts.append(found)
        return self.base, tuple(parts), extra

    def feed_event(self, event: Event, *extra) -> tuple | None:
        return None if self.cache is None else (self.base, self._item(event, False), extra)

    def page(self, page) -> tuple | None:
        return None if self.cache is None else (self.base, self._fp(page))

    def everything(self) -> tuple | None:
        if self.cache is None:
            return None
        if self._everything is None:
            self._everything = (self.base, tuple(self._fp(e) for e in everything(self.site)))
        return self._everything


def draws_on(entity, members: bool = True) -> set:
    """An item, its group and (with `members`) the group's other items, its people and downloads."""
    found = {entity}
    group = _group(entity)
    if group is not None:
        found.add(group)
        if members:
            found.update(_members(group))
    for person in _people(entity):
        found.add(person)
        if person.photo:
            found.add(person.photo)
    found.update(_downloads(entity))
    return found


def everything(site: Site) -> list:
    return [
        *site.series,
        *site.events,
        *site.journals,
        *site.issues,
        *site.weeks,
        *site.visits,
        *site.people,
        *site.pages,
    ]
