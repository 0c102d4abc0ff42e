"""Validation: every fault in content becomes a Problem a comms officer can act on.

Each test writes a tiny project into tmp_path and runs generator.content.loader.load
over it; nothing here reads or writes the repository's own content/.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from generator.problems import ContentError, Problem, format_report

from .helpers import NOW, PERSON_ANNA, load_content, md, online_event

EVENT = "content/events/a.md"


def line_of(text: str, prefix: str) -> int:
    """1-based number of the first line of `text` starting with `prefix` (as an editor shows it)."""
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith(prefix):
            return n
    raise AssertionError(f"no line starting {prefix!r}")


def event(front: str) -> str:
    return md(front, "About the event.")


# --- one fault per case ---------------------------------------------------
# Each case: the files, then what the one error must say: its path, field, the
# line (None when the problem is about the whole file; an int when it is not a
# field's line; else the start of the field's line in the file), words in the
# message, words in the fix.

SERIES_OK = md("title: A series")
JOURNAL_OK = md("title: A journal")
WEEK_OK = md("title: Practice week 2025")

CASES = {
    "missing-title": dict(
        files={"events/a.md": event("start: 2026-12-01 10:00\nrecording: https://video.example.org/a")},
        path=EVENT,
        field="title",
        line=1,  # the opening --- line: the field belongs in this front matter
        message=["required", "missing"],
        fix=["title:"],
    ),
    "bare-title": dict(
        files={"events/a.md": event("title:\nstart: 2026-12-01 10:00")},
        path=EVENT,
        field="title",
        line="title:",
        message=["text"],
        fix=["after the colon"],
    ),
    "unknown-key-speakres": dict(
        files={
            "people/anna-jones.md": PERSON_ANNA,
            "events/a.md": event("title: T\nstart: 2026-12-01 10:00\nspeakres: [anna-jones]"),
        },
        path=EVENT,
        field="speakres",
        line="speakres:",
        message=["'speakres'", "not a field"],
        fix=["did you mean `speakers`?"],
    ),
    "status-canceled": dict(
        files={"events/a.md": event("title: T\nstart: 2026-12-01 10:00\nstatus: canceled")},
        path=EVENT,
        field="status",
        line="status:",
        message=["'canceled'", "not one of the allowed values"],
        fix=["did you mean cancelled?", "scheduled", "postponed"],
    ),
    "time-without-date": dict(
        files={"events/a.md": event("title: T\nstart: 14:00")},
        path=EVENT,
        field="start",
        line="start:",
        message=["'14:00'", "time without a date"],
        fix=["date and the time together"],
    ),
    "nation-NO": dict(
        files={
            "practice-week/2025/_week.md": WEEK_OK,
            "practice-week/2025/oslo.md": md("title: A visit\ndate: 2025-10-06\nplace: Oslo\nnation: NO"),
        },
        path="content/practice-week/2025/oslo.md",
        field="nation",
        line="nation:",
        # Read as the text NO, not the boolean false (which would show as 'no' or 'False').
        message=["'NO'", "not one of the allowed values"],
        fix=["England", "Wales", "Scotland", "Northern Ireland"],
    ),
    "malformed-yaml": dict(
        files={
            "events/a.md": event("title: T\nstart: 2026-12-01 10:00\nsummary: Delay: what we learned\nformat: online")
        },
        path=EVENT,
        field=None,
        line="summary:",
        message=["colon followed by a space"],
        fix=['`summary: "Delay: what we learned"`'],
    ),
    "end-before-start": dict(
        files={"events/a.md": event("title: T\nstart: 2026-12-01 14:00\nend: 2026-12-01 13:30")},
        path=EVENT,
        field="end",
        line="end:",
        message=["ends before it starts"],
        fix=["24-hour clock"],
    ),
    "clocks-forward": dict(
        files={
            "events/a.md": event(
                "title: T\nstart: 2024-03-31 01:30\nend: 2024-03-31 03:00\nrecording: https://video.example.org/a"
            )
        },
        path=EVENT,
        field="start",
        line="start:",
        message=["2024-03-31 01:30", "does not exist", "Europe/London", "forward"],
        fix=["outside the hour"],
    ),
    "clocks-back": dict(
        files={
            "events/a.md": event(
                "title: T\nstart: 2024-10-27 01:30\nend: 2024-10-27 03:00\nrecording: https://video.example.org/a"
            )
        },
        path=EVENT,
        field="start",
        line="start:",
        message=["2024-10-27 01:30", "happens twice", "Europe/London", "back"],
        fix=["outside the hour"],
    ),
    "unknown-timezone": dict(
        files={"events/a.md": event("title: T\nstart: 2026-12-01 10:00\ntimezone: Europe/Lundun")},
        path=EVENT,
        field="timezone",
        line="timezone:",
        message=["'Europe/Lundun'", "not a time zone"],
        fix=["did you mean Europe/London?"],
    ),
    "slides-file-missing": dict(
        files={
            "events/slides.pdf": b"%PDF-1.4\n",
            "events/a.md": event("title: T\nstart: 2026-12-01 10:00\nslides:\n  - file: slide.pdf"),
        },
        path=EVENT,
        field="the 1st slides file (slide.pdf)",
        line="  - file: slide.pdf",
        message=["'slide.pdf'", "does not exist"],
        fix=["did you mean slides.pdf?", "content/events/"],
    ),
    "slide-path-leaves-content": dict(
        files={"events/a.md": event("title: T\nstart: 2026-12-01 10:00\nslides:\n  - file: ../../site.yml")},
        path=EVENT,
        field="the 1st slides file (../../site.yml)",
        line="  - file: ../../site.yml",
        message=["'../../site.yml'", "outside the content folder"],
        fix=["same folder as this page"],
    ),
    "javascript-recording": dict(
        files={"events/a.md": event("title: T\nstart: 2026-12-01 10:00\nrecording: javascript:alert(1)")},
        path=EVENT,
        field="recording",
        line="recording:",
        message=["'javascript:'", "not allowed"],
        fix=["https://"],
    ),
    "invalid-contact-email": dict(
        files={"events/a.md": event("title: T\nstart: 2026-12-01 10:00\ncontact: learning at example.org")},
        path=EVENT,
        field="contact",
        line="contact:",
        message=["'learning at example.org'", "not an email address"],
        fix=["learning@example.org"],
    ),
    "unknown-person-id": dict(
        files={
            "people/anna-jones.md": PERSON_ANNA,
            "events/a.md": event("title: T\nstart: 2026-12-01 10:00\nchair: anna-jone"),
        },
        path=EVENT,
        field="chair",
        line="chair:",
        message=["no person 'anna-jone'", "content/people/"],
        fix=["did you mean anna-jones?", "content/people/anna-jone.md", "name:"],
    ),
    "duplicate-uid": dict(
        files={
            "events/a.md": online_event("A", "2026-12-01 10:00", extra="uid: same@example.org"),
            "events/b.md": online_event("B", "2026-12-02 10:00", extra="uid: same@example.org"),
        },
        path="content/events/b.md",
        field="uid",
        line="uid:",
        message=["another event already has this calendar id", "content/events/a.md"],
        fix=["delete its `uid:` line"],
    ),
    "duplicate-issue-number": dict(
        files={
            "journal/sfj/_journal.md": JOURNAL_OK,
            "journal/sfj/first.md": md("title: First\nissue: 2\npublished: 2025-01-10"),
            "journal/sfj/second.md": md("title: Second\nissue: 2\npublished: 2025-02-10"),
        },
        path="content/journal/sfj/second.md",
        field="issue",
        line="issue:",
        message=["issue 2 already exists", "content/journal/sfj/first.md"],
        fix=["own number"],
    ),
    "not-utf8": dict(
        files={"events/a.md": "---\ntitle: Caf\u00e9 conversations\nstart: 2026-12-01 10:00\n---\n".encode("cp1252")},
        path=EVENT,
        field=None,
        line=2,  # the first byte that is not UTF-8 is on line 2
        message=["not saved as UTF-8"],
        fix=["UTF-8"],
    ),
    "series-folder-without-_series": dict(
        files={
            "events/delay/one.md": online_event("One", "2026-12-01 10:00"),
        },
        path="content/events/delay/one.md",
        field=None,
        line=None,
        message=["content/events/delay/", "no _series.md"],
        fix=["add _series.md"],
    ),
    "file-outside-known-sections": dict(
        files={"blog/post.md": md("title: A blog post")},
        path="content/blog/post.md",
        field=None,
        line=None,
        message=["not in a content folder the site knows"],
        fix=["content/events/", "content/pages/"],
    ),
}


def _error(tmp_path, files) -> Problem:
    loaded = load_content(tmp_path, files)
    errors = loaded.errors
    assert len(errors) == 1, format_report(loaded.problems)
    return errors[0]


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_each_fault_gives_one_clear_error(tmp_path, case):
    c = CASES[case]
    problem = _error(tmp_path, c["files"])
    assert problem.severity == "error"
    assert problem.path == c["path"]
    assert problem.field == c["field"]
    if isinstance(c["line"], str):
        # The line the author's editor shows for that field.
        text = c["files"][c["path"].removeprefix("content/")]
        assert problem.line == line_of(text, c["line"])
    else:
        assert problem.line == c["line"]
    for words in c["message"]:
        assert words in problem.message
    for words in c["fix"]:
        assert words in problem.fix
    # The one-line form names the file, line and field as the author sees them.
    where = f"{c['path']}:{problem.line}:" if problem.line else f"{c['path']}:"
    assert problem.format().startswith(where)


STATUS_TYPO = "title: T\nstart: 2026-12-01 10:00\nstatus: canceled\n"


@pytest.mark.parametrize(
    "text",
    [
        "---\n" + STATUS_TYPO + "---\n",
        "\n\n---\n" + STATUS_TYPO + "---\n",  # blank lines before the front matter
        "---\n# a YAML comment\n" + STATUS_TYPO + "---\n",
        ("---\n" + STATUS_TYPO + "---\n").replace("\n", "\r\n"),
        "\ufeff---\n" + STATUS_TYPO + "---\n",
        "---\n\n" + STATUS_TYPO + "---\n",
    ],
    ids=["plain", "leading-blank-lines", "comment", "crlf", "bom", "blank-line-after-opening"],
)
def test_line_numbers_survive_file_layout(tmp_path, text):
    problem = _error(tmp_path, {"events/a.md": text.encode("utf-8")})
    assert problem.field == "status"
    assert problem.line == line_of(text.lstrip("\ufeff").replace("\r\n", "\n"), "status:")


def test_yaml_error_line_with_blank_line_after_opening(tmp_path):
    text = "---\n\ntitle: T\nsummary: Delay: what we learned\n---\n"
    problem = _error(tmp_path, {"events/a.md": text})
    assert "colon followed by a space" in problem.message
    assert problem.line == line_of(text, "summary:")


@pytest.mark.parametrize("front", ["---\n---\nHello\n", "---\n\n---\nHello\n", "---\n# only a comment\n---\n"])
def test_front_matter_with_nothing_in_it_asks_for_the_title(tmp_path, front):
    problem = _error(tmp_path, {"pages/empty.md": front})
    assert (problem.path, problem.field) == ("content/pages/empty.md", "title")
    assert "missing" in problem.message


@pytest.mark.parametrize("title", ['""', "'   '"], ids=["empty-quotes", "only-spaces"])
def test_empty_title_is_reported_in_plain_words(tmp_path, title):
    problem = _error(tmp_path, {"events/a.md": event(f"title: {title}\nstart: 2026-12-01 10:00")})
    assert (problem.path, problem.field) == (EVENT, "title")
    assert problem.line == 2
    assert "empty" in problem.message
    assert "item" not in problem.message  # not pydantic's "at least 1 item after validation"
    assert "after the colon" in problem.fix


def test_time_without_date_is_not_read_as_a_number(tmp_path):
    # Plain YAML 1.1 reads 14:00 as the sexagesimal number 840.
    problem = _error(tmp_path, {"events/a.md": event("title: T\nstart: 14:00")})
    assert "840" not in problem.message


def test_out_of_range_date_is_reported(tmp_path):
    problem = _error(tmp_path, {"events/a.md": event("title: T\nstart: 2026-02-30 10:00")})
    assert problem.field == "start"
    assert "'2026-02-30 10:00'" in problem.message and "not a real date" in problem.message


def test_every_problem_is_reported_in_one_run(tmp_path):
    files = {
        "people/anna-jones.md": PERSON_ANNA,
        # Two faults in one file.
        "events/a.md": event("title: T\nstart: 2026-12-01 10:00\nstatus: canceled\ncontact: nobody"),
        # A fault in another file of the same kind.
        "events/b.md": event("start: 2026-12-01 10:00"),
        # Faults in other sections and kinds.
        "practice-week/2025/_week.md": WEEK_OK,
        "practice-week/2025/oslo.md": md("title: A visit\ndate: 2025-10-06\nplace: Oslo\nnation: NO\nteam: [nobody]"),
        "blog/post.md": md("title: A blog post"),
        "events/broken.md": "---\ntitle: [unclosed\n---\n",
    }
    loaded = load_content(tmp_path, files)
    found = {(p.path, p.field) for p in loaded.errors}
    assert found == {
        ("content/events/a.md", "status"),
        ("content/events/a.md", "contact"),
        ("content/events/b.md", "title"),
        ("content/practice-week/2025/oslo.md", "nation"),
        ("content/practice-week/2025/oslo.md", "the 1st member of the team (nobody)"),
        ("content/blog/post.md", None),
        ("content/events/broken.md", None),
    }
    # The exception carries them all, and the report counts them.
    exc = ContentError(loaded.problems)
    assert len(exc.problems) == 7
    assert exc.report().splitlines()[-1] == "7 errors, 0 warnings"


# --- warnings: reported, but the site still builds ------------------------

WARNING_CASES = {
    "in-person-without-venue": dict(
        files={"events/a.md": event("title: T\nstart: 2026-12-01 10:00\nformat: in-person")},
        path=EVENT,
        field="venue",
        message=["in-person event has no venue"],
        fix=["venue:"],
    ),
    "hybrid-without-venue": dict(
        files={"events/a.md": event("title: T\nstart: 2026-12-01 10:00\nformat: hybrid")},
        path=EVENT,
        field="venue",
        message=["hybrid event has no venue"],
        fix=["venue:"],
    ),
    "past-without-recording-or-slides": dict(
        files={"events/a.md": event("title: T\nstart: 2025-06-01 10:00")},
        path=EVENT,
        field="recording",
        message=["past event has no recording or slides"],
        fix=["recording:", "slides:"],
    ),
    "series-with-one-event": dict(
        files={"events/delay/_series.md": SERIES_OK, "events/delay/one.md": online_event("One", "2026-12-01 10:00")},
        path="content/events/delay/_series.md",
        field=None,
        message=["only one event"],
        fix=["content/events/"],
    ),
}


@pytest.mark.parametrize("case", list(WARNING_CASES), ids=list(WARNING_CASES))
def test_warnings_do_not_stop_the_build(tmp_path, case):
    c = WARNING_CASES[case]
    loaded = load_content(tmp_path, c["files"])
    assert loaded.errors == []
    assert len(loaded.problems) == 1, format_report(loaded.problems)
    warning = loaded.problems[0]
    assert warning.severity == "warning"
    assert (warning.path, warning.field) == (c["path"], c["field"])
    for words in c["message"]:
        assert words in warning.message
    for words in c["fix"]:
        assert words in warning.fix
    assert " warning:" in warning.format()
    # The event (or series) is still loaded.
    assert len(loaded.events) == 1


@pytest.mark.parametrize(
    "extra",
    [
        "recording:\n  url: https://video.example.org/a\n  captions: true",
        "slides:\n  - url: https://example.org/slides.pdf",
        "status: cancelled",
    ],
)
def test_past_event_with_catch_up_or_cancelled_has_no_warning(tmp_path, extra):
    loaded = load_content(tmp_path, {"events/a.md": event(f"title: T\nstart: 2025-06-01 10:00\n{extra}")})
    assert loaded.problems == []


def test_event_in_progress_is_not_past(tmp_path):
    # Started an hour before NOW and ends an hour after: no "past event" warning yet.
    loaded = load_content(
        tmp_path, {"events/a.md": event("title: T\nstart: 2026-11-23 11:00\nend: 2026-11-23 13:00")}, now=NOW
    )
    assert loaded.problems == []


# --- tricky inputs that are valid ------------------------------------------


def _only_event(tmp_path, files):
    loaded = load_content(tmp_path, files)
    assert loaded.problems == [], format_report(loaded.problems)
    assert len(loaded.events) == 1
    return loaded.events[0]


def test_crlf_line_endings(tmp_path):
    text = md("title: Windows file\nstart: 2026-12-01 10:00\nsummary: Saved on Windows.", "Line one.\n\nLine two.")
    item = _only_event(tmp_path, {"events/a.md": text.replace("\n", "\r\n").encode("utf-8")})
    assert item.meta.title == "Windows file"
    assert item.meta.summary == "Saved on Windows."
    assert item.start == datetime(2026, 12, 1, 10, 0, tzinfo=item.start.tzinfo)
    assert "\r" not in item.doc.body
    assert item.doc.body == "Line one.\n\nLine two.\n"


def test_utf8_byte_order_mark(tmp_path):
    text = md("title: Saved with a BOM\nstart: 2026-12-01 10:00")
    item = _only_event(tmp_path, {"events/a.md": b"\xef\xbb\xbf" + text.encode("utf-8")})
    assert item.meta.title == "Saved with a BOM"


def test_curly_quotes_and_welsh_letters(tmp_path):
    title = "\u201cDysgu gyda\u2019n gilydd\u201d \u2014 d\u0175r a th\u0177"  # “Dysgu gyda’n gilydd” — dŵr a thŷ
    summary = "\u2018Croeso\u2019 i bawb \u2014 ŵ, ŷ, Ŵ, Ŷ"
    item = _only_event(tmp_path, {"events/a.md": md(f"title: {title}\nstart: 2026-12-01 10:00\nsummary: {summary}")})
    assert item.meta.title == title
    assert item.meta.summary == summary


def test_format_is_case_insensitive(tmp_path):
    item = _only_event(tmp_path, {"events/a.md": event("title: T\nstart: 2026-12-01 10:00\nformat: Online")})
    assert item.meta.format == "online"


def test_single_speaker_as_a_string(tmp_path):
    item = _only_event(
        tmp_path,
        {
            "people/anna-jones.md": PERSON_ANNA,
            "events/a.md": event("title: T\nstart: 2026-12-01 10:00\nspeakers: anna-jones"),
        },
    )
    assert [s.id for s in item.meta.speakers] == ["anna-jones"]


def test_inline_person(tmp_path):
    item = _only_event(
        tmp_path,
        {
            "events/a.md": event(
                "title: T\nstart: 2026-12-01 10:00\n"
                "speakers:\n  - {name: Dr Amira Hassan, role: Research fellow, organisation: Example University}"
            )
        },
    )
    (speaker,) = item.meta.speakers
    assert (speaker.id, speaker.name, speaker.role, speaker.organisation) == (
        None,
        "Dr Amira Hassan",
        "Research fellow",
        "Example University",
    )


def test_all_day_event_over_several_days(tmp_path):
    item = _only_event(tmp_path, {"events/a.md": event("title: Conference\nstart: 2027-06-08\nend: 2027-06-10")})
    assert item.all_day is True
    assert (item.start, item.end) == (date(2027, 6, 8), date(2027, 6, 10))
    assert not isinstance(item.start, datetime)
