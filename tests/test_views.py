"""Listings that stay small: year pages, month calendars, filters, split topics and
people, the upcoming window, reserved addresses, and PDF text. A synthetic corpus
with small page limits stands in for a large archive, so these run in seconds."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from generator.build.pipeline import build, load_site
from generator.render import views as listing

from .helpers import NOW, REPO, load_content, make_pdf, make_project, md, online_event, synthetic_project


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("views") / "project"
    return synthetic_project(root, 300, seed=3)


@pytest.fixture
def small_limits(monkeypatch):
    """Limits small enough that a 300-item corpus splits and paginates everywhere."""
    monkeypatch.setattr(listing, "PAGE_SIZE", 10)
    monkeypatch.setattr(listing, "SPLIT_OVER", 8)
    monkeypatch.setattr(listing, "PEOPLE_SPLIT_OVER", 20)
    monkeypatch.setattr(listing, "UPCOMING_MAX", 5)
    monkeypatch.setattr(listing, "LATEST", 4)


@pytest.fixture
def site(corpus, small_limits):
    return load_site(corpus, NOW)[0]


def _pages_cover(view) -> None:
    """The view's pages hold its items in order, none over PAGE_SIZE, none empty but a lone first page."""
    flat = [item for p in view.pages for item in p.items]
    assert flat == view.items
    assert all(0 < len(p.items) <= listing.PAGE_SIZE for p in view.pages) or view.items == []
    assert [p.number for p in view.pages] == list(range(1, len(view.pages) + 1))


def test_every_date_of_every_event_is_on_exactly_one_year_page_in_date_order(site):
    v = listing.make_views(site)
    seen = []
    for year in v.years:
        _pages_cover(year)
        assert all(e.date.year == int(year.label) for e in year.items)
        assert [e.starts_at for e in year.items] == sorted(e.starts_at for e in year.items)
        seen += year.items
    assert sorted(id(e) for e in seen) == sorted(id(e) for e in site.sessions)
    repeating = [e for e in site.events if e.repeats]
    assert repeating, "the corpus should have events that repeat"
    for event in repeating:  # each of its dates, and not the event as a whole
        dates = sorted((s for s in seen if getattr(s, "event", None) is event), key=lambda s: s.starts_at)
        assert dates == event.sessions and event not in seen
    assert [y.label for y in v.years] == sorted({str(e.date.year) for e in site.events}, reverse=True)
    assert any(len(y.pages) > 1 for y in v.years), "the small page size should paginate some year"


def test_a_month_calendar_holds_each_date_on_its_day_from_the_first_month_to_the_last(site):
    v = listing.make_views(site)
    first, last = site.sessions[0].date, max(s.end if s.all_day else s.date for s in site.sessions)
    firsts = [m.first for m in v.months]
    assert firsts[0] == first.replace(day=1) and firsts[-1] == last.replace(day=1)
    assert len(firsts) == (last.year - first.year) * 12 + last.month - first.month + 1  # no month missing
    assert len(set(firsts)) == len(firsts) and firsts == sorted(firsts)
    shown = {}
    for month in v.months:
        assert [d.date for d in month.days] == [month.first + timedelta(days=k) for k in range(len(month.days))]
        assert all(len(d.entries) <= listing.DAY_MAX for d in month.days)
        for day in month.days:
            for entry in day.entries:
                shown.setdefault(id(entry.session), set()).add(day.date)
            if day.more:  # the rest of a busy day are on a page of its year
                assert day.more_url in {p.url for y in v.years for p in y.pages}
        assert month.parent.url == (f"events/{month.first.year}/" if month.parent is not v.events else "events/")
    quiet = [s for s in site.sessions if not s.all_day and id(s) in shown]
    assert quiet and all(shown[id(s)] == {s.date} for s in quiet)
    assert sum(1 for m in v.months for d in m.days if d.more) < len(site.sessions) // 10
    for year in v.years:
        assert [m.first.year for m in year.months] == [int(year.label)] * len(year.months)


