"""Repeating sessions and booking in the calendar feeds and the JSON-LD.

A repeating event is one VEVENT (RRULE and EXDATEs), expanded here by two real
expanders, recurring_ical_events and Mozilla's ical.js, and held to dates worked
out on their own with zoneinfo. The booking words the page shows go into the
calendar entry, and into schema.org's Offer, for each state booking can be in.
"""

from __future__ import annotations

import json
import re
import subprocess
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import jsonschema
import pytest
import recurring_ical_events
import vobject
from icalendar import Calendar

from generator.build.pipeline import load_site
from generator.model.revisions import Revisions
from generator.render import feeds as F
from generator.render import structured

from .helpers import JS, NOW, make_project, md, node_missing, online_event, skip_or_fail

LONDON = ZoneInfo("Europe/London")

# --- the programme -------------------------------------------------------------------------


def _weekly(extra: str) -> str:
    """10am each Tuesday from 16 March to 13 April 2027, across the clocks going forward on
    28 March; 30 March left out of the run and 6 April called off."""
    return online_event(
        "Weekly drop-in",
        "2027-03-16 10:00",
        "2027-03-16 11:00",
        extra="repeat:\n  every: week\n  until: 2027-04-13\n  except: [2027-03-30]\ncancelled: [2027-04-06]\n" + extra,
    )


WEEKLY = _weekly("speakers: [{name: Ann Lee}]\ntags: [drop-in]")
MONTHLY = online_event(
    "Second Tuesday surgery",
    "2027-01-12 14:00",
    "2027-01-12 15:30",
    extra="repeat:\n  every: month\n  count: 6",
)
LAST_TUESDAY = online_event(
    "Last Tuesday review", "2027-03-30 09:30", "2027-03-30 10:00", extra="repeat: {every: month, count: 3}"
)
FORTNIGHTLY = online_event(
    "Evening reading group",
    "2027-10-14 18:00",
    "2027-10-14 19:00",
    extra="repeat: {every: 2 weeks, until: 2027-11-25}",
)
OPEN_DAYS = md("""
    title: Open weekend
    start: 2027-05-01
    end: 2027-05-02
    format: in-person
    venue: {name: Neuadd y Ddinas, address: Caerdydd CF10 3ND}
    repeat: {every: week, count: 5, except: [2027-05-15]}
    cancelled: [2027-05-29]
""")


def _project(root: Path) -> Path:
    return make_project(
        root,
        {
            "events/drop-in/_series.md": md("title: Drop-in sessions"),
            "events/drop-in/weekly.md": WEEKLY,
            "events/drop-in/monthly.md": MONTHLY,
            "events/last-tuesday.md": LAST_TUESDAY,
            "events/fortnightly.md": FORTNIGHTLY,
            "events/open-days.md": OPEN_DAYS,
            "events/one-off.md": online_event(
                "A one-off talk", "2027-03-17 10:00", extra="speakers: [{name: Ann Lee}]"
            ),
        },
    )


@pytest.fixture(scope="module")
def programme(tmp_path_factory):
    root = _project(tmp_path_factory.mktemp("programme") / "project")
    site, _, _ = load_site(root, NOW)
    return F.feeds(site, Revisions(root / "content")), site


def _event(site, title: str):
    return next(e for e in site.events if e.title == title)


def _vevent(data: bytes, uid: str):
    (found,) = [v for v in Calendar.from_ical(data).walk("VEVENT") if str(v["UID"]) == uid]
    return found


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


# The dates worked out here on their own: the wall-clock time in London on each date, in UTC.
def _london(days: list[date], at: time, length: timedelta) -> list[tuple[datetime, datetime]]:
    starts = [datetime.combine(d, at, LONDON).astimezone(UTC) for d in days]
    return [(s, s + length) for s in starts]


