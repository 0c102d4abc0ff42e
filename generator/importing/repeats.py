"""A repeating VEVENT as one event with `repeat:`, or as one event per date.

`repeat:` holds every week, every 2 weeks or every month on the same weekday
(`recurrence.Rule`, whose `rrule()` is the RRULE the site's feeds write). An RRULE
becomes `repeat:` only when it means exactly that: FREQ=WEEKLY with INTERVAL 1 or 2
and BYDAY absent or DTSTART's own weekday, or FREQ=MONTHLY with BYDAY the weekday of
the month DTSTART falls on (-1 for a 5th, which the site repeats as the last), ending
with UNTIL or COUNT, and nothing else but WKST (which changes nothing with one
weekday). The dates are then worked out both ways, by recurring-ical-events from the
calendar and by the site's own rule, and must be the same instants.

Otherwise each date becomes an event of its own, with the UID `<UID>-<YYYYMMDD>`, the
date its RECURRENCE-ID gives (the date it was first set for). EXDATEs become
`except:`; a date called off in the calendar (an edited occurrence with
STATUS:CANCELLED) becomes a `cancelled:` date; a date moved or renamed in the calendar
cannot be said in `repeat:`, so it leaves the rule (an `except:` date) and is written
as an event of its own, with its UID made the same way. `repeat:` starts on a date the
event happens: when the calendar's first date is left out or moved, the rule starts at
the first date that is not, if it then gives the same dates; otherwise, and when every
date is left out or moved, each date that happens is an event of its own.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import islice
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from generator.content.recurrence import Rule, occurrences
from generator.content.schema import MAX_REPEATS
from generator.importing import vevent
from generator.importing.incoming import Incoming, Note, Unreadable, spoken

_PARTS = {"FREQ", "INTERVAL", "BYDAY", "WKST", "UNTIL", "COUNT"}
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def occurrence_uid(uid: str | None, day: date) -> str | None:
    """The UID of one date of a repeating event written as an event of its own."""
    return f"{uid}-{day:%Y%m%d}" if uid else None


def expand(calendar: icalendar.Calendar, components: list, reading: vevent.Reading, horizon: date) -> list[Incoming]:
    """The events a repeating VEVENT (components[0]) and its edited dates (the rest) become."""
    master = components[0]
    first = vevent.convert(master, reading)
    found = _dates(calendar, components, first.zone, None if _ends(master) else horizon)
    rule = _rule(master, first, found)
    if rule is None:
        return _separately(master, found, first, reading, horizon)
    moved, called_off = [], []
    for day, occ in found.items():
        if str(occ.get("STATUS", "")).upper() == "CANCELLED":
            called_off.append(day)
        elif _changed(occ, master, first, reading):
            moved.append(day)
    rule = _from_first_held(Rule(rule.every, rule.until, rule.count, tuple(sorted({*rule.skip, *moved}))), first)
    if rule is None:
        why = "its first date is left out or moved in the calendar, and `repeat:` must start on a date it happens"
        return _separately(master, found, first, reading, horizon, why)
    first.repeat = {"every": rule.every, "until": rule.until, "count": rule.count, "except": list(rule.skip)}
    first.cancelled = sorted(called_off)
    out = [first]
    for day in moved:
        own = vevent.convert(found[day], reading)
        own.uid = occurrence_uid(first.uid, day)
        own.notes.append(
            Note(
                None,
                f"the session of {spoken(day)} was changed in the calendar, so it is an event of its own; "
                "the repeating event leaves that date out",
                "",
            )
        )
        out.append(own)
    return out


def _from_first_held(rule: Rule, first: Incoming) -> Rule | None:
    """The rule from the first of its dates that is not left out, `first` moved to it; None
    when every date is left out, or when the rule from that date gives other dates (a monthly
    rule on a 5th weekday, which the site repeats as the last, started on a 4th)."""
    run = rule.runs(first.day, MAX_REPEATS)
    held = [n for n, day in enumerate(run) if day not in rule.skip]
    if not held:
        return None
    if held[0] == 0:
        return rule
    day = run[held[0]]
    later = Rule(
        rule.every,
        rule.until,
        rule.count - held[0] if rule.count else None,
        tuple(d for d in rule.skip if d > day),
    )
    if later.runs(day, MAX_REPEATS) != run[held[0] :]:
        return None
    shift = day - first.day
    first.start += shift
    if first.end is not None:
        first.end += shift
    return later


def _ends(master: icalendar.Event) -> bool:
    """Whether the RRULE says when it stops (an RDATE list always does)."""
    rule = master.get("RRULE")
    return rule is None or isinstance(rule, list) or bool({"UNTIL", "COUNT"} & {k.upper() for k in rule})


def _dates(calendar, components: list, zone: str, horizon: date | None) -> dict[date, icalendar.Event]:
    """Each date the event happens on (its RECURRENCE-ID, in its zone) and the VEVENT for
    it, edited dates included, EXDATEs left out: at most one more than the site allows,
    and for a rule without end, none after `horizon`."""
    one = icalendar.Calendar()
    for tz in calendar.walk("VTIMEZONE"):
        one.add_component(tz)
    for component in components:
        one.add_component(component)
    found: dict[date, icalendar.Event] = {}
    try:
        for occ in islice(recurring_ical_events.of(one).all(), MAX_REPEATS + 1):
            day = _day(occ["RECURRENCE-ID"].dt, zone)
            if horizon is not None and day > horizon:
                break
            found[day] = occ
    except recurring_ical_events.errors.BadRuleStringFormat:
        said = components[0]["RRULE"]
        said = str(said) if isinstance(said, str) else said.to_ical().decode("ascii", "replace")
        raise Unreadable("its repeat rule cannot be read", f"RRULE:{said}") from None
    except recurring_ical_events.errors.InvalidCalendar as exc:
        raise Unreadable("its dates cannot be worked out", " ".join(str(exc).split())[:120]) from None
    return found


def _day(when: date | datetime, zone: str) -> date:
    if isinstance(when, datetime):
        return when.astimezone(ZoneInfo(zone)).date() if when.tzinfo else when.date()
    return when


def _rule(master: icalendar.Event, first: Incoming, found: dict) -> Rule | None:
    """The site's rule for the RRULE, when it means exactly the same dates and times."""
    rules = master.get("RRULE")
    if rules is None or isinstance(rules, list) or "RDATE" in master or not found:
        return None
    parts = {k.upper(): v for k, v in rules.items()}
    every = _every(parts, first.day)
    if every is None or not set(parts) <= _PARTS or ("UNTIL" in parts) == ("COUNT" in parts):
        return None
    exdates = {_day(d, first.zone) for d in _exdates(master)}
    if "COUNT" in parts:
        rule = Rule(every, None, int(parts["COUNT"][0]))
    else:
        rule = Rule(every, max({*found, *(d for d in exdates if d <= _day(parts["UNTIL"][0], first.zone))}), None)
    run = rule.runs(first.day, MAX_REPEATS + 1)
    if len(run) > MAX_REPEATS:
        return None
    rule = Rule(rule.every, rule.until, rule.count, tuple(sorted(exdates & set(run))))
    return rule if _same_instants(rule, master, first, found) else None


