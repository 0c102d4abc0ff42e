"""The rules for running a programme: an event's dates when it repeats, its booking
window and its recording's captions, checked once its times are known.

The loader calls `check` for each event with good times; it sets the event's dates
(`item.occurrences`) so the model does not work them out again.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.content import field_names
from generator.content.recurrence import Occurrence, Rule, nearest, occurrences
from generator.content.schema import MAX_REPEATS, EventMeta
from generator.problems import Problem


def rule_of(m: EventMeta) -> Rule | None:
    if m.repeat is None:
        return None
    r = m.repeat
    return Rule(every=r.every, until=r.until, count=r.count, skip=tuple(getattr(r, "except")))


def booking_times(m: EventMeta, zone: str) -> tuple[datetime | None, datetime | None]:
    """When booking opens and closes, as times in the event's zone: a date alone opens
    at the start of that day and closes at its end."""
    reg = m.registration
    if reg is None:
        return None, None
    tz = ZoneInfo(zone)

    def at(value, day_end: bool) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=tz)
        return datetime.combine(value + timedelta(days=1 if day_end else 0), time(), tz)

    return at(reg.opens, False), at(reg.closes, True)


def check(item, now: datetime, problems: list[Problem]) -> bool:
    """The event's dates and booking rules; False when its dates make no sense."""
    found = _dates(item, problems)
    if found is None:
        return False
    item.occurrences = found
    _check_booking(item, found, problems)
    _check_captions(item, found, now, problems)
    _check_transcript(item, problems)
    return True


def ends_at(item, when: Occurrence) -> datetime:
    if item.all_day:
        return datetime.combine(when.end + timedelta(days=1), time(), ZoneInfo(item.zone))  # type: ignore[operator]
    return when.end  # type: ignore[return-value]


def _dates(item, problems: list[Problem]) -> list[Occurrence] | None:
    m: EventMeta = item.meta
    doc = item.doc
    rule = rule_of(m)
    if rule is None:
        if m.cancelled:
            problems.append(
                Problem(
                    doc.rel,
                    doc.line("cancelled"),
                    "cancelled",
                    "only a repeating session can have dates cancelled",
                    "to call off this event, remove `cancelled:` and write `status: cancelled`",
                )
            )
            return None
        return occurrences(None, item.start, item.end, item.all_day, set(), MAX_REPEATS)
    first = item.start if item.all_day else item.start.date()
    if rule.until is not None and rule.until < first:
        problems.append(
            Problem(
                doc.rel,
                doc.line_at(("repeat", "until")),
                "the last date of the repeat",
                f"{rule.until:%Y-%m-%d} is before the first session on {first:%Y-%m-%d}",
                "make `until:` the date of the last session, after `start:`",
            )
        )
        return None
    run = rule.runs(first, MAX_REPEATS + 1)
    if len(run) > MAX_REPEATS:
        problems.append(
            Problem(
                doc.rel,
                doc.line_at(("repeat", "until")),
                "the last date of the repeat",
                f"this session would repeat more than {MAX_REPEATS} times",
                "bring `until:` nearer, and start a new file for the next programme",
            )
        )
        return None
    if not _dates_in_run(item, run, problems) or not _some_dates_happen(item, run, problems):
        return None
    return occurrences(rule, item.start, item.end, item.all_day, set(m.cancelled), MAX_REPEATS)


def _some_dates_happen(item, run: list[date], problems: list[Problem]) -> bool:
    """`start:` is a date the session happens on (the page, the share card and the calendar
    links all give it as the first), and not every date is cancelled."""
    m: EventMeta = item.meta
    doc = item.doc
    skipped = list(getattr(m.repeat, "except"))
    held = [d for d in run if d not in skipped]
    if run[0] in skipped:
        said = ("every date this session repeats on is in `except:`", "take dates out of `except:`")
        if held:
            said = (
                f"the first date, {_spoken(run[0])}, is in `except:`, so `start:` is a date it does not happen on",
                f"make `start:` (and `end:`) the first date it happens, {_spoken(held[0])}, "
                f"and take {run[0]:%Y-%m-%d} out of `except:`",
            )
        field = field_names.describe(("repeat", "except", skipped.index(run[0])), doc.meta)
        problems.append(Problem(doc.rel, doc.line_at(("repeat", "except")), field, *said))
        return False
    if set(held) <= set(m.cancelled):
        problems.append(
            Problem(
                doc.rel,
                doc.line("cancelled"),
                "cancelled",
                "every date of this session is cancelled",
                "to call off the whole run, write `status: cancelled` and remove `cancelled:`",
            )
        )
        return False
    return True


