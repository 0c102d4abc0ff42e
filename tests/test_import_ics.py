"""`python -m generator import ics`: calendars exported from Google, Outlook and The Events
Calendar (tests/corpus/import/), imported as an author runs it, then checked, built with
MkDocs, and the site's calendar read back with Mozilla's ical.js beside the sources.

The corpus has each exporter's quirks: Google's folded lines, UTC times beside its
X-WR-TIMEZONE, HTML descriptions, a weekly RRULE with an EXDATE, a date moved and a date
cancelled (RECURRENCE-ID), an all-day event over two days, a cancelled event and a private
one; Outlook's Windows zone names ("GMT Standard Time", "W. Europe Standard Time", a
"Customized Time Zone"), quoted TZIDs, X-ALT-DESC, a monthly rule on the last Friday that
the site cannot hold, and "Canceled:" titles; The Events Calendar's unfolded lines, its
own UIDs and X-ORIGINAL-URL.
"""

from __future__ import annotations

import json
import re
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar, Event

from generator.authoring import archetypes
from generator.build.pipeline import load_site
from generator.content.reader import read_document

from .helpers import (
    NOW,
    REPO,
    digest,
    for_mkdocs,
    make_project,
    md,
    mkdocs_build,
    node_missing,
    run_cli,
    skip_or_fail,
    valid_content,
)

CORPUS = REPO / "tests" / "corpus" / "import"
SESSIONS = REPO / "tests" / "js" / "sessions.mjs"  # ical.js: each event's dates, edited dates in place
RESOLVE = REPO / "tests" / "js" / "resolve.mjs"  # ical.js: each VEVENT's start and end
SOURCES = ("google.ics", "outlook.ics", "the-events-calendar.ics")
DROP_IN = "5k1q3bd0v8c2e7n4pm6s9tgh2a@google.com"


def _import(project: Path, *args: str) -> subprocess.CompletedProcess:
    return run_cli(project, "import", *args, "--now", NOW.isoformat())


def _meta(path: Path) -> dict:
    doc, problems = read_document(path, path.name)
    assert doc is not None, problems
    return doc.meta


def _by_uid(project: Path) -> dict[str, tuple[Path, dict]]:
    found = {}
    for path in sorted((project / "content" / "events").rglob("*.md")):
        meta = _meta(path)
        if meta.get("uid"):
            found[meta["uid"]] = (path, meta)
    return found


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    project = for_mkdocs(make_project(tmp_path_factory.mktemp("import-ics") / "project", valid_content()))
    before = digest(project / "content")
    runs = {name: _import(project, "ics", str(CORPUS / name)) for name in SOURCES}
    return project, before, runs


# --- what each import says and writes ------------------------------------------------


def test_each_calendar_is_imported_with_a_report_in_plain_words(imported):
    project, _, runs = imported
    for name, run in runs.items():
        assert run.returncode == 0, f"{name}: {run.stderr}"
    google, outlook, tec = (runs[n].stdout for n in SOURCES)
    assert "Wrote 7 events, skipped 1 (1 marked private in the calendar), 4 with warnings." in google
    assert "'One-to-one: annual review' on 22 January 2027: warning: not imported: marked private" in google
    assert "practice-awards-nominations-close.md: warning: end: no end time" in google
    assert "the session of 9 February 2027 was changed in the calendar, so it is an event of its own" in google
    assert "a link to join the meeting (https://zoom.us/j/98765432100), left out" in google
    assert "Wrote 10 events, 3 with warnings." in outlook
    assert "the calendar's time zone 'Customized Time Zone' is not one we know" in outlook
    assert "FREQ=MONTHLY;UNTIL=20270625T083000Z;BYDAY=-1FR), so each of its 5 dates is an event of its own" in outlook
    assert "Wrote 3 events, 2 with warnings." in tec
    assert "its picture is on the old site (https://learning.northshire.example/wp-content/uploads" in tec
    # A past event without a recording: check's own words, about the file imported.
    assert "reflective-supervision-for-managers.md:2: warning: recording: this past event has no recording" in google


def test_the_imported_files_check_clean(imported):
    project, _, _ = imported
    result = run_cli(project, "check", "--now", NOW.isoformat())
    assert result.returncode == 0, result.stdout
    assert re.search(r"^0 errors, \d+ warnings$", result.stdout, re.M), result.stdout