def test_listings_by_format_topic_person_and_series_list_a_repeating_event_once(site):
    v = listing.make_views(site)
    for event in (e for e in site.events if e.repeats):
        assert [e for e in next(f for f in v.formats if f.label == event.format).items if e is event] == [event]
        for tag in event.tags:
            assert [e for e in v.topics[tag].items if e is event] == [event]
        for role in event.people:
            appearances = [a for a in role.person.appearances if a.item is event]
            assert len(appearances) == sum(1 for r in event.people if r.person is role.person)
        if event.series:
            assert event.series.events.count(event) == 1


def test_format_and_catch_up_views_hold_exactly_the_matching_events(site):
    v = listing.make_views(site)
    for view in v.formats:
        _pages_cover(view)
        assert {id(e) for e in view.items} == {id(e) for e in site.events if e.format == view.label}
    _pages_cover(v.catch_up)
    assert {id(e) for e in v.catch_up.items} == {id(e) for e in site.past if e.recording or e.slides}
    dates = [e.starts_at for e in v.catch_up.items]
    assert dates == sorted(dates, reverse=True)


def test_events_page_lists_a_window_of_upcoming_events_and_counts_the_rest(site):
    v = listing.make_views(site)
    assert len(v.upcoming) == min(len(site.upcoming), listing.UPCOMING_MAX) or all(
        e.starts_at <= NOW.replace(year=NOW.year + 1) for e in v.upcoming
    )
    assert v.upcoming == site.upcoming[: len(v.upcoming)]  # soonest first, nothing skipped
    assert v.later == len(site.upcoming) - len(v.upcoming)
    assert v.later > 0, "the corpus has more upcoming events than the window"


def test_long_topics_and_people_are_split_by_year(site):
    v = listing.make_views(site)
    long_tags = [t for t in site.tags if len(t.items) > listing.SPLIT_OVER]
    assert long_tags
    for tag in long_tags:
        view = v.topics[tag]
        assert view.children
        assert [i for c in view.children for i in c.items] == tag.items  # newest first, nothing lost
        for child in view.children:
            _pages_cover(child)
            assert child.url == f"{tag.url}{child.label}/"
    busy = [p for p in site.people if len(p.appearances) > listing.SPLIT_OVER]
    assert busy
    for person in busy:
        years = v.person_years[person]
        assert [a for y in years for a in y.items] == person.appearances
        assert all(a.item.date.year == int(y.label) for y in years for a in y.items)


def test_people_index_is_split_by_first_letter(site):
    v = listing.make_views(site)
    assert len(site.people) > listing.PEOPLE_SPLIT_OVER
    letters = v.people.children
    assert letters and [c.label for c in letters] == sorted(c.label for c in letters)
    assert sorted(p.id for c in letters for p in c.items) == sorted(p.id for p in site.people)
    assert all(listing.initial(p.name) == c.label for c in letters for p in c.items)
    assert listing.initial("Ŵyn Jones") == "W" and listing.initial("Élise") == "E" and listing.initial("3Cs") == "#"


def test_built_listing_pages_exist_link_each_other_and_stay_small(corpus, small_limits, tmp_path):
    out = tmp_path / "docs"
    result = build(corpus, out, now=NOW)
    v = listing.make_views(result.site)
    for view in v.listings():
        for p in view.pages:
            text = (out / p.path).read_text(encoding="utf-8")
            cards = len(re.findall(r'<li class="lx-card">', text))
            people = text.count('<li class="lx-people__entry">')
            assert max(cards, people) == len(p.items) <= listing.PAGE_SIZE, p.path
            if len(view.pages) > 1:
                assert 'rel="next"' in text or p.number == len(view.pages)
                assert 'rel="prev"' in text or p.number == 1
    events_index = (out / "events/index.md").read_text(encoding="utf-8")
    for year in v.years:
        assert f'{year.label} <span class="lx-count">({year.count})</span>' in events_index
        text = (out / year.path).read_text(encoding="utf-8")
        assert [m.count for m in year.months] == [
            int(n) for n in re.findall(r'<li><a href="\d\d/">\w+ <span class="lx-count">\((\d+)\)', text)
        ]
    assert events_index.count('<li class="lx-card">') <= listing.UPCOMING_MAX + 6
    # Each month's page exists and lists at most DAY_MAX events a day.
    assert sorted(p.relative_to(out).as_posix() for p in out.glob("events/*/[0-9][0-9].md")) == sorted(
        m.path for m in v.months
    )
    for month in v.months:
        text = (out / month.path).read_text(encoding="utf-8")
        assert text.count('<li class="lx-month__event') == sum(len(d.entries) for d in month.days)
        assert text.count("<td ") == len(month.weeks) * 7


