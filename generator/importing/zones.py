"""A calendar's name for a time zone as the IANA name the site writes.

Outlook names zones the Windows way ("GMT Standard Time"); those are mapped with the
table icalendar ships (`icalendar.timezone.windows_to_olson`, generated from the Unicode
CLDR's windowsZones.xml). Mozilla's and libical's "globally unique" names
(/mozilla.org/20050126_1/Europe/London) end with the IANA name.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON


def known(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return "/" in name or name == "UTC"  # "EST", "GB" and the like are aliases, not places


def iana(tzid: str | None) -> str | None:
    """The IANA name a TZID stands for, or None when it names no zone we know."""
    if not tzid:
        return None
    name = tzid.strip().strip('"')
    if known(name.strip("/")):
        return name.strip("/")
    if name in WINDOWS_TO_OLSON:
        return WINDOWS_TO_OLSON[name]
    parts = name.strip("/").split("/")
    for start in range(1, len(parts)):
        if known("/".join(parts[start:])):
            return "/".join(parts[start:])
    return None


def wall(when: datetime, zone: str) -> datetime:
    """An instant as the wall-clock time in `zone`, without the zone."""
    if when.tzinfo is None:
        return when
    return when.astimezone(ZoneInfo(zone)).replace(tzinfo=None, microsecond=0)


def in_zone(value: date | datetime, tzid: str | None, floating: str, site: str) -> tuple[date | datetime, str, bool]:
    """A DTSTART or DTEND as (wall-clock time or date, IANA zone, whether its zone was known).

    A time in a named zone keeps that zone; a UTC time is given in the site's zone; a
    floating time (no zone at all) is read in `floating`, the calendar's own zone. A zone
    nobody knows is read as the instant the file's VTIMEZONE makes it, in the site's zone."""
    if not isinstance(value, datetime):
        return value, site, True
    if value.tzinfo is None:
        return value.replace(microsecond=0), floating, True
    zone = iana(tzid)
    if zone is not None and zone not in UTC_NAMES:
        return wall(value, zone), zone, True
    return wall(value, site), site, tzid is None or zone is not None


UTC_NAMES = ("UTC", "Etc/UTC", "Etc/GMT", "Etc/Zulu", "Etc/Universal", "Etc/UCT")
