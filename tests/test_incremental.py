"""Incremental builds: after editing one event, the writer rewrites only the outputs that changed.

A synthetic corpus of 60 items (scripts/make_corpus.py) is built with
generator.build.build(); one event file is edited and the site rebuilt. The writer
must rewrite exactly the files whose bytes changed - the event's page and the pages
that list it - and leave every other file alone (same bytes, same mtime). A rebuild
with no change writes nothing. With the cache that `mkdocs serve` keeps between
builds, each of twelve kinds of edit is followed by a warm rebuild that must give the
same bytes as a cold build of the same content. The month calendars and year pages
follow a repeating event's edits: a rule that reaches into another month rewrites
that month's page, and months left with no event after the last one are removed.
Not a timing test.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from generator.build.pipeline import build
from generator.render.views import make_views

from .helpers import NOW, age, edit_field, edits, make_corpus, pick_event, replace_line, synthetic_project, tree


@pytest.fixture
def project(tmp_path) -> Path:
    return synthetic_project(tmp_path / "project")


def test_the_synthetic_archive_is_made_around_the_tests_now():
    """Its past and upcoming events are spread around make_corpus.FIXED_NOW: the builds here use NOW."""
    assert make_corpus.FIXED_NOW == NOW


def snapshot(out: Path) -> dict[str, tuple[int, bytes]]:
    return {
        p.relative_to(out).as_posix(): (p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*") if p.is_file()
    }


def first_build(project: Path):
    out = project / "build" / "docs"
    result = build(project, out, now=NOW)
    assert result.report.written, "the first build should write the whole site"
    age(out)
    return out, result


def rebuild_and_compare(project: Path, out: Path):
    """Rebuild; check the writer rewrote exactly the files whose bytes changed; return the written set."""
    before = snapshot(out)
    result = build(project, out, now=NOW)
    after = snapshot(out)
    written = set(result.report.written)
    assert result.report.removed == []
    assert set(after) == set(before), "no file should appear or disappear"
    changed = {rel for rel in after if after[rel][1] != before[rel][1]}
    assert written == changed, (
        f"written but unchanged: {sorted(written - changed)}; changed but not reported: {sorted(changed - written)}"
    )
    touched = {rel for rel in after if after[rel][0] != before[rel][0]}
    assert touched == written, f"files rewritten with the same bytes: {sorted(touched - written)}"
    return written, result


def allowed_outputs(site, event) -> set[str]:
    """Paths that may list or describe the event: its page and files beside it, its series page,
    the events index, the home page, its topics, its people, and calendar feeds."""
    paths = {event.path, event.series.path, "events/index.md", "index.md"}
    paths |= {t.path for t in event.tags}
    paths |= {a.person.path for a in event.people}
    # The listing pages that hold its card: its year, its format, recordings and slides.
    views = make_views(site)
    paths |= {p.path for v in views.listings() for p in v.pages if event in p.items}
    paths |= {m.path for m in views.months if event in m.entries}  # its day in its month's calendar
    return paths


def is_allowed(rel: str, allowed: set[str], event) -> bool:
    stem = event.path[: -len(".md")]
    return rel in allowed or rel.startswith((stem + ".", stem + "/", "calendar/", "feeds/"))  # news feeds of events


def test_rebuild_with_no_change_writes_nothing(project):
    out, _ = first_build(project)
    before = snapshot(out)
    result = build(project, out, now=NOW)
    assert result.report.written == []
    assert result.report.removed == []
    assert result.report.unchanged == len(before)
    assert snapshot(out) == before  # same bytes and the same mtimes


def edit_event_and_rebuild(project: Path, field: str, value: str, shown_on=lambda site, event: set()):
    """Edit one field of an event and rebuild. The event's page, its series, the
    events index, its topics and `shown_on` must be rewritten, and nothing that
    cannot show the event. Returns (out, site, event, written)."""
    out, result = first_build(project)
    site = result.site
    event = pick_event(site)
    edit_field(event.source.doc.path, field, value)

    written, _ = rebuild_and_compare(project, out)

    must = {event.path, event.series.path, f"events/{event.date.year}.md"} | {t.path for t in event.tags}
    must |= shown_on(site, event)
    assert must <= written, f"not rewritten: {sorted(must - written)}"
    allowed = allowed_outputs(site, event)
    unexpected = sorted(rel for rel in written if not is_allowed(rel, allowed, event))
    assert not unexpected, f"unrelated outputs rewritten: {unexpected}"
    return out, site, event, written


def test_editing_one_summary_rewrites_only_the_pages_that_show_it(project):
    # The summary is on the event's page and on every card that lists the event.
    out, site, event, written = edit_event_and_rebuild(
        project,
        "summary",
        "A new summary, edited by the incremental test.",
        lambda site, event: {"index.md"} if event in site.upcoming[:3] else set(),
    )

    # Spot checks of unrelated pages: a sibling in the series, another series, other sections.
    siblings = [e.path for e in event.series.events if e is not event]
    others = [s.path for s in site.series if s is not event.series][:3]
    untouched = siblings + others + ["people/index.md", "tags/index.md", "journal/index.md", "practice-week/index.md"]
    untouched += [i.path for i in site.issues[:2]] + [v.path for v in site.visits[:2]]
    untouched += [t.path for t in site.tags if t not in event.tags][:3]
    assert not written & set(untouched)
    assert len(written) < len(snapshot(out)) // 4, "an edit to one event should not rewrite much of the site"

    # And a second rebuild, with nothing changed since, writes nothing.
    third = build(project, out, now=NOW)
    assert third.report.written == []


def test_editing_a_title_also_rewrites_its_peoples_pages(project):
    _, site, event, written = edit_event_and_rebuild(
        project,
        "title",
        "A renamed event for the incremental test",
        lambda site, event: {a.person.path for a in event.people},
    )

    people = {a.person.path for a in event.people}
    unrelated_people = [p.path for p in site.people if p.path not in people][:5]
    assert not written & set(unrelated_people)


# --- a warm rebuild (the cache kept between builds, as under `mkdocs serve`) ---


def test_warm_rebuilds_give_the_same_bytes_as_cold_builds(project, tmp_path):
    from generator.cache import BuildCache

    cache = BuildCache()
    warm = project / "build" / "docs"
    site = build(project, warm, now=NOW, cache=cache).site
    for n, (what, edit) in enumerate(edits(project, site)):
        edit()
        result = build(project, warm, now=NOW, cache=cache)
        cold = tmp_path / f"cold-{n}"
        build(project, cold, now=NOW)
        warm_files, cold_files = tree(warm), tree(cold)
        assert set(warm_files) == set(cold_files), f"after {what}: different files"
        stale = sorted(rel for rel in cold_files if warm_files[rel] != cold_files[rel])
        assert not stale, f"after {what}: the warm rebuild left stale outputs: {stale[:10]}"
        assert result.report.written, f"after {what}: nothing was rewritten"
        if what == "a new slide deck added to an event":
            assert any(
                "New deck" in cold_files[rel].decode("utf-8", "replace") for rel in cold_files if rel.endswith(".md")
            ), "the new deck is on no page"


# --- a repeating event in the month calendars and the year pages ---

# Every Tuesday from 30 March 2027, three times: on the calendars of March and April.
DROP_IN = """---
title: Weekly drop-in
start: 2027-03-30 10:00
end: 2027-03-30 11:00
repeat:
  every: week
  count: 3
