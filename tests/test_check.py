"""`check` and the committed corpora: one fault per bad file, tricky files that must pass.

`new` and what `check` says of the files it starts are in test_new.py."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from .helpers import BAD, GOOD, NOW, copy_project, digest, make_pdf, run_cli
from .test_yaml_mistakes import EXPECTED as YAML_MISTAKES

# (file under content/, line, field, words the message or fix must contain, severity)
CASES = [
    ("events/missing-title.md", 1, "title", ["required field is missing", "title:"], "error"),
    ("events/empty-title.md", 2, "title", ["is empty"], "error"),
    ("events/unknown-field.md", 4, "speakres", ["not a field", "did you mean `speakers`"], "error"),
    ("events/misspelt-status.md", 4, "status", ["not one of the allowed values", "did you mean cancelled"], "error"),
    ("events/misspelt-format.md", 4, "format", ["did you mean in-person"], "error"),
    ("events/wrong-type.md", 5, "venue", ["should be a group of fields"], "error"),
    ("events/time-only.md", 3, "start", ["'14:00' is a time without a date", "2023-06-26 14:00"], "error"),
    ("events/impossible-date.md", 3, "start", ["not a real date"], "error"),
    ("events/end-before-start.md", 4, "end", ["ends before it starts"], "error"),
    ("events/clocks-forward.md", 3, "start", ["does not exist in Europe/London", "clocks go forward"], "error"),
    ("events/clocks-back.md", 3, "start", ["happens twice in Europe/London", "clocks go back"], "error"),
    ("events/unknown-timezone.md", 4, "timezone", ["not a time zone", "did you mean Europe/London"], "error"),
    ("events/missing-slides.md", 5, "the 1st slides file (slides.pdf)", ["'slides.pdf' does not exist"], "error"),
    (
        "events/slides-outside-content.md",
        5,
        "the 1st slides file (../../site.yml)",
        ["outside the content folder"],
        "error",
    ),
    ("events/javascript-link.md", 4, "recording", ["'javascript:' are not allowed"], "error"),
    ("events/bad-email.md", 4, "contact", ["not an email address"], "error"),
    ("events/unknown-person.md", 4, "chair", ["no person 'nobody-here'", "content/people/nobody-here.md"], "error"),
    ("events/speaker-without-name.md", 5, "the 1st speaker (Head of Service)", ["needs a name or an id"], "error"),
    (
        "events/board-meeting-follow-up.md",
        4,
        "uid",
        ["already has this calendar id", "board-meeting.md", "delete its `uid:` line"],
        "error",
    ),
    ("events/not-utf8.md", 2, None, ["not saved as UTF-8"], "error"),
    ("events/no-series-file/event.md", None, None, ["has no _series.md"], "error"),
    ("misc/stray.md", None, None, ["not in a content folder the site knows"], "error"),
    ("journal/notes/issue-1-again.md", 3, "issue", ["issue 1 already exists", "issue-1.md"], "error"),
    ("journal/notes/number-in-words.md", 3, "issue", ["whole number", "'six'"], "error"),
    ("journal/notes/missing-pdf.md", 6, "the PDF file", ["'issue-7.pdf' does not exist"], "error"),
    ("journal/notes/missing-cover.md", 5, "cover", ["'cover.png' does not exist"], "error"),
    (
        "practice-week/2023/nation-no.md",
        5,
        "nation",
        ["'NO' is not one of the allowed values", "Northern Ireland"],
        "error",
    ),
    ("practice-week/2023/missing-place.md", 1, "place", ["required field is missing"], "error"),
    ("practice-week/2023/date-with-time.md", 3, "date", ["date only"], "error"),
    (
        "practice-week/2023/quote-without-text.md",
        6,
        "the text of the 1st quote",
        ["required field is missing"],
        "error",
    ),
    ("people/missing-photo.md", 3, "photo", ["'missing-photo.jpg' does not exist"], "error"),
    ("people/bad-link.md", 5, "the web address of the 1st link (Profile)", ["not a full web address"], "error"),
    ("pages/order-in-words.md", 3, "order", ["whole number"], "error"),
    (
        "practice-week/2023/missing-image.md",
        8,
        None,
        ["'photos/workshop.png' does not exist", "did you mean photos/workshop.jpg?"],
        "error",
    ),
    (
        "practice-week/2023/image-without-alt.md",
        8,
        None,
        ["no alt text", "![Practitioners at the workshop](photos/workshop.jpg)", '![](photos/workshop.jpg){alt=""}'],
        "error",
    ),
    ("practice-week/2023/link-to-missing-page.md", 6, None, ["the page 'three.md' does not exist"], "error"),
    (
        "practice-week/2023/link-out-of-content.md",
        8,
        None,
        ["'../../../../etc/passwd' points outside the content folder"],
        "error",
    ),
    (
        "practice-week/2023/missing-heading.md",
        8,
        None,
        ["no heading '#what-we-learned'", "did you mean #what-we-found?"],
        "error",
    ),
    (
        "people/misspelt-person-link.md",
        4,
        None,
        ["'knwon-person.md' does not exist", "did you mean known-person.md?"],
        "error",
    ),
    (
        "people/photo-not-an-image.md",
        3,
        "photo",
        ["'not-a-photo.jpg' is not an image we can read", "JPEG or PNG"],
        "error",
    ),
    ("pages/html-image-without-alt.md", 6, None, ["no alt text", 'alt=""'], "error"),
    ("pages/image-from-another-folder.md", 4, None, ["is not in this page's folder", "content/pages/"], "error"),
    (
        "events/slides-not-a-pdf.md",
        5,
        "the 1st slides file (picture-slides.pdf)",
        ["'picture-slides.pdf' is not a PDF (its bytes are a PNG picture)", "rename it to picture-slides.png"],
        "error",
    ),
    (
        "events/slides-corrupt.md",
        5,
        "the 1st slides file (corrupt-slides.pdf)",
        ["'corrupt-slides.pdf' is not a PDF", "damaged"],
        "error",
    ),
    (
        "events/slides-damaged.md",
        5,
        "the 1st slides file (damaged-slides.pdf)",
        ["'damaged-slides.pdf' starts like a PDF but cannot"],
        "error",
    ),
    ("pages/link-to-a-broken-file.md", 5, None, ["'minutes.docx' is not a Word document", "Word"], "error"),
    ("people/photo-is-a-pdf.md", 3, "photo", ["not an image we can read (its bytes are a PDF)"], "error"),
    ("people/photo-bomb.md", 3, "photo", ["too many pixels", "182 million pixels", "smaller copy"], "error"),
    ("journal/notes/encrypted-pdf.md", 6, "the PDF file", ["protected by a password", "cannot be searched"], "warning"),
    ("events/long-title.md", 2, "title", ["241 characters long", "limit of 150"], "warning"),
    # The rule for HTML in a page's text (generator.html_rule), one file for each thing it refuses.
    ("pages/script-in-text.md", 6, None, ["has a <script>", "between backticks"], "error"),
    (
        "pages/runaway-brackets.md",
        6,
        None,
        ["[ ( or < without their partners", "published as plain text", "shorter paragraphs"],
        "warning",
    ),
    ("pages/handler-in-text.md", 4, None, ["<span> has an onmouseover= attribute", 'remove onmouseover="…"'], "error"),
    ("pages/handler-in-attribute-list.md", 4, None, ["sets onclick=, which runs code"], "error"),
    ("pages/javascript-in-a-link.md", 6, None, ["the link goes to 'javascript:", "https://"], "error"),
    ("pages/hidden-javascript.md", 4, None, ["the link goes to 'javascript:alert(1)'"], "error"),
    ("pages/vbscript-link.md", 4, None, ["the link goes to 'vbscript:", "runs code"], "error"),
    ("pages/data-address.md", 6, None, ["the picture holds a 'data:' address", "next to this page"], "error"),
    ("pages/iframe-from-elsewhere.md", 6, None, ["video.example.com, which is not on the list", "embeds:"], "error"),
    ("pages/form-in-text.md", 6, None, ["has a <form>", "link to the form instead"], "error"),
    ("pages/object-in-text.md", 4, None, ["has an <object>", "link to it instead"], "error"),
    ("pages/embed-in-text.md", 4, None, ["has an <embed>", "link to it instead"], "error"),
    ("pages/base-in-text.md", 4, None, ["has a <base>", "remove it"], "error"),
    ("pages/meta-in-text.md", 4, None, ["has a <meta>", "front matter"], "error"),
    ("events/in-person-no-venue.md", 4, "venue", ["an in-person event has no venue"], "warning"),
    ("events/past-without-recording.md", 2, "recording", ["no recording or slides"], "warning"),
    (
        "events/recording-without-captions.md",
        4,
        "recording",
        ["no captions or transcript", "captions: true"],
        "warning",
    ),
    # Running a programme: booking windows and repeating sessions.
    (
        "events/booking-opens-after-closes.md",
        6,
        "the opening date of the registration",
        ["booking opens after it closes"],
        "error",
    ),
    (
        "events/booking-closes-after-event.md",
        7,
        "the closing date of the registration",
        ["booking closes after the event has ended"],
        "error",
    ),
    ("events/repeat-without-end.md", 4, "repeat", ["a repeat needs an end", "`until:`", "`count:`"], "error"),
    (
        "events/repeat-except-not-a-date.md",
        8,
        "the 1st date in except (2027-04-14) of the repeat",
        ["Wednesday 14 April 2027 is not one of the dates", "did you mean Tuesday 13 April 2027 (2027-04-13)"],
        "error",
    ),
    ("events/cancelled-without-repeat.md", 4, "cancelled", ["only a repeating session", "status: cancelled"], "error"),
    ("events/lonely/_series.md", 2, None, ["only one event"], "warning"),
    # Nested fields are named in words, at the line of the item (not of `speakers:`).
    (
        "events/second-speaker-unknown.md",
        7,
        "the 2nd speaker (lauren-kokan)",
        ["no person 'lauren-kokan'", "write their details instead of the id"],
        "error",
    ),
    (
        "events/misspelt-speaker-field.md",
        7,
        "the 2nd speaker (Hannah Lewis)",
        ["'organisaton' is not a field a speaker can have", "did you mean `organisation`?"],
        "error",
    ),
    (
        "events/quoted-field-name.md",
        6,
        "the 1st speaker (Hannah Lewis)",
        ["‘role’ has curly quotes around it", "write `role:`"],
        "error",
    ),
    (
        "events/registration-under-venue.md",
        8,
        "venue",
        ["'registration' is not a field a venue can have", "lines up with `venue:`"],
        "error",
    ),
    (
        "events/venue-not-indented.md",
        6,
        "name",
        ["'name' is not a field an event can have", "put two spaces before it", "inside `venue:`"],
        "error",
    ),
    # Duplicates and copies.
    (
        "events/shared-vision-webinar.md",
        1,
        None,
        ["same title and start as content/events/shared-vision.md"],
        "warning",
    ),
    (
        "practice-week/2023/family-support-in-swansea copy.md",
        1,
        None,
        ["same date and place as content/practice-week/2023/swansea.md", "delete the copy"],
        "warning",
    ),
    ("pages/contact (1).md", None, None, ["looks like a copy of content/pages/contact.md"], "warning"),
    ("pages/meeting notes.md", None, None, ["has a space in it", "meeting-notes.md"], "warning"),
]
# Front matter YAML cannot read (tests/test_yaml_mistakes.py has each whole line).
CASES += [
    (f"events/{name}", int(said.split(":", 1)[0]), None, [said.split(": ", 1)[1]], "error")
    for name, said in YAML_MISTAKES.items()
]


@pytest.fixture(scope="module")
def checked() -> subprocess.CompletedProcess:
    return run_cli(BAD, "check", "--now", NOW.isoformat())


def test_corpus_has_one_fault_per_file():
    bad_files = {p.relative_to(BAD / "content").as_posix() for p in (BAD / "content").rglob("*.md")}
    named = {case[0] for case in CASES}
    assert len([c for c in CASES if c[4] == "error"]) >= 25
    assert named <= bad_files
    # The files that are not cases are the valid context they need.
    assert bad_files - named == {
        "people/known-person.md",
        "events/board-meeting.md",
        "journal/notes/_journal.md",
        "journal/notes/issue-1.md",
        "practice-week/2023/_week.md",
        "events/lonely/only-event.md",
        "events/shared-vision.md",
        "practice-week/2023/swansea.md",
        "pages/contact.md",
    }


@pytest.mark.parametrize("path, line, field, words, severity", CASES, ids=[c[0] for c in CASES])
def test_each_bad_file_gets_a_plain_message(checked, path, line, field, words, severity):
    where = f"content/{path}:{line}:" if line else f"content/{path}:"
    label = " warning:" if severity == "warning" else ""
    prefix = f"{where}{label}" + (f" {field}:" if field else "")
    matches = [m for m in checked.stdout.splitlines() if m.startswith(prefix)]
    assert len(matches) == 1, f"expected one line starting {prefix!r} in:\n{checked.stdout}"
    message = matches[0]
    for word in words:
        assert word in message
    if severity == "error":
        assert " — " in message  # every error says how to fix it


def test_check_reports_everything_at_once_and_fails(checked):
    assert checked.returncode == 1
    assert "Traceback" not in checked.stdout + checked.stderr
    lines = checked.stdout.strip().splitlines()
    errors = sum(c[4] == "error" for c in CASES)
    warnings = len(CASES) - errors
    assert lines[-1] == f"{errors} errors, {warnings} warnings: fix the errors above, then run make check again"
    files = [line.split(":", 1)[0] for line in lines[:-1]]
    assert files == sorted(files)


def test_github_annotations(checked):
    result = run_cli(BAD, "check", "--format", "github", "--now", NOW.isoformat())
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert len(lines) == len(CASES) + 1
    assert "::error file=content/events/time-only.md,line=3,title=start::'14%3A00'" not in result.stdout
    assert (
        "::error file=content/events/time-only.md,line=3,title=start::'14:00' is a time without a date" in result.stdout
    )
    assert "::warning file=content/events/lonely/_series.md,line=2,title=content::" in result.stdout
    assert all(re.match(r"^::(error|warning) file=[^,]+(,line=\d+)?,title=[^:]+::\S", line) for line in lines[:-1])


def test_warnings_alone_do_not_fail(tmp_path: Path):
    project = tmp_path / "p"
    shutil.copytree(BAD, project)
    for path, *_, severity in CASES:
        if severity == "error":
            (project / "content" / path).unlink()
    for extra in ("events/board-meeting-follow-up.md", "journal/notes/issue-1-again.md"):
        (project / "content" / extra).unlink(missing_ok=True)
    result = run_cli(project, "check", "--now", NOW.isoformat())
    assert result.returncode == 0, result.stdout
    warnings = sum(case[4] == "warning" for case in CASES)
    assert result.stdout.strip().splitlines()[-1] == f"0 errors, {warnings} warnings"


def test_check_and_failed_build_change_nothing(tmp_path: Path):
    before = digest(BAD)
    out = tmp_path / "out"
    out.mkdir()
    (out / "earlier.md").write_text("the last good output\n", encoding="utf-8")
    result = run_cli(BAD, "build", "--out", str(out), "--now", NOW.isoformat())
    assert result.returncode == 1
    assert "Nothing was written" in result.stderr and "Traceback" not in result.stderr
    assert "content/events/time-only.md:3: start:" in result.stderr
    assert digest(out) == {"earlier.md": hashlib.sha256(b"the last good output\n").hexdigest()}
    run_cli(BAD, "check")
    assert digest(BAD) == before


def test_tricky_valid_files_pass_check():
    result = run_cli(GOOD, "check", "--now", NOW.isoformat())
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == "0 errors, 0 warnings"


def _main(site: Path, url: str) -> BeautifulSoup:
    html = (site / url / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").select_one("article")


def test_tricky_files_render_as_written(good_site: Path):
    welsh = _main(good_site, "events/curly-quotes-and-welsh")
    assert welsh.h1.get_text(strip=True).startswith("“Gŵyl ddysgu” – ŷd, caffi & ‘te’")
    assert "Café, crèche and Ŵ/ŷ all welcome; “quoted” text too." in welsh.get_text()
    assert "In person" in welsh.get_text() and "Siân Ŵen" in welsh.get_text()
    crlf = _main(good_site, "events/crlf-line-endings")
    assert "Written in Notepad." in crlf.get_text() and "Mair Ŵyn" in crlf.get_text()
    assert _main(good_site, "events/byte-order-mark").h1.get_text(strip=True).startswith("Saved with a byte-order mark")
    paris = _main(good_site, "events/other-time-zone").select_one("dl time")
    assert paris.get_text() == "Friday 14 May 2027, 7pm to 8pm" and paris["datetime"] == "2027-05-14T19:00+02:00"
    yaml11 = _main(good_site, "events/yaml-one-point-one-words")
    assert yaml11.h1.get_text(strip=True).startswith("yes")
    assert {a.get_text() for a in yaml11.select(".lx-tag")} == {"on", "off", "NO"}


def test_html_in_fields_never_reaches_a_page_unescaped(good_site: Path):
    for page in good_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for raw in ("<script>alert('x')</script>", "<img src=x onerror", "<b>Bold</b>", "<i>tag</i>"):
            assert raw not in html, f"{raw} unescaped in {page.relative_to(good_site)}"
    shown = _main(good_site, "events/html-in-fields").h1.get_text(strip=True)
    assert shown.startswith("<b>Bold</b> claims & <script>alert('x')</script>")


def test_guide_tables_come_from_the_schema(site: Path):
    from generator.authoring.guide import field_rows
    from generator.content.schema import EventMeta

    page = BeautifulSoup((site / "how-to-add-content/event/index.html").read_text(encoding="utf-8"), "html.parser")
    table = page.select_one("article h2#fields").find_next("table")
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert [r[0] for r in rows] == list(EventMeta.model_fields)
    assert [r[:2] for r in rows] == [[name, req] for name, req, *_ in field_rows(EventMeta)]
    assert rows[0][:2] == ["title", "yes"] and rows[1][:2] == ["start", "yes"]
    assert any(r[0] == "speakers" and r[2] == "list of: person" for r in rows)


def test_guide_examples_pass_validation(tmp_path: Path):
    """The complete example on each guide page is a valid file (given the files it names)."""
    from generator.authoring.guide import TYPES, complete_example

    project = copy_project(tmp_path / "p")
    content = project / "content"
    places = {
        "event": "events/guide-example.md",
        "series": "events/guide-series/_series.md",
        "journal": "journal/guide-journal/_journal.md",
        "issue": "journal/strengthening-families/guide-issue.md",
        "week": "practice-week/2030/_week.md",
        "visit": "practice-week/2023/guide-visit.md",
        "person": "people/guide-person.md",
        "page": "pages/guide-page.md",
    }
    assert set(places) == set(TYPES)
    for kind, rel in places.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        text = complete_example(kind)
        if kind == "issue":
            text = text.replace("issue: 6", "issue: 60")
        path.write_text(text, encoding="utf-8")
        for name in re.findall(r"(?:file|cover|photo|image|transcript): (\S+\.\w+)", text):
            if name.endswith(".pdf"):  # a real PDF: check opens every PDF a page offers
                make_pdf(path.parent / name, 1)
            elif name.endswith(".vtt"):  # a transcript in WebVTT, as video hosts export it
                (path.parent / name).write_text("WEBVTT\n\n00:00.000 --> 00:04.000\nWelcome.\n", encoding="utf-8")
            else:  # a cover, photo or image must be an image browsers show
                Image.new("RGB", (400, 300), "teal").save(path.parent / name)
    (content / "events" / "guide-series" / "a.md").write_text("---\ntitle: A\nstart: 2030-01-01 10:00\n---\n")
    (content / "events" / "guide-series" / "b.md").write_text("---\ntitle: B\nstart: 2030-02-01 10:00\n---\n")
    result = run_cli(project, "check", "--now", NOW.isoformat())
    assert result.returncode == 0, result.stdout + result.stderr
