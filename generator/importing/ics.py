"""An iCalendar file (.ics) as the events in it, read with icalendar.

Google Calendar, Outlook and The Events Calendar all export one. The VEVENTs that
share a UID are one event: the one without RECURRENCE-ID is the event (or the rule of
a repeating one), the others are its edited dates (see `repeats`). An event that cannot
be read (no start date, a date or rule that is not one) is reported as `Skipped`, and
the rest are still imported.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import icalendar

from generator.importing import repeats, vevent, zones
from generator.importing.incoming import Incoming, Skipped, SourceError, unread


def read(path: Path, site_zone: str, horizon: date) -> list[Incoming | Skipped]:
    """Every event in the calendar file, in the order the file gives them, and each one that
    could not be read. A rule without end is written out only until `horizon`."""
    calendar = _parse(path)
    named = str(calendar.get("X-WR-TIMEZONE", "")).strip()
    origin = urlsplit(str(calendar.get("X-ORIGINAL-URL", ""))).hostname
    name = " ".join(str(calendar.get("X-WR-CALNAME", "")).split()) or path.stem
    reading = vevent.Reading(path.name, zones.iana(named) or site_zone, site_zone, origin, name)
    found: list[Incoming | Skipped] = []
    for components in _by_uid(calendar).values():
        if "DTSTART" not in components[0]:
            # RFC 5545 lets a VEVENT in a METHOD:REQUEST go without one; a site cannot.
            found += [Skipped(vevent.described(c, reading), "no start date") for c in components]
            continue
        try:
            found += _events(calendar, components, reading, horizon)
        except icalendar.error.BrokenCalendarProperty as exc:
            broken = re.search(r"broken property '([A-Z0-9-]+)'", str(exc))
            said = f"its {broken[1]} cannot be read" if broken else "a date or rule in it cannot be read"
            found.append(Skipped(vevent.described(components[0], reading), "could not be read", said))
        except Exception as exc:  # a malformed event is reported, and the rest are still imported
            found.append(unread(vevent.described(components[0], reading), exc))
    return found


def _events(calendar: icalendar.Calendar, components: list, reading: vevent.Reading, horizon: date) -> list[Incoming]:
    """What the VEVENTs that share a UID become."""
    master = components[0]
    if "RECURRENCE-ID" in master:
        # Edited dates whose rule is not in the file (an invitation to one date): each stands alone.
        found = []
        for component in components:
            one = vevent.convert(component, reading)
            one.uid = repeats.occurrence_uid(one.uid, _rid_day(component, one.zone))
            found.append(one)
        return found
    if "RRULE" in master or "RDATE" in master:
        return repeats.expand(calendar, components, reading, horizon)
    return [vevent.convert(master, reading)]


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
    """The VEVENTs by UID, the one without RECURRENCE-ID first; a VEVENT without a UID, and
    one without a start date, alone."""
    groups: dict[str, list[icalendar.Event]] = {}
    for n, component in enumerate(calendar.walk("VEVENT")):
        if "DTSTART" not in component:
            groups[f"\0{n}"] = [component]
            continue
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
