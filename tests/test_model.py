"""The linked site model: series parts, past and upcoming, people, tags, uids, downloads."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from generator.build.pipeline import load_site
from generator.model.revisions import Revisions
from generator.model.site import build_model
from generator.render.pages import render
from generator.resources.downloads import human_size

from .helpers import (
    NOW,
    PERSON_ANNA,
    PERSON_BEN,
    load_project,
    make_pdf,
    make_project,
    md,
    online_event,
    settings_for,
)

LONDON = ZoneInfo("Europe/London")


def site_for(tmp_path, content, now=NOW):
    root = make_project(tmp_path / "project", content)
    site, warnings, _ = load_site(root, now)
    return site


def by_title(site, title):
    (found,) = [e for e in site.events if e.title == title]
    return found


# --- series ------------------------------------------------------------------


def test_series_parts_follow_dates_not_file_names(tmp_path):
    # File names sort a, b, c; the dates run c, a, b.
    content = {
        "events/delay/_series.md": md("title: Delay series"),
        "events/delay/a-first-by-name.md": online_event("Middle", "2026-02-10 14:00"),
        "events/delay/b-second-by-name.md": online_event("Last", "2026-03-10 14:00"),
        "events/delay/c-third-by-name.md": online_event("Earliest", "2026-01-10 14:00"),
    }
    site = site_for(tmp_path, content)
    (series,) = site.series
    assert [e.title for e in series.events] == ["Earliest", "Middle", "Last"]
    assert [(by_title(site, t).part, len(by_title(site, t).series.events)) for t in ("Earliest", "Middle", "Last")] == [
        (1, 3),
        (2, 3),
        (3, 3),
    ]
    # The wording on the event's own page.
    pages = render(site, Revisions(tmp_path))
    middle = pages["events/delay/a-first-by-name.md"].decode("utf-8")
    assert "Part 2 of 3 in" in middle
    assert "Part 1 of 3" not in middle and "Part 3 of 3" not in middle


def test_events_outside_a_series_have_no_part(tmp_path):
    site = site_for(tmp_path, {"events/alone.md": online_event("Alone", "2026-12-01 10:00")})
    (event,) = site.events
    assert event.series is None and event.part is None
    assert event.url == "events/alone/"


# --- past and upcoming -----------------------------------------------------

TIMELINE = {
    "events/early.md": online_event("Early", "2026-06-01 10:00"),
    "events/middle.md": online_event("Middle", "2026-09-01 10:00"),
    "events/late.md": online_event("Late", "2027-01-15 10:00"),
}


def test_upcoming_and_past_flip_with_now(tmp_path):
    root = make_project(tmp_path / "project", TIMELINE)
    before, _, _ = load_site(root, datetime(2026, 5, 1, 12, tzinfo=UTC))
    after, _, _ = load_site(root, datetime(2026, 10, 1, 12, tzinfo=UTC))
    assert [e.title for e in before.upcoming] == ["Early", "Middle", "Late"]
    assert before.past == []
    assert [e.title for e in after.upcoming] == ["Late"]
    assert [e.title for e in after.past] == ["Middle", "Early"]  # most recent first
    assert [e.past for e in after.events] == [True, True, False]


def test_event_in_progress_counts_as_upcoming(tmp_path):
    content = {"events/now.md": online_event("Happening now", "2026-11-23 11:00", "2026-11-23 13:00")}
    site = site_for(tmp_path, content, now=NOW)  # NOW is 12:00 UTC, which is 12:00 in London in November
    (event,) = site.events
    assert event.starts_at < NOW < event.ends_at
    assert event.past is False
    assert site.upcoming == [event] and site.past == []


def test_event_that_just_ended_is_past(tmp_path):
    content = {"events/done.md": online_event("Just ended", "2026-11-23 11:00", "2026-11-23 12:00")}
    (event,) = site_for(tmp_path, content, now=NOW).events
    assert event.ends_at == NOW
    assert event.past is True


def test_all_day_event_is_upcoming_all_day(tmp_path):
    content = {"events/day.md": md("title: Today\nstart: 2026-11-23\nrecording: https://video.example.org/x")}
    root = make_project(tmp_path / "project", content)
    during, _, _ = load_site(root, datetime(2026, 11, 23, 23, 59, tzinfo=LONDON))
    after, _, _ = load_site(root, datetime(2026, 11, 24, 0, 0, tzinfo=LONDON))
    assert during.events[0].past is False
    assert after.events[0].past is True


# --- people ------------------------------------------------------------------


def test_person_collects_every_kind_of_appearance(tmp_path):
    content = {
        "people/anna-jones.md": PERSON_ANNA,
        "events/chaired.md": online_event("Chaired", "2026-01-10 10:00", extra="chair: anna-jones"),
        "events/spoke.md": online_event("Spoke", "2026-02-10 10:00", extra="speakers: [anna-jones]"),
        "journal/sfj/_journal.md": md("title: Journal"),
        "journal/sfj/issue-1.md": md("""
            title: Issue one
            issue: 1
            published: 2026-03-10
            articles:
              - title: What we learned
                authors: [anna-jones]
        """),
        "practice-week/2026/_week.md": md("title: Practice week 2026"),
        "practice-week/2026/leeds.md": md("""
            title: Leeds
            date: 2026-04-10
            place: Leeds
            team: [anna-jones]
        """),
        "practice-week/2026/york.md": md("""
            title: York
            date: 2026-05-10
            place: York
            quotes:
              - text: It was inspiring.
                by: anna-jones
        """),
    }
    site = site_for(tmp_path, content)
    (anna,) = [p for p in site.people if p.id == "anna-jones"]
    # Newest first.
    assert [(a.kind, a.item.title) for a in anna.appearances] == [
        ("quoted", "York"),
        ("team", "Leeds"),
        ("author", "Issue one"),
        ("speaker", "Spoke"),
        ("chair", "Chaired"),
    ]
    kinds = {a.kind: a for a in anna.appearances}
    assert kinds["author"].detail == "What we learned"
    assert kinds["quoted"].detail == "It was inspiring."
    assert all(a.person is anna for a in anna.appearances)
    assert len(site.people) == 1  # the same Person every time, not one per appearance


def test_inline_role_and_organisation_override_for_that_appearance_only(tmp_path):
    content = {
        "people/anna-jones.md": PERSON_ANNA,
        "events/then.md": online_event(
            "Then",
            "2024-01-10 10:00",
            extra=("speakers:\n  - {id: anna-jones, role: Head of Service, organisation: Old Council}"),
        ),
        "events/now.md": online_event("Now", "2026-12-10 10:00", extra="speakers: [anna-jones]"),
    }
    site = site_for(tmp_path, content)
    then, now = by_title(site, "Then").speakers[0], by_title(site, "Now").speakers[0]
    assert then.person is now.person
    assert (then.role, then.organisation) == ("Head of Service", "Old Council")
    assert (now.role, now.organisation) == ("Director of Children's Services", "Example Borough Council")
    # The registry entry itself is untouched.
    assert (then.person.role, then.person.organisation) == (
        "Director of Children's Services",
        "Example Borough Council",
    )


def test_inline_role_alone_keeps_registry_organisation(tmp_path):
    content = {
        "people/anna-jones.md": PERSON_ANNA,
        "events/a.md": online_event("A", "2026-12-10 10:00", extra="chair: {id: anna-jones, role: Chair of the board}"),
    }
    chair = site_for(tmp_path, content).events[0].chair
    assert (chair.role, chair.organisation) == ("Chair of the board", "Example Borough Council")


def test_inline_person_without_a_file_gets_their_own_person(tmp_path):
    content = {
        "people/anna-jones.md": PERSON_ANNA,
        "events/a.md": online_event(
            "A",
            "2026-12-10 10:00",
            extra=(
                "speakers:\n"
                "  - {name: Dr Amira Hassan, role: Research fellow, organisation: Example University}\n"
                "  - anna-jones"
            ),
        ),
        "events/b.md": online_event("B", "2026-12-11 10:00", extra="chair: {name: Dr Amira Hassan}"),
    }
    site = site_for(tmp_path, content)
    # The id is the name made into a web address, as for a file name.
    assert sorted(p.id for p in site.people) == ["anna-jones", "dr-amira-hassan"]
    (amira,) = [p for p in site.people if p.name == "Dr Amira Hassan"]
    assert amira.source is None
    assert amira.url == f"people/{amira.id}/"
    assert [a.item.title for a in amira.appearances] == ["B", "A"]
    first = by_title(site, "A").speakers[0]
    assert first.person is amira
    assert (first.role, first.organisation) == ("Research fellow", "Example University")
    # Their page is rendered like anyone else's.
    assert amira.path in render(site, Revisions(tmp_path))


def test_inline_name_matching_a_file_is_that_person(tmp_path):
    content = {
        "people/anna-jones.md": PERSON_ANNA,
        "events/a.md": online_event("A", "2026-12-10 10:00", extra="chair: {name: Anna Jones}"),
    }
    site = site_for(tmp_path, content)
    assert [p.id for p in site.people] == ["anna-jones"]
    assert site.events[0].chair.person.source is not None


# --- tags --------------------------------------------------------------------


def test_tags_gather_events_issues_and_visits(tmp_path):
    content = {
        "events/a.md": online_event("An event", "2026-01-10 10:00", extra="tags: [Care proceedings, delay]"),
        "journal/sfj/_journal.md": md("title: Journal"),
        "journal/sfj/issue-1.md": md("title: An issue\nissue: 1\npublished: 2026-03-10\ntags: [care proceedings]"),
        "practice-week/2026/_week.md": md("title: Practice week 2026"),
        "practice-week/2026/leeds.md": md("title: A visit\ndate: 2026-02-10\nplace: Leeds\ntags: [care  proceedings]"),
    }
    site = site_for(tmp_path, content)
    assert [t.slug for t in site.tags] == ["care-proceedings", "delay"]
    care = site.tags[0]
    assert [(i.kind, i.title) for i in care.items] == [
        ("issue", "An issue"),
        ("visit", "A visit"),
        ("event", "An event"),
    ]
    assert care.name == "Care proceedings"  # the first spelling met
    assert [i.title for i in site.tags[1].items] == ["An event"]
    assert site.events[0].tags == site.tags


# --- event facts -----------------------------------------------------------


def test_uid_from_path_is_stable_and_uid_field_wins(tmp_path):
    first = site_for(
        tmp_path / "1",
        {
            "events/delay/_series.md": md("title: Series"),
            "events/delay/one.md": online_event("One", "2026-01-10 10:00"),
            "events/delay/two.md": online_event("Two", "2026-02-10 10:00", extra="uid: kept-forever@example.org"),
        },
    )
    # Same files with a new title and time: the path-derived uid does not change.
    second = site_for(
        tmp_path / "2",
        {
            "events/delay/_series.md": md("title: Series"),
            "events/delay/one.md": online_event("One, renamed", "2026-01-11 15:00"),
            "events/delay/two.md": online_event("Two", "2026-02-10 10:00", extra="uid: kept-forever@example.org"),
        },
    )
    one_a, one_b = first.events[0].uid, second.events[0].uid
    assert one_a == one_b
    assert one_a.endswith("@learning.example.org")  # the host of base_url in site.yml
    assert "delay" in one_a and "one" in one_a
    assert first.events[1].uid == "kept-forever@example.org"
    assert len({e.uid for e in first.events}) == 2


def test_uid_differs_between_paths(tmp_path):
    site = site_for(
        tmp_path,
        {
            "events/one.md": online_event("One", "2026-01-10 10:00"),
            "events/s/_series.md": md("title: S"),
            "events/s/one.md": online_event("One", "2026-01-10 10:00"),
            "events/s/two.md": online_event("Two", "2026-01-11 10:00"),
        },
    )
    assert len({e.uid for e in site.events}) == 3


def test_default_end_is_one_hour_after_start(tmp_path):
    (event,) = site_for(tmp_path, {"events/a.md": online_event("A", "2026-07-01 14:00")}).events
    assert event.starts_at == datetime(2026, 7, 1, 14, 0, tzinfo=LONDON)
    assert event.ends_at - event.starts_at == timedelta(hours=1)
    assert event.ends_at == datetime(2026, 7, 1, 15, 0, tzinfo=LONDON)
    # 14:00 in London in July is 13:00 UTC.
    assert event.starts_at.astimezone(UTC).hour == 13


def test_event_time_zone_is_its_own(tmp_path):
    (event,) = site_for(
        tmp_path, {"events/a.md": online_event("A", "2026-07-01 14:00", extra="timezone: America/New_York")}
    ).events
    assert event.zone == "America/New_York"
    assert event.starts_at.astimezone(UTC) == datetime(2026, 7, 1, 18, 0, tzinfo=UTC)


def test_all_day_event_ends_at_midnight_after_last_day(tmp_path):
    content = {"events/conf.md": md("title: Conference\nstart: 2027-06-08\nend: 2027-06-09\nformat: online")}
    (event,) = site_for(tmp_path, content).events
    assert event.all_day is True
    assert event.starts_at == datetime(2027, 6, 8, 0, 0, tzinfo=LONDON)
    assert event.ends_at == datetime(2027, 6, 10, 0, 0, tzinfo=LONDON)
    assert event.date == date(2027, 6, 8)


def test_slide_download_label_from_a_real_pdf(tmp_path):
    root = make_project(
        tmp_path / "project",
        {
            "events/deck.md": md("""
            title: With slides
            start: 2026-12-05 10:00
            slides:
              - file: deck.pdf
                title: The slides
              - url: https://example.org/other.pptx
        """),
        },
    )
    pdf = make_pdf(root / "content" / "events" / "deck.pdf", pages=3, padding=12_000)
    size = os.stat(pdf).st_size
    assert 1_000 <= size < 1_000_000  # a size shown in KB
    assert len(PdfReader(pdf).pages) == 3

    site, _, _ = load_site(root, NOW)
    local, remote = site.events[0].slides
    assert local.title == "The slides"
    assert local.source == pdf.resolve()
    assert local.facts.size == size
    assert local.facts.pages == 3
    assert human_size(size) == f"{round(size / 1000)} KB"
    assert local.label == f"PDF, {human_size(size)}, 3 pages"
    assert local.href == "events/deck/deck.pdf"
    assert local.external is False
    # A web address: no size or pages, only its kind; the event title stands in for a missing title.
    assert remote.external is True
    assert remote.label == "PowerPoint"
    assert remote.title == "With slides"


@pytest.mark.parametrize(
    "size, shown",
    [
        (0, "0 bytes"),
        (999, "999 bytes"),
        (1_000, "1 KB"),
        (12_345, "12 KB"),
        (999_499, "999 KB"),
        (1_000_000, "1.0 MB"),
        (1_260_000, "1.3 MB"),
    ],
)
def test_human_size(size, shown):
    assert human_size(size) == shown


def test_human_size_rounds_up_into_megabytes():
    assert human_size(999_999) == "1.0 MB"


def test_build_model_from_load(tmp_path):
    # The two steps load_site runs, called directly.
    root = make_project(
        tmp_path / "project",
        {
            "people/anna-jones.md": PERSON_ANNA,
            "people/ben-price.md": PERSON_BEN,
            "events/a.md": online_event("A", "2026-12-01 10:00", extra="chair: anna-jones\nspeakers: [ben-price]"),
        },
    )
    settings = settings_for(root)
    loaded = load_project(root, NOW)
    assert loaded.problems == []
    site = build_model(loaded, settings, NOW)
    (event,) = site.events
    assert [a.person.id for a in event.people] == ["anna-jones", "ben-price"]
    assert [a.kind for a in event.people] == ["chair", "speaker"]
    assert site.now == NOW and site.settings is settings
