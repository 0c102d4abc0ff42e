"""Dates in GOV.UK style, relative links between pages, and escaping of front-matter text."""

from __future__ import annotations

import calendar
from datetime import date, datetime
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import pytest

from generator.build.pipeline import load_site
from generator.model import dates
from generator.model.revisions import Revisions
from generator.render.pages import href, render, when

from .helpers import NOW, make_project, md, online_event

LONDON = ZoneInfo("Europe/London")


def test_weekday_names_used_below_are_right():
    # The expected strings below name weekdays; check them against the calendar, not the code under test.
    assert calendar.day_name[date(2023, 6, 26).weekday()] == "Monday"
    assert calendar.day_name[date(2023, 6, 27).weekday()] == "Tuesday"
    assert calendar.day_name[date(2027, 6, 8).weekday()] == "Tuesday"
    assert calendar.day_name[date(2027, 6, 9).weekday()] == "Wednesday"
    assert calendar.day_name[date(2027, 6, 30).weekday()] == "Wednesday"
    assert calendar.day_name[date(2027, 7, 2).weekday()] == "Friday"
    assert calendar.day_name[date(2026, 12, 31).weekday()] == "Thursday"
    assert calendar.day_name[date(2027, 1, 1).weekday()] == "Friday"


# --- span --------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, end, expected",
    [
        # Same day, timed: the GOV.UK example.
        (datetime(2023, 6, 26, 14, 0), datetime(2023, 6, 26, 15, 30), "Monday 26 June 2023, 2pm to 3:30pm"),
        (datetime(2023, 6, 26, 9, 5), datetime(2023, 6, 26, 10, 0), "Monday 26 June 2023, 9:05am to 10am"),
        # Midday and midnight are words, never 12pm or 12am.
        (datetime(2023, 6, 26, 10, 0), datetime(2023, 6, 26, 12, 0), "Monday 26 June 2023, 10am to midday"),
        (datetime(2023, 6, 26, 12, 0), datetime(2023, 6, 26, 13, 0), "Monday 26 June 2023, midday to 1pm"),
        (datetime(2023, 6, 26, 0, 0), datetime(2023, 6, 26, 9, 0), "Monday 26 June 2023, midnight to 9am"),
        (datetime(2023, 6, 26, 12, 30), datetime(2023, 6, 26, 13, 0), "Monday 26 June 2023, 12:30pm to 1pm"),
        (datetime(2023, 6, 26, 0, 30), datetime(2023, 6, 26, 1, 0), "Monday 26 June 2023, 12:30am to 1am"),
        # Over several days: each end has its own day.
        (
            datetime(2023, 6, 26, 14, 0),
            datetime(2023, 6, 27, 11, 0),
            "Monday 26 June 2023, 2pm to Tuesday 27 June 2023, 11am",
        ),
    ],
    ids=[
        "same-day",
        "minutes",
        "to-midday",
        "from-midday",
        "from-midnight",
        "half-past-twelve-pm",
        "half-past-twelve-am",
        "multi-day",
    ],
)
def test_span_timed(start, end, expected):
    assert dates.span(start, end, False) == expected


def test_span_timed_keeps_zone_wall_time():
    start = datetime(2023, 6, 26, 14, 0, tzinfo=LONDON)
    end = datetime(2023, 6, 26, 15, 30, tzinfo=LONDON)
    assert dates.span(start, end, False) == "Monday 26 June 2023, 2pm to 3:30pm"


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (date(2027, 6, 8), date(2027, 6, 8), "Tuesday 8 June 2027"),
        (date(2027, 6, 8), date(2027, 6, 9), "Tuesday 8 to Wednesday 9 June 2027"),
        (date(2027, 6, 30), date(2027, 7, 2), "Wednesday 30 June 2027 to Friday 2 July 2027"),
        (date(2026, 12, 31), date(2027, 1, 1), "Thursday 31 December 2026 to Friday 1 January 2027"),
    ],
    ids=["one-day", "same-month", "across-months", "across-years"],
)
def test_span_all_day(start, end, expected):
    assert dates.span(start, end, True) == expected


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (None, None, ""),
        (date(2023, 10, 9), None, "9 October 2023"),
        (date(2023, 10, 9), date(2023, 10, 9), "9 October 2023"),
        (date(2023, 10, 9), date(2023, 10, 13), "9 to 13 October 2023"),
        (date(2023, 9, 28), date(2023, 10, 3), "28 September to 3 October 2023"),
        (date(2023, 12, 30), date(2024, 1, 2), "30 December 2023 to 2 January 2024"),
    ],
    ids=["none", "no-end", "same-day", "same-month", "same-year", "across-years"],
)
def test_range_of_days(start, end, expected):
    assert dates.range_of_days(start, end) == expected


