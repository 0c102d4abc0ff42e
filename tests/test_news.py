"""Atom news feeds, read back with feedparser."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest
from icalendar import Calendar

from generator.build.pipeline import load_site
from generator.model.revisions import Revisions
from generator.render import feeds as F
from generator.render import news

from .helpers import NOW, REPO, committed_project, git, make_project, md, online_event, site_pages

BASE = "https://learning.example.org/"


@pytest.fixture(scope="module")
def example():
    site, _, _ = load_site(REPO, NOW)
    revisions = Revisions(REPO / "content")
    return news.feeds(site, revisions), site, revisions


def parse(data: bytes):
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_four_feeds_parse_as_atom_with_absolute_links(example):
    feeds, site, _ = example
    assert set(feeds) == {"feeds/all.xml", "feeds/events.xml", "feeds/journal.xml", "feeds/practice-week.xml"}
    for rel, data in feeds.items():
        parsed = parse(data)
        assert parsed.feed.id == BASE + rel
        assert parsed.feed.title.startswith("Family Justice Learning Exchange: ")
        links = {link.rel: link.href for link in parsed.feed.links}
        assert links["self"] == BASE + rel and links["alternate"].startswith(BASE)
        assert parsed.feed.author_detail.email == "learning@example.org"
        assert parsed.entries, rel
        for entry in parsed.entries:
            assert entry.link.startswith(BASE) and entry.title and entry.summary
        # The feed is as new as its newest entry.
        assert parsed.feed.updated_parsed == max(e.updated_parsed for e in parsed.entries)


def test_each_feed_holds_the_right_kind_of_item(example):
    feeds, site, _ = example
    events = parse(feeds["feeds/events.xml"]).entries
    assert len(events) == len(site.events)
    assert {e.link for e in parse(feeds["feeds/journal.xml"]).entries} == {BASE + i.url for i in site.issues}
    assert {e.link for e in parse(feeds["feeds/practice-week.xml"]).entries} == {BASE + v.url for v in site.visits}
    everything = parse(feeds["feeds/all.xml"]).entries
    assert len(everything) == min(news.LIMIT, len(site.events) + len(site.issues) + len(site.visits))


def test_event_entry_ids_are_the_calendar_uids(example):
    feeds, site, _ = example
    calendar = Calendar.from_ical(F.feeds(site, Revisions(REPO / "content"))[F.ALL_FEED])
    uids = {str(v["UID"]): str(v["URL"]) for v in calendar.walk("VEVENT")}
    entries = parse(feeds["feeds/events.xml"]).entries
    assert {e.id for e in entries} == set(uids)
    for entry in entries:
        assert entry.link == uids[entry.id]


def test_upcoming_events_come_first_soonest_first_then_latest_changes(example):
    feeds, site, revisions = example
    entries = parse(feeds["feeds/all.xml"]).entries
    upcoming = [e for e in site.events if not e.past]
    assert upcoming, "the example site has upcoming events for this NOW"
    assert [e.id for e in entries[: len(upcoming)]] == [e.uid for e in upcoming]
    rest = entries[len(upcoming) :]
    assert [e.updated_parsed for e in rest] == sorted((e.updated_parsed for e in rest), reverse=True)


def test_event_summary_gives_date_time_and_place_and_status(example):
    feeds, site, _ = example
    by_id = {e.id: e for e in parse(feeds["feeds/events.xml"]).entries}
    fostering = next(e for e in site.events if e.slug == "fostering-a-one-system-mindset")
    assert by_id[fostering.uid].summary.startswith("Monday 26 June 2023, 2pm to 3:30pm (UK time). Online.")
    cancelled = next(e for e in site.events if e.status == "cancelled")
    assert by_id[cancelled.uid].title.startswith("Cancelled: ")
    assert by_id[cancelled.uid].summary.startswith("This event is cancelled.")
    tagged = next(e for e in site.events if e.tags)
    assert [t.term for t in by_id[tagged.uid].tags] == [t.name for t in tagged.tags]


def test_updated_times_are_the_revision_times(example):
    feeds, site, revisions = example
    entries = {e.link: e for e in parse(feeds["feeds/all.xml"]).entries}
    items = [*site.events, *site.issues, *site.visits]
    checked = 0
    for item in items:
        entry = entries.get(BASE + item.url)
        if entry is None:
            continue
        expected = revisions.of(item.source.doc.path).modified
        assert datetime(*entry.updated_parsed[:6], tzinfo=UTC) == expected
        checked += 1
    assert checked >= 10


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_entry_dates_follow_git_history_and_match_the_calendar(tmp_path):
    root = committed_project(
        tmp_path / "project",
        {
            "events/talk.md": online_event("Talk", "2027-01-10 10:00"),
            "journal/j/_journal.md": md("title: A journal"),
            "journal/j/issue-1.md": md("title: First\nissue: 1\npublished: 2026-03-01"),
        },
    )
    talk = root / "content" / "events" / "talk.md"
    talk.write_text(talk.read_text(encoding="utf-8").replace("title: Talk", "title: Talk, moved"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "second", when="2026-02-01T09:30:00+00:00")
    site, _, _ = load_site(root, NOW)
    revisions = Revisions(root / "content")
    out = news.feeds(site, revisions)
    entries = {e.title: e for e in parse(out["feeds/all.xml"]).entries}
    assert entries["Talk, moved"].updated == "2026-02-01T09:30:00+00:00"
    assert entries["A journal, issue 1: First"].updated == "2026-01-01T10:00:00+00:00"
    assert entries["A journal, issue 1: First"].published == "2026-03-01T12:00:00+00:00"
    vevent = Calendar.from_ical(F.feeds(site, revisions)[F.ALL_FEED]).walk("VEVENT")[0]
    assert entries["Talk, moved"].id == str(vevent["UID"])
    assert vevent["DTSTAMP"].dt == datetime(2026, 2, 1, 9, 30, tzinfo=UTC)
    # The same history gives the same bytes.
    assert news.feeds(*load_site(root, NOW)[:1], Revisions(root / "content")) == out


def test_markup_in_titles_is_text_not_html(tmp_path):
    root = make_project(
        tmp_path / "project",
        {
            "events/talk.md": online_event('"Care <b>&</b> courts: a Gŵyl"', "2027-01-10 10:00"),
        },
    )
    site, _, _ = load_site(root, NOW)
    data = news.feeds(site, Revisions(root / "content"))["feeds/events.xml"]
    assert b"<b>" not in data
    (entry,) = parse(data).entries
    assert entry.title == "Care <b>&</b> courts: a Gŵyl"
    assert entry.title_detail.type == "text/plain"


def test_empty_site_gives_valid_empty_feeds(tmp_path):
    root = make_project(tmp_path / "project", {})
    site, _, _ = load_site(root, NOW)
    for data in news.feeds(site, Revisions(root / "content")).values():
        parsed = parse(data)
        assert parsed.entries == []
        assert parsed.feed.updated == NOW.isoformat()


def test_every_built_page_announces_the_feeds(built: Path, site: Path):
    from bs4 import BeautifulSoup

    pages = site_pages(site, "index.html")
    assert len(pages) > 50
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        links = soup.select('head link[rel~="alternate"][type="application/atom+xml"]')
        hrefs = [link["href"] for link in links]
        assert hrefs == [BASE + p for p, *_ in news.FEEDS], path
        assert all(link.get("title") for link in links)
        # Not rel="alternate" alone: the theme's script would fetch a sitemap.xml beside each feed.
        assert not [link for link in links if link["rel"] == ["alternate"]]
    for rel, *_ in news.FEEDS:
        parse((site / rel).read_bytes())  # MkDocs copied each feed into the site as it was
    subscribe = BeautifulSoup((site / "calendar/index.html").read_text(encoding="utf-8"), "html.parser")
    codes = {c.get_text() for c in subscribe.select("article code")}
    assert {BASE + p for p, *_ in news.FEEDS} <= codes


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_commit_alone_redates_the_feeds_of_a_warm_rebuild(tmp_path):
    """Under the preview, committing an edited file changes its entry's date but not the file."""
    from generator.build.pipeline import build
    from generator.cache import BuildCache

    root = committed_project(tmp_path / "project", {"events/talk.md": online_event("Talk", "2027-01-10 10:00")})
    talk = root / "content" / "events" / "talk.md"
    talk.write_text(talk.read_text(encoding="utf-8").replace("title: Talk", "title: Talk, moved"), encoding="utf-8")
    cache, warm = BuildCache(), tmp_path / "warm"
    build(root, warm, now=NOW, cache=cache)
    git(root, "commit", "-q", "-am", "second", when="2026-02-01T09:30:00+00:00")
    build(root, warm, now=NOW, cache=cache)
    build(root, tmp_path / "cold", now=NOW)
    feed = (warm / "feeds" / "all.xml").read_bytes()
    assert feed == (tmp_path / "cold" / "feeds" / "all.xml").read_bytes()
    assert parse(feed).entries[0].updated == "2026-02-01T09:30:00+00:00"
