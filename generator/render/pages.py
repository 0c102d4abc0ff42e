"""Renderers: the site model -> Markdown pages (with small HTML blocks) and files.

Every value from front matter passes through Jinja's autoescape, so HTML typed
into a field is shown as text, never run. Bodies are the author's own Markdown.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from markupsafe import Markup, escape
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import ScalarNode

from generator import bounded
from generator.authoring import cms, guide
from generator.cache import BuildCache
from generator.identity import GUIDE_TOPICS, href
from generator.model import dates, depends
from generator.model.revisions import Revisions
from generator.model.site import Download, Event, Site
from generator.render import brand, cards, feeds, news, players, structured, transcripts
from generator.render import views as listing
from generator.resources import images

ASSETS = Path(__file__).parent / "assets"
FORMAT_LABELS = {"online": "Online", "in-person": "In person", "hybrid": "In person and online"}
CALENDARS_PER_JOB = 100
KIND_LABELS = {"event": "Event", "issue": "Journal issue", "visit": "Practice-week visit"}
# A page's `robots` meta: search engines pass it by, and so do the site's search and sitemap (overrides/).
NOINDEX = "noindex"
# An item's page (event, issue, visit, person, series, journal, week) is read, not browsed: no table of
# contents, and no menu beside it at desktop width (Material's drawer keeps it on a phone), but breadcrumbs.
ITEM_PAGE = ("navigation", "toc")
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]])")


def _md(text: str) -> Markup:
    """Escape text for a Markdown line: markup characters shown as typed, never as HTML."""
    text = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(_MD_SPECIAL.sub(r"\\\1", text))


def _body(markdown: str) -> Markup:
    """An author's Markdown as written, but for any block Python-Markdown would be
    slower than linear on, which is shown as plain text (see bounded.py)."""
    return Markup(bounded.bounded(markdown))


@functools.cache  # one per process: compiling the templates again took a tenth of a rebuild under serve
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator.render", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )

    @pass_context
    def link(ctx, to: str) -> str:
        return href(ctx["page_url"], to)

    @pass_context
    def feed_url(ctx, path: str) -> str:
        return ctx["settings"].absolute(path)

    @pass_context
    def webcal(ctx, path: str) -> str:
        # webcal:// makes phones and desktop apps offer to subscribe rather than download once.
        return "webcal://" + feed_url(ctx, path).split("://", 1)[1]

    @pass_context
    def img(ctx, picture, width: int, alt: str = "", css: str = "", lazy: bool = False) -> Markup:
        return _img(ctx["page_url"], picture, width, alt, css, lazy)

    env.globals.update(
        link=link,
        feed_url=feed_url,
        webcal=webcal,
        dates=dates,
        img=img,
        card_picture=card_picture,
        FEATURE_WIDTH=images.FEATURE_WIDTH,
        feeds=feeds,
        FORMAT_LABELS=FORMAT_LABELS,
        KIND_LABELS=KIND_LABELS,
        LATEST=listing.LATEST,
        WEEKDAYS=listing.WEEKDAYS,
    )
    env.filters["md"] = _md
    env.filters["body"] = _body
    env.filters["when"] = when
    env.filters["town"] = listing.town
    env.filters["paragraphs"] = paragraphs
    # Compiled here, before any worker is forked: workers inherit them, and a rebuild after
    # a cold build (whose pages were all rendered in workers) need not compile them first.
    for name in env.list_templates(extensions=["j2"]):
        env.get_template(name)
    return env


def _img(page_url: str, picture, width: int, alt: str, css: str, lazy: bool) -> Markup:
    """An <img> with the width and height it is shown at, and a 2x copy for sharp screens;
    `lazy` for one below the fold, which the browser fetches only as it scrolls near."""
    shown = picture.at(width)
    attrs = [("class", css)] if css else []
    attrs.append(("src", href(page_url, shown.src)))
    if len(shown.srcset) > 1:
        attrs.append(("srcset", ", ".join(f"{href(page_url, p)} {d}" for p, d in shown.srcset)))
    # A photo is shown square at its full size; anything else no wider than its file.
    size = (width, width) if picture.square else (shown.width, shown.height)
    attrs += [("alt", alt), ("width", str(size[0])), ("height", str(size[1]))]
    if lazy:
        attrs += [("loading", "lazy"), ("decoding", "async")]
    return Markup("<img " + " ".join(f'{k}="{escape(v)}"' for k, v in attrs) + ">")


def card_picture(item) -> tuple[images.Picture, int] | None:
    """The picture a card shows beside its title, and the width it is shown at: an
    event's own picture or its series', a journal issue's cover, a visit's photo; None for a compact card."""
    if item.kind == "event":
        shared = item.image or (item.series.image if item.series else None)
        return (shared.picture, images.CARD_WIDTH) if shared and shared.picture else None
    if item.kind == "issue" and item.cover and item.cover.picture:
        return item.cover.picture, images.CARD_COVER_WIDTH
    if item.kind == "visit" and item.image and item.image.picture:
        return item.image.picture, images.CARD_WIDTH
    return None


def paragraphs(text: str) -> list[str]:
    """A PDF page's lines as paragraphs: a line that starts in lower case carries
    on the sentence of the line before, as text wrapped to a page width does."""
    found: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if found and line[0].islower():
            found[-1] += " " + line
        else:
            found.append(line)
    return found


def when(event: Event) -> Markup:
    """The event's time in a <time> element: GOV.UK wording, ISO value for machines."""
    text = dates.span(event.start, event.end, event.all_day)
    zone = "" if event.all_day else dates.zone_label(event.zone)
    value = dates.iso(event.start)
    return Markup(f'<time datetime="{escape(value)}">{escape(text)}</time>{escape(zone)}')


