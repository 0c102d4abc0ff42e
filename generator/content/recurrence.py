"""The dates of a session that repeats, worked out once from its `repeat:` field.

One rule gives both the dates the site lists and the RRULE the calendar feeds
carry, so a calendar app and the site never disagree. Times repeat on the wall
clock of the event's own zone (a 10am session stays at 10am after the clocks
change), as RFC 5545 has it for a DTSTART with a TZID.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil import rrule

from generator.content.field_names import ordinal


@dataclass(frozen=True)
class Rule:
    every: str  # "week", "2 weeks" or "month"
    until: date | None
    count: int | None
    skip: tuple[date, ...] = ()  # `except:` dates, left out of the calendar

    def week_of_month(self, first: date) -> int:
        """Which weekday of its month `first` is, as a monthly rule repeats it: 1-4, or -1 for
        the 5th (a 5th Tuesday is missing from most months, so it repeats as the last)."""
        n = (first.day - 1) // 7 + 1
        return -1 if n == 5 else n

    def _frequency(self, first: date) -> dict:
        day = rrule.weekday(first.weekday())
        if self.every == "month":
            return {"freq": rrule.MONTHLY, "byweekday": day(self.week_of_month(first))}
        return {"freq": rrule.WEEKLY, "interval": 2 if self.every == "2 weeks" else 1}

    def runs(self, first: date, limit: int) -> list[date]:
        """Every date of the run, `except:` dates included, at most `limit` of them (the
        caller says what to do with a run that is longer)."""
        until = datetime.combine(self.until, time()) if self.until else None
        found = rrule.rrule(
            dtstart=datetime.combine(first, time()), until=until, count=self.count, **self._frequency(first)
        )
        dates = []
        for when in found:
            if len(dates) == limit:
                break
            dates.append(when.date())
        return dates

    def rrule(self, start: datetime | date, all_day: bool) -> dict:
        """The RRULE value, as icalendar's vRecur takes it. UNTIL is in UTC for a timed event,
        as RFC 5545 requires beside a DTSTART with a TZID."""
        first = start if all_day else start.date()  # type: ignore[union-attr]
        value: dict = {}
        if self.every == "month":
            value["FREQ"] = "MONTHLY"
            n = self.week_of_month(first)
            value["BYDAY"] = f"{n}{_DAY_CODES[first.weekday()]}"
        else:
            value["FREQ"] = "WEEKLY"
            if self.every == "2 weeks":
                value["INTERVAL"] = 2
        if self.count:
            value["COUNT"] = self.count
        elif self.until and all_day:
            value["UNTIL"] = self.until
        elif self.until:
            last = datetime.combine(self.until, start.timetz())  # type: ignore[union-attr]
            value["UNTIL"] = on_the_clock(last.replace(tzinfo=None), start.tzinfo.key).astimezone(UTC)  # type: ignore[union-attr]
        return value

    def words(self, first: date) -> str:
        """'Every 2nd Tuesday of the month until 31 July 2027', 'Every week, 10 times'."""
        weekday = f"{first:%A}"
        if self.every == "month":
            n = self.week_of_month(first)
            said = f"Every {'last' if n == -1 else ordinal(n)} {weekday} of the month"
        elif self.every == "2 weeks":
            said = f"Every other {weekday}"
        else:
            said = f"Every {weekday}"
        if self.count:
            return f"{said}, {self.count} times"
        return f"{said} until {self.until.day} {self.until:%B %Y}"  # type: ignore[union-attr]


_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def on_the_clock(naive: datetime, zone: str) -> datetime:
    """A wall-clock time in a zone; a time the clocks skip moves on by the hour they skip,
    as calendar apps place it."""
    tz = ZoneInfo(zone)
    return naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)


@dataclass(frozen=True)
class Occurrence:
    """One date of an event: its start and end (dates for an all-day event, the last day
    inclusive), and whether that date was called off."""

    start: datetime | date
    end: datetime | date
    cancelled: bool = False


def occurrences(
    rule: Rule | None, start: datetime | date, end: datetime | date, all_day: bool, cancelled: set[date], limit: int
) -> list[Occurrence]:
    """Every date an event happens on, in order: one for an event that does not repeat; for a
    repeating one, its run without the `except:` dates, with `cancelled:` dates marked."""
    if rule is None:
        return [Occurrence(start, end)]
    first = start if all_day else start.date()  # type: ignore[union-attr]
    found = []
    for day in rule.runs(first, limit):
        if day in rule.skip:
            continue
        if all_day:
            found.append(Occurrence(day, day + (end - start), day in cancelled))  # type: ignore[operator]
            continue
        begins = on_the_clock(datetime.combine(day, start.time()), start.tzinfo.key)  # type: ignore[union-attr]
        # The same length of time each date, as RFC 5545 gives every instance DTEND - DTSTART.
        ends = (begins.astimezone(UTC) + (end - start)).astimezone(begins.tzinfo)  # type: ignore[operator]
        found.append(Occurrence(begins, ends, day in cancelled))
    return found


def nearest(dates: list[date], wanted: date, n: int = 2) -> list[date]:
    """The dates of a run closest to one that is not in it, for a message."""
    return sorted(sorted(dates, key=lambda d: abs((d - wanted).days))[:n])