def _spoken(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y} ({day:%Y-%m-%d})"


def _dates_in_run(item, run: list[date], problems: list[Problem]) -> bool:
    """Every `except:` and `cancelled:` date is one the session repeats on."""
    m: EventMeta = item.meta
    doc = item.doc
    ok = True
    for path in (("repeat", "except"), ("cancelled",)):
        values = getattr(m.repeat, "except") if path[0] == "repeat" else m.cancelled
        for i, day in enumerate(values):
            if day in run:
                continue
            ok = False
            close = " or ".join(_spoken(d) for d in nearest(run, day))
            problems.append(
                Problem(
                    doc.rel,
                    doc.line_at((*path, i)),
                    field_names.describe((*path, i), doc.meta),
                    f"{day:%A} {day.day} {day:%B %Y} is not one of the dates this session repeats on",
                    f"did you mean {close}?",
                )
            )
    return ok


def _check_booking(item, found: list[Occurrence], problems: list[Problem]) -> None:
    m: EventMeta = item.meta
    if m.registration is None:
        return
    doc = item.doc
    opens, closes = booking_times(m, item.zone)
    if opens and closes and opens >= closes:
        problems.append(
            Problem(
                doc.rel,
                doc.line_at(("registration", "opens")),
                "the opening date of the registration",
                "booking opens after it closes",
                "check `opens:` and `closes:`: booking opens first",
            )
        )
    last = found[-1]
    closes_value = m.registration.closes
    late = (
        closes_value > (last.end if item.all_day else last.end.date())
        if closes_value is not None and not isinstance(closes_value, datetime)
        else closes is not None and closes > ends_at(item, last)
    )
    if late:
        problems.append(
            Problem(
                doc.rel,
                doc.line_at(("registration", "closes")),
                "the closing date of the registration",
                "booking closes after the event has ended",
                "make `closes:` a date and time before the event ends, or remove it",
            )
        )


def _check_captions(item, found: list[Occurrence], now: datetime, problems: list[Problem]) -> None:
    """Public-sector video must be captioned: a past event's recording needs checked captions
    or a transcript."""
    m: EventMeta = item.meta
    rec = m.recording
    if rec is None or rec.captions or rec.transcript or ends_at(item, found[-1]) > now:
        return
    problems.append(
        Problem(
            item.doc.rel,
            item.doc.line_at(("recording",)),
            "recording",
            "this recording has no captions or transcript",
            "when the video host has checked captions, write `captions: true` under `recording:`; "
            "else add `transcript:` with a .vtt or .txt file next to this page",
            "warning",
        )
    )


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_SAID = re.compile(r"^(WEBVTT|NOTE|STYLE|REGION)\b|-->")


def transcript_text(path: Path) -> str:
    """A transcript's text however it was saved: UTF-8 (with or without a byte-order mark),
    UTF-16 as Notepad saves it, else Windows-1252, the usual older Windows text; line ends
    made plain and control characters dropped, so none reaches a page."""
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _has_words(path: Path) -> bool:
    said = (line for line in transcript_text(path).split("\n") if not _NOT_SAID.search(line))
    return any(re.search(r"[^\W\d_]", line) for line in said)


def _check_transcript(item, problems: list[Problem]) -> None:
    """A .vtt transcript must be WebVTT, as video hosts export it: the page shows it as timed
    text and a video file's player takes it as captions. Any transcript needs words."""
    rec = item.meta.recording
    path = rec.transcript if rec is not None else None
    if path is None or not path.is_file():
        return  # a missing file is reported where the field is read
    where = (item.doc.rel, item.doc.line_at(("recording", "transcript")), "the transcript of the recording")
    if path.suffix.lower() == ".vtt" and not _webvtt(path):
        problems.append(
            Problem(
                *where,
                f"'{path.name}' is not a WebVTT captions file: its first line is not WEBVTT",
                "download the captions again from the video host as WebVTT (.vtt), "
                "or save the transcript as plain text with a .txt name and use that",
            )
        )
    elif not _has_words(path):
        problems.append(
            Problem(
                *where,
                f"'{path.name}' has no words in it, so the page shows no transcript",
                "download the captions again from the video host, or put the transcript's text in the file",
                "warning",
            )
        )


def _webvtt(path: Path) -> bool:
    with path.open("rb") as fh:
        head = fh.read(10).removeprefix(b"\xef\xbb\xbf")
    return head.startswith(b"WEBVTT") and head[6:7] in (b"", b" ", b"\t", b"\n", b"\r")