class PageSource(bytes):
    """A generated page's bytes, and the front matter they open with as the mapping
    MkDocs reads back from them (`meta`, keys in the order written), the page's
    Markdown starting at character `body_at`. A builder that takes the pages from
    memory uses these rather than parse the YAML again (a tenth of reading and
    converting a page); anywhere else they are the page's bytes."""

    meta: dict
    body_at: int


def _page(
    env: Environment,
    template: str,
    url: str,
    meta: dict,
    jsonld: str | None,
    share: dict | None = None,
    keep_meta: bool = False,
    hide: tuple[str, ...] = (),
    **ctx,
) -> bytes:
    # Themes print the page title and description without escaping them, so escape here.
    meta = {k: str(escape(v)) for k, v in meta.items() if v}
    if hide:
        meta["hide"] = list(hide)  # Material's own key: the sidebars it leaves out of the page
    if jsonld:
        meta["jsonld"] = jsonld  # JSON for a <script> in <head>; escaped for that context already
    if share:
        meta["share"] = share  # Open Graph and Twitter Card values for <head>, escaped already
    # libyaml's emitter: the pure-Python one spent most of the render time on the JSON-LD.
    front = front_matter(meta)
    body = env.get_template(template).render(page_url=url, **ctx)
    head = f"---\n{front}---\n"
    data = f"{head}\n{body}".encode()
    if not (keep_meta and _plain(meta) and _DUMPER is not yaml.SafeDumper):
        return data  # without libyaml, MkDocs reads some characters (U+0085) back otherwise
    page = PageSource(data)
    page.meta = {k: dict(sorted(v.items())) if type(v) is dict else v for k, v in sorted(meta.items())}
    page.body_at = len(head)
    return page


class Cached(NamedTuple):
    """A rendered output kept in `BuildCache.outputs` (and sent back by a worker that made
    it), reused while what it is made from still gives the same `key`."""

    key: tuple
    data: bytes | dict[str, bytes]  # a page's or feed's bytes; the news feeds are kept as one entry


class Pending:
    """An output still to be made: `make()` gives its bytes."""

    __slots__ = ("path", "key", "make")

    def __init__(self, path: str, key: tuple | None, make):
        self.path, self.key, self.make = path, key, make


