"""Running a programme, in the content and the model: booking windows and their words,
repeating sessions and their dates (across a clock change), cancelled dates, and the
captions a past recording needs. The pages, feeds and month view have tests of their own."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from generator.content.recurrence import Rule
from generator.model.site import Session, build_model

from .helpers import NOW, load_content, load_project, make_project, md, settings_for

LONDON = ZoneInfo("Europe/London")


def _event(front: str) -> str:
    return md(f"title: Practice clinic\nformat: online\nsummary: A clinic.\n{front}", "Bring a case.")


def _site(tmp_path, front: str, now: datetime = NOW):
    root = make_project(tmp_path / "p", {"events/clinic.md": _event(front)})
    loaded = load_project(root, now)
    assert [p for p in loaded.problems if p.severity == "error"] == []
    return build_model(loaded, settings_for(root), now)


def _problems(tmp_path, front: str, now: datetime = NOW) -> list[str]:
    loaded = load_content(tmp_path, {"events/clinic.md": _event(front)}, now)
    return [p.format() for p in loaded.problems]


# --- booking ----------------------------------------------------------------------------


BOOKING = """start: 2027-03-09 10:00
end: 2027-03-09 11:30
registration:
  url: https://example.org/book
  opens: 2027-01-10
  closes: 2027-02-08 17:00
"""


@pytest.mark.parametrize(
    "now, state, words",
    [
        (datetime(2026, 12, 1, tzinfo=UTC), "soon", "Booking opens Sunday 10 January 2027"),
        (datetime(2027, 1, 10, 0, 0, tzinfo=UTC), "open", "Book by Monday 8 February 2027, 5pm"),
        (datetime(2027, 2, 8, 16, 59, tzinfo=UTC), "open", "Book by Monday 8 February 2027, 5pm"),
        # Past the closing time, the same file says booking is closed: no edit needed.
        (datetime(2027, 2, 8, 17, 0, tzinfo=UTC), "closed", "Booking closed"),
    ],
)
def test_the_booking_words_follow_the_build_s_now(tmp_path, now, state, words):
    (event,) = _site(tmp_path, BOOKING, now).events
    assert (event.registration.state, event.registration.words) == (state, words)
    assert event.registration.bookable is (state == "open")


@pytest.mark.parametrize(
    "extra, state, words",
    [
        ("  status: full\n", "full", "Fully booked"),
        ("  status: waiting-list\n", "waiting-list", "Waiting list"),
        ("  status: closed\n", "closed", "Booking closed"),
        ("  status: open\n", "open", "Book by Monday 8 February 2027, 5pm"),
    ],
)
def test_a_status_says_how_full_it_is(tmp_path, extra, state, words):
    (event,) = _site(tmp_path, BOOKING + extra, datetime(2027, 1, 20, tzinfo=UTC)).events
    assert (event.registration.state, event.registration.words) == (state, words)
    assert event.registration.bookable is (state in ("open", "waiting-list"))


def test_a_closing_date_alone_closes_at_the_end_of_that_day(tmp_path):
    front = "start: 2027-03-09 10:00\nregistration:\n  url: https://example.org/book\n  closes: 2027-03-08\n"
    (event,) = _site(tmp_path, front, datetime(2027, 3, 8, 23, 59, tzinfo=UTC)).events
    assert event.registration.words == "Book by Monday 8 March 2027"
    (event,) = _site(tmp_path / "later", front, datetime(2027, 3, 9, 0, 0, tzinfo=UTC)).events
    assert event.registration.words == "Booking closed"


def test_a_plain_booking_address_still_works_and_closes_when_the_event_is_over(tmp_path):
    front = "start: 2027-03-09 10:00\nregistration: https://example.org/book\n"
    (event,) = _site(tmp_path, front).events
    assert (event.registration.url, event.registration.state, event.registration.words) == (
        "https://example.org/book",
        "open",
        None,
    )
    (event,) = _site(tmp_path / "later", front, datetime(2027, 3, 9, 11, tzinfo=UTC)).events
    assert event.registration.state == "closed"


def test_booking_that_opens_after_it_closes_or_closes_after_the_event_is_refused(tmp_path):
    said = _problems(
        tmp_path,
        "start: 2027-03-09 10:00\nregistration:\n  url: https://example.org/b\n  opens: 2027-02-09\n"
        "  closes: 2027-02-08 17:00\n",
    )
    assert said == [
        "content/events/clinic.md:8: the opening date of the registration: booking opens after it closes — "
        "check `opens:` and `closes:`: booking opens first"
    ]
    late = _problems(
        tmp_path / "late",
        "start: 2027-03-09 10:00\nregistration:\n  url: https://example.org/b\n  closes: 2027-03-09 11:01\n",
    )
    assert [p.split(": ", 2)[1] for p in late] == ["the closing date of the registration"]
    # Closing on the day of the event, as a date alone, is fine.
    assert _problems(tmp_path / "day", "start: 2027-03-09 10:00\nregistration:\n  url: https://e.org/b\n"
                     "  closes: 2027-03-09\n") == []  # fmt: skip


# --- repeating sessions -------------------------------------------------------------------


WEEKLY = """start: 2027-03-16 10:00
end: 2027-03-16 11:00
repeat:
  every: week
  until: 2027-04-13
  except: [2027-03-30]