EXPECTED = {
    "Weekly drop-in": _london(
        [date(2027, 3, 16), date(2027, 3, 23), date(2027, 4, 13)], time(10), timedelta(hours=1)
    ),  # 30 March is left out, 6 April called off
    "Second Tuesday surgery": _london(
        [date(2027, 1, 12), date(2027, 2, 9), date(2027, 3, 9), date(2027, 4, 13), date(2027, 5, 11), date(2027, 6, 8)],
        time(14),
        timedelta(minutes=90),
    ),
    "Last Tuesday review": _london(
        [date(2027, 3, 30), date(2027, 4, 27), date(2027, 5, 25)], time(9, 30), timedelta(minutes=30)
    ),
    "Evening reading group": _london(
        [date(2027, 10, 14), date(2027, 10, 28), date(2027, 11, 11), date(2027, 11, 25)], time(18), timedelta(hours=1)
    ),
}
# The all-day weekend: its dates, the end exclusive; 15 May is left out and 29 May called off.
EXPECTED_DAYS = [(date(2027, 5, d), date(2027, 5, d + 2)) for d in (1, 8, 22)]


def test_the_expected_dates_cross_the_clock_changes():
    """The independent dates are what a reader in London expects: 10am each Tuesday is 10:00Z
    before the clocks go forward on 28 March 2027 and 09:00Z after."""
    assert [s for s, _ in EXPECTED["Weekly drop-in"]] == [
        datetime(2027, 3, 16, 10, tzinfo=UTC),
        datetime(2027, 3, 23, 10, tzinfo=UTC),
        datetime(2027, 4, 13, 9, tzinfo=UTC),
    ]
    assert [s.hour for s, _ in EXPECTED["Second Tuesday surgery"]] == [14, 14, 14, 13, 13, 13]
    assert [s.hour for s, _ in EXPECTED["Evening reading group"]] == [17, 17, 18, 18]  # back on 31 October


def test_the_sessions_the_site_lists_are_the_expected_dates(programme):
    _, site = programme
    for title, expected in EXPECTED.items():
        sessions = [(_utc(s.start), _utc(s.end)) for s in _event(site, title).sessions if not s.cancelled]
        assert sessions == expected, title
    weekly = _event(site, "Weekly drop-in")
    assert [s.date for s in weekly.sessions if s.cancelled] == [date(2027, 4, 6)]


# --- one VEVENT, with RRULE and EXDATE --------------------------------------------------------


def _feeds_holding(feeds: dict[str, bytes], uid: str) -> list[str]:
    return [rel for rel, data in feeds.items() if f"UID:{uid}".encode() in data.replace(b"\r\n ", b"")]


def test_a_repeating_event_is_one_vevent_in_every_feed(programme):
    feeds, site = programme
    weekly = _event(site, "Weekly drop-in")
    holding = _feeds_holding(feeds, weekly.uid)
    assert set(holding) == {
        F.ALL_FEED,
        F.series_feed_path("drop-in"),
        F.event_feed_path(weekly),
        F.person_feed_path("ann-lee"),
        F.topic_feed_path("drop-in"),
    }
    blocks = set()
    for rel in holding:
        text = feeds[rel].decode("utf-8").replace("\r\n ", "")
        mine = [b for b in re.findall(r"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", text, re.S) if f"UID:{weekly.uid}\r\n" in b]
        assert len(mine) == 1, rel
        assert len([v for v in Calendar.from_ical(feeds[rel]).walk("VEVENT") if str(v["UID"]) == weekly.uid]) == 1
        blocks.add(mine[0])
    assert len(blocks) == 1  # the same bytes in each
    assert feeds[F.ALL_FEED].count(b"BEGIN:VEVENT") == len(site.events) == 6