@dataclass
class Plan:
    """What a build writes: outputs already known (files to copy, reused bytes) and
    jobs that make the rest. A job returns ({path: bytes}, cache entries it made);
    jobs share nothing but the site model, so they may run in any order or process."""

    ready: dict[str, bytes | Path]
    jobs: list

    def run(self) -> dict[str, bytes | Path]:
        """Every output, made in this process."""
        out = dict(self.ready)
        for job in self.jobs:
            out.update(job()[0])
        return out


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_RESOLVER = yaml.resolver.Resolver()


@functools.lru_cache(maxsize=65536)  # keys and many values (the site's name, the card picture) recur on every page
def _scalar(text: str) -> ScalarEvent:
    # Quoted exactly when the representer would quote it: when plain, it would read as another type.
    implicit = (
        _RESOLVER.resolve(ScalarNode, text, (True, False)) == _STR,
        _RESOLVER.resolve(ScalarNode, text, (False, True)) == _STR,
    )
    return ScalarEvent(None, _STR, implicit, text)


def _plain(meta: dict) -> bool:
    """Whether `meta` is a mapping of strings, and of mappings and lists of strings, which YAML gives back as they were."""
    return all(
        type(k) is str
        and (
            type(v) is str
            or (type(v) is dict and all(type(a) is str and type(b) is str for a, b in v.items()))
            or (type(v) is list and all(type(a) is str for a in v))
        )
        for k, v in meta.items()
    )


def front_matter(meta: dict) -> str:
    """yaml.dump(meta) with sorted keys, for a mapping of strings (and mappings and
    lists of strings): the same bytes, but events are handed to libyaml's emitter directly,
    as PyYAML's representer took most of the time of a page's front matter."""
    events = [StreamStartEvent(), DocumentStartEvent(explicit=False)]

    def mapping(values: dict) -> None:
        events.append(MappingStartEvent(None, _MAP, True, flow_style=False))
        for key in sorted(values):
            value = values[key]
            events.append(_scalar(key))
            if isinstance(value, dict):
                mapping(value)
            elif isinstance(value, list):
                events.append(SequenceStartEvent(None, _SEQ, True, flow_style=False))
                events.extend(_scalar(v) for v in value)
                events.append(SequenceEndEvent())
            else:
                events.append(_scalar(value))
        events.append(MappingEndEvent())

    if not _plain(meta):
        return yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=True, width=1000)
    mapping(meta)
    events += [DocumentEndEvent(explicit=False), StreamEndEvent()]
    return yaml.emit(events, Dumper=_DUMPER, allow_unicode=True, width=1000)


def render(
    site: Site,
    revisions: Revisions,
    cache: BuildCache | None = None,
    store: Path | None = None,
    card_store: Path | None = None,
) -> dict[str, bytes | Path]:
    """Everything the writer should leave in the output folder, by relative path."""
    return plan(site, revisions, cache, store, card_store).run()


def plan(
    site: Site,
    revisions: Revisions,
    cache: BuildCache | None = None,
    store: Path | None = None,
    card_store: Path | None = None,
    keep_meta: bool = False,
) -> Plan:
    """The outputs and the jobs that make them. With a cache, an output whose sources
    are unchanged since the last build is reused (and a job's result is stored in
    the cache again by whoever receives it); resized images are kept between builds
    in `store`, and share cards in `card_store`. With `keep_meta`, pages are
    PageSources, for a builder that takes them from memory."""
    # A cold build makes every event's VEVENT: workers make them while this process plans the rest.
    ahead = feeds.vevents_ahead(site, revisions) if cache is None or not cache.outputs else None
    try:
        return _Planner(site, revisions, cache, store, card_store, keep_meta).plan(ahead)
    finally:
        if ahead is not None:
            feeds.vevents_done(ahead)


