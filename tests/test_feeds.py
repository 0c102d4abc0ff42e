"""Calendar feeds, read back by three real parsers: icalendar, Mozilla's ical.js and vobject."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from generator.build.pipeline import load_site
from generator.model.revisions import Revisions
from generator.render import feeds as F

from .helpers import JS, NOW, REPO, committed_project, git, make_project, node_missing, online_event, skip_or_fail

LONG = (
    "This is a long description, written to test folding: it has commas, semicolons; "
    "back\\slashes, Welsh letters such as ŵ and ŷ, accents like café and crèche, "
    "and it goes on for well over five hundred characters so that it must be folded many times. "
) * 3


def _corpus(tmp_path: Path) -> Path:
    return make_project(
        tmp_path / "project",
        {
            "events/clocks/_series.md": "---\ntitle: Around the clock change\n---\n",
            "events/clocks/before-spring.md": online_event("Before the spring change", "2024-03-25 10:00"),
            "events/clocks/night-of-spring.md": online_event("Just before the clocks go forward", "2024-03-31 00:30"),
            "events/clocks/after-autumn.md": online_event("After the autumn change", "2024-10-28 10:00"),
            "events/conference.md": "---\ntitle: Two-day conference\nstart: 2024-06-10\nend: 2024-06-11\n"
            "format: in-person\nvenue:\n  name: Neuadd y Ddinas\n  address: Caerdydd CF10 3ND\n---\n",
            "events/cancelled.md": online_event("Webinar on delay", "2024-05-01 12:30", extra="status: cancelled"),
            "events/postponed.md": online_event(
                "Workshop on reunification", "2024-05-02 12:30", extra="status: postponed"
            ),
            "events/welsh.md": online_event('"Gŵyl ddysgu: ŷd a chwarae, Caerdydd; rhan 1"', "2024-07-01 18:00"),
            "events/long.md": online_event(
                "A long description",
                "2024-07-02 09:00",
                extra=f"summary: '{LONG}'\ntags: [care proceedings, 'commas, and; semicolons']",
            ),
            "events/new-york.md": online_event(
                "Colleagues in New York", "2024-11-03 09:00", extra="timezone: America/New_York\nend: 2024-11-03 11:30"
            ),
            "events/sydney.md": online_event(
                "Colleagues in Sydney", "2024-04-07 01:00", extra="timezone: Australia/Sydney\nend: 2024-04-07 04:00"
            ),
        },
    )


def _feeds(root: Path) -> tuple[dict[str, bytes], object, Path]:
    site, _, _ = load_site(root, NOW)
    return F.feeds(site, Revisions(root / "content")), site, root


@pytest.fixture(scope="module")
def example():
    return _feeds(REPO)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return _feeds(_corpus(tmp_path_factory.mktemp("feeds")))


@pytest.fixture(params=["example", "corpus"])
def feedset(request):
    return request.getfixturevalue(request.param)


def _written(feeds: dict[str, bytes], folder: Path) -> list[Path]:
    paths = []
    for rel, data in feeds.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        paths.append(path)
    return paths


# --- bytes -----------------------------------------------------------------------


def test_byte_level_lint(feedset):
    feeds, _, _ = feedset
    assert len(feeds) >= 3
    for rel, data in feeds.items():
        assert not data.startswith(b"\xef\xbb\xbf"), rel
        assert data.endswith(b"\r\n"), rel
        assert b"\n" not in data.replace(b"\r\n", b""), f"{rel}: a line ending that is not CRLF"
        assert b"\r" not in data.replace(b"\r\n", b""), f"{rel}: a stray CR"
        for number, line in enumerate(data.split(b"\r\n")[:-1], 1):
            assert len(line) <= 75, f"{rel}:{number}: {len(line)} octets"
            line.decode("utf-8")  # each physical line is whole UTF-8 on its own
            trailing = len(line) - len(line.rstrip(b"\\"))
            assert trailing % 2 == 0, f"{rel}:{number}: a fold splits an escape"


def test_folding_keeps_multibyte_letters_and_escapes_whole():
    value = ("ŵŷ" * 50 + "\\," * 40).encode("utf-8")
    folded = F.fold(b"DESCRIPTION:" + value + b"\r\n")
    lines = folded.split(b"\r\n")[:-1]
    assert len(lines) > 3
    for line in lines:
        assert len(line) <= 75
        line.decode("utf-8")
        assert (len(line) - len(line.rstrip(b"\\"))) % 2 == 0
    assert b"".join(line[1:] if i else line for i, line in enumerate(lines)) == b"DESCRIPTION:" + value


# --- icalendar -------------------------------------------------------------------


def test_parses_with_icalendar_and_text_round_trips(feedset):
    feeds, site, _ = feedset
    by_uid = {e.uid: e for e in site.events}
    for rel, data in feeds.items():
        cal = Calendar.from_ical(data)
        for component in cal.walk():
            assert not component.errors, f"{rel}: {component.name}: {component.errors}"
        assert cal["VERSION"] == "2.0" and cal["METHOD"] == "PUBLISH" and cal["PRODID"] == F.PRODID
        assert cal["X-WR-CALNAME"] == cal["NAME"]
        assert cal["X-WR-TIMEZONE"] == site.settings.timezone
        text = data.decode("utf-8").replace("\r\n ", "")
        assert "X-PUBLISHED-TTL:PT12H\r\n" in text and "REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in text
        for vevent in cal.walk("VEVENT"):
            event = by_uid[str(vevent["UID"])]
            assert str(vevent["SUMMARY"]) == F.PREFIX[event.status] + event.title
            assert str(vevent["DESCRIPTION"]) == F.description(event, site.settings)
            assert str(vevent["LOCATION"]) == F.location(event)
            assert str(vevent["ORGANIZER"]) == f"mailto:{site.settings.organiser.email}"
            assert str(vevent["STATUS"]) == F.STATUS[event.status]
            assert str(vevent["URL"]).endswith("/" + event.url)
            if event.tags:
                assert [str(c) for c in vevent["CATEGORIES"].cats] == [t.name for t in event.tags]


def test_welsh_and_long_text_survive(corpus):
    feeds, site, _ = corpus
    cal = Calendar.from_ical(feeds[F.ALL_FEED])
    summaries = {str(v["SUMMARY"]) for v in cal.walk("VEVENT")}
    assert "Gŵyl ddysgu: ŷd a chwarae, Caerdydd; rhan 1" in summaries
    long = next(v for v in cal.walk("VEVENT") if str(v["SUMMARY"]) == "A long description")
    assert LONG.strip() in str(long["DESCRIPTION"])


def test_cancelled_and_postponed_stay_in_the_feed(corpus):
    feeds, _, _ = corpus
    events = {str(v["SUMMARY"]): v for v in Calendar.from_ical(feeds[F.ALL_FEED]).walk("VEVENT")}
    assert str(events["Cancelled: Webinar on delay"]["STATUS"]) == "CANCELLED"
    assert str(events["Postponed: Workshop on reunification"]["STATUS"]) == "TENTATIVE"


def test_all_day_events_use_dates_with_an_exclusive_end(corpus):
    feeds, _, _ = corpus
    text = feeds[F.ALL_FEED].decode("utf-8")
    assert "DTSTART;VALUE=DATE:20240610\r\n" in text
    assert "DTEND;VALUE=DATE:20240612\r\n" in text


def test_vtimezone_has_one_yearly_rule_each_way_and_covers_every_tzid(feedset):
    feeds, _, _ = feedset
    for rel, data in feeds.items():
        cal = Calendar.from_ical(data)
        zones = {str(tz["TZID"]): tz for tz in cal.walk("VTIMEZONE")}
        used = set(re.findall(r"TZID=([^:;]+)[:;]", data.decode("utf-8").replace("\r\n ", "")))
        assert used <= set(zones), f"{rel}: TZIDs without VTIMEZONE: {used - set(zones)}"
        assert len(zones) == len(cal.walk("VTIMEZONE")), f"{rel}: a zone twice"
        for tzid, tz in zones.items():
            assert "RDATE" not in tz.to_ical().decode()
            standard, daylight = tz.walk("STANDARD"), tz.walk("DAYLIGHT")
            if tzid in ("Europe/London", "America/New_York", "Australia/Sydney"):
                assert len(standard) == 1 and len(daylight) == 1
                assert "RRULE" in standard[0] and "RRULE" in daylight[0]


@pytest.mark.parametrize(
    "zone", ["Europe/London", "America/New_York", "Australia/Sydney", "Europe/Paris", "Asia/Tokyo"]
)
def test_vtimezone_rules_match_zoneinfo_for_years(zone):
    from dateutil import rrule  # installed with icalendar

    tz = F.vtimezone(zone, 2027)
    rules = []
    for block in tz.walk("STANDARD") + tz.walk("DAYLIGHT"):
        start = block["DTSTART"].dt
        after = block["TZOFFSETTO"].td
        before = block["TZOFFSETFROM"].td
        if "RRULE" in block:
            for when in rrule.rrulestr(block["RRULE"].to_ical().decode(), dtstart=start).between(
                datetime(2024, 1, 1), datetime(2031, 1, 1)
            ):
                rules.append(((when - before).replace(tzinfo=UTC), after))
    rules.sort()
    for year in range(2024, 2031):
        expected = [(t, a) for t, _, a, _, _ in F._transitions(zone, year)]
        assert [r for r in rules if r[0].year == year] == expected
        # and each transition really is where zoneinfo changes the offset
        for instant, offset in expected:
            assert instant.astimezone(ZoneInfo(zone)).utcoffset() == offset
            assert (instant - timedelta(minutes=1)).astimezone(ZoneInfo(zone)).utcoffset() != offset


# --- UIDs and stability ---------------------------------------------------------------


def test_uids_unique_and_identical_across_feeds(feedset):
    feeds, site, _ = feedset
    vevents: dict[str, dict[str, str]] = {}
    for rel, data in feeds.items():
        text = data.decode("utf-8")
        blocks = re.findall(r"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", text, re.S)
        uids = [str(v["UID"]) for v in Calendar.from_ical(data).walk("VEVENT")]
        assert len(uids) == len(set(uids)), f"{rel}: a UID twice"
        for uid, block in zip(uids, blocks, strict=False):
            vevents.setdefault(uid, {})[rel] = block
    assert set(vevents) == {e.uid for e in site.events}
    assert len({e.uid for e in site.events}) == len(site.events)
    for event in site.events:
        copies = vevents[event.uid]
        assert F.ALL_FEED in copies and F.event_feed_path(event) in copies
        if event.series:
            assert F.series_feed_path(event.series.slug) in copies
        assert len(set(copies.values())) == 1, f"{event.uid} differs between feeds"


def test_feeds_are_byte_identical_between_runs(feedset):
    feeds, _, root = feedset
    again, _, _ = _feeds(root)
    assert again == feeds
    # And from a fresh interpreter with another hash seed: no dependence on set or dict order.
    code = (
        "import hashlib, sys; from pathlib import Path; from datetime import datetime; "
        "from generator.build.pipeline import load_site; from generator.model.revisions import Revisions; "
        "from generator.render.feeds import feeds; root = Path(sys.argv[1]); "
        "site, _, _ = load_site(root, datetime.fromisoformat(sys.argv[2])); "
        "out = feeds(site, Revisions(root / 'content')); "
        "print(hashlib.sha256(b''.join(k.encode() + v for k, v in sorted(out.items()))).hexdigest())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(root), NOW.isoformat()],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "7"},
    )
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip() == hashlib.sha256(b"".join(k.encode() + v for k, v in sorted(feeds.items()))).hexdigest()
    )


# --- Mozilla ical.js and vobject ------------------------------------------------------------


def _expected(event) -> dict:
    if event.all_day:
        return {
            "start": {"date": event.start.isoformat()},
            "end": {"date": (event.end + timedelta(days=1)).isoformat()},
        }
    utc = lambda t: t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")  # noqa: E731
    return {"start": {"utc": utc(event.start)}, "end": {"utc": utc(event.end)}}


def test_ical_js_resolves_the_same_instants_as_zoneinfo(feedset, tmp_path):
    problem = node_missing()
    if problem:
        skip_or_fail(f"ICAL.JS CHECKS NOT RUN: {problem}")
    feeds, site, _ = feedset
    files = _written(feeds, tmp_path)
    result = subprocess.run(["node", str(JS / "resolve.mjs"), *map(str, files)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    parsed = json.loads(result.stdout)
    by_uid = {e.uid: e for e in site.events}
    checked = 0
    for file, events in parsed.items():
        for uid, got in events.items():
            event = by_uid[uid]
            want = _expected(event)
            assert {"start": got["start"], "end": got["end"]} == want, f"{Path(file).name}: {uid}"
            assert got["summary"] == F.PREFIX[event.status] + event.title
            checked += 1
    assert checked >= 2 * len(site.events)


def test_vobject_reads_the_same_instants(feedset):
    import vobject

    feeds, site, _ = feedset
    by_uid = {e.uid: e for e in site.events}
    for rel, data in feeds.items():
        (cal,) = list(vobject.readComponents(data.decode("utf-8")))
        for vevent in cal.vevent_list:
            event = by_uid[vevent.uid.value]
            start, end = vevent.dtstart.value, vevent.dtend.value
            if event.all_day:
                assert (start, end) == (event.start, event.end + timedelta(days=1))
            else:
                assert start.tzinfo is not None, f"{rel}: floating time"
                assert start.astimezone(UTC) == event.start.astimezone(UTC)
                assert end.astimezone(UTC) == event.end.astimezone(UTC)
            assert vevent.summary.value == F.PREFIX[event.status] + event.title


# --- history ---------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_sequence_and_last_modified_follow_git_history(tmp_path):
    root = committed_project(tmp_path / "project", {"events/talk.md": online_event("Talk", "2027-01-10 10:00")})
    path = root / "content" / "events" / "talk.md"
    site, _, _ = load_site(root, NOW)
    first = Calendar.from_ical(F.feeds(site, Revisions(root / "content"))[F.ALL_FEED]).walk("VEVENT")[0]
    assert int(first["SEQUENCE"]) == 0
    assert first["LAST-MODIFIED"].dt == datetime(2026, 1, 1, 10, tzinfo=UTC)
    assert first["DTSTAMP"].dt == first["LAST-MODIFIED"].dt
    path.write_text(path.read_text(encoding="utf-8").replace("title: Talk", "title: Talk (moved)"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "second", when="2026-02-01T09:30:00+00:00")
    site, _, _ = load_site(root, NOW)
    second = Calendar.from_ical(F.feeds(site, Revisions(root / "content"))[F.ALL_FEED]).walk("VEVENT")[0]
    assert int(second["SEQUENCE"]) == 1
    assert second["LAST-MODIFIED"].dt == datetime(2026, 2, 1, 9, 30, tzinfo=UTC)
    assert str(second["UID"]) == str(first["UID"])
    # An uncommitted edit counts as one more revision, dated by the file.
    path.write_text(path.read_text(encoding="utf-8") + "\nMore detail.\n", encoding="utf-8")
    os.utime(path, (1_800_000_000, 1_800_000_000))
    rev = Revisions(root / "content").of(path)
    assert rev.sequence == 2 and rev.modified == datetime.fromtimestamp(1_800_000_000, UTC)


def test_without_git_the_file_date_is_used(tmp_path):
    root = make_project(tmp_path / "project", {"events/talk.md": online_event("Talk", "2027-01-10 10:00")})
    path = root / "content" / "events" / "talk.md"
    os.utime(path, (1_750_000_000, 1_750_000_000))
    revisions = Revisions(root / "content")
    assert not revisions.git
    rev = revisions.of(path)
    assert rev.sequence == 0 and rev.modified == datetime.fromtimestamp(1_750_000_000, UTC)


# --- links that add one event ------------------------------------------------------------------


def test_google_and_outlook_links_carry_the_right_times(corpus):
    _, site, _ = corpus
    event = next(e for e in site.events if e.title == "Before the spring change")
    google = parse_qs(urlsplit(F.google_url(event, site.settings)).query)
    assert google["dates"] == ["20240325T100000Z/20240325T110000Z"]
    assert google["ctz"] == ["Europe/London"] and google["text"] == ["Before the spring change"]
    outlook = parse_qs(urlsplit(F.outlook_url(event, site.settings)).query)
    assert outlook["startdt"] == ["2024-03-25T10:00:00+00:00"] and outlook["allday"] == ["false"]
    summer = next(e for e in site.events if e.title == "Gŵyl ddysgu: ŷd a chwarae, Caerdydd; rhan 1")
    assert parse_qs(urlsplit(F.google_url(summer, site.settings)).query)["dates"] == [
        "20240701T170000Z/20240701T180000Z"
    ]
    conference = next(e for e in site.events if e.all_day)
    assert parse_qs(urlsplit(F.google_url(conference, site.settings)).query)["dates"] == ["20240610/20240612"]
    assert parse_qs(urlsplit(F.outlook_url(conference, site.settings)).query)["allday"] == ["true"]


# --- calendars per topic and per person ---------------------------------------------------------


def _vevent_blocks(data: bytes) -> dict[str, bytes]:
    """Each VEVENT's exact bytes, by UID."""
    blocks = re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", data, re.S)
    return {
        Calendar.from_ical(b"BEGIN:VCALENDAR\r\n" + b + b"END:VCALENDAR\r\n").walk("VEVENT")[0]["UID"]: b
        for b in blocks
    }