def test_the_weekly_vevent_has_its_rule_and_exdates(programme):
    feeds, site = programme
    weekly = _event(site, "Weekly drop-in")
    text = feeds[F.event_feed_path(weekly)].decode("utf-8").replace("\r\n ", "")
    assert "DTSTART;TZID=Europe/London:20270316T100000\r\n" in text
    assert "DTEND;TZID=Europe/London:20270316T110000\r\n" in text
    # UNTIL in UTC: the last session's start, 10am BST.
    assert "RRULE:FREQ=WEEKLY;UNTIL=20270413T090000Z\r\n" in text
    assert re.findall(r"EXDATE[^\r]*", text) == [
        "EXDATE;TZID=Europe/London:20270330T100000",
        "EXDATE;TZID=Europe/London:20270406T100000",
    ]
    v = _vevent(feeds[F.ALL_FEED], weekly.uid)
    until = v["RRULE"]["UNTIL"][0]
    assert until == datetime(2027, 4, 13, 9, tzinfo=UTC) and until.utcoffset() == timedelta(0)
    assert "Cancelled: Tuesday 6 April 2027." in str(v["DESCRIPTION"])
    assert "30 March" not in str(v["DESCRIPTION"])  # left out, not called off


def test_the_other_rules_as_written(programme):
    feeds, site = programme
    rules = {e.title: _vevent(feeds[F.ALL_FEED], e.uid)["RRULE"].to_ical().decode() for e in site.events if e.rule}
    assert rules == {
        "Weekly drop-in": "FREQ=WEEKLY;UNTIL=20270413T090000Z",
        "Second Tuesday surgery": "FREQ=MONTHLY;COUNT=6;BYDAY=2TU",
        "Last Tuesday review": "FREQ=MONTHLY;COUNT=3;BYDAY=-1TU",
        "Evening reading group": "FREQ=WEEKLY;UNTIL=20271125T180000Z;INTERVAL=2",
        "Open weekend": "FREQ=WEEKLY;COUNT=5",
    }
    text = feeds[F.ALL_FEED].decode("utf-8")
    assert "DTSTART;VALUE=DATE:20270501\r\nDTEND;VALUE=DATE:20270503\r\n" in text
    assert "EXDATE;VALUE=DATE:20270515\r\nEXDATE;VALUE=DATE:20270529\r\n" in text
    one_off = _vevent(feeds[F.ALL_FEED], _event(site, "A one-off talk").uid)
    assert "RRULE" not in one_off and "EXDATE" not in one_off


# --- expanded by two calendar engines ----------------------------------------------------------


def _expanded_by_recurring_ical_events(data: bytes) -> dict[str, list[tuple]]:
    found: dict[str, list[tuple]] = {}
    for v in recurring_ical_events.of(Calendar.from_ical(data)).between(date(2026, 1, 1), date(2029, 1, 1)):
        start, end = v["DTSTART"].dt, v["DTEND"].dt
        if isinstance(start, datetime):
            assert start.tzinfo is not None
            start, end = _utc(start), _utc(end)
        found.setdefault(str(v["UID"]), []).append((start, end))
    return {uid: sorted(when) for uid, when in found.items()}