summary: A drop-in to talk through a case.
---
Bring a case.
"""


@pytest.fixture
def with_drop_in(project) -> Path:
    (project / "content/events/weekly-drop-in.md").write_text(DROP_IN, encoding="utf-8")
    return project / "content/events/weekly-drop-in.md"


def month_paths(site, title: str) -> set[str]:
    """The month calendars that list an event of this title."""
    return {m.path for m in make_views(site).months if any(e.title == title for e in m.entries)}


def year_paths(site, title: str) -> set[str]:
    return {p.path for y in make_views(site).years for p in y.pages if any(e.title == title for e in p.items)}


def test_a_repeating_events_months_and_year_pages_follow_its_title(project, with_drop_in):
    out, result = first_build(project)
    months = month_paths(result.site, "Weekly drop-in")
    assert months == {"events/2027/03.md", "events/2027/04.md"}
    edit_field(with_drop_in, "title", "Weekly case clinic")
    written, result = rebuild_and_compare(project, out)
    assert months | year_paths(result.site, "Weekly case clinic") <= written
    assert "events/2027/05.md" not in written and "events/2027/02.md" not in written
    assert {rel for rel in written if re.fullmatch(r"events/\d{4}/\d\d\.md", rel)} == months


def test_a_rule_that_reaches_another_month_rewrites_that_months_page(project, with_drop_in):
    out, result = first_build(project)
    may = (out / "events/2027/05.md").read_text(encoding="utf-8")
    assert "Weekly drop-in" not in may
    replace_line(with_drop_in, r"^  count: 3$", "  count: 6")  # on to 20 and 27 April and 4 May
    written, result = rebuild_and_compare(project, out)
    assert month_paths(result.site, "Weekly drop-in") == {"events/2027/03.md", "events/2027/04.md", "events/2027/05.md"}
    assert {"events/2027/04.md", "events/2027/05.md"} <= written
    assert (out / "events/2027/05.md").read_text(encoding="utf-8").count("Weekly drop-in") == 1
    # Back to three dates: May no longer lists it.
    replace_line(with_drop_in, r"^  count: 6$", "  count: 3")
    written, _ = rebuild_and_compare(project, out)
    assert "events/2027/05.md" in written
    assert "Weekly drop-in" not in (out / "events/2027/05.md").read_text(encoding="utf-8")


def test_months_after_the_last_event_go_when_it_goes(project, with_drop_in):
    out, result = first_build(project)
    last = result.site.sessions[-1].date
    before = {p.relative_to(out).as_posix() for p in out.glob("events/*/[0-9][0-9].md")}
    assert f"events/{last.year}/{last.month:02d}.md" in before
    # Moved years after everything else: the months up to it get pages, empty ones between.
    later = with_drop_in.read_text(encoding="utf-8").replace("2027-03-30", "2031-03-04")
    with_drop_in.write_text(later, encoding="utf-8")
    result = build(project, out, now=NOW)
    grown = {p.relative_to(out).as_posix() for p in out.glob("events/*/[0-9][0-9].md")}
    assert {"events/2031/03.md", "events/2030/07.md"} <= grown and before < grown
    assert set(result.report.written) >= grown - before and not result.report.removed
    # And gone again: no month page after the last event is left behind.
    with_drop_in.unlink()
    result = build(project, out, now=NOW)
    after = {p.relative_to(out).as_posix() for p in out.glob("events/*/[0-9][0-9].md")}
    assert grown - after <= set(result.report.removed) and "events/weekly-drop-in.md" in result.report.removed
    assert after == {m.path for m in make_views(result.site).months}
    assert max(after) < "events/2030"


def test_warm_rebuilds_of_a_repeating_event_give_the_same_bytes_as_cold_builds(project, with_drop_in, tmp_path):
    from generator.cache import BuildCache

    # And one in a series: each of its dates' cards names the series.
    series = project / "content/events/drop-in-series"
    series.mkdir()
    (series / "_series.md").write_text("---\ntitle: Drop-in series\n---\nDrop-ins.\n", encoding="utf-8")
    clinic = DROP_IN.replace("Weekly drop-in", "Series clinic").replace("2027-03-30", "2027-05-04")
    (series / "clinic.md").write_text(clinic, encoding="utf-8")
    cache = BuildCache()
    warm = project / "build" / "docs"
    build(project, warm, now=NOW, cache=cache)
    steps = [
        ("its series' title", lambda: edit_field(series / "_series.md", "title", "A renamed drop-in series")),
        ("its rule reaching May", lambda: replace_line(with_drop_in, r"^  count: 3$", "  count: 6")),
        ("a date called off", lambda: replace_line(with_drop_in, r"^summary: ", "cancelled: [2027-04-06]\nsummary: ")),
        ("a date left out", lambda: replace_line(with_drop_in, r"^  count: 6$", "  count: 6\n  except: [2027-04-13]")),
        (
            "moved to 2031",
            lambda: with_drop_in.write_text(DROP_IN.replace("2027-03-30", "2031-03-04"), encoding="utf-8"),
        ),
        ("deleted", with_drop_in.unlink),
    ]
    for n, (what, edit) in enumerate(steps):
        edit()
        result = build(project, warm, now=NOW, cache=cache)
        cold = tmp_path / f"cold-{n}"
        build(project, cold, now=NOW)
        warm_files, cold_files = tree(warm), tree(cold)
        assert set(warm_files) == set(cold_files), f"after {what}: different files"
        stale = sorted(rel for rel in cold_files if warm_files[rel] != cold_files[rel])
        assert not stale, f"after {what}: the warm rebuild left stale outputs: {stale[:10]}"
        assert any(rel.startswith("events/20") for rel in result.report.written + result.report.removed), what


def test_the_events_pages_month_turns_at_midnight_in_the_sites_zone(project):
    from generator.cache import BuildCache

    cache = BuildCache()
    out = project / "build" / "docs"
    late = datetime(2027, 3, 31, 22, 30, tzinfo=UTC)  # 11:30pm in the UK, on summer time
    build(project, out, now=late, cache=cache)
    assert "This month: March 2027</a>" in (out / "events/index.md").read_text(encoding="utf-8")
    # An hour later it is April in the UK, though the same day in UTC.
    result = build(project, out, now=late + timedelta(hours=1), cache=cache)
    assert "events/index.md" in result.report.written
    assert "This month: April 2027</a>" in (out / "events/index.md").read_text(encoding="utf-8")


def test_a_warm_rebuild_at_a_later_now_moves_booking_and_next_dates_on_without_an_edit(project, with_drop_in, tmp_path):
    """Under the preview, pages of files that did not change are reused; the clock alone closes
    booking and takes a repeating event's first date off its list of next dates."""
    from generator.cache import BuildCache

    booking = "registration:\n  url: https://example.org/book\n  closes: 2027-03-29 17:00\nsummary: "
    replace_line(with_drop_in, r"^summary: ", booking)
    cache = BuildCache()
    warm = project / "build" / "docs"
    build(project, warm, now=NOW, cache=cache)
    page = warm / "events/weekly-drop-in.md"
    assert "Book by Monday 29 March 2027, 5pm" in page.read_text(encoding="utf-8")
    later = datetime(2027, 3, 30, 12, 0, tzinfo=UTC)  # booking closed, the first date gone by
    result = build(project, warm, now=later, cache=cache)
    cold = tmp_path / "cold"
    build(project, cold, now=later)
    assert "events/weekly-drop-in.md" in result.report.written
    assert page.read_text(encoding="utf-8") == (cold / "events/weekly-drop-in.md").read_text(encoding="utf-8")
    assert "Booking closed" in page.read_text(encoding="utf-8")
    warm_files, cold_files = tree(warm), tree(cold)
    assert sorted(rel for rel in cold_files if warm_files.get(rel) != cold_files[rel]) == []
