"""One VEVENT (or one date of a repeating one) as an `Incoming` event.

Times keep the event's own zone (see `zones`); an all-day event's DTEND, which
iCalendar makes the day after the last, becomes the last day itself. The LOCATION
is the venue, the URL the booking page or recording where its address says which,
the DESCRIPTION (or Outlook's HTML copy of it, X-ALT-DESC) the text (a link to the
event's own page on the site the calendar came from, X-ORIGINAL-URL, is left out), CATEGORIES the
tags and STATUS:CANCELLED `status: cancelled`.
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
from generator.importing.incoming import Incoming, Note, pictures_left_out, place, place_link, spoken

# Outlook and others put the word in the title of a called-off meeting; the site adds its own.
_CALLED_OFF = re.compile(r"^\s*(cancell?ed|canceled)\s*[:\-–]\s*", re.I)


@dataclass(frozen=True)
class Reading:
    """How to read one calendar file's times and name its events in messages."""

    file: str
    floating: str  # the zone of a time with none: the calendar's X-WR-TIMEZONE, else the site's
    site: str
    old_site: str | None = None  # the host of the site the calendar came from (X-ORIGINAL-URL)


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
        uid=str(v["UID"]).strip() if v.get("UID") else None,
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
    start, zone, known = zones.in_zone(prop.dt, prop.params.get("TZID"), reading.floating, reading.site)
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
    end = _end_time(v, prop.dt, zone)
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


def _last_day(v: icalendar.Event, first: date) -> date | None:
    """An all-day event's last day: the day before DTEND (iCalendar's end is exclusive)."""
    if "DTEND" in v and not isinstance(v["DTEND"].dt, datetime):
        last = v["DTEND"].dt - timedelta(days=1)
    elif "DURATION" in v and v["DURATION"].dt.days > 1:
        last = first + timedelta(days=v["DURATION"].dt.days - 1)
    else:
        return None
    return last if last > first else None


def _end_time(v: icalendar.Event, start: datetime, zone: str) -> datetime | None:
    """DTEND (or DTSTART + DURATION) as a wall-clock time in the start's zone."""
    if "DTEND" in v:
        end = v["DTEND"].dt
    elif "DURATION" in v:
        length = v["DURATION"].dt
        end = start + length if start.tzinfo is None else (start.astimezone(ZoneInfo("UTC")) + length)
    else:
        return None
    if not isinstance(end, datetime):
        return None
    if end.tzinfo is None:
        return end.replace(microsecond=0)
    return zones.wall(end, zone)
