"""Symbolic links in content/: followed while they stay inside it, refused (and
named, with the fix) when they lead outside, to nothing, or round in a loop.
Nothing from outside content/ is ever read into the site."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .helpers import GOOD, NOW, digest, make_pdf, run_cli

FIX = "copy the file (or folder) into content/ instead of linking to it"


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "p"
    shutil.copytree(GOOD, project)
    return project


def _outside(tmp_path: Path) -> Path:
    """A folder beside the project, holding what no page may publish."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("---\ntitle: Not for the site\n---\nPrivate.\n", encoding="utf-8")
    make_pdf(outside / "secret.pdf", 1)
    return outside


def test_links_out_of_content_and_loops_are_errors_naming_the_path(tmp_path: Path):
    project, outside = _project(tmp_path), _outside(tmp_path)
    content = project / "content"
    os.symlink(outside / "secret.md", content / "people" / "secret.md")  # a file outside
    os.symlink(outside, content / "events" / "elsewhere")  # a folder outside
    os.symlink("loop-b", content / "people" / "loop-a")  # two links pointing at each other
    os.symlink("loop-a", content / "people" / "loop-b")
    os.symlink("..", content / "events" / "images" / "up")  # a folder linked inside itself
    os.symlink("gone.pdf", content / "events" / "missing.pdf")  # a link to nothing
    before = digest(outside)
    result = run_cli(project, "check", "--now", NOW.isoformat())
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    expected = {
        "content/people/secret.md": f"is a link to '{outside / 'secret.md'}', outside the content folder",
        "content/events/elsewhere": f"is a link to '{outside}', outside the content folder",
        "content/people/loop-a": "leads round in a loop",
        "content/people/loop-b": "leads round in a loop",
        "content/events/images/up": "a folder it is inside, which leads round in a loop",
        "content/events/missing.pdf": "is a link to 'gone.pdf', which does not exist",
    }
    for path, words in expected.items():
        found = [line for line in lines if line.startswith(f"{path}: ")]
        assert len(found) == 1, (path, result.stdout)
        assert words in found[0] and found[0].endswith(f"— {FIX}")
    assert lines[-1] == f"{len(expected)} errors, 0 warnings: fix the errors above, then run make check again"
    assert "Not for the site" not in result.stdout
    out = tmp_path / "out"
    build = run_cli(project, "build", "--out", str(out), "--now", NOW.isoformat())
    assert build.returncode == 1 and "Nothing was written" in build.stderr
    assert not out.exists()
    assert digest(outside) == before


def test_a_file_named_in_front_matter_through_a_link_to_outside_is_refused(tmp_path: Path):
    project, outside = _project(tmp_path), _outside(tmp_path)
    events = project / "content" / "events"
    os.symlink(outside / "secret.pdf", events / "slides.pdf")
    (events / "with-slides.md").write_text(
        "---\ntitle: T\nstart: 2027-05-10 10:00\nslides:\n  - file: slides.pdf\n---\n", encoding="utf-8"
    )
    result = run_cli(project, "check", "--now", NOW.isoformat())
    assert result.returncode == 1
    assert f"content/events/slides.pdf: 'slides.pdf' is a link to '{outside / 'secret.pdf'}'" in result.stdout
    assert (
        "content/events/with-slides.md:5: the 1st slides file (slides.pdf): 'slides.pdf' points outside the content folder"
        in (result.stdout)
    )


def test_links_that_stay_inside_content_are_followed(tmp_path: Path):
    project = _project(tmp_path)
    content = project / "content"
    os.symlink("images", content / "events" / "pictures")  # a folder linked under a second name
    (content / "people" / "mair-wyn-again.jpg").symlink_to("mair-wyn.jpg")  # a file linked beside itself
    person = (content / "people" / "mair-wyn.md").read_text(encoding="utf-8")
    (content / "people" / "mair-wyn.md").write_text(person.replace("mair-wyn.jpg", "mair-wyn-again.jpg"))
    result = run_cli(project, "check", "--now", NOW.isoformat())
    assert result.returncode == 0, result.stdout
    out = tmp_path / "out"
    build = run_cli(project, "build", "--out", str(out), "--now", NOW.isoformat())
    assert build.returncode == 0, build.stderr
    assert list(out.glob("people/mair-wyn/mair-wyn-*x*.jpg"))  # the photo, through its link


def test_the_walk_reports_each_link_once_and_reads_nothing_behind_a_refused_one(tmp_path: Path):
    from generator.content.reader import walk

    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    (content / "pages" / "a.md").write_text("---\ntitle: A\n---\n")
    outside = _outside(tmp_path)
    os.symlink(outside, content / "pages" / "out")
    os.symlink("../pages", content / "pages" / "again")
    (content / "people").mkdir()
    os.symlink("../pages", content / "people" / "pages")  # inside content/, not a loop: followed
    found = walk(content)
    assert found.files == [("pages", "a.md"), ("people", "pages", "a.md")]
    assert [parts for parts, _ in found.refused] == [
        ("pages", "again"),
        ("pages", "out"),
        ("people", "pages", "again"),
        ("people", "pages", "out"),
    ]
