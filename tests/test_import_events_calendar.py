"""`python -m generator import events-calendar`: The Events Calendar's REST API pages, saved as
files (tests/corpus/import/events-calendar/), imported as an author runs it, checked, built
with MkDocs, and the site's calendar read back with Mozilla's ical.js beside the JSON.

The pages have the plugin's quirks: HTML-escaped titles, `"venue": []` for an event without
one, a `website` that is the event's own page when nothing else was given and has `&amp;`
in it, an excerpt WordPress cut from the description, an organiser's email address written
as HTML entities, an event on both pages (one was published while they were being saved),
a private one, a featured image saved beside the pages and one that was not.
"""

from __future__ import annotations

import json
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from generator.content.reader import read_document

from .helpers import (
    JS,
    NOW,
    REPO,
    digest,
    for_mkdocs,
    make_project,
    mkdocs_build,
    node_missing,
    run_cli,
    skip_or_fail,
    valid_content,
)

FOLDER = REPO / "tests" / "corpus" / "import" / "events-calendar"
ICS = REPO / "tests" / "corpus" / "import" / "the-events-calendar.ics"  # the same site's own .ics export
EVENTS = "content/events"


def _import(project: Path, *args: str) -> subprocess.CompletedProcess:
    return run_cli(project, "import", *args, "--now", NOW.isoformat())


def _json_events() -> dict[int, dict]:
    found = {}
    for page in sorted(FOLDER.glob("*.json")):
        for event in json.loads(page.read_text(encoding="utf-8"))["events"]:
            found[event["id"]] = event
    return found


def _file(project: Path, name: str) -> tuple[dict, str]:
    path = project / EVENTS / name
    doc, problems = read_document(path, name)
    assert doc is not None, problems
    return doc.meta, doc.body


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    project = for_mkdocs(make_project(tmp_path_factory.mktemp("import-tec") / "project", valid_content()))
    return project, _import(project, "events-calendar", str(FOLDER))


def test_the_pages_are_imported_with_a_report_in_plain_words(imported):
    project, run = imported
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "Wrote 4 events, skipped 1 (1 not published on the old site), 2 with warnings." in out
    assert "events-page-2.json, event 1270, 'Board away day' on 6 May 2027: warning: not imported" in out
    assert (
        "childrens-voices-in-court.md: warning: image: its featured image "
        "(https://learning.northshire.example/wp-content/uploads/2026/04/voices.png) is not in events-calendar/, "
        "so it was left out" in out
    )
    assert "working-with-the-public-law-outline.md: warning: the description had 1 picture, left out" in out
    # The event on both pages is written once.
    assert sorted(p.name for p in (project / EVENTS).glob("*.md")) == [
        "childrens-voices-in-court.md",
        "learning-exchange-with-colleagues-in-berlin.md",
        "practice-week-2027.md",
        "standalone.md",
        "working-with-the-public-law-outline.md",
    ]


def test_an_event_keeps_its_venue_organiser_categories_image_and_description(imported):
    project, _ = imported
    meta, body = _file(project, "working-with-the-public-law-outline.md")
    assert meta["format"] == "in-person"
    assert meta["venue"] == {"name": "Council House", "address": "Victoria Square, Birmingham B1 1BB"}
    assert meta["contact"] == "learning@northshire.example"  # written as HTML entities in the JSON
    assert meta["tags"] == ["Training", "Care proceedings", "PLO"]
    assert meta["summary"] == "A morning on the Public Law Outline for social workers and managers."
    assert meta["registration"] == (
        "https://www.eventbrite.co.uk/e/working-with-the-plo-tickets-823456789012?aff=website&utm_source=tec"
    )
    assert meta["image"] == "working-with-the-public-law-outline.jpg"
    copied = project / EVENTS / "working-with-the-public-law-outline.jpg"
    assert copied.read_bytes() == (FOLDER / "wp-content/uploads/2026/09/plo-workshop.jpg").read_bytes()
    assert "## What the PLO asks of the local authority" in body
    assert "- Pre-proceedings letters and meetings" in body
    assert "[the judiciary’s guidance](https://www.judiciary.uk/" in body
    assert "timeline" not in body and "<" not in body.replace("<https", "")


def test_titles_links_times_and_places_as_the_plugin_gives_them(imported):
    project, _ = imported
    voices, _ = _file(project, "childrens-voices-in-court.md")
    assert voices["title"] == "Children’s voices in court"  # &#8217; in the JSON
    assert voices["recording"] == "https://www.youtube.com/watch?v=Qw3rTy12345"
    assert voices["format"] == "online" and "venue" not in voices  # "venue": []
    assert "summary" not in voices  # WordPress's own excerpt, cut off with [&hellip;]
    assert (voices["start"], voices["end"]) == ("2026-05-20 14:00", "2026-05-20 16:00")
    berlin, _ = _file(project, "learning-exchange-with-colleagues-in-berlin.md")
    assert (berlin["format"], berlin["timezone"], berlin["start"]) == ("hybrid", "Europe/Berlin", "2027-04-14 10:00")
    week, _ = _file(project, "practice-week-2027.md")
    assert (week["start"], week["end"]) == ("2027-10-04", "2027-10-08")


def test_people_named_in_a_description_are_not_guessed_at(imported):
    project, _ = imported
    meta, body = _file(project, "learning-exchange-with-colleagues-in-berlin.md")
    assert "Chaired by Dr Anna Schmidt, with speakers Tom Price (Northshire) and Lena Vogel." in body
    assert "speakers" not in meta and "chair" not in meta
    assert sorted(p.name for p in (project / "content" / "people").iterdir()) == ["anna-jones.md", "ben-price.md"]


