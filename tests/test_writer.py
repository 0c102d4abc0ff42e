"""The writer keeps the output folder equal to the outputs, touching only what changed;
a build never writes over good output with bad content, and never changes content/."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.build.pipeline import build
from generator.build.writer import write
from generator.problems import ContentError

from .helpers import NOW, REPO, age, digest, make_pdf, make_project, md, tree_state, valid_content


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def dirs_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir()}


@pytest.fixture
def source_file(tmp_path) -> Path:
    path = tmp_path / "src" / "slides.pdf"
    path.parent.mkdir()
    path.write_bytes(b"%PDF-1.4 pretend slides\n")
    return path


def outputs(source: Path) -> dict[str, bytes | Path]:
    return {
        "index.md": b"# Home\n",
        "events/index.md": b"# Events\n",
        "events/a.md": b"# Event A\n",
        "events/a/slides.pdf": source,
    }


# --- write() -----------------------------------------------------------------


def test_write_creates_every_output(tmp_path, source_file):
    out = tmp_path / "out"
    report = write(out, outputs(source_file))
    assert sorted(report.written) == sorted(outputs(source_file))
    assert report.unchanged == 0 and report.removed == []
    assert (out / "index.md").read_bytes() == b"# Home\n"
    assert (out / "events" / "a.md").read_bytes() == b"# Event A\n"
    assert (out / "events" / "a" / "slides.pdf").read_bytes() == source_file.read_bytes()
    assert files_under(out) == set(outputs(source_file))  # no temporary files left


def test_second_identical_write_writes_nothing(tmp_path, source_file):
    out = tmp_path / "out"
    write(out, outputs(source_file))
    age(out)
    before = tree_state(out)
    report = write(out, outputs(source_file))
    assert report.written == []
    assert report.removed == []
    assert report.unchanged == len(outputs(source_file))
    assert tree_state(out) == before  # same bytes and same mtimes


def test_changing_one_output_rewrites_only_that_one(tmp_path, source_file):
    out = tmp_path / "out"
    write(out, outputs(source_file))
    age(out)
    before = tree_state(out)
    changed = outputs(source_file)
    changed["events/a.md"] = b"# Event A, renamed\n"
    report = write(out, changed)
    assert report.written == ["events/a.md"]
    assert report.unchanged == 3
    after = tree_state(out)
    assert (out / "events" / "a.md").read_bytes() == b"# Event A, renamed\n"
    assert after["events/a.md"][1] > before["events/a.md"][1]
    assert {k: v for k, v in after.items() if k != "events/a.md"} == {
        k: v for k, v in before.items() if k != "events/a.md"
    }


def test_same_size_different_bytes_is_rewritten(tmp_path, source_file):
    out = tmp_path / "out"
    write(out, outputs(source_file))
    changed = outputs(source_file)
    changed["events/a.md"] = b"# Event B\n"  # same length as "# Event A\n"
    assert len(changed["events/a.md"]) == len(outputs(source_file)["events/a.md"])
    assert write(out, changed).written == ["events/a.md"]
    assert (out / "events" / "a.md").read_bytes() == b"# Event B\n"


def test_changed_source_file_is_copied_again(tmp_path, source_file):
    out = tmp_path / "out"
    write(out, outputs(source_file))
    source_file.write_bytes(b"%PDF-1.4 new slides, longer than before\n")
    report = write(out, outputs(source_file))
    assert report.written == ["events/a/slides.pdf"]
    assert (out / "events" / "a" / "slides.pdf").read_bytes() == source_file.read_bytes()


def test_stale_files_are_removed_but_gitignore_kept(tmp_path, source_file):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".gitignore").write_text("*\n!.gitignore\n")
    write(out, outputs(source_file))
    (out / "stray.md").write_text("left over")
    (out / "events" / "old.md").write_text("an event that was deleted")
    report = write(out, outputs(source_file))
    assert sorted(report.removed) == ["events/old.md", "stray.md"]
    assert report.written == []
    assert files_under(out) == set(outputs(source_file)) | {".gitignore"}
    assert (out / ".gitignore").read_text() == "*\n!.gitignore\n"


def test_empty_folders_are_removed(tmp_path, source_file):
    out = tmp_path / "out"
    write(out, outputs(source_file))
    (out / "journal" / "old-journal").mkdir(parents=True)
    (out / "journal" / "old-journal" / "issue-1.md").write_text("gone")
    (out / "empty" / "deeper").mkdir(parents=True)
    smaller = outputs(source_file)
    del smaller["events/a/slides.pdf"]
    report = write(out, smaller)
    assert sorted(report.removed) == ["events/a/slides.pdf", "journal/old-journal/issue-1.md"]
    assert dirs_under(out) == {"events"}
    assert files_under(out) == set(smaller)


# --- build() -------------------------------------------------------------------


def project_with_pdf(tmp_path: Path) -> Path:
    content = valid_content()
    content["events/with-slides.md"] = md("""
        title: With slides
        start: 2026-12-08 10:00
        slides: [deck.pdf]
    """)
    root = make_project(tmp_path / "project", content)
    make_pdf(root / "content" / "events" / "deck.pdf", pages=2)
    return root


def test_build_with_content_error_leaves_previous_output_unchanged(tmp_path):
    root = project_with_pdf(tmp_path)
    out = tmp_path / "out"
    first = build(root, out, now=NOW)
    assert first.report.written
    before = tree_state(out)
    # Break one file and delete another: neither may reach the output.
    (root / "content" / "events" / "standalone.md").write_text(md("title: Broken\nstart: 14:00"), encoding="utf-8")
    (root / "content" / "pages" / "about.md").unlink()
    with pytest.raises(ContentError) as caught:
        build(root, out, now=NOW)
    assert [(p.path, p.field) for p in caught.value.problems] == [("content/events/standalone.md", "start")]
    assert tree_state(out) == before


def test_build_never_changes_content(tmp_path):
    root = project_with_pdf(tmp_path)
    age(root / "content")
    before = tree_state(root / "content")
    settings_before = digest(root)["site.yml"]
    build(root, tmp_path / "out", now=NOW)
    build(root, tmp_path / "out", now=NOW)
    assert tree_state(root / "content") == before  # bytes and mtimes
    assert digest(root)["site.yml"] == settings_before


def test_second_build_writes_nothing(tmp_path):
    root = project_with_pdf(tmp_path)
    out = tmp_path / "out"
    build(root, out, now=NOW)
    age(out)
    before = tree_state(out)
    result = build(root, out, now=NOW)
    assert result.report.written == [] and result.report.removed == []
    assert tree_state(out) == before


def test_two_builds_give_identical_trees(tmp_path):
    root = project_with_pdf(tmp_path)
    build(root, tmp_path / "one", now=NOW)
    build(root, tmp_path / "two", now=NOW.isoformat())  # the same now, given as text
    one, two = digest(tmp_path / "one"), digest(tmp_path / "two")
    assert "events/with-slides/deck.pdf" in one
    assert "events/standalone.md" in one
    assert one == two


def test_build_in_another_process_gives_identical_tree(tmp_path):
    # A fresh interpreter with different hash seeds: nothing may depend on set or dict order.
    root = project_with_pdf(tmp_path)
    build(root, tmp_path / "here", now=NOW)
    script = textwrap.dedent(f"""
        from pathlib import Path
        from generator.build.pipeline import build
        build(Path({str(root)!r}), Path({str(tmp_path / "there")!r}), now={NOW.isoformat()!r})
    """)
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, check=True, timeout=60)
        assert digest(tmp_path / "there") == digest(tmp_path / "here")


def test_a_different_now_gives_a_different_tree(tmp_path):
    # The converse of the test above, so it cannot pass by ignoring "now".
    root = project_with_pdf(tmp_path)
    build(root, tmp_path / "before", now="2025-01-01T12:00+00:00")
    build(root, tmp_path / "after", now=NOW)
    before, after = digest(tmp_path / "before"), digest(tmp_path / "after")
    # Only upcoming events have share cards of their own; these events have since passed.
    gone = before.keys() - after.keys()
    assert gone and all(rel.endswith("/share-card.png") for rel in gone)
    assert after.keys() <= before.keys()
    assert before["events/index.md"] != after["events/index.md"]


@pytest.mark.parametrize("where", ["content/out", "content", "."])
def test_output_overlapping_content_is_refused(tmp_path, where):
    root = project_with_pdf(tmp_path)
    before = tree_state(root)
    out = (root / where).resolve()
    with pytest.raises(ContentError) as caught:
        build(root, out, now=NOW)
    (problem,) = caught.value.problems
    assert "overlaps the content folder" in problem.message
    assert "outside content/" in problem.fix
    assert tree_state(root) == before
    assert not (root / "content" / "out").exists()
