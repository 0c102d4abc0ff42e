"""Incremental builds: after editing one event, the writer rewrites only the outputs that changed.

A synthetic corpus of 60 items (scripts/make_corpus.py) is built with
generator.build.build(); one event file is edited and the site rebuilt. The writer
must rewrite exactly the files whose bytes changed - the event's page and the pages
that list it - and leave every other file alone (same bytes, same mtime). A rebuild
with no change writes nothing. With the cache that `mkdocs serve` keeps between
builds, each of twelve kinds of edit is followed by a warm rebuild that must give the
same bytes as a cold build of the same content. Not a timing test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build.pipeline import build
from generator.render.views import make_views

from .helpers import NOW, age, edit_field, edits, make_corpus, pick_event, synthetic_project, tree


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