def test_topic_and_person_calendars_hold_exactly_their_events(example):
    feeds, site, _ = example
    everything = _vevent_blocks(feeds[F.ALL_FEED])
    topics = [t for t in site.tags if any(isinstance(i, type(site.events[0])) for i in t.items)]
    people = [p for p in site.people if any(a.kind in ("chair", "speaker") for a in p.appearances)]
    assert len(topics) >= 5 and len(people) >= 5
    for tag in topics:
        cal = Calendar.from_ical(feeds[F.topic_feed_path(tag.slug)])
        uids = [str(v["UID"]) for v in cal.walk("VEVENT")]
        expected = {e.uid for e in site.events if tag in e.tags}
        assert sorted(uids) == sorted(expected), tag.name
        assert str(cal["X-WR-CALNAME"]) == f"{site.settings.name}: {tag.name}"
        for v in cal.walk("VEVENT"):
            assert tag.name in [str(c) for c in v["CATEGORIES"].cats]
    for person in people:
        cal = Calendar.from_ical(feeds[F.person_feed_path(person.id)])
        uids = [str(v["UID"]) for v in cal.walk("VEVENT")]
        expected = {e.uid for e in site.events if any(a.person is person for a in e.people)}
        assert sorted(uids) == sorted(expected), person.name  # each event once, even if chair and speaker
        for v in cal.walk("VEVENT"):
            assert person.name in str(v["DESCRIPTION"])
    # The same VEVENT bytes (UID, SEQUENCE, DTSTAMP, text) as in the all-events feed.
    for rel, data in feeds.items():
        if rel.startswith(("calendar/topics/", "calendar/people/")):
            for uid, block in _vevent_blocks(data).items():
                assert block == everything[uid], f"{rel}: {uid} differs from all.ics"
    # No calendar for a topic or person with no events (journal-only topics, visit teams).
    for tag in site.tags:
        if not any(tag in e.tags for e in site.events):
            assert F.topic_feed_path(tag.slug) not in feeds