def test_a_second_import_writes_nothing(imported):
    project, _, _ = imported
    before = digest(project / "content")
    for name in SOURCES:
        again = _import(project, "ics", str(CORPUS / name))
        assert again.returncode == 0, again.stderr
        assert "Wrote no events, skipped" in again.stdout and "already imported" in again.stdout
        assert "nothing was changed." in again.stdout
    assert digest(project / "content") == before


def test_the_example_content_is_left_as_it_was(imported):
    project, before, _ = imported
    after = digest(project / "content")
    assert {k: v for k, v in after.items() if k in before} == before


# --- the files -------------------------------------------------------------------------


def test_a_weekly_rule_with_exdate_and_edited_dates_becomes_repeat_except_and_cancelled(imported):
    project, _, _ = imported
    events = _by_uid(project)
    path, rule = events[DROP_IN]
    assert path.name == "practice-supervision-drop-in-2027-01-12.md"  # two events share the title
    assert rule["start"] == "2027-01-12 10:00" and rule["end"] == "2027-01-12 11:30"
    assert rule["repeat"] == {"every": "week", "until": "2027-03-02", "except": ["2027-01-26", "2027-02-09"]}
    assert rule["cancelled"] == ["2027-02-16"]
    moved_path, moved = events[f"{DROP_IN}-20270209"]
    assert moved_path.name == "practice-supervision-drop-in-2027-02-10.md"
    assert (moved["start"], moved["end"]) == ("2027-02-10 14:00", "2027-02-10 15:30")
    assert "repeat" not in moved


def test_a_monthly_rule_on_the_weekday_of_the_month_becomes_repeat(imported):
    project, _, _ = imported
    _, meta = _by_uid(project)["3n6b9v2c5x8z1a4s7d0f3g6h9j@google.com"]
    assert meta["repeat"] == {"every": "month", "count": 4}
    assert meta["format"] == "in-person"
    assert meta["venue"] == {"name": "Northshire Family Hub", "address": "12 High Street, Northtown NS1 2AB"}


def test_a_rule_repeat_cannot_hold_becomes_one_event_per_date(imported):
    project, _, _ = imported
    forum = {uid: meta for uid, (_, meta) in _by_uid(project).items() if meta["title"] == "Managers' forum"}
    assert sorted(m["start"][:10] for m in forum.values()) == [
        "2027-02-26",
        "2027-03-26",
        "2027-04-30",
        "2027-05-28",
        "2027-06-25",
    ]
    for uid, meta in forum.items():
        assert uid.endswith("-" + meta["start"][:10].replace("-", "")), uid
        assert meta["start"][11:] == "09:30" and "repeat" not in meta and meta["tags"] == ["Managers", "Forums"]


def test_times_keep_their_own_zone_and_utc_is_given_in_the_site_s(imported):
    project, _, _ = imported
    events = _by_uid(project)
    berlin = next(m for _, m in events.values() if m["title"].startswith("Learning exchange"))
    assert (berlin["start"], berlin["timezone"]) == ("2027-04-14 10:00", "Europe/Berlin")
    # Google writes a one-off event in UTC: 08:30Z in June is 09:30 in London, the site's zone.
    _, supervision = events["0c7rj4b2g3pk6ft1vq0h8lm5sd@google.com"]
    assert supervision["start"] == "2026-06-16 09:30" and "timezone" not in supervision
    clinic = next(m for _, m in events.values() if m["title"] == "Case review clinic")
    assert clinic["repeat"] == {"every": "week", "count": 6, "except": ["2027-02-04"]} and "timezone" not in clinic


def test_all_day_cancelled_and_described_events(imported):
    project, _, _ = imported
    events = _by_uid(project)
    path, conference = events["2p8d6fh0e1ks9qv3rj7n4u5c1b@google.com"]
    assert (conference["start"], conference["end"]) == ("2027-03-15", "2027-03-16")  # DTEND 17 March is exclusive
    assert "Tickets: <https://www.tickettailor.com/events/northshire/987654>" in path.read_text(encoding="utf-8")
    team = next(m for _, m in events.values() if m["title"] == "Team learning review")  # "Canceled: " taken off
    assert team["status"] == "cancelled"
    path, _ = events["0c7rj4b2g3pk6ft1vq0h8lm5sd@google.com"]
    body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
    assert "**Who it is for:** team managers" in body
    assert "[Eventbrite](https://www.eventbrite.co.uk/e/reflective-supervision-for-managers-tickets-" in body
    assert "<b>" not in body and "googleusercontent" not in body
    tec = next(m for _, m in events.values() if m["title"] == "Working with the Public Law Outline")
    assert tec["tags"] == ["Training", "Care proceedings"]
    assert tec["venue"] == {"name": "Council House", "address": "Victoria Square, Birmingham, B1 1BB"}
    assert tec["uid"] == "1201-1804672800-1804681800@learning.northshire.example"


