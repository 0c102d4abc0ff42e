"""Dates and times in GOV.UK style: 'Monday 26 June 2023, 2pm to 3:30pm'."""

from __future__ import annotations

from datetime import date, datetime, timedelta


def day(d: date) -> str:
    return f"{d:%A} {d.day} {d:%B %Y}"


def short_day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def clock(t: datetime) -> str:
    if t.hour == 12 and t.minute == 0:
        return "midday"
    if t.hour == 0 and t.minute == 0:
        return "midnight"
    hour = t.hour % 12 or 12
    suffix = "am" if t.hour < 12 else "pm"
    return f"{hour}{suffix}" if t.minute == 0 else f"{hour}:{t.minute:02d}{suffix}"


def span(start: date | datetime, end: date | datetime, all_day: bool) -> str:
    """The wording of an event's time; `end` is the inclusive last day when all_day."""
    if all_day:
        if end == start:
            return day(start)
        if (start.year, start.month) == (end.year, end.month):
            return f"{start:%A} {start.day} to {end:%A} {end.day} {end:%B %Y}"
        return f"{day(start)} to {day(end)}"
    if start.date() == end.date():
        return f"{day(start)}, {clock(start)} to {clock(end)}"
    return f"{day(start)}, {clock(start)} to {day(end)}, {clock(end)}"


def range_of_days(start: date | None, end: date | None) -> str:
    if not start:
        return ""
    if not end or end == start:
        return short_day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} to {end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} to {end.day} {end:%B %Y}"
    return f"{short_day(start)} to {short_day(end)}"


def iso(value: date | datetime) -> str:
    """The machine-readable value for <time datetime>."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    return value.isoformat()


def all_day_end_exclusive(last_day: date) -> date:
    return last_day + timedelta(days=1)


def zone_label(zone: str) -> str:
    return " (UK time)" if zone == "Europe/London" else f" ({zone})"


def event_when(start: date | datetime, end: date | datetime, all_day: bool, zone: str) -> str:
    """An event's time as plain text, with its zone: for feeds and share cards."""
    return span(start, end, all_day) + ("" if all_day else zone_label(zone))