class _Planner:
    """Plans one build: the outputs known at once and the jobs for the rest, in the
    order the site's sections are listed here. That order is the order workers
    render jobs in and the order of the search index, so it must not change."""

    def __init__(
        self,
        site: Site,
        revisions: Revisions,
        cache: BuildCache | None,
        store: Path | None,
        card_store: Path | None,
        keep_meta: bool,
    ):
        self.site, self.revisions, self.cache, self.store, self.keep_meta = site, revisions, cache, store, keep_meta
        self.env = _environment()
        self.out: dict[str, bytes | Path | Pending] = {}
        self.jobs: list = []
        self.fresh: list[tuple[str, Cached]] = []  # cache entries made by the job running now
        self.views = listing.make_views(site)
        self.common = {"site": site, "settings": site.settings, "views": self.views}
        self.keys = depends.Keys(site, cache)
        # Every events listing shows the years, formats and counts, so its key holds them.
        self.filters = (
            tuple((v.label, v.count) for v in self.views.years),
            tuple(v.count for v in self.views.formats),
            self.views.catch_up.count,
            self.views.series.count,
            len(self.views.topics),
        )
        self.share = cards.Cards(site, self.later, cache is not None, card_store)
        self.everything = self.keys.everything()

    def plan(self, vevents_ahead) -> Plan:
        """The whole plan; `vevents_ahead` as for feeds.vevents."""
        self.plan_home_and_events()
        self.plan_listings()
        self.plan_months()
        self.plan_series()
        self.plan_events()
        self.plan_calendar_page()
        self.plan_calendars(vevents_ahead)
        self.plan_news_feeds()
        self.plan_journals()
        self.plan_practice_weeks()
        self.plan_people()
        self.plan_topics()
        self.plan_search_and_pages()
        self.plan_files()
        return Plan({path: data for path, data in self.out.items() if not isinstance(data, Pending)}, self.jobs)

    def reused(self, path: str, key: tuple | None) -> Cached | None:
        """The cache entry for `path`, if it was made from what `key` says it is made from now."""
        if key is None or self.cache is None:
            return None
        hit = self.cache.outputs.get(path)
        return hit if hit is not None and hit.key == key else None

    def cached(self, path: str, key: tuple | None, make) -> bytes:
        """The cached bytes, or made now and kept, for this process's cache and for the job's results."""
        hit = self.reused(path, key)
        if hit is not None:
            return hit.data
        data = make()
        if key is not None and self.cache is not None:
            entry = Cached(key=key, data=data)
            self.cache.outputs[path] = entry
            self.fresh.append((path, entry))
        return data

    def job(self, make, weight: int = 1):
        """A job: its outputs, and the cache entries made on the way, for the process
        that keeps the cache when the job ran in another one. `weight`: about how many
        pages' worth of bytes it makes."""
        fresh = self.fresh

        def run():
            start = len(fresh)
            made = make()
            entries = fresh[start:]
            del fresh[start:]
            return made, entries

        run.weight = weight
        return run

    def later(self, path: str, key: tuple | None, make) -> bytes | Pending:
        """The cached bytes, or a job to make them."""
        hit = self.reused(path, key)
        if hit is not None:
            return hit.data
        pending = Pending(path, key, make)
        self.jobs.append(self.job(lambda: {path: self.cached(path, key, make)}))
        return pending

    def page(
        self,
        path: str,
        key: tuple | None,
        url: str,
        template: str,
        title: str,
        summary: str | None = None,
        jsonld=None,
        search: str | None = None,
        kind: str = "website",
        entity=None,
        robots: str | None = None,
        hide: tuple[str, ...] = (),
        **ctx,
    ) -> None:
        # Worked out on every build, cached page or not: it names the card images the writer must keep.
        # The meta itself is made with the page, so thousands of them are not held at once
        # (but for a builder that takes pages from memory: there each page keeps its own).
        self.share.image(entity)

        def make() -> bytes:
            return _page(
                self.env,
                template,
                url,
                {"title": title, "description": summary, "search": search, "robots": robots},
                jsonld and jsonld(),
                self.share.meta(url, title, summary, kind, entity),
                self.keep_meta,
                hide,
                **self.common,
                **ctx,
            )

        self.out[path] = self.later(path, key, make)

    def event_page(self, event: Event) -> bytes:
        settings = self.site.settings
        meta = self.share.meta(
            event.url, feeds.PREFIX[event.status] + event.title, news.event_text(event), "article", event
        )
        add_to_calendar = {
            "ics": feeds.event_feed_path(event),
            "google": feeds.google_url(event, settings),
            "outlook": feeds.outlook_url(event, settings),
        }
        return _page(
            self.env,
            "event.md.j2",
            event.url,
            {"title": event.title, "description": event.summary, "search": "Event"},
            structured.event(event, settings),
            meta,
            self.keep_meta,
            ITEM_PAGE,
            **self.common,
            event=event,
            add_to_calendar=add_to_calendar,
            player=players.of(event.recording, settings.html_rule.allows_host),
            transcript=transcripts.of(event.recording),
        )

    def plan_home_and_events(self) -> None:
        everything = self.everything
        # No title for the home page: the theme shows the site name there on its own.
        self.page("index.md", everything, "", "home.md.j2", "", self.site.settings.description)
        # The upcoming window moves with "now", which the items' past flags alone do not show, and
        # "this month" turns with the site's own clock, not UTC's.
        current = self.views.this_month
        self.page(
            "events/index.md",
            everything
            and (everything, self.site.now.date(), current and (current.month.url, current.relation, current.now)),
            "events/",
            "events.md.j2",
            "Events",
            self.views.events.summary,
        )

    def plan_listings(self) -> None:
        for view in self.views.listings():
            for p in view.pages:
                key = self.keys.listing(
                    p.items,
                    p.url,
                    len(view.pages),
                    self.filters if view.kind == "events" else None,
                    tuple((c.label, c.count) for c in view.children),
                    view.kind,
                    tuple((m.url, m.count) for m in view.months),
                )
                self.page(p.path, key, p.url, "view.md.j2", p.title, view.summary, page=p)

    def plan_months(self) -> None:
        # A calendar needs the page's width: no table of contents beside it (it has no headings).
        for month in self.views.months:
            key = self.keys.listing(month.entries, month.layout)
            self.page(month.path, key, month.url, "month.md.j2", month.title, month.summary, hide=("toc",), month=month)

    def plan_series(self) -> None:
        for series in self.site.series:
            self.page(
                series.path,
                self.keys.group(series),
                series.url,
                "series.md.j2",
                series.title,
                series.summary,
                lambda series=series: structured.series(series, self.site.settings),
                "Series",
                entity=series,
                series=series,
                hide=ITEM_PAGE,
            )
            self.keep_shared(series.image)

    def keep_shared(self, picture: Download | None) -> None:
        """A picture shown when a link is shared: the file as it is, for the share meta, and its
        sizes for the cards and pages that show it."""
        if picture is not None:
            self.out[picture.href] = picture.source
            self.out.update(_files(picture, self.cache, self.store))

    def plan_events(self) -> None:
        for event in self.site.events:
            self.share.image(event)
            self.out[event.path] = self.later(
                event.path, self.keys.item(event), lambda event=event: self.event_page(event)
            )
            self.keep_shared(event.image)
            for d in event.slides:
                if d.source:
                    self.out[d.href] = d.source
            if event.recording and event.recording.transcript:
                self.out[event.recording.transcript.href] = event.recording.transcript.source

    def plan_calendar_page(self) -> None:
        site = self.site
        self.page(
            "calendar/index.md",
            self.everything,
            "calendar/",
            "subscribe.md.j2",
            "Subscribe to the calendar",
            "Calendar addresses for all events, each series, topic and speaker, and how to subscribe.",
            topic_feeds=[t for t in site.tags if feeds.topic_events(t)],
            # Only what is still to come, so the page does not grow with the archive: every
            # series and person page links its own calendar.
            series_feeds=[s for s in site.series if any(not e.past for e in s.events)],
            people_feeds=[p for p in site.people if any(not e.past for e in feeds.person_events(p))],
            most=listing.PAGE_SIZE,
            news_feeds=news.alternates(site.settings),
        )

    def plan_calendars(self, vevents_ahead) -> None:
        # Every calendar joins the same VEVENT bytes: made here, once, before the jobs
        # that join them (a few hundred calendars each) are shared out.
        vevents = feeds.vevents(self.site, self.revisions, self.cached, self.keys, vevents_ahead)
        self.fresh.clear()  # kept in the cache already, by this process
        made = feeds.calendars(self.site, *vevents, self.cached)
        for start in range(0, len(made), CALENDARS_PER_JOB):
            chunk = made[start : start + CALENDARS_PER_JOB]
            self.jobs.append(self.job(lambda chunk=chunk: {path: make() for path, make in chunk}, weight=len(chunk)))

    def plan_news_feeds(self) -> None:
        site, revisions, everything = self.site, self.revisions, self.everything
        # An empty news feed is dated by the build's "now", so then "now" is part of its key; entries are
        # dated by their revisions, which a commit changes without touching a file.
        dated_now = site.now if not (site.events and site.issues and site.visits) else None
        key = everything and (everything, dated_now, revisions.state)
        self.jobs.append(self.job(lambda: self.cached("\0news-feeds", key, lambda: news.feeds(site, revisions))))

    def plan_journals(self) -> None:
        self.page(
            "journal/index.md",
            self.everything,
            "journal/",
            "journals.md.j2",
            "Journal",
            "Journal issues to read and download.",
        )
        for journal in self.site.journals:
            self.page(
                journal.path,
                self.keys.group(journal),
                journal.url,
                "journal.md.j2",
                journal.title,
                journal.summary,
                search="Journal",
                journal=journal,
                hide=ITEM_PAGE,
            )
        for issue in self.site.issues:
            self.page(
                issue.path,
                self.keys.item(issue),
                issue.url,
                "issue.md.j2",
                f"{issue.journal.title}, issue {issue.number}: {issue.title}",
                issue.summary,
                lambda issue=issue: structured.issue(issue, self.site.settings),
                "Journal issue",
                kind="article",
                issue=issue,
                hide=ITEM_PAGE,
            )
            for d in (issue.pdf, issue.cover):
                if d and d.source:
                    self.out.update(_files(d, self.cache, self.store))

    def plan_practice_weeks(self) -> None:
        self.page(
            "practice-week/index.md",
            self.everything,
            "practice-week/",
            "weeks.md.j2",
            "Practice week",
            "Notes from our visits to organisations across England and Wales.",
        )
        for week in self.site.weeks:
            self.page(
                week.path,
                self.keys.group(week),
                week.url,
                "week.md.j2",
                week.title,
                week.summary,
                search="Practice week",
                week=week,
                hide=ITEM_PAGE,
            )
        for visit in self.site.visits:
            self.page(
                visit.path,
                self.keys.item(visit),
                visit.url,
                "visit.md.j2",
                visit.title,
                visit.summary,
                search="Practice-week visit",
                kind="article",
                entity=visit,
                visit=visit,
                hide=ITEM_PAGE,
            )
            self.keep_shared(visit.image)

    def plan_people(self) -> None:
        for person in self.site.people:
            key = self.keys.person(person)
            self.page(
                person.path,
                key,
                person.url,
                "person.md.j2",
                person.name,
                None,
                search="Person",
                kind="profile",
                person=person,
                year_view=None,
                hide=ITEM_PAGE,
            )
            for year in self.views.person_years.get(person, []):
                for p in year.pages:
                    self.page(
                        p.path,
                        key and (key, year.label),
                        p.url,
                        "person.md.j2",
                        p.title,
                        None,
                        person=person,
                        year_view=year,
                        hide=ITEM_PAGE,
                    )
            if person.photo and person.photo.source:
                self.out.update(_files(person.photo, self.cache, self.store))

    def plan_topics(self) -> None:
        self.page(
            "tags/index.md",
            self.everything,
            "tags/",
            "tags.md.j2",
            "Topics",
            "Events, journal issues and visits by topic.",
        )
        for tag in self.site.tags:  # a topic's year pages are listings, above
            self.page(
                tag.path, self.keys.items(tag.items, tag.name), tag.url, "tag.md.j2", f"Topic: {tag.name}", tag=tag
            )

    def plan_search_and_pages(self) -> None:
        self.page(
            "search.md",
            self.keys.items(()),
            "search/",
            "search.md.j2",
            "Search",
            "Search events, journal issues, practice-week visits and people.",
        )
        staff = staff_only(self.site)
        for free in self.site.pages:
            for_staff = staff and free.slug == guide.SECTION
            self.page(
                free.path,
                self.keys.page(free),
                free.url,
                "page.md.j2",
                free.title,
                free.summary,
                search=None if for_staff else "Page",
                kind="article",
                robots=NOINDEX if for_staff else None,
                free=free,
            )

    def plan_files(self) -> None:
        for entity in depends.everything(self.site):
            for d in entity.resources:
                self.out.update(_files(d, self.cache, self.store))
        # The field pages come without front matter: for staff, they get one that keeps them out of search.
        before = f"---\nrobots: {NOINDEX}\n---\n\n".encode() if staff_only(self.site) else b""
        for path, (_, data) in guide.pages().items():
            self.out[path] = before + data
        settings = self.site.settings
        topics = sorted(t.name for t in self.site.tags)
        self.out.update(cms.files(_groups(self.site), topics, settings.base_url, settings.editor, guide_url(self.site)))
        self.share.meta("", "", None)  # the site's own picture, for pages written by others (the guide's reference)
        self.out.update(self.share.files)
        self.out.update(brand.files(settings, self.cache, self.store))
        for asset in sorted(ASSETS.iterdir()):
            self.out[f"assets/{asset.name}"] = asset