def test_the_files_check_clean_and_a_second_import_writes_nothing(imported):
    project, _ = imported
    check = run_cli(project, "check", "--now", NOW.isoformat())
    assert check.returncode == 0, check.stdout
    before = digest(project / "content")
    again = _import(project, "events-calendar", str(FOLDER))
    assert again.returncode == 0, again.stderr
    assert "Wrote no events, skipped 5 (4 already imported, 1 not published on the old site)" in again.stdout
    assert digest(project / "content") == before


def test_the_uid_is_the_one_the_plugin_s_own_ics_export_gives(tmp_path):
    """The same site's .ics export first, then its REST pages: the events in both are the same
    calendar events, so the second import skips them, and subscribers see no copies."""
    project = make_project(tmp_path / "project", valid_content())
    first = _import(project, "ics", str(ICS))
    assert "Wrote 3 events" in first.stdout, first.stdout + first.stderr
    then = _import(project, "events-calendar", str(FOLDER))
    assert "Wrote 1 event, skipped 4 (3 already imported, 1 not published on the old site)" in then.stdout
    assert (project / EVENTS / "learning-exchange-with-colleagues-in-berlin.md").is_file()


def test_a_folder_without_pages_is_refused_in_plain_words(tmp_path):
    project = make_project(tmp_path / "project", valid_content())
    (tmp_path / "empty").mkdir()
    run = _import(project, "events-calendar", str(tmp_path / "empty"))
    assert run.returncode == 1
    assert "there are no .json files in" in run.stderr and "/wp-json/tribe/events/v1/events" in run.stderr
    (tmp_path / "empty" / "page-1.json").write_text('{"code": "rest_no_route"}', encoding="utf-8")
    run = _import(project, "events-calendar", str(tmp_path / "empty"))
    assert "page-1.json is not a page of The Events Calendar's events" in run.stderr


def _utc(text: str) -> str:
    return datetime.fromisoformat(text).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_the_site_builds_and_its_calendar_has_the_json_s_times(imported):
    problem = node_missing()
    if problem:
        skip_or_fail(f"ICAL.JS CHECKS NOT RUN: {problem}")
    project, _ = imported
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    feed = project / "build" / "site" / "calendar" / "all.ics"
    resolved = subprocess.run(["node", str(JS / "resolve.mjs"), str(feed)], capture_output=True, text=True)
    assert resolved.returncode == 0, resolved.stderr
    site = json.loads(resolved.stdout)[str(feed)]
    checked = 0
    for path in (project / EVENTS).glob("*.md"):
        meta = read_document(path, path.name)[0].meta
        if "uid" not in meta:
            continue
        source = _json_events()[int(meta["uid"].split("-")[0])]
        got = site[meta["uid"]]
        if source["all_day"]:
            last = date.fromisoformat(source["end_date"][:10])
            want = {"start": {"date": source["start_date"][:10]}, "end": {"date": str(last + timedelta(days=1))}}
        else:
            want = {"start": {"utc": _utc(source["utc_start_date"])}, "end": {"utc": _utc(source["utc_end_date"])}}
        assert {"start": got["start"], "end": got["end"]} == want, path.name
        checked += 1
    assert checked == 4


# --- pages with mistakes in them --------------------------------------------------------


def _event(n: int, title: str, **fields) -> dict:
    """An event as the plugin's REST API gives one, with `fields` changed (None: left out)."""
    event = {
        "id": n,
        "url": f"https://learning.northshire.example/event/{n}/",
        "title": title,
        "status": "publish",
        "all_day": False,
        "timezone": "Europe/London",
        "start_date": "2027-01-11 10:00:00",
        "end_date": "2027-01-11 11:00:00",
    }
    event.update(fields)
    return {k: v for k, v in event.items() if v is not None}


def _pages(folder: Path, *events: dict) -> Path:
    folder.mkdir()
    (folder / "events-page-1.json").write_text(json.dumps({"events": list(events)}), encoding="utf-8")
    return folder


def test_an_event_whose_dates_cannot_be_read_is_reported_and_the_rest_imported(tmp_path):
    project = make_project(tmp_path / "project", valid_content())
    folder = _pages(
        tmp_path / "pages",
        _event(1, "No start", start_date=None),
        _event(2, "Bad end", end_date="bad"),
        _event(3, "Good talk"),
    )
    run = _import(project, "events-calendar", str(folder))
    assert run.returncode == 0 and run.stderr == "", run.stderr
    out = run.stdout
    assert "Wrote 1 event, skipped 2 (1 its end date cannot be read, 1 no start date)" in out, out
    assert "events-page-1.json, event 1, 'No start': warning: not imported: no start date" in out
    assert (
        "events-page-1.json, event 2, 'Bad end': warning: not imported: its end date cannot be read (end_date: 'bad')"
        in out
    )
    assert sorted(p.name for p in (project / EVENTS).glob("*.md")) == ["good-talk.md", "standalone.md"]


def test_events_without_an_id_are_each_imported_once_however_often_the_pages_are(tmp_path):
    project = make_project(tmp_path / "project", valid_content())
    folder = _pages(
        tmp_path / "pages",
        _event(None, "Kept apart", url=None),
        _event(None, "Kept apart too", url=None, start_date="2027-01-12 10:00:00", end_date="2027-01-12 11:00:00"),
    )
    first = _import(project, "events-calendar", str(folder))
    assert "Wrote 2 events" in first.stdout, first.stdout + first.stderr
    meta, _ = _file(project, "kept-apart.md")
    assert meta["uid"] == "20270111T1000-kept-apart@pages.import"
    before = digest(project / "content")
    again = _import(project, "events-calendar", str(folder))
    assert "Wrote no events, skipped 2 (2 already imported): nothing was changed." in again.stdout, again.stdout
    assert digest(project / "content") == before
