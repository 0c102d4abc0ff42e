"""Every file a page offers is what its name says: `check` and the build refuse the
same files, a PDF is opened once for its facts, and a locked PDF is offered with a warning."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from generator.resources import downloads

from .helpers import BAD, NOW, load_content, make_pdf, make_project, online_event, run_cli, valid_content

NOTES = BAD / "content" / "journal" / "notes"
EVENTS = BAD / "content" / "events"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(out, "PNG")
    return out.getvalue()


def _with_slides(name: str, data: bytes) -> dict[str, str | bytes]:
    content = valid_content()
    content["events/talk.md"] = online_event("Talk", "2027-01-10 10:00", extra=f"slides:\n  - file: {name}")
    content[f"events/{name}"] = data
    return content


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("slides.pdf", _png(), "'slides.pdf' is not a PDF (its bytes are a PNG picture)"),
        (
            "slides.jpg",
            (NOTES / "locked-issue.pdf").read_bytes(),
            "'slides.jpg' is not a JPEG picture (its bytes are a PDF)",
        ),
        (
            "slides.pptx",
            b"<!DOCTYPE html><html><body>Sign in</body></html>",
            "is not a PowerPoint file (its bytes are a web page",
        ),
        ("notes.txt", _png(), "'notes.txt' is not plain text (its bytes are a PNG picture)"),
        ("slides.pdf", (EVENTS / "damaged-slides.pdf").read_bytes(), "starts like a PDF but cannot be opened"),
    ],
)
def test_check_and_build_refuse_a_file_that_is_not_what_it_says(tmp_path: Path, name, data, words):
    project = make_project(tmp_path / "p", _with_slides(name, data))
    check = run_cli(project, "check", "--now", NOW.isoformat())
    assert check.returncode == 1
    line = next(
        x
        for x in check.stdout.splitlines()
        if x.startswith(f"content/events/talk.md:6: the 1st slides file ({name}): ")
    )
    assert words in line and " — " in line
    out = tmp_path / "out"
    build = run_cli(project, "build", "--out", str(out), "--now", NOW.isoformat())
    assert build.returncode == 1 and words in build.stderr
    assert not out.exists()  # the page that would offer it is not made


def test_files_of_their_kind_pass(tmp_path: Path):
    content = _with_slides("slides.pdf", b"")
    make_pdf(tmp_path / "real.pdf", 2)
    content["events/slides.pdf"] = (tmp_path / "real.pdf").read_bytes()
    content["events/talk.md"] = online_event(
        "Talk", "2027-01-10 10:00", extra="slides:\n  - file: slides.pdf\n  - file: photo.png\n  - file: notes.txt"
    )
    content["events/photo.png"] = _png()
    content["events/notes.txt"] = "Plain notes.\n"
    assert load_content(tmp_path, content).errors == []


def test_a_locked_pdf_is_offered_with_a_warning_saying_why(tmp_path: Path):
    project = make_project(tmp_path / "p", _with_slides("slides.pdf", (NOTES / "locked-issue.pdf").read_bytes()))
    out = tmp_path / "out"
    build = run_cli(project, "build", "--out", str(out), "--now", NOW.isoformat())
    assert build.returncode == 0, build.stderr
    assert (
        "the 1st slides file (slides.pdf): 'slides.pdf' is protected by a password: people cannot open it"
        in build.stdout + (build.stderr)
    )
    assert (out / "events/talk/slides.pdf").read_bytes() == (NOTES / "locked-issue.pdf").read_bytes()


def test_a_picture_for_a_card_must_be_a_picture(tmp_path: Path):
    content = valid_content()
    content["events/talk.md"] = online_event("Talk", "2027-01-10 10:00", extra="image: share.png")
    content["events/share.png"] = (NOTES / "locked-issue.pdf").read_bytes()
    problem = next(p for p in load_content(tmp_path, content).errors if p.path == "content/events/talk.md")
    assert (problem.line, problem.field) == (5, "image")
    assert "'share.png' is not an image we can read (its bytes are a PDF)" in problem.message


def test_a_picture_of_too_many_pixels_is_refused_before_it_is_decoded(tmp_path: Path):
    bomb = BAD / "content" / "people" / "photo-bomb.png"
    assert bomb.stat().st_size < 30_000  # small on disk, 182 million pixels
    content = valid_content()
    content["people/anna-jones.md"] = content["people/anna-jones.md"].replace("name:", "photo: bomb.png\nname:")
    content["people/bomb.png"] = bomb.read_bytes()
    problem = next(p for p in load_content(tmp_path, content).errors if p.field == "photo")
    assert "'bomb.png' has too many pixels to be a web image (182 million pixels)" in problem.message


def test_a_pdf_is_opened_once_for_check_and_the_page(tmp_path: Path, monkeypatch):
    from generator import workers
    from generator.build import pipeline

    monkeypatch.setenv(workers.WORKERS_ENV, "1")  # in this process, where the reads can be counted
    opened: list[int] = []
    read = downloads._read_pdf
    monkeypatch.setattr(downloads, "_read_pdf", lambda data: opened.append(len(data)) or read(data))
    content = valid_content()
    content["events/talk.md"] = online_event("Talk", "2027-01-10 10:00", extra="slides:\n  - file: slides.pdf")
    project = make_project(tmp_path / "p", content)
    make_pdf(project / "content/events/slides.pdf", 3)
    site, _, _ = pipeline.load_site(project, NOW)  # as `check` does: nothing kept between runs
    assert len(opened) == 1
    talk = next(e for e in site.events if e.slug == "talk")
    assert talk.slides[0].facts.label.endswith("3 pages")
    pipeline.load_site(project, NOW, keep=True)
    assert len(opened) == 2
    kept = list((project / pipeline.FILE_STORE).glob("*.json"))
    assert len(kept) == 1 and json.loads(kept[0].read_bytes())["locked"] is False
    pipeline.load_site(project, NOW, keep=True)  # a later build reads the kept facts
    assert len(opened) == 2


def test_sniff_names_the_kinds_the_site_accepts():
    assert downloads.sniff(b"%PDF-1.7\n") == "pdf"
    assert downloads.sniff(b"\n\n%PDF-1.4") == "pdf"  # PDFium finds the header a little way in too
    assert downloads.sniff(_png()) == "png"
    assert downloads.sniff(b"PK\x03\x04rest") == "zip"
    assert downloads.sniff(b"ID3\x04") == "mp3"
    assert downloads.sniff(b"\x00\x00\x00\x18ftypmp42") == "mp4"
    assert downloads.sniff(b"Plain words") is None
