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

import os
import re
from pathlib import Path

import pytest

from generator.build.pipeline import build
from generator.render.views import make_views

from .corpus import make_corpus

NOW = make_corpus.FIXED_NOW
ITEMS = 60


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    make_corpus.make_corpus(ITEMS, root, seed=7)
    return root


def snapshot(out: Path) -> dict[str, tuple[int, bytes]]:
    return {
        p.relative_to(out).as_posix(): (p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*") if p.is_file()
    }


def age(out: Path, seconds: int = 100) -> None:
    """Move every output file's mtime into the past, so a rewrite shows even on a coarse clock."""
    for p in out.rglob("*"):
        if p.is_file():
            st = p.stat()
            os.utime(p, ns=(st.st_atime_ns - seconds * 10**9, st.st_mtime_ns - seconds * 10**9))


def first_build(project: Path):
    out = project / "build" / "docs"
    result = build(project, out, now=NOW)
    assert result.report.written, "the first build should write the whole site"
    age(out)
    return out, result


def pick_event(site):
    """An event in a series, with tags and a chair or speakers from content/people/;
    one on the home page if there is such an event."""

    def fits(e):
        return e.series and e.tags and any(a.person.source for a in e.people)

    home = [e for e in site.upcoming[:3] if fits(e)]
    candidates = home or [e for e in site.events if fits(e)]
    assert candidates, "the corpus should have an event in a series with tags and people"
    return candidates[0]


def edit_field(path: Path, field: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(rf"(?m)^{field}: .*$", f"{field}: {value}", text, count=1)
    assert count == 1, f"{path} has no {field} line"
    path.write_text(new, encoding="utf-8")


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


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def replace_line(path: Path, pattern: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(pattern, new, text, count=1, flags=re.MULTILINE)
    assert count == 1, f"{path}: no line matches {pattern!r}"
    path.write_text(changed, encoding="utf-8")


def move_to_2031(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^(start|end): \d{4}-", r"\1: 2031-", text), encoding="utf-8")


def edits(project: Path, site):
    """Edits a comms officer makes, each touching what other pages show."""
    event = pick_event(site)
    sibling = next(e for e in event.series.events if e is not event)
    person = next(a.person for a in event.people if a.person.source)
    issue = next(i for i in site.issues if i.articles)
    visit = next(v for v in site.visits if v.quotes)
    slides = next(d for e in site.events for d in e.slides if d.source)
    yield "an event's summary", lambda: edit_field(event.source.doc.path, "summary", "A warm-rebuild summary.")
    yield "an event moved to a later year, which reorders its series", lambda: move_to_2031(sibling.source.doc.path)
    yield "a person's role", lambda: edit_field(person.source.doc.path, "role", "Chief Social Worker")
    yield "a series title", lambda: edit_field(event.series.source.doc.path, "title", "A renamed series")
    yield (
        "a journal's title, shown on its authors' pages",
        lambda: edit_field(issue.journal.source.doc.path, "title", "A renamed journal"),
    )
    yield "an issue's theme", lambda: edit_field(issue.source.doc.path, "title", "A new theme")
    yield "a visit's place", lambda: edit_field(visit.source.doc.path, "place", "Aberystwyth")
    picture = visit.source.doc.path.parent / "warm-rebuild.jpg"

    def add_picture_and_link():
        from PIL import Image

        Image.new("RGB", (1200, 900), "teal").save(picture)
        with visit.source.doc.path.open("a", encoding="utf-8") as f:
            f.write(
                f"\n![The team at the visit](warm-rebuild.jpg)\n\nWith [{person.name}](../../people/{person.id}.md).\n"
            )

    yield "a picture and a link to a person added to a visit note", add_picture_and_link

    def wider_picture():
        from PIL import Image

        Image.new("RGB", (2000, 800), "navy").save(picture)

    yield "that picture replaced by a wider one", wider_picture
    yield (
        "a new event in a series",
        lambda: (event.source.doc.path.parent / "a-new-event.md").write_text(
            "---\ntitle: A new event\nstart: 2030-02-01 10:00\nspeakers:\n  - name: Newly Named Speaker\n"
            "tags: [a brand new topic]\n---\nAbout the new event.\n",
            encoding="utf-8",
        ),
    )
    yield "an event file deleted", lambda: sibling.source.doc.path.unlink()
    yield (
        "a slide file replaced by a bigger one",
        lambda: slides.source.write_bytes(slides.source.read_bytes() + b"\n% a revised deck\n" * 100),
    )

    def new_slides():
        # A PDF this process has never seen: its text must be read even though the rebuild does not walk for PDFs.
        (event.source.doc.path.parent / "new-deck.pdf").write_bytes(slides.source.read_bytes())
        text = event.source.doc.path.read_text(encoding="utf-8")
        deck = "  - file: new-deck.pdf\n    title: New deck\n"
        if "\nslides:\n" in text:
            edited = text.replace("\nslides:\n", "\nslides:\n" + deck, 1)
        else:
            edited = text.replace("\n---\n", "\nslides:\n" + deck + "---\n", 1)
        assert edited != text
        event.source.doc.path.write_text(edited, encoding="utf-8")

    yield "a new slide deck added to an event", new_slides
    yield "site settings", lambda: replace_line(project / "site.yml", r"^name: .*$", "name: A Renamed Exchange")


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