def _expanded_by_ical_js(data: bytes, folder: Path) -> dict[str, list[tuple]]:
    problem = node_missing()
    if problem:
        skip_or_fail(f"ICAL.JS CHECKS NOT RUN: {problem}")
    path = folder / "feed.ics"
    path.write_bytes(data)
    result = subprocess.run(["node", str(JS / "occurrences.mjs"), str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr

    def value(v: dict):
        if "date" in v:
            return date.fromisoformat(v["date"])
        return datetime.fromisoformat(v["utc"].replace("Z", "+00:00"))

    return {
        uid: [(value(o["start"]), value(o["end"])) for o in got["occurrences"]]
        for uid, got in json.loads(result.stdout)[str(path)].items()
    }


def _wanted(site) -> dict[str, list[tuple]]:
    wanted = {_event(site, title).uid: dates for title, dates in EXPECTED.items()}
    wanted[_event(site, "Open weekend").uid] = EXPECTED_DAYS
    one_off = _event(site, "A one-off talk")
    wanted[one_off.uid] = [(datetime(2027, 3, 17, 10, tzinfo=UTC), datetime(2027, 3, 17, 11, tzinfo=UTC))]
    return wanted


def test_recurring_ical_events_finds_the_expected_dates(programme):
    feeds, site = programme
    assert _expanded_by_recurring_ical_events(feeds[F.ALL_FEED]) == _wanted(site)


def test_ical_js_finds_the_expected_dates(programme, tmp_path):
    feeds, site = programme
    assert _expanded_by_ical_js(feeds[F.ALL_FEED], tmp_path) == _wanted(site)


def test_each_event_feed_expands_alone(programme, tmp_path):
    """An event's own .ics carries the VTIMEZONE its EXDATEs need."""
    feeds, site = programme
    wanted = _wanted(site)
    for event in site.events:
        data = feeds[F.event_feed_path(event)]
        assert _expanded_by_recurring_ical_events(data) == {event.uid: wanted[event.uid]}
        assert _expanded_by_ical_js(data, tmp_path) == {event.uid: wanted[event.uid]}


def test_vobject_reads_the_rule_and_the_exdates(programme):
    feeds, site = programme
    weekly = _event(site, "Weekly drop-in")
    (cal,) = list(vobject.readComponents(feeds[F.event_feed_path(weekly)].decode("utf-8")))
    (vevent,) = cal.vevent_list
    starts = [_utc(s) for s in vevent.getrruleset(addRDate=True)]
    assert starts == [s for s, _ in EXPECTED["Weekly drop-in"]]


# --- booking in the calendar entry and the JSON-LD --------------------------------------------

BOOK = "https://example.org/book"
LATER = datetime(2027, 2, 10, 12, tzinfo=UTC)  # booking for "book-by" closed on 8 February; the event is on the 15th


def _booking(name: str, start: str, registration: str, extra: str = "") -> str:
    return online_event(name, start, extra=f"registration: {registration}\n{extra}")


BOOKINGS = {
    "events/book-by.md": _booking("Book by", "2027-02-15 14:00", f"{{url: {BOOK}/by, closes: 2027-02-08 17:00}}"),
    "events/book-by-day.md": _booking("Book by day", "2027-02-15 15:00", f"{{url: {BOOK}/day, closes: 2027-02-08}}"),
    "events/full.md": _booking("Full", "2027-02-16 14:00", f"{{url: {BOOK}/full, status: full}}"),
    "events/waiting.md": _booking("Waiting", "2027-02-17 14:00", f"{{url: {BOOK}/wait, status: waiting-list}}"),
    "events/opens.md": _booking(
        "Opens later", "2027-02-18 14:00", f"{{url: {BOOK}/opens, opens: 2027-01-04 09:00, closes: 2027-02-01}}"
    ),
    "events/plain.md": _booking("Plain link", "2027-02-19 14:00", f"{BOOK}/plain"),
    "events/called-off.md": _booking(
        "Called off", "2027-02-20 14:00", f"{{url: {BOOK}/off, closes: 2027-02-08}}", "status: cancelled"
    ),
    "events/taken-place.md": _booking("Taken place", "2026-10-01 14:00", f"{BOOK}/past"),
    "events/drop-in.md": _weekly(f"registration: {{url: {BOOK}/drop-in, closes: 2027-03-10 17:00}}"),
}


@pytest.fixture(scope="module")
def bookings(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("bookings") / "project", BOOKINGS)


def _at(root: Path, now: datetime):
    site, _, _ = load_site(root, now)
    feeds = F.feeds(site, Revisions(root / "content"))
    by_title = {}
    for e in site.events:
        by_title[e.title] = (
            e,
            _vevent(feeds[F.event_feed_path(e)], e.uid),
            json.loads(structured.event(e, site.settings)),
        )
    return by_title


def _lines(vevent) -> list[str]:
    return str(vevent["DESCRIPTION"]).split("\n\n")


# What the calendar entry says about booking, at NOW, at 10 January 2027 and at LATER.
WORDS = {
    NOW: {
        "Book by": f"Book by Monday 8 February 2027, 5pm: {BOOK}/by",
        "Book by day": f"Book by Monday 8 February 2027: {BOOK}/day",
        "Full": "Fully booked",
        "Waiting": f"Waiting list: {BOOK}/wait",
        "Opens later": f"Booking opens Monday 4 January 2027, 9am: {BOOK}/opens",
        "Plain link": f"Book a place: {BOOK}/plain",
        "Weekly drop-in": f"Book by Wednesday 10 March 2027, 5pm: {BOOK}/drop-in",
    },
    datetime(2027, 1, 10, tzinfo=UTC): {
        "Opens later": f"Book by Monday 1 February 2027: {BOOK}/opens",
    },
    LATER: {
        "Book by": "Booking closed",
        "Book by day": "Booking closed",
        "Full": "Fully booked",
        "Waiting": f"Waiting list: {BOOK}/wait",
        "Opens later": "Booking closed",
        "Plain link": f"Book a place: {BOOK}/plain",
        "Weekly drop-in": f"Book by Wednesday 10 March 2027, 5pm: {BOOK}/drop-in",
    },
}


@pytest.mark.parametrize("now", list(WORDS), ids=lambda n: n.date().isoformat())
def test_the_calendar_entry_says_what_the_page_says_about_booking(bookings, now):
    events = _at(bookings, now)
    for title, words in WORDS[now].items():
        event, vevent, _ = events[title]
        lines = _lines(vevent)
        assert words in lines, f"{title}: {lines}"
        assert event.registration.words is None or words.startswith(event.registration.words)
        assert lines[-2] == "Recording: https://video.example.org/recording"  # and the recording after it
    for title in ("Called off", "Taken place"):
        description = str(events[title][1]["DESCRIPTION"])
        assert "book" not in description.lower(), f"{title}: {description}"


def test_booking_closing_changes_only_the_words(bookings):
    """The same file at a later "now": the entry keeps its UID, SEQUENCE and DTSTAMP."""
    before, after = _at(bookings, NOW)["Book by"][1], _at(bookings, LATER)["Book by"][1]
    for name in ("UID", "SEQUENCE", "DTSTAMP", "DTSTART", "DTEND"):
        assert before[name].to_ical() == after[name].to_ical(), name
    assert str(before["DESCRIPTION"]) != str(after["DESCRIPTION"])


def _warm_feeds(root: Path, now: datetime, cache, outputs: dict) -> dict[str, bytes]:
    """The feeds as a rebuild under the preview makes them: with the build cache, the real
    keys (generator.model.depends) and outputs reused while their key is the same, as the
    page planner reuses them."""
    from generator.model.depends import Keys

    site, _, _ = load_site(root, now, cache=cache)

    def cached(path: str, key, make) -> bytes:
        hit = outputs.get(path)
        if key is not None and hit is not None and hit[0] == key:
            return hit[1]
        data = make()
        if key is not None:
            outputs[path] = (key, data)
        return data

    return F.feeds(site, Revisions(root / "content"), cached, Keys(site, cache))


def test_a_warm_rebuild_at_a_later_now_says_booking_closed(bookings):
    """Under the preview the VEVENTs are cached: one whose file did not change must still be
    made again when its booking closes with the clock."""
    from generator.cache import BuildCache

    cache, outputs = BuildCache(), {}
    first = _warm_feeds(bookings, NOW, cache, outputs)
    again = _warm_feeds(bookings, LATER, cache, outputs)
    cold = F.feeds(load_site(bookings, LATER)[0], Revisions(bookings / "content"))
    own = "events/book-by/book-by.ics"
    assert b"Book by Monday 8 February 2027" in first[own].replace(b"\r\n ", b"")
    assert again == cold
    assert b"Booking closed" in again[own]
    assert _warm_feeds(bookings, LATER, cache, outputs) == cold  # and reused once it is made


# schema.org's Offer and Schedule, with the properties schema.org gives them: nothing else is allowed.
ISO_MOMENT = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$"
ISO_DATE = r"^\d{4}-\d\d-\d\d$"
OFFER = {
    "type": "object",
    "required": ["@type", "url", "availability", "price", "priceCurrency"],
    "additionalProperties": False,
    "properties": {
        "@type": {"const": "Offer"},
        "url": {"type": "string", "pattern": "^https://"},
        "availability": {"enum": [f"https://schema.org/{v}" for v in ("InStock", "SoldOut", "PreOrder")]},
        "price": {"const": 0},
        "priceCurrency": {"const": "GBP"},
        "validFrom": {"type": "string", "pattern": ISO_MOMENT},
        "validThrough": {"type": "string", "pattern": ISO_MOMENT},
    },
}
DAYS = [
    f"https://schema.org/{d}" for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
]
SCHEDULE = {
    "type": "object",
    "required": ["@type", "repeatFrequency", "byDay", "startDate", "scheduleTimezone", "duration"],
    "additionalProperties": False,
    "oneOf": [{"required": ["endDate"]}, {"required": ["repeatCount"]}],
    "properties": {
        "@type": {"const": "Schedule"},
        "repeatFrequency": {"enum": ["P1W", "P2W", "P1M"]},
        "byDay": {"anyOf": [{"enum": DAYS}, {"pattern": r"^-1(MO|TU|WE|TH|FR|SA|SU)$"}]},
        "byMonthWeek": {"type": "integer", "minimum": 1, "maximum": 5},
        "startDate": {"type": "string", "pattern": ISO_DATE},
        "endDate": {"type": "string", "pattern": ISO_DATE},
        "repeatCount": {"type": "integer", "minimum": 1},
        "startTime": {"type": "string", "pattern": r"^\d\d:\d\d:\d\d$"},
        "endTime": {"type": "string", "pattern": r"^\d\d:\d\d:\d\d$"},
        "duration": {"type": "string", "pattern": r"^P(\d+D)?(T(\d+H)?(\d+M)?)?$"},
        "scheduleTimezone": {"type": "string"},
        "exceptDate": {"type": "array", "items": {"type": "string", "pattern": ISO_DATE}, "minItems": 1},
    },
}


def _check(data: dict) -> dict:
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    if "offers" in data:
        jsonschema.validate(data["offers"], OFFER)
    if "eventSchedule" in data:
        jsonschema.validate(data["eventSchedule"], SCHEDULE)
        ZoneInfo(data["eventSchedule"]["scheduleTimezone"])
    return data


OFFERS = {
    NOW: {
        "Book by": ("InStock", f"{BOOK}/by", None, "2027-02-08T17:00:00+00:00"),
        "Book by day": ("InStock", f"{BOOK}/day", None, "2027-02-09T00:00:00+00:00"),  # the end of that day
        "Full": ("SoldOut", f"{BOOK}/full", None, None),
        "Waiting": ("SoldOut", f"{BOOK}/wait", None, None),
        "Opens later": ("PreOrder", f"{BOOK}/opens", "2027-01-04T09:00:00+00:00", "2027-02-02T00:00:00+00:00"),
        "Plain link": ("InStock", f"{BOOK}/plain", None, None),
        "Weekly drop-in": ("InStock", f"{BOOK}/drop-in", None, "2027-03-10T17:00:00+00:00"),
        "Called off": None,
        "Taken place": None,
    },
    LATER: {
        "Book by": ("SoldOut", f"{BOOK}/by", None, "2027-02-08T17:00:00+00:00"),
        "Book by day": ("SoldOut", f"{BOOK}/day", None, "2027-02-09T00:00:00+00:00"),
        "Opens later": ("SoldOut", f"{BOOK}/opens", "2027-01-04T09:00:00+00:00", "2027-02-02T00:00:00+00:00"),
        "Full": ("SoldOut", f"{BOOK}/full", None, None),
        "Waiting": ("SoldOut", f"{BOOK}/wait", None, None),
        "Plain link": ("InStock", f"{BOOK}/plain", None, None),
    },
}


@pytest.mark.parametrize("now", list(OFFERS), ids=lambda n: n.date().isoformat())
def test_json_ld_offers_follow_the_booking_state(bookings, now):
    events = _at(bookings, now)
    for title, want in OFFERS[now].items():
        data = _check(events[title][2])
        if want is None:
            assert "offers" not in data, title
            continue
        availability, url, opens, closes = want
        offer = data["offers"]
        assert offer["availability"] == f"https://schema.org/{availability}", title
        assert offer["url"] == url and offer["price"] == 0 and offer["priceCurrency"] == "GBP"
        assert offer.get("validFrom") == opens and offer.get("validThrough") == closes, title
    # The online place is still the booking page, as before.
    assert events["Book by"][2]["location"] == {"@type": "VirtualLocation", "url": f"{BOOK}/by"}


SCHEDULES = {
    "Weekly drop-in": {
        "@type": "Schedule",
        "repeatFrequency": "P1W",
        "byDay": "https://schema.org/Tuesday",
        "startDate": "2027-03-16",
        "endDate": "2027-04-13",
        "startTime": "10:00:00",
        "endTime": "11:00:00",
        "duration": "PT1H",
        "scheduleTimezone": "Europe/London",
        "exceptDate": ["2027-03-30", "2027-04-06"],
    },
    "Second Tuesday surgery": {
        "@type": "Schedule",
        "repeatFrequency": "P1M",
        "byDay": "https://schema.org/Tuesday",
        "byMonthWeek": 2,
        "startDate": "2027-01-12",
        "repeatCount": 6,
        "startTime": "14:00:00",
        "endTime": "15:30:00",
        "duration": "PT1H30M",
        "scheduleTimezone": "Europe/London",
    },
    "Last Tuesday review": {
        "@type": "Schedule",
        "repeatFrequency": "P1M",
        "byDay": "-1TU",
        "startDate": "2027-03-30",
        "repeatCount": 3,
        "startTime": "09:30:00",
        "endTime": "10:00:00",
        "duration": "PT30M",
        "scheduleTimezone": "Europe/London",
    },
    "Evening reading group": {
        "@type": "Schedule",
        "repeatFrequency": "P2W",
        "byDay": "https://schema.org/Thursday",
        "startDate": "2027-10-14",
        "endDate": "2027-11-25",
        "startTime": "18:00:00",
        "endTime": "19:00:00",
        "duration": "PT1H",
        "scheduleTimezone": "Europe/London",
    },
    "Open weekend": {
        "@type": "Schedule",
        "repeatFrequency": "P1W",
        "byDay": "https://schema.org/Saturday",
        "startDate": "2027-05-01",
        "repeatCount": 5,
        "duration": "P2D",
        "scheduleTimezone": "Europe/London",
        "exceptDate": ["2027-05-15", "2027-05-29"],
    },
}


def test_json_ld_event_schedule(programme):
    _, site = programme
    for title, schedule in SCHEDULES.items():
        event = _event(site, title)
        data = _check(json.loads(structured.event(event, site.settings)))
        assert data["eventSchedule"] == schedule, title
        # The event's own dates stay those of its first session.
        first = event.sessions[0]
        assert data["startDate"] == first.start.isoformat()
    weekly = json.loads(structured.event(_event(site, "Weekly drop-in"), site.settings))
    assert (weekly["startDate"], weekly["endDate"]) == ("2027-03-16T10:00:00+00:00", "2027-03-16T11:00:00+00:00")
    one_off = _check(json.loads(structured.event(_event(site, "A one-off talk"), site.settings)))
    assert "eventSchedule" not in one_off and "offers" not in one_off
