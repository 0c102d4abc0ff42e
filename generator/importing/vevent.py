"""One VEVENT (or one date of a repeating one) as an `Incoming` event.

Times keep the event's own zone (see `zones`); an all-day event's DTEND, which
iCalendar makes the day after the last, becomes the last day itself. The LOCATION
is the venue, the URL the booking page or recording where its address says which,
the DESCRIPTION (or Outlook's HTML copy of it, X-ALT-DESC) the text (a link to the
event's own page on the site the calendar came from, X-ORIGINAL-URL, is left out), CATEGORIES the
tags and STATUS:CANCELLED `status: cancelled`. An event without a UID is given one made
from the calendar's name, its title and its start (`incoming.derived_uid`). A start or
end that cannot be read makes the event `incoming.Unreadable`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from icalendar.parser import unescape_backslash

from generator.importing import text, zones
from generator.importing.incoming import (
    Incoming,
    Note,
    Unreadable,
    derived_uid,
    pictures_left_out,
    place,
    place_link,
    spoken,
)

# Outlook and others put the word in the title of a called-off meeting; the site adds its own.
_CALLED_OFF = re.compile(r"^\s*(cancell?ed|canceled)\s*[:\-–]\s*", re.I)


@dataclass(frozen=True)
class Reading:
    """How to read one calendar file's times and name its events in messages."""

    file: str
    floating: str  # the zone of a time with none: the calendar's X-WR-TIMEZONE, else the site's
    site: str
    old_site: str | None = None  # the host of the site the calendar came from (X-ORIGINAL-URL)
    name: str = ""  # the calendar's X-WR-CALNAME, else its file name: for the UID of an event without one


def convert(v: icalendar.Event, reading: Reading) -> Incoming:
    title = " ".join(str(v.get("SUMMARY", "")).split())
    cancelled = str(v.get("STATUS", "")).upper() == "CANCELLED"
    if cancelled:
        title = _CALLED_OFF.sub("", title)
    start, end, zone, notes = times(v, reading)
    day = start.date() if isinstance(start, datetime) else start
    event = Incoming(
        title=title or "Untitled event",
        start=start,
        end=end,
        zone=zone,
        source=f"{reading.file}, '{title or 'untitled'}' on {spoken(day)}",
        uid=str(v["UID"]).strip() if v.get("UID") else derived_uid(reading.name or reading.file, title, start),
        status="cancelled" if cancelled else "scheduled",
        tags=_unique(str(c).strip() for c in v.categories if str(c).strip()),
        notes=notes,
        withheld="marked private in the calendar"
        if str(v.get("CLASS", "")).upper() in ("PRIVATE", "CONFIDENTIAL")
        else None,
    )
    if not title:
        event.notes.append(Note("title", "the calendar gives this event no title", "write one"))
    _describe(event, v)
    place(event, str(v.get("LOCATION", "")))
    url = str(v.get("URL", "")).strip()
    # A link to the event's own page on the site being moved from would soon lead nowhere.
    if url and (reading.old_site is None or urlsplit(url).hostname != reading.old_site):
        place_link(event, url, "web address")
    for attach in _attachments(v):
        event.notes.append(
            Note(
                "image",
                f"its picture is on the old site ({attach}) and was not copied",
                "save it beside this file and add `image:` with its name",
            )
        )
    return event


def described(v: icalendar.Event, reading: Reading) -> str:
    """Where an event is in the file, for a message about one that could not be read."""
    title = " ".join(str(v.get("SUMMARY", "")).split())
    said = f"{reading.file}, '{title}'" if title else f"{reading.file}, an event with no title"
    try:
        start = v["DTSTART"].dt
    except (KeyError, icalendar.error.BrokenCalendarProperty):
        return said if title or not v.get("UID") else f"{said} (UID {v['UID']})"
    return f"{said} on {spoken(start.date() if isinstance(start, datetime) else start)}"


def _unique(items) -> list[str]:
    return list(dict.fromkeys(items))


def _describe(event: Incoming, v: icalendar.Event) -> None:
    alt = v.get("X-ALT-DESC")
    if alt is not None and "html" in str(alt.params.get("FMTTYPE", "")).lower():
        # icalendar knows no type for this X- property, so it comes still escaped.
        description = str(alt) if isinstance(alt, icalendar.vText) else unescape_backslash(str(alt))
    else:
        description = str(v.get("DESCRIPTION", ""))
    event.body, pictures = text.markdown(description)
    if pictures:
        event.notes.append(pictures_left_out(pictures))


def _attachments(v: icalendar.Event) -> list[str]:
    found = v.get("ATTACH", [])
    found = found if isinstance(found, list) else [found]
    return [str(a) for a in found if str(a.params.get("FMTTYPE", "")).lower().startswith("image/")]


def times(v: icalendar.Event, reading: Reading) -> tuple[date | datetime, date | datetime | None, str, list[Note]]:
    """(start, end, zone, notes): wall-clock times in the event's zone, or dates with the last
    day inclusive; end None when the calendar gives none that makes sense."""
    prop = v["DTSTART"]
    try:
        given = prop.dt
    except icalendar.error.BrokenCalendarProperty:
        raise Unreadable("its start date cannot be read", f"DTSTART:{prop}") from None
    start, zone, known = zones.in_zone(given, prop.params.get("TZID"), reading.floating, reading.site)
    notes = []
    if not known:
        notes.append(
            Note(
                "timezone",
                f"the calendar's time zone '{prop.params.get('TZID')}' is not one we know, "
                f"so its times are given in {reading.site}",
                "check them against the calendar",
            )
        )
    if not isinstance(start, datetime):
        return start, _last_day(v, start), zone, notes
    end = _end_time(v, given, zone)
    if end is None or end <= start:
        notes.append(
            Note(
                "end",
                "no end time: the calendar gives none, so the site shows the event one hour long",
                "check it, and add `end:` if it is longer or shorter",
            )
        )
        end = None
    return start, end, zone, notes


def _end_and_length(v: icalendar.Event) -> tuple[date | datetime | None, timedelta | None]:
    """DTEND and DURATION as the calendar gives them, each None when it gives none."""
    try:
        return (v["DTEND"].dt if "DTEND" in v else None, v["DURATION"].dt if "DURATION" in v else None)
    except icalendar.error.BrokenCalendarProperty:
        raise Unreadable("its end date cannot be read") from None


def _last_day(v: icalendar.Event, first: date) -> date | None:
    """An all-day event's last day: the day before DTEND (iCalendar's end is exclusive)."""
    end, length = _end_and_length(v)
    if end is not None and not isinstance(end, datetime):
        last = end - timedelta(days=1)
    elif length is not None and length.days > 1:
        last = first + timedelta(days=length.days - 1)
    else:
        return None
    return last if last > first else None


def _end_time(v: icalendar.Event, start: datetime, zone: str) -> datetime | None:
    """DTEND (or DTSTART + DURATION) as a wall-clock time in the start's zone."""
    end, length = _end_and_length(v)
    if end is None and length is not None:
        end = start + length if start.tzinfo is None else (start.astimezone(ZoneInfo("UTC")) + length)
    if not isinstance(end, datetime):
        return None
    if end.tzinfo is None:
        return end.replace(microsecond=0)
    return zones.wall(end, zone)