def _keys(text: str) -> list[str]:
    """The front matter's keys in order, written or left as comments."""
    front = text.split("---\n")[1]
    return list(dict.fromkeys(m[1] for m in re.finditer(r"^(?:# )?([a-z]+):", front, re.M)))


def test_an_imported_file_is_laid_out_as_new_writes_one(imported):
    project, _, _ = imported
    answers = {"--start": "2027-01-12 10:00"}
    without_end = _keys(archetypes.render("event", archetypes.context("event", "A title", answers)))
    answers["--end"] = "2027-01-12 11:00"
    with_end = _keys(archetypes.render("event", archetypes.context("event", "A title", answers)))
    for path, meta in _by_uid(project).values():
        keys = [k for k in _keys(path.read_text(encoding="utf-8")) if k != "uid"]
        written = with_end if "end" in meta else without_end
        assert [k for k in written if k in keys] == keys, path.name
        assert path.read_text(encoding="utf-8").count("# Remove the # from any line below to use it.") == 1


# --- the site built from them, read back by ical.js ---------------------------------------


def _node(script: Path, files: list[Path]) -> dict:
    result = subprocess.run(["node", str(script), *map(str, files)], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _instant(value: dict) -> datetime | str:
    return datetime.fromisoformat(value["utc"].replace("Z", "+00:00")) if "utc" in value else value["date"]


@pytest.fixture(scope="module")
def built(imported):
    problem = node_missing()
    if problem:
        skip_or_fail(f"ICAL.JS CHECKS NOT RUN: {problem}")
    project, _, _ = imported
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    feed = project / "build" / "site" / "calendar" / "all.ics"
    site = next(iter(_node(RESOLVE, [feed]).values()))
    source = {uid: e for events in _node(SESSIONS, [CORPUS / n for n in SOURCES]).values() for uid, e in events.items()}
    return project, site, source, _node(SESSIONS, [feed])[str(feed)]


def _source_of(uid: str, source: dict) -> tuple[str, dict | None]:
    """The source event a site UID came from, and the date of it, for one written on its own."""
    if uid in source:
        return uid, None
    base, _, day = uid.rpartition("-")
    return base, next(s for s in source[base]["sessions"] if _instant(s["rid"]).strftime("%Y%m%d") == day)


def test_each_imported_event_has_the_source_s_uid_start_and_end_in_all_ics(built):
    project, site, source, _ = built
    imported = _by_uid(project)
    assert set(imported) <= set(site)
    for uid in imported:
        base, session = _source_of(uid, source)
        want = session or source[base]
        got = site[uid]
        assert _instant(got["start"]) == _instant(want["start"]), uid
        if want["end"] == want["start"]:  # no length in the calendar: an hour on the site, as reported
            assert _instant(got["end"]) - _instant(got["start"]) == timedelta(hours=1), uid
        else:
            assert _instant(got["end"]) == _instant(want["end"]), uid


def _held(sessions: list[dict]) -> set:
    return {(json.dumps(s["start"]), json.dumps(s["end"])) for s in sessions if s["status"] != "CANCELLED"}


def test_the_site_s_calendar_has_the_same_sessions_as_the_sources(built):
    """Every date each event happens on, as ical.js expands both calendars: the site's RRULE,
    EXDATEs and the dates written on their own together give the source's dates."""
    project, _, source, site_sessions = built
    groups: dict[str, set] = {}
    for uid in _by_uid(project):
        base, _ = _source_of(uid, source)
        groups.setdefault(base, set()).update(_held(site_sessions[uid]["sessions"]))
    assert len(groups) >= 15
    for base, held in groups.items():
        want = _held(source[base]["sessions"])
        if source[base]["end"] == source[base]["start"]:
            continue  # the one event without a length, compared above
        assert held == want, base


def test_the_site_lists_the_repeating_event_s_dates_and_its_cancelled_one(built):
    project, _, _, _ = built
    site, _, _ = load_site(project, NOW)
    event = next(e for e in site.events if e.uid == DROP_IN)
    assert [(s.date.isoformat(), s.cancelled) for s in event.sessions] == [
        ("2027-01-12", False),
        ("2027-01-19", False),
        ("2027-02-02", False),
        ("2027-02-16", True),
        ("2027-02-23", False),
        ("2027-03-02", False),
    ]


# --- never over a file, never twice -----------------------------------------------------


def test_dry_run_shows_the_files_and_writes_nothing(tmp_path):
    project = make_project(tmp_path / "project", valid_content())
    before = digest(project / "content")
    run = _import(project, "ics", str(CORPUS / "google.ics"), "--dry-run")
    assert run.returncode == 0, run.stderr
    assert "Would write 7 events, skipped 1 (1 marked private in the calendar)" in run.stdout
    assert "    | title: Practice supervision drop-in" in run.stdout
    assert "    |   except: [2027-01-26, 2027-02-09]" in run.stdout
    assert "reflective-supervision-for-managers.md:2: warning: recording:" in run.stdout  # checked in a copy
    assert digest(project / "content") == before
    assert not (project / "build").exists()


def test_a_taken_name_gets_the_date_and_a_file_that_exists_is_skipped(tmp_path):
    mine = md("title: Kinship care peer group\nstart: 2027-02-11 18:00\nformat: online", "Our own page.")
    project = make_project(
        tmp_path / "project",
        {
            "events/kinship-care-peer-group.md": mine,
            "events/family-justice-learning-conference.md": mine.replace("Kinship care peer group", "Conference"),
            "events/family-justice-learning-conference-2027-03-15.md": mine.replace("Kinship", "Other"),
        },
    )
    before = digest(project / "content")
    run = _import(project, "ics", str(CORPUS / "google.ics"))
    assert run.returncode == 0, run.stderr
    assert "skipped 2 (1 file exists, 1 marked private in the calendar)" in run.stdout
    assert "not imported: content/events/family-justice-learning-conference-2027-03-15.md already exists" in run.stdout
    after = digest(project / "content")
    assert {k: after[k] for k in before} == before
    assert "events/kinship-care-peer-group-2027-02-11.md" in after


def test_an_event_already_in_content_by_the_uid_the_site_gives_it_is_skipped(tmp_path):
    """A calendar the site itself published, brought back: its UIDs are the ones the site
    derives from each file's path, and nothing is written twice."""
    project = make_project(tmp_path / "project", {"events/talk.md": md("title: Talk\nstart: 2027-01-10 10:00")})
    calendar = Calendar()
    calendar.add("prodid", "-//test//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", "event-talk@learning.example.org")
    event.add("summary", "Talk")
    event.add("dtstart", datetime(2027, 1, 10, 10, tzinfo=UTC))
    event.add("dtend", datetime(2027, 1, 10, 11, tzinfo=UTC))
    calendar.add_component(event)
    (tmp_path / "ours.ics").write_bytes(calendar.to_ical())
    before = digest(project / "content")
    run = _import(project, "ics", str(tmp_path / "ours.ics"))
    assert "Wrote no events, skipped 1 (1 already imported): nothing was changed." in run.stdout, run.stdout
    assert digest(project / "content") == before


def test_a_series_that_does_not_exist_is_named_and_nothing_is_written(tmp_path):
    project = make_project(tmp_path / "project", valid_content())
    before = digest(project / "content")
    run = _import(project, "ics", str(CORPUS / "outlook.ics"), "--series", "clinics")
    assert run.returncode == 1
    assert "there is no series 'clinics' (one of: delay)" in run.stderr
    assert "make new KIND=series" in run.stderr and "nothing was written" in run.stderr
    assert digest(project / "content") == before


def test_into_a_series_folder(tmp_path):
    project = make_project(tmp_path / "project", valid_content())
    run = _import(project, "ics", str(CORPUS / "the-events-calendar.ics"), "--series", "delay")
    assert run.returncode == 0, run.stderr
    assert "into content/events/delay/:" in run.stdout
    assert (project / "content" / "events" / "delay" / "practice-week-2027.md").is_file()
    assert run_cli(project, "check", "--now", NOW.isoformat()).returncode == 0


def test_the_report_gives_the_first_ten_problems_and_where_the_rest_are(tmp_path):
    """Six past talks with no end time: two problems each, ten shown, all saved, check named."""
    project = make_project(tmp_path / "project", valid_content())
    calendar = Calendar()
    calendar.add("prodid", "-//test//EN")
    calendar.add("version", "2.0")
    for n in range(1, 7):
        talk = Event()
        talk.add("uid", f"talk-{n}@example.org")
        talk.add("summary", f"Lunchtime talk {n}")
        talk.add("dtstart", datetime(2026, 3, n, 12, 30, tzinfo=UTC))
        calendar.add_component(talk)
    (tmp_path / "talks.ics").write_bytes(calendar.to_ical())
    run = _import(project, "ics", str(tmp_path / "talks.ics"))
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    start = lines.index("The first 10 of 12 problems:")
    assert all(line.startswith("  content/events/lunchtime-talk-") for line in lines[start + 1 : start + 11])
    assert lines[start + 11] == (
        "… and 2 more: all are in build/import-report.txt; python -m generator check lists the ones it finds."
    )
    saved = (project / "build" / "import-report.txt").read_text(encoding="utf-8").splitlines()
    assert saved[0] == "Wrote 6 events, 6 with warnings." and len(saved) == 13
    assert sum("no end time" in line for line in saved) == 6
    assert sum("this past event has no recording" in line for line in saved) == 6


# --- calendars with mistakes in them -----------------------------------------------------


def _ics(tmp_path: Path, *events: str, name: str = "broken.ics") -> Path:
    """A calendar file holding `events`, each the lines between BEGIN:VEVENT and END:VEVENT
    parted by " | ", written as they are: icalendar would not write a broken one."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"]
    for event in events:
        lines += ["BEGIN:VEVENT", *event.split(" | "), "END:VEVENT"]
    path = tmp_path / name
    path.write_bytes(("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode("utf-8"))
    return path


LONDON = "TZID=Europe/London"


def test_a_rule_whose_every_date_is_left_out_or_moved_is_written_as_the_dates_that_happen(tmp_path):
    """The first date is an EXDATE and the second was moved: `repeat:` could start on no date."""
    project = make_project(tmp_path / "project", valid_content())
    source = _ics(
        tmp_path,
        f"UID:moved@x | SUMMARY:Moved | DTSTART;{LONDON}:20270112T100000 | DTEND;{LONDON}:20270112T110000 | "
        f"RRULE:FREQ=WEEKLY;COUNT=2 | EXDATE;{LONDON}:20270112T100000",
        f"UID:moved@x | SUMMARY:Moved | RECURRENCE-ID;{LONDON}:20270119T100000 | "
        f"DTSTART;{LONDON}:20270120T150000 | DTEND;{LONDON}:20270120T160000",
    )
    run = _import(project, "ics", str(source))
    assert run.returncode == 0, run.stderr
    assert "Wrote 1 event" in run.stdout, run.stdout
    assert "its first date is left out or moved in the calendar" in run.stdout
    events = _by_uid(project)
    assert set(events) == {"moved@x-20270119"}
    _, meta = events["moved@x-20270119"]
    assert (meta["start"], meta["end"]) == ("2027-01-20 15:00", "2027-01-20 16:00") and "repeat" not in meta
    check = run_cli(project, "check", "--now", NOW.isoformat())
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_rule_whose_first_date_is_left_out_starts_on_its_first_date_that_happens(tmp_path):
    project = make_project(tmp_path / "project", valid_content())
    source = _ics(
        tmp_path,
        f"UID:weekly@x | SUMMARY:Weekly | DTSTART;{LONDON}:20270112T100000 | DTEND;{LONDON}:20270112T110000 | "
        f"RRULE:FREQ=WEEKLY;COUNT=4 | EXDATE;{LONDON}:20270112T100000,20270126T100000",
        # A 5th Tuesday repeats as the last; started on April's, a 4th, the rule would give 22 June, not 29.
        f"UID:monthly@x | SUMMARY:Monthly | DTSTART;{LONDON}:20270330T100000 | DTEND;{LONDON}:20270330T110000 | "
        f"RRULE:FREQ=MONTHLY;BYDAY=-1TU;COUNT=4 | EXDATE;{LONDON}:20270330T100000",
    )
    run = _import(project, "ics", str(source))
    assert run.returncode == 0, run.stderr
    events = _by_uid(project)
    _, weekly = events["weekly@x"]
    assert (weekly["start"], weekly["end"]) == ("2027-01-19 10:00", "2027-01-19 11:00")
    assert weekly["repeat"] == {"every": "week", "count": 3, "except": ["2027-01-26"]}
    monthly = sorted(meta["start"] for uid, (_, meta) in events.items() if uid.startswith("monthly@x"))
    assert monthly == ["2027-04-27 10:00", "2027-05-25 10:00", "2027-06-29 10:00"]
    assert "monthly@x" not in events
    check = run_cli(project, "check", "--now", NOW.isoformat())
    assert check.returncode == 0, check.stdout + check.stderr


def test_events_that_cannot_be_read_are_reported_and_the_rest_imported(tmp_path):
    project = make_project(tmp_path / "project", valid_content())
    source = _ics(
        tmp_path,
        "UID:date@x | SUMMARY:Bad start | DTSTART:notadate",
        "UID:rule@x | SUMMARY:Bad rule | DTSTART:20270112T100000Z | DTEND:20270112T110000Z | RRULE:FREQ=WEEKLY;COUNT=abc",
        "UID:none@x | SUMMARY:No start | DTEND:20270112T110000Z",
        "UID:exdate@x | SUMMARY:Bad exdate | DTSTART:20270112T100000Z | DTEND:20270112T110000Z | "
        "RRULE:FREQ=WEEKLY;COUNT=3 | EXDATE:garbage",
        "UID:gone@x | SUMMARY:Gone | DTSTART:20270112T100000Z | DTEND:20270112T110000Z | "
        "RRULE:FREQ=WEEKLY;COUNT=1 | EXDATE:20270112T100000Z",
        "UID:good@x | SUMMARY:Good talk | DTSTART:20270112T100000Z | DTEND:20270112T110000Z",
    )
    run = _import(project, "ics", str(source))
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr and run.stderr == "", run.stderr
    out = run.stdout
    assert "Wrote 1 event, skipped 5 (" in out, out
    assert "broken.ics, 'Bad start': warning: not imported: its start date cannot be read (DTSTART:notadate)" in out
    assert (
        "broken.ics, 'Bad rule' on 12 January 2027: warning: not imported: its repeat rule cannot be read "
        "(RRULE:FREQ=WEEKLY;COUNT=abc)" in out
    )
    assert "broken.ics, 'No start': warning: not imported: no start date" in out
    assert (
        "'Bad exdate' on 12 January 2027: warning: not imported: could not be read (its EXDATE cannot be read)" in out
    )
    assert "'Gone' on 12 January 2027: warning: not imported: every one of its dates is left out in the calendar" in out
    assert "add it with make new KIND=event" in out
    assert set(_by_uid(project)) == {"good@x"}


def test_an_error_nobody_foresaw_is_reported_against_its_event(tmp_path, monkeypatch):
    from generator.importing import ics, vevent
    from generator.importing.incoming import Incoming, Skipped

    source = _ics(
        tmp_path,
        "UID:odd@x | SUMMARY:Odd | DTSTART:20270112T100000Z",
        "UID:fine@x | SUMMARY:Fine | DTSTART:20270113T100000Z",
    )
    convert = vevent.convert

    def failing(v, reading):
        if str(v["UID"]) == "odd@x":
            raise ZeroDivisionError("division by zero")
        return convert(v, reading)

    monkeypatch.setattr(vevent, "convert", failing)
    found = ics.read(source, "Europe/London", datetime(2027, 12, 1).date())
    assert found[0] == Skipped("broken.ics, 'Odd' on 12 January 2027", "could not be read", "division by zero")
    assert isinstance(found[1], Incoming) and found[1].uid == "fine@x"


def test_an_event_without_a_uid_is_given_one_and_a_second_import_writes_nothing(tmp_path):
    project = make_project(tmp_path / "project", valid_content())
    source = _ics(
        tmp_path,
        f"SUMMARY:No UID | DTSTART;{LONDON}:20270111T100000 | DTEND;{LONDON}:20270111T110000",
        f"SUMMARY:No UID either | DTSTART;{LONDON}:20270112T100000 | DTEND;{LONDON}:20270112T110000 | "
        "RRULE:FREQ=WEEKLY;COUNT=2",
        name="team-calendar.ics",
    )
    first = _import(project, "ics", str(source))
    assert "Wrote 2 events" in first.stdout, first.stdout + first.stderr
    events = _by_uid(project)
    assert set(events) == {
        "20270111T1000-no-uid@team-calendar.import",
        "20270112T1000-no-uid-either@team-calendar.import",
    }
    before = digest(project / "content")
    again = _import(project, "ics", str(source))
    assert "Wrote no events, skipped 2 (2 already imported): nothing was changed." in again.stdout, again.stdout
    assert digest(project / "content") == before