def test_a_chair_who_also_speaks_gets_the_event_once(tmp_path):
    root = make_project(
        tmp_path / "project",
        {
            "events/talk.md": online_event(
                "Talk",
                "2027-01-10 10:00",
                extra="chair: {name: Ann Lee}\nspeakers: [{name: Ann Lee}, {name: Bo Chan}]\ntags: [delay]",
            ),
            "events/other.md": online_event("Other", "2027-02-10 10:00", extra="speakers: [{name: Bo Chan}]"),
        },
    )
    feeds, site, _ = _feeds(root)
    ann = Calendar.from_ical(feeds[F.person_feed_path("ann-lee")]).walk("VEVENT")
    bo = Calendar.from_ical(feeds[F.person_feed_path("bo-chan")]).walk("VEVENT")
    assert [str(v["SUMMARY"]) for v in ann] == ["Talk"]
    assert [str(v["SUMMARY"]) for v in bo] == ["Talk", "Other"]
    assert [str(v["SUMMARY"]) for v in Calendar.from_ical(feeds[F.topic_feed_path("delay")]).walk("VEVENT")] == ["Talk"]


def test_topic_person_and_subscribe_pages_link_their_calendars(site: Path):
    from bs4 import BeautifulSoup

    def links(url: str) -> list[str]:
        soup = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
        return [a["href"] for a in soup.select("article a[href]")]

    base = "https://learning.example.org/"
    topic = links("tags/multi-agency-working")
    assert "webcal://learning.example.org/calendar/topics/multi-agency-working.ics" in topic
    assert (
        site / "tags/multi-agency-working" / next(h for h in topic if h.endswith(".ics") and "://" not in h)
    ).resolve() == (site / "calendar/topics/multi-agency-working.ics").resolve()
    person = links("people/clare-chamberlain")
    assert "webcal://learning.example.org/calendar/people/clare-chamberlain.ics" in person
    assert (site / "calendar/people/clare-chamberlain.ics").is_file()
    # A person with no events (a journal author) has no calendar link.
    author = BeautifulSoup((site / "people/john-pearce/index.html").read_text(encoding="utf-8"), "html.parser")
    assert not author.select("a[href$='.ics']")
    subscribe = BeautifulSoup((site / "calendar/index.html").read_text(encoding="utf-8"), "html.parser")
    codes = {c.get_text() for c in subscribe.select("article code")}
    assert base + "calendar/topics/multi-agency-working.ics" in codes
    # Series and people are listed while they have events to come; their pages link the rest.
    assert base + "calendar/people/fiona-reid.ics" in codes  # speaks in 2027
    assert base + "calendar/people/lauren-kocan.ics" not in codes  # spoke in 2023 only
    assert base + "calendar/practice-standards-in-action.ics" in codes
    assert base + "calendar/delays-in-care-proceedings.ics" not in codes
    for code in codes:
        assert (site / code.removeprefix(base)).is_file(), code