def _every(parts: dict, first: date) -> str | None:
    freq = str(parts.get("FREQ", [""])[0]).upper()
    interval = int(parts.get("INTERVAL", [1])[0])
    byday = [str(d).upper() for d in parts.get("BYDAY", [])]
    if freq == "WEEKLY" and interval in (1, 2) and byday in ([], [_DAYS[first.weekday()]]):
        return "week" if interval == 1 else "2 weeks"
    if freq == "MONTHLY" and interval == 1 and byday == [Rule("month", None, 1).rrule(first, True)["BYDAY"]]:
        return "month"
    return None


def _exdates(v: icalendar.Event) -> list[date | datetime]:
    return list(v.exdates)


def _same_instants(rule: Rule, master: icalendar.Event, first: Incoming, found: dict) -> bool:
    """Whether the site's rule gives the calendar's dates, each starting at the same instant
    (its original start, the RECURRENCE-ID, for a date that was edited)."""
    if first.all_day:
        mine = {o.start for o in occurrences(rule, first.start, first.end or first.start, True, set(), MAX_REPEATS)}
        return mine == set(found)
    zone = ZoneInfo(first.zone)
    start = first.start.replace(tzinfo=zone)
    mine = {o.start.astimezone(UTC) for o in occurrences(rule, start, start, False, set(), MAX_REPEATS)}
    theirs = {_instant(occ["RECURRENCE-ID"].dt, first.zone) for occ in found.values()}
    return mine == theirs


def _instant(when: datetime, zone: str) -> datetime:
    return (when if when.tzinfo else when.replace(tzinfo=ZoneInfo(zone))).astimezone(UTC)


def _changed(occ: icalendar.Event, master: icalendar.Event, first: Incoming, reading) -> bool:
    """Whether an edited date differs from the rule's in what the site shows: its start,
    length, title or place."""
    mine = vevent.convert(occ, reading)
    rid = occ["RECURRENCE-ID"].dt
    if first.all_day:
        moved = mine.start != _day(rid, first.zone)
        longer = (mine.end or mine.start) - mine.start != (first.end or first.start) - first.start
    else:
        moved = _instant(occ["DTSTART"].dt, first.zone) != _instant(rid, first.zone)
        longer = _length(mine) != _length(first)
    return moved or longer or mine.title != first.title or mine.venue != first.venue


def _length(event: Incoming):
    if event.end is None:
        return None
    zone = ZoneInfo(event.zone)
    return event.end.replace(tzinfo=zone).astimezone(UTC) - event.start.replace(tzinfo=zone).astimezone(UTC)


def _separately(master, found: dict, first: Incoming, reading, horizon: date, why: str | None = None) -> list[Incoming]:
    """One event per date, each with its own UID; the first says why."""
    out = []
    for day, occ in sorted(found.items())[:MAX_REPEATS]:
        own = vevent.convert(occ, reading)
        own.uid = occurrence_uid(first.uid, day)
        out.append(own)
    if not out and not _ends(master):
        raise Unreadable("it repeats without end and starts more than a year ahead", f"after {spoken(horizon)}")
    if not out:
        raise Unreadable("every one of its dates is left out in the calendar")
    if why is None:
        rule = master.get("RRULE")
        said = rule.to_ical().decode("ascii") if rule is not None and not isinstance(rule, list) else "its dates"
        why = f"it repeats in a way `repeat:` cannot hold ({said})"
    each = (
        f"each of its {len(out)} dates is an event of its own"
        if len(out) > 1
        else "its one date is an event of its own"
    )
    message = f"{why}, so {each}"
    if not _ends(master):
        message += f"; it repeats without end, so only the dates until {spoken(horizon)} were written"
    elif len(found) > MAX_REPEATS:
        message += f"; only its first {MAX_REPEATS} dates were written"
    out[0].notes.append(Note("repeat", message, "check the dates against the calendar"))
    return out