def _groups(site: Site) -> dict[str, list[tuple[str, str]]]:
    """(folder, title) of each series, journal and practice week, for the editor's collections."""
    return {
        "events": [(s.slug, s.title) for s in sorted(site.series, key=lambda s: s.slug)],
        "journal": [(j.slug, j.title) for j in sorted(site.journals, key=lambda j: j.slug)],
        "practice-week": [(w.slug, w.title) for w in sorted(site.weeks, key=lambda w: w.slug)],
    }


def _files(d: Download, cache: BuildCache | None, store: Path | None) -> dict[str, bytes | Path]:
    """A file beside a page as the site serves it: an image at its sizes, anything else as it is."""
    if d.picture is not None:
        return images.files(d.picture, cache, store)
    return {d.href: d.source}


def nav(site: Site) -> list:
    """The menu: sections and free pages only. Items are reached from their index pages,
    which keeps each built page small (a page carries the whole menu)."""
    items: list = [
        {"Home": "index.md"},
        {"Events": "events/index.md"},
        {"Subscribe to the calendar": "calendar/index.md"},
        {"Journal": "journal/index.md"},
        {"Practice week": "practice-week/index.md"},
        {"People": "people/index.md"},
        {"Topics": "tags/index.md"},
    ]
    reference = [{title: path} for path, (title, _) in guide.pages().items()]
    staff = staff_only(site)
    for p in site.pages:
        if p.slug != guide.SECTION:
            items.append({p.title: p.path})
        elif not staff:  # the guide's field reference sits under the page that introduces it
            items.append({p.title: [p.path, *reference]})
    if not staff and not any(p.slug == guide.SECTION for p in site.pages):
        items.append({"How to add content": reference})
    return items


def staff_only(site: Site) -> bool:
    """Whether the authoring guide is for staff alone: built, but out of the menu, the search and the sitemap."""
    return site.settings.guide == "staff"


def guide_url(site: Site) -> str:
    """The guide's address: its introduction, or without one its first page of fields."""
    if any(p.slug == guide.SECTION for p in site.pages):
        return f"{guide.SECTION}/"
    return f"{guide.SECTION}/{GUIDE_TOPICS[0]}/"