cancelled: [2027-04-06]
"""


def test_a_weekly_session_keeps_its_wall_clock_time_across_the_clock_change(tmp_path):
    site = _site(tmp_path, WEEKLY)
    (event,) = site.events
    assert event.repeats and all(isinstance(s, Session) for s in event.sessions)
    starts = [s.starts_at.astimezone(UTC) for s in event.sessions]
    # The clocks go forward on 28 March 2027: 10am is 10:00 UTC before and 09:00 UTC after.
    assert starts == [
        datetime(2027, 3, 16, 10, tzinfo=UTC),
        datetime(2027, 3, 23, 10, tzinfo=UTC),
        datetime(2027, 4, 6, 9, tzinfo=UTC),
        datetime(2027, 4, 13, 9, tzinfo=UTC),
    ]  # 30 March is left out
    assert [(s.ends_at - s.starts_at).seconds for s in event.sessions] == [3600] * 4
    assert [s.status for s in event.sessions] == ["scheduled", "scheduled", "cancelled", "scheduled"]
    assert [s.url for s in event.sessions] == ["events/clinic/"] * 4  # every date links to the one page
    assert site.upcoming == event.sessions and event.next_sessions == event.sessions


def test_a_repeating_event_is_past_once_its_last_session_has_ended(tmp_path):
    midway = datetime(2027, 3, 25, tzinfo=UTC)
    site = _site(tmp_path, WEEKLY, midway)
    (event,) = site.events
    assert not event.past and [s.date for s in event.next_sessions] == [date(2027, 4, 6), date(2027, 4, 13)]
    assert [s.date for s in site.upcoming] == [date(2027, 4, 6), date(2027, 4, 13)]
    (event,) = _site(tmp_path / "after", WEEKLY, datetime(2027, 4, 13, 9, 0, tzinfo=UTC)).events
    assert not event.past  # the last session is on now
    (event,) = _site(tmp_path / "over", WEEKLY, datetime(2027, 4, 13, 10, 0, tzinfo=UTC)).events
    assert event.past and event.next_sessions == []


@pytest.mark.parametrize(
    "first, every, dates",
    [
        # The 2nd Tuesday of each month.
        (date(2027, 1, 12), "month", [date(2027, 1, 12), date(2027, 2, 9), date(2027, 3, 9), date(2027, 4, 13)]),
        # A 5th Friday is in few months: it repeats as the last Friday.
        (date(2027, 1, 29), "month", [date(2027, 1, 29), date(2027, 2, 26), date(2027, 3, 26), date(2027, 4, 30)]),
        (date(2027, 1, 12), "2 weeks", [date(2027, 1, 12), date(2027, 1, 26), date(2027, 2, 9), date(2027, 2, 23)]),
    ],
)
def test_a_month_keeps_the_weekday_and_two_weeks_skip_one(first, every, dates):
    rule = Rule(every=every, until=None, count=4)
    assert rule.runs(first, 10) == dates
    expected = {"month": "MONTHLY", "2 weeks": "WEEKLY"}[every]
    assert rule.rrule(first, all_day=True)["FREQ"] == expected


def test_the_rule_in_words_and_as_an_rrule():
    rule = Rule(every="month", until=date(2027, 7, 31), count=None)
    assert rule.words(date(2027, 1, 12)) == "Every 2nd Tuesday of the month until 31 July 2027"
    start = datetime(2027, 1, 12, 10, 0, tzinfo=LONDON)
    # UNTIL in UTC, at the start time on the last date (BST by then).
    assert rule.rrule(start, all_day=False) == {
        "FREQ": "MONTHLY",
        "BYDAY": "2TU",
        "UNTIL": datetime(2027, 7, 31, 9, 0, tzinfo=UTC),
    }
    assert Rule(every="2 weeks", until=None, count=10).words(date(2027, 1, 12)) == "Every other Tuesday, 10 times"
    assert Rule(every="week", until=None, count=3).rrule(date(2027, 1, 12), all_day=True) == {
        "FREQ": "WEEKLY",
        "COUNT": 3,
    }


def test_an_all_day_session_repeats_as_days(tmp_path):
    site = _site(tmp_path, "start: 2027-05-03\nend: 2027-05-04\nrepeat:\n  every: month\n  count: 3\n")
    (event,) = site.events
    assert [(s.start, s.end) for s in event.sessions] == [
        (date(2027, 5, 3), date(2027, 5, 4)),
        (date(2027, 6, 7), date(2027, 6, 8)),
        (date(2027, 7, 5), date(2027, 7, 6)),
    ]


@pytest.mark.parametrize(
    "repeat, words",
    [
        ("  every: monthly\n  count: 3\n", None),
        ("  every: Fortnightly\n  count: 3\n", None),
        ("  every: month\n", "a repeat needs an end"),
        ("  every: month\n  count: 3\n  until: 2027-07-31\n", "has both `until:` and `count:`"),
        ("  every: daily\n  count: 3\n", "'daily' is not one of the allowed values"),
        ("  every: week\n  until: 2027-01-01\n", "2027-01-01 is before the first session on 2027-03-09"),
        ("  every: week\n  until: 2031-12-31\n", "would repeat more than 200 times"),
        ("  every: week\n  count: 4\n  except: [2027-03-10]\n", "Wednesday 10 March 2027 is not one of the dates"),
    ],
)
def test_a_repeat_is_held_to_its_rule(tmp_path, repeat, words):
    said = _problems(tmp_path, f"start: 2027-03-09 10:00\nrepeat:\n{repeat}")
    if words is None:
        assert said == []
    else:
        assert len(said) == 1 and words in said[0], said


def test_cancelled_dates_must_be_dates_of_the_run(tmp_path):
    said = _problems(tmp_path, "start: 2027-03-09 10:00\nrepeat:\n  every: week\n  count: 4\ncancelled: [2027-03-17]\n")
    assert said == [
        "content/events/clinic.md:9: the 1st cancelled date (2027-03-17): Wednesday 17 March 2027 is not one of the "
        "dates this session repeats on — did you mean Tuesday 16 March 2027 (2027-03-16) or Tuesday 23 March 2027 "
        "(2027-03-23)?"
    ]


# --- recordings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "recording, warned",
    [
        ("recording: https://video.example.org/a", True),
        ("recording:\n  url: https://video.example.org/a\n  captions: false", True),
        ("recording:\n  url: https://video.example.org/a\n  captions: true", False),
        ("recording:\n  url: https://video.example.org/a\n  transcript: a.txt", False),
    ],
)
def test_a_past_recording_needs_captions_or_a_transcript(tmp_path, recording, warned):
    files = {"events/clinic.md": _event(f"start: 2025-03-11 10:00\n{recording}"), "events/a.txt": "Welcome, all.\n"}
    said = [p.format() for p in load_content(tmp_path, files).problems]
    assert said == (
        [
            "content/events/clinic.md:6: warning: recording: this recording has no captions or transcript — when the "
            "video host has checked captions, write `captions: true` under `recording:`; else add `transcript:` "
            "with a .vtt or .txt file next to this page"
        ]
        if warned
        else []
    )


def test_an_upcoming_event_s_recording_is_not_yet_held_to_captions(tmp_path):
    assert _problems(tmp_path, "start: 2027-03-09 10:00\nrecording: https://video.example.org/a") == []


def test_a_transcript_must_be_a_vtt_or_text_file(tmp_path):
    files = {
        "events/clinic.md": _event("start: 2025-03-11 10:00\nrecording:\n  url: https://v.example.org/a\n"
                                   "  transcript: notes.pdf"),
        "events/notes.pdf": b"%PDF-1.4\n",
    }  # fmt: skip
    said = [p.format() for p in load_content(tmp_path, files).problems]
    assert said[0].startswith(
        "content/events/clinic.md:8: the transcript of the recording: 'notes.pdf' is not a transcript file"
    )


# --- dates that cannot all be left out ---------------------------------------------------


def test_start_must_be_a_date_the_session_happens_on(tmp_path):
    said = _problems(tmp_path, "start: 2027-01-12 10:00\nrepeat:\n  every: week\n  count: 3\n  except: [2027-01-12]\n")
    assert said == [
        "content/events/clinic.md:9: the 1st date in except (2027-01-12) of the repeat: the first date, Tuesday 12 "
        "January 2027 (2027-01-12), is in `except:`, so `start:` is a date it does not happen on — make `start:` "
        "(and `end:`) the first date it happens, Tuesday 19 January 2027 (2027-01-19), and take 2027-01-12 out of "
        "`except:`"
    ]


def test_a_run_with_every_date_left_out_is_refused_not_a_crash(tmp_path):
    front = "start: 2027-01-12 10:00\nregistration: https://e.org/b\nrepeat:\n  every: week\n  count: 2\n"
    said = _problems(tmp_path, front + "  except: [2027-01-12, 2027-01-19]\n")
    assert len(said) == 1 and "every date this session repeats on is in `except:`" in said[0]


def test_a_run_with_every_date_cancelled_is_called_off_as_a_whole(tmp_path):
    said = _problems(tmp_path, "start: 2027-01-12 10:00\nrepeat:\n  every: week\n  count: 2\n"
                     "cancelled: [2027-01-12, 2027-01-19]\n")  # fmt: skip
    assert said == [
        "content/events/clinic.md:9: cancelled: every date of this session is cancelled — to call off the whole "
        "run, write `status: cancelled` and remove `cancelled:`"
    ]


@pytest.mark.parametrize(
    "name, data", [("t.vtt", b"WEBVTT\n\n"), ("t.txt", b" \n\n"), ("t.vtt", b"WEBVTT\n\n00:01.000 --> 00:02.000\n\n")]
)
def test_a_transcript_with_no_words_is_warned_about(tmp_path, name, data):
    files = {
        "events/clinic.md": _event(f"start: 2025-03-11 10:00\nrecording:\n  url: https://v.example.org/a\n  transcript: {name}"),
        f"events/{name}": data,
    }  # fmt: skip
    said = [p.format() for p in load_content(tmp_path, files).problems]
    assert said == [
        f"content/events/clinic.md:8: warning: the transcript of the recording: '{name}' has no words in it, so the "
        "page shows no transcript — download the captions again from the video host, or put the transcript's text "
        "in the file"
    ]


@pytest.mark.parametrize(
    "data, text",
    [
        ("Café au lait\r\n".encode("utf-8-sig"), "Café au lait\n"),
        ("Café au lait\r\n".encode("cp1252"), "Café au lait\n"),  # older Windows text
        ("Café – Ŵyn\r\n".encode("utf-16"), "Café – Ŵyn\n"),  # Notepad's "Unicode"
        (b"Bell\x07 and\x00 nul\ttab\n", "Bell and nul\ttab\n"),  # control characters never reach a page
    ],
)
def test_a_transcript_is_read_however_it_was_saved(tmp_path, data, text):
    from generator.content.programme import transcript_text

    path = tmp_path / "t.txt"
    path.write_bytes(data)
    assert transcript_text(path) == text