def test_when_gives_machine_value_and_zone(tmp_path):
    root = make_project(
        tmp_path / "project",
        {
            "events/a.md": online_event("London", "2026-12-01 14:00", "2026-12-01 15:30"),
            "events/b.md": online_event("New York", "2026-12-02 09:00", extra="timezone: America/New_York"),
            "events/c.md": md("title: All day\nstart: 2026-12-03\nend: 2026-12-04"),
        },
    )
    site, _, _ = load_site(root, NOW)
    london, new_york, all_day = site.events
    assert str(when(london)) == (
        '<time datetime="2026-12-01T14:00+00:00">Tuesday 1 December 2026, 2pm to 3:30pm</time> (UK time)'
    )
    assert str(when(new_york)) == (
        '<time datetime="2026-12-02T09:00-05:00">Wednesday 2 December 2026, 9am to 10am</time> (America/New_York)'
    )
    assert str(when(all_day)) == '<time datetime="2026-12-03">Thursday 3 to Friday 4 December 2026</time>'


def test_default_end_is_an_hour_of_real_time_across_the_clock_change(tmp_path):
    root = make_project(tmp_path / "project", {"events/a.md": online_event("Late night", "2024-03-31 00:30")})
    site, _, _ = load_site(root, NOW)
    (event,) = site.events
    utc = ZoneInfo("UTC")
    assert (event.ends_at.astimezone(utc) - event.starts_at.astimezone(utc)).total_seconds() == 3600
    assert dates.span(event.start, event.end, False) == "Sunday 31 March 2024, 12:30am to 2:30am"


# --- relative links ----------------------------------------------------------


@pytest.mark.parametrize(
    "from_url, to, expected",
    [
        ("", "events/", "events/"),
        ("", "", "./"),
        ("events/a/b/", "people/x/", "../../../people/x/"),
        ("events/a/b/", "events/a/b/", "./"),
        ("events/a/", "events/", "../"),
        ("events/a/", "events/a/slides.pdf", "slides.pdf"),
        ("people/x/", "assets/site.css", "../../assets/site.css"),
        ("events/a/", "https://example.org/x", "https://example.org/x"),
        ("events/a/", "mailto:learning@example.org", "mailto:learning@example.org"),
    ],
    ids=[
        "home-to-events",
        "home-to-home",
        "deep-to-person",
        "same-page",
        "up-one",
        "file-in-own-folder",
        "asset",
        "absolute",
        "mailto",
    ],
)
def test_href(from_url, to, expected):
    assert href(from_url, to) == expected


PAGES = ["", "events/", "events/a/", "events/a/b/", "people/x/", "tags/care-proceedings/"]


@pytest.mark.parametrize("from_url", PAGES)
@pytest.mark.parametrize("to", PAGES + ["events/a/slides.pdf", "assets/site.css"])
def test_href_resolves_to_the_target_under_any_base(from_url, to):
    # However the site is published (at a domain's root or in a sub-folder), a browser
    # resolving the link from the page's address must land on the target.
    for base in ("https://learning.example.org/", "https://example.github.io/learning/"):
        link = href(from_url, to)
        assert not link.startswith("/")
        assert urljoin(base + from_url, link) == base + to


# --- escaping ----------------------------------------------------------------


def test_html_in_front_matter_is_escaped_in_rendered_markdown(tmp_path):
    root = make_project(
        tmp_path / "project",
        {
            "events/xss.md": online_event(
                "<script>alert(1)</script>",
                "2026-12-01 10:00",
                extra=(
                    "summary: <img src=x onerror=alert(2)>\n"
                    "tags: [<b>bold</b>]\n"
                    "speakers:\n  - {name: <i>Eve</i>, organisation: <u>Org</u>}"
                ),
            ),
        },
    )
    site, _, _ = load_site(root, NOW)
    outputs = render(site, Revisions(root))
    event_page = outputs["events/xss.md"]
    assert isinstance(event_page, bytes)
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in event_page
    for raw in (b"<script", b"<img", b"<b>", b"<i>", b"<u>"):
        for path, data in outputs.items():
            # Pages are HTML to a browser; calendar files are plain text that keep the title as written.
            if isinstance(data, bytes) and path.endswith(".md"):
                assert raw not in data, f"raw {raw!r} in {path}"
    # The page's front matter (which themes print without escaping) is escaped too.
    front = event_page.decode("utf-8").split("---\n")[1]
    assert "<" not in front
