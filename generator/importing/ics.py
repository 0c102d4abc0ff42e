"""An iCalendar file (.ics) as the events in it, read with icalendar.

Google Calendar, Outlook and The Events Calendar all export one. The VEVENTs that
share a UID are one event: the one without RECURRENCE-ID is the event (or the rule of
a repeating one), the others are its edited dates (see `repeats`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import icalendar

from generator.importing import repeats, vevent, zones
from generator.importing.incoming import Incoming, SourceError


def read(path: Path, site_zone: str, horizon: date) -> list[Incoming]:
    """Every event in the calendar file, in the order the file gives them. A rule without
    end is written out only until `horizon`."""
    calendar = _parse(path)
    named = str(calendar.get("X-WR-TIMEZONE", "")).strip()
    origin = urlsplit(str(calendar.get("X-ORIGINAL-URL", ""))).hostname
    reading = vevent.Reading(path.name, zones.iana(named) or site_zone, site_zone, origin)
    found: list[Incoming] = []
    for components in _by_uid(calendar).values():
        master = components[0]
        if "RECURRENCE-ID" in master:
            # Edited dates whose rule is not in the file (an invitation to one date): each stands alone.
            for component in components:
                one = vevent.convert(component, reading)
                one.uid = repeats.occurrence_uid(one.uid, _rid_day(component, one.zone))
                found.append(one)
        elif "RRULE" in master or "RDATE" in master:
            found += repeats.expand(calendar, components, reading, horizon)
        else:
            found.append(vevent.convert(master, reading))
    return found


def _parse(path: Path) -> icalendar.Calendar:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot open {path}: {exc.strerror}") from None
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except ValueError as exc:
        raise SourceError(f"{path.name} is not a calendar file we can read ({exc})") from None
    if not calendars:
        raise SourceError(f"{path.name} has no calendar in it (no BEGIN:VCALENDAR)")
    if len(calendars) > 1:
        raise SourceError(f"{path.name} holds {len(calendars)} calendars: export them one at a time")
    return calendars[0]


def _by_uid(calendar: icalendar.Calendar) -> dict[str, list[icalendar.Event]]:
    """The VEVENTs by UID, the one without RECURRENCE-ID first; a VEVENT without a UID alone."""
    groups: dict[str, list[icalendar.Event]] = {}
    for n, component in enumerate(calendar.walk("VEVENT")):
        if "DTSTART" not in component:
            continue  # RFC 5545 lets a VEVENT in a METHOD:REQUEST go without one; a site cannot
        key = str(component["UID"]).strip() if component.get("UID") else f"\0{n}"
        groups.setdefault(key, []).append(component)
    for components in groups.values():
        components.sort(key=lambda c: "RECURRENCE-ID" in c)
    return groups


def _rid_day(component: icalendar.Event, zone: str) -> date:
    rid = component["RECURRENCE-ID"].dt
    if hasattr(rid, "hour"):
        return zones.wall(rid, zone).date()
    return rid
