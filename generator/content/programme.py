"""The rules for running a programme: an event's dates when it repeats, its booking
window and its recording's captions, checked once its times are known.

The loader calls `check` for each event with good times; it sets the event's dates
(`item.occurrences`) so the model does not work them out again.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
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
    if not _dates_in_run(item, run, problems):
        return None
    return occurrences(rule, item.start, item.end, item.all_day, set(m.cancelled), MAX_REPEATS)


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
            close = " or ".join(f"{d:%A} {d.day} {d:%B %Y} ({d:%Y-%m-%d})" for d in nearest(run, day))
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


def _check_transcript(item, problems: list[Problem]) -> None:
    """A .vtt transcript must be WebVTT, as video hosts export it: the page shows it as timed
    text and a video file's player takes it as captions."""
    rec = item.meta.recording
    path = rec.transcript if rec is not None else None
    if path is None or path.suffix.lower() != ".vtt":
        return
    try:
        with path.open("rb") as fh:
            head = fh.read(10).removeprefix(b"\xef\xbb\xbf")
    except OSError:
        return  # a missing file is reported where the field is read
    if head.startswith(b"WEBVTT") and head[6:7] in (b"", b" ", b"\t", b"\n", b"\r"):
        return
    problems.append(
        Problem(
            item.doc.rel,
            item.doc.line_at(("recording", "transcript")),
            "the transcript of the recording",
            f"'{path.name}' is not a WebVTT captions file: its first line is not WEBVTT",
            "download the captions again from the video host as WebVTT (.vtt), "
            "or save the transcript as plain text with a .txt name and use that",
        )
    )
