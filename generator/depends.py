"""Which source files each output is made from, so a rebuild re-renders only the
outputs whose sources changed.

A page about one item draws on the item's file, its series, journal or week and
the other items there (part numbers, counts), the files of the people it names
and the downloads it links. A person page draws on every item the person
appears in; a topic page on every item with the topic. Lists of everything (the
home page, section indexes, the all-events feed) draw on every file. The lists
err towards too much: a needless re-render costs a little time, a missing one
would leave a stale page.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .model import Download, Event, Issue, Person, Series, Site, Visit


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
    elif isinstance(entity, Issue):
        yield from (d for d in (entity.pdf, entity.cover) if d)
    elif isinstance(entity, Person) and entity.photo:
        yield entity.photo


def item(entity, members: bool = True) -> set:
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


def items(entities: Iterable) -> set:
    found: set = set()
    for entity in entities:
        found |= item(entity)
    return found


def group(entity) -> set:
    """A series, journal or week and everything on its page."""
    return {entity} | items(_members(entity))


def person(entity: Person) -> set:
    found = {entity} | set(_downloads(entity))
    for a in entity.appearances:
        found |= item(a.item, members=False)
    return found


def everything(site: Site) -> list:
    return [*site.series, *site.events, *site.journals, *site.issues, *site.weeks, *site.visits, *site.people,
            *site.pages]


class Keys:
    """Keys for cached outputs: the stamps of the source files an output is made from.

    Besides its own sources, every key holds what any page may show: the site
    settings and which events are past (pages say "upcoming" or offer booking).
    Without a cache there are no keys and everything is rendered."""

    def __init__(self, site: Site, cache):
        self.cache = cache
        if cache is None:
            return
        self.base = (site.settings.model_dump_json(), tuple(e.past for e in site.events))
        self._everything: frozenset | None = None
        self.site = site

    def _stamps(self, entities: Iterable) -> frozenset:
        documents, facts = self.cache.documents, self.cache.facts
        found = set()
        for entity in entities:
            if isinstance(entity, Download):
                if entity.source is not None:
                    found.add((entity.href, facts[entity.source][0]))
                continue
            source = getattr(entity, "source", None)
            if source is not None:
                doc = source.doc
                found.add((doc.rel, documents[doc.path][0]))
            elif isinstance(entity, Person):  # no file: named in the items they appear in
                for a in entity.appearances:
                    doc = a.item.source.doc
                    found.add((doc.rel, documents[doc.path][0]))
        return frozenset(found)

    def key(self, entities: Iterable, *extra) -> tuple | None:
        if self.cache is None:
            return None
        return self.base, self._stamps(entities), extra

    def everything(self, *extra) -> tuple | None:
        if self.cache is None:
            return None
        if self._everything is None:
            self._everything = self._stamps(everything(self.site))
        return self.base, self._everything, extra