def test_the_subscribe_page_stays_small_and_points_to_the_pages_that_link_each_calendar(corpus, small_limits, tmp_path):
    out = tmp_path / "docs"
    site = build(corpus, out, now=NOW).site
    upcoming_people = {a.person.id for e in site.events if not e.past for a in e.people}
    upcoming_series = {e.series.slug for e in site.events if not e.past and e.series}
    assert len(upcoming_people) > listing.PAGE_SIZE and len(upcoming_series) > listing.PAGE_SIZE
    text = (out / "calendar/index.md").read_text(encoding="utf-8")
    # Past a page's worth, the page says how many there are and where each calendar is linked.
    assert f"{len(upcoming_people)} chairs and speakers have events to come" in text
    assert f"{len(upcoming_series)} series have events to come" in text
    assert "calendar/people/" not in text and text.count("<li>") <= 2 * listing.PAGE_SIZE


@pytest.mark.parametrize(
    "path", ["events/2023/_series.md", "events/format.md", "events/catch-up/_series.md", "people/by-name.md"]
)
def test_a_name_the_listings_use_is_refused_with_a_fix(tmp_path, path):
    content = {
        "events/2023/_series.md": md("title: A series named like a year"),
        "events/format.md": online_event("Called format", "2026-01-05 10:00"),
        "events/catch-up/_series.md": md("title: Catch up"),
        "people/by-name.md": md("name: By Name"),
    }
    files = {path: content[path]}
    if path.endswith("_series.md"):
        folder = path.rsplit("/", 1)[0]
        files[f"{folder}/one.md"] = online_event("One", "2026-01-05 10:00")
        files[f"{folder}/two.md"] = online_event("Two", "2026-01-06 10:00")
    loaded = load_content(tmp_path, files)
    messages = [p.format() for p in loaded.errors]
    assert any(path.split("/")[0] in m and "rename" in m for m in messages), messages


def test_a_scanned_pdf_gets_a_warning_naming_the_file_and_field(tmp_path):
    root = make_project(
        tmp_path / "project",
        {
            "events/deck.md": online_event(
                "With a scanned deck",
                "2023-01-05 10:00",
                extra="recording: https://video.example.org/x\nslides:\n  - file: scan.pdf",
            ),
        },
    )
    make_pdf(root / "content/events/scan.pdf", pages=3)
    site, warnings, _ = load_site(root, NOW)
    found = [w.format() for w in warnings if w.field == "slides"]
    assert len(found) == 1
    assert found[0].startswith("content/events/deck.md:") and "scan.pdf has no text" in found[0]
    assert "screen readers" in found[0]


def test_pdf_text_is_read_page_by_page(tmp_path):
    from generator.resources.downloads import facts

    pdf = next((REPO / "content").rglob("fostering-a-one-system-mindset.pdf"))
    got = facts(pdf)
    assert got.pages == len(got.text) and not got.scanned
    assert "when building a new partnership" in " ".join(got.text[4].split())
    blank = facts(make_pdf(tmp_path / "blank.pdf", pages=2))
    assert blank.scanned and blank.text == ("", "")
