"""iCalendar feeds: every event, one per series, one per event ("add to calendar").

Written for what real clients do rather than the minimum RFC 5545 asks:
- every timed event has a TZID and its VTIMEZONE in the same file, written with
  one STANDARD and one DAYLIGHT block and a yearly RRULE each, because Outlook
  reads only one rule each way (icalendar's own VTIMEZONE lists every change as
  RDATEs);
- UID, DTSTAMP, LAST-MODIFIED and SEQUENCE come from the content and its
  history (generator.revisions), never from the clock, so feeds are
  byte-identical between builds and clients neither duplicate nor churn events;
- cancelled events stay in the feeds with STATUS:CANCELLED so clients remove them;
- a repeating event is one VEVENT: its first session with an RRULE (from the same
  Rule the site lists its dates with), and an EXDATE for each date left out or
  called off, at the wall-clock time and TZID of DTSTART, as clients match them;
- lines are folded at 75 octets, never inside a UTF-8 character or an escape.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from icalendar import (
    Calendar,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vDuration,
    vText,
)
from icalendar import (
    Event as VEvent,
)

from generator import workers
from generator.content.recurrence import Rule
from generator.content.settings import Settings
from generator.model import dates
from generator.model.booking import Booking
from generator.model.revisions import Revision, Revisions
from generator.model.site import Event, Site

PRODID = "-//Learning site generator//Calendar feeds 1.0//EN"
REFRESH = timedelta(hours=12)
STATUS = {"scheduled": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}
PREFIX = {"scheduled": "", "postponed": "Postponed: ", "cancelled": "Cancelled: "}


def event_feed_path(event: Event) -> str:
    return f"{event.url}{event.slug}.ics"


def series_feed_path(slug: str) -> str:
    return f"calendar/{slug}.ics"


def topic_feed_path(slug: str) -> str:
    return f"calendar/topics/{slug}.ics"


def person_feed_path(person_id: str) -> str:
    return f"calendar/people/{person_id}.ics"


def person_events(person) -> list[Event]:
    """The events a person chairs or speaks at, each once."""
    return list({id(a.item): a.item for a in person.appearances if isinstance(a.item, Event)}.values())


def topic_events(tag) -> list[Event]:
    return [item for item in tag.items if isinstance(item, Event)]


ALL_FEED = "calendar/all.ics"
END = b"END:VCALENDAR\r\n"


# --- time zones ------------------------------------------------------------------


def _transitions(zone: str, year: int) -> list[tuple[datetime, timedelta, timedelta, bool, str]]:
    """The changes of UTC offset in a year: (instant UTC, offset before, after, is DST after, name after)."""
    tz = ZoneInfo(zone)
    found = []
    start = datetime(year, 1, 1, tzinfo=UTC)
    hours = int((datetime(year + 1, 1, 1, tzinfo=UTC) - start).total_seconds() // 3600)
    before = start.astimezone(tz).utcoffset()
    for day in range(0, hours, 24):
        t = start + timedelta(hours=day + 24)
        if t.astimezone(tz).utcoffset() == before:
            continue
        lo, hi = start + timedelta(hours=day), t  # offset differs somewhere in (lo, hi]
        while hi - lo > timedelta(minutes=1):
            mid = lo + (hi - lo) / 2
            mid = mid.replace(second=0, microsecond=0)
            if mid <= lo:
                mid = lo + timedelta(minutes=1)
            if mid.astimezone(tz).utcoffset() == before:
                lo = mid
            else:
                hi = mid
        after_local = hi.astimezone(tz)
        found.append((hi, before, after_local.utcoffset(), bool(after_local.dst()), after_local.tzname()))
        before = after_local.utcoffset()
    return found


def _byday(local: datetime) -> str:
    """An RRULE BYDAY like 2SU (second Sunday) or -1SU (last Sunday) for this date."""
    days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    next_month = (local.replace(day=28) + timedelta(days=4)).replace(day=1)
    last = (next_month - timedelta(days=1)).day
    n = -1 if local.day + 7 > last else (local.day - 1) // 7 + 1
    return f"{n}{days[local.weekday()]}"


def _first_on_or_after_1970(month: int, byday: str, at: datetime) -> datetime:
    n, weekday = int(byday[:-2]), ["MO", "TU", "WE", "TH", "FR", "SA", "SU"].index(byday[-2:])
    first = date(1970, month, 1)
    if n > 0:
        day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    else:
        nxt = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
        lastday = nxt - timedelta(days=1)
        day = lastday - timedelta(days=(lastday.weekday() - weekday) % 7)
    return datetime(day.year, day.month, day.day, at.hour, at.minute, at.second)


@lru_cache(maxsize=64)
def vtimezone(zone: str, year: int) -> Timezone:
    """VTIMEZONE for `zone` as its rules stand in `year`: one yearly rule each way."""
    tz = Timezone()
    tz.add("tzid", zone)
    changes = _transitions(zone, year)
    if not changes:
        offset = datetime(year, 7, 1, tzinfo=ZoneInfo(zone)).utcoffset()
        block = TimezoneStandard()
        block.add("dtstart", datetime(1970, 1, 1))
        block.add("tzoffsetfrom", offset)
        block.add("tzoffsetto", offset)
        block.add("tzname", datetime(year, 7, 1, tzinfo=ZoneInfo(zone)).tzname())
        tz.add_component(block)
        return tz
    for instant, before, after, is_dst, name in changes:
        local_before = (instant + before).replace(tzinfo=None)  # wall time the change happens at
        block = TimezoneDaylight() if is_dst else TimezoneStandard()
        byday = _byday(local_before)
        block.add("dtstart", _first_on_or_after_1970(local_before.month, byday, local_before))
        block.add("rrule", {"freq": "yearly", "bymonth": local_before.month, "byday": byday})
        block.add("tzoffsetfrom", before)
        block.add("tzoffsetto", after)
        block.add("tzname", name)
        tz.add_component(block)
    return tz


# --- events ----------------------------------------------------------------------


def _people_lines(event: Event) -> list[str]:
    def who(a) -> str:
        extra = ", ".join(x for x in (a.role, a.organisation) if x)
        return f"{a.person.name} ({extra})" if extra else a.person.name

    lines = []
    if event.chair:
        lines.append(f"Chair: {who(event.chair)}")
    if event.speakers:
        lines.append("Speakers: " + "; ".join(who(a) for a in event.speakers))
    return lines


def _booking_line(booking: Booking | None, event: Event) -> str | None:
    """What the event page says about booking, with the link while it leads somewhere:
    nothing once the event has taken place, or is called off or postponed, as on the page."""
    if booking is None or event.past or event.status != "scheduled":
        return None
    words = booking.words or "Book a place"
    return f"{words}: {booking.url}" if booking.bookable or booking.state == "soon" else words


def description(event: Event, settings: Settings) -> str:
    parts = []
    if event.status == "cancelled":
        parts.append("This event is cancelled.")
    elif event.status == "postponed":
        parts.append("This event is postponed; a new date will be announced.")
    if event.called_off:
        parts.append("\n".join(f"Cancelled: {dates.day(d)}." for d in event.called_off))
    if event.summary:
        parts.append(event.summary)
    people = _people_lines(event)
    if people:
        parts.append("\n".join(people))
    booking = _booking_line(event.registration, event)
    if booking:
        parts.append(booking)
    if event.recording:
        parts.append(f"Recording: {event.recording.url}")
    parts.append(f"Details: {settings.absolute(event.url)}")
    return "\n\n".join(parts)


def location(event: Event) -> str:
    if event.venue is None:
        return "Online"
    place = ", ".join(x for x in (event.venue.name, event.venue.address) if x)
    return f"{place} and online" if event.format == "hybrid" else place


def _vevent(event: Event, settings: Settings, rev: Revision) -> VEvent:
    v = VEvent()
    v.add("uid", event.uid)
    v.add("dtstamp", rev.modified)
    v.add("last-modified", rev.modified)
    v.add("sequence", rev.sequence)
    v.add("summary", PREFIX[event.status] + event.title)
    if event.all_day:
        v.add("dtstart", event.start)
        v.add("dtend", dates.all_day_end_exclusive(event.end))
    else:
        v.add("dtstart", event.start)
        v.add("dtend", event.end)
    if event.rule is not None:
        _repeat(v, event, event.rule)
    v.add("description", description(event, settings))
    v.add("location", location(event))
    v.add("url", settings.absolute(event.url))
    organizer = vCalAddress(f"mailto:{settings.organiser.email}")
    organizer.params["cn"] = vText(settings.organiser.name)
    v.add("organizer", organizer)
    v.add("status", STATUS[event.status])
    if event.tags:
        v.add("categories", [t.name for t in event.tags])
    for d in event.slides:
        url = d.href if d.external else settings.absolute(d.href)
        params = {"FMTTYPE": "application/pdf"} if url.lower().endswith(".pdf") else {}
        v.add("attach", url, parameters=params)
    v.add("class", "PUBLIC")
    v.add("transp", "OPAQUE")
    return v


def _repeat(v: VEvent, event: Event, rule: Rule) -> None:
    """RRULE and EXDATEs. An EXDATE is the session's wall-clock start with DTSTART's TZID
    (a date for an all-day event): clients leave out the instance whose start equals it."""
    v.add("rrule", rule.rrule(event.start, event.all_day))
    for day in event.left_out:
        if event.all_day:
            v.add("exdate", day)
        else:
            v.add("exdate", datetime.combine(day, event.start.timetz()))  # type: ignore[union-attr]


_NAME = "\ue000"  # stands for the calendar's name while the shared header is made


def _header(settings: Settings):
    """The calendar's opening lines, made once per build with icalendar; each feed
    puts its own (escaped) name in. Building a Calendar per feed was most of the
    cost of the thousands of one-event feeds."""
    cal = Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", PRODID)
    cal.add("method", "PUBLISH")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", _NAME)
    cal.add("x-wr-calname", _NAME)
    cal.add("x-wr-timezone", settings.timezone)
    cal.add("x-published-ttl", vDuration(REFRESH))  # an X- property: icalendar cannot guess its type
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    lines = "\r\n".join(str(line) for line in cal.content_lines() if line and line != "END:VCALENDAR")

    def header(name: str) -> bytes:
        return fold(lines.replace(_NAME, vText(name).to_ical().decode("utf-8")).encode("utf-8"))

    return header


@lru_cache(maxsize=64)
def _vtimezone_bytes(zone: str, year: int) -> bytes:
    return serialize(vtimezone(zone, year))


def _calendar(name: str, events: list[Event], header, vevents: dict[str, bytes]) -> bytes:
    """One feed, assembled from VEVENTs serialized once per build: an event appears
    in up to three feeds, and serializing is most of the cost of a feed."""
    zones: dict[str, int] = {}
    for event in events:
        if not event.all_day:
            zones[event.zone] = max(zones.get(event.zone, 0), event.start.year)
    parts = [header(name)]
    parts += [_vtimezone_bytes(zone, zones[zone]) for zone in sorted(zones)]
    parts += [vevents[event.uid] for event in sorted(events, key=lambda e: (e.starts_at, e.uid))]
    parts.append(END)
    return b"".join(parts)


# --- folding ---------------------------------------------------------------------


def serialize(component) -> bytes:
    """A component as folded bytes. icalendar's content lines are taken unfolded:
    its own folding is slow and then undone by fold() anyway."""
    return fold(b"\r\n".join(str(line).encode("utf-8") for line in component.content_lines() if line))


def fold(data: bytes) -> bytes:
    """Refold at 75 octets: never inside a UTF-8 character or a backslash escape; CRLF."""
    text = data.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")
    out = []
    for line in text.split(b"\r\n"):
        if not line:
            continue
        limit = 75
        while len(line) > limit:
            cut = limit
            while cut > 1 and (line[cut] & 0xC0) == 0x80:  # do not split a multi-byte letter
                cut -= 1
            backslashes = 0
            while backslashes < cut and line[cut - 1 - backslashes] == 0x5C:
                backslashes += 1
            if backslashes % 2:  # the cut would separate "\" from the letter it escapes
                cut -= 1
            out.append(line[:cut])
            line = b" " + line[cut:]
            limit = 75
        out.append(line)
    return b"\r\n".join(out) + b"\r\n"


def _uncached(path: str, key, make) -> bytes:
    return make()


def feeds(site: Site, revisions: Revisions, cached=_uncached, keys=None) -> dict[str, bytes]:
    """The feeds by output path. `cached(path, key, make)` and `keys` (a
    depends.Keys) let a rebuild reuse what has not changed."""
    return {path: make() for path, make in calendars(site, *vevents(site, revisions, cached, keys), cached)}


def vevents(
    site: Site, revisions: Revisions, cached=_uncached, keys=None, ahead: workers.Ahead | None = None
) -> tuple[dict, dict]:
    """Each event's VEVENT bytes, and the key they were made with, by UID; those not
    cached taken from `ahead` (see vevents_ahead), if given; its owner ends it."""
    made, event_keys = {}, {}
    for i, e in enumerate(site.events):
        rev = revisions.of(e.source.doc.path)
        key = event_keys[e.uid] = keys and keys.feed_event(e, rev)
        make = (
            (lambda i=i: ahead.get(i))
            if ahead is not None
            else (lambda e=e, rev=rev: serialize(_vevent(e, site.settings, rev)))
        )
        made[e.uid] = cached(f"vevent:{e.uid}", key, make)
    return made, event_keys


_being_made: tuple[Site, Revisions] | None = None  # whose VEVENTs the workers make (they inherit it)


def vevents_ahead(site: Site, revisions: Revisions) -> workers.Ahead:
    """Every event's VEVENT, started now in worker processes while this one goes on:
    a cold build needs them all, and making them in one process was most of the time
    spent planning a build, while a core waited. Hand the result to `vevents`, and
    end it with `vevents_done`."""
    global _being_made
    _being_made = (site, revisions)
    return workers.Ahead(_vevent_at, list(range(len(site.events))))


def vevents_done(ahead: workers.Ahead) -> None:
    """Stop the workers of `vevents_ahead`, and let go of the site they were given."""
    global _being_made
    ahead.close()
    _being_made = None


def _vevent_at(index: int) -> bytes:
    site, revisions = _being_made
    e = site.events[index]
    return serialize(_vevent(e, site.settings, revisions.of(e.source.doc.path)))


def calendars(site: Site, vevents: dict, event_keys: dict, cached=_uncached) -> list[tuple[str, Callable[[], bytes]]]:
    """(path, make) of every calendar: each joins the VEVENT bytes of its events,
    so each can be made on its own, in any order. With a cache, a calendar none of
    whose events changed is the very bytes of the last build, which the writer then
    knows without reading the file back (a large archive's calendars hold 80 MB)."""
    name = site.settings.name
    header = _header(site.settings)

    def joined(path: str, title: str, events: list[Event]) -> tuple[str, Callable[[], bytes]]:
        keys = [event_keys.get(e.uid) for e in events]
        key = (title, tuple(keys)) if all(k is not None for k in keys) else None
        return path, lambda: cached(path, key, lambda: _calendar(title, events, header, vevents))

    found = [joined(ALL_FEED, f"{name}: events", site.events)]
    for series in site.series:
        found.append(joined(series_feed_path(series.slug), f"{name}: {series.title}", series.events))
    # Topic and person feeds are joined from the same VEVENT bytes, so an event is
    # the same (UID, SEQUENCE, text) in every calendar a subscriber holds it in.
    for tag in site.tags:
        events = topic_events(tag)
        if events:
            found.append(joined(topic_feed_path(tag.slug), f"{name}: {tag.name}", events))
    for person in site.people:
        events = person_events(person)
        if events:
            found.append(joined(person_feed_path(person.id), f"{name}: {person.name}", events))
    for event in site.events:
        # The event's own feed holds just its VEVENT, so it changes exactly when that does.
        found.append(joined(event_feed_path(event), event.title, [event]))
    return found


# --- "add to calendar" links that work without JavaScript ---------------------------


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_url(event: Event, settings: Settings) -> str:
    if event.all_day:
        span = f"{event.start:%Y%m%d}/{dates.all_day_end_exclusive(event.end):%Y%m%d}"
    else:
        span = f"{_utc(event.start)}/{_utc(event.end)}"
    query = {
        "action": "TEMPLATE",
        "text": PREFIX[event.status] + event.title,
        "dates": span,
        "details": description(event, settings),
        "location": location(event),
        "ctz": event.zone,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query, quote_via=quote)


def outlook_url(event: Event, settings: Settings) -> str:
    if event.all_day:
        start, end = event.start.isoformat(), dates.all_day_end_exclusive(event.end).isoformat()
    else:
        start, end = event.start.isoformat(), event.end.isoformat()
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": PREFIX[event.status] + event.title,
        "startdt": start,
        "enddt": end,
        "body": description(event, settings),
        "location": location(event),
        "allday": "true" if event.all_day else "false",
    }
    return "https://outlook.office.com/calendar/0/deeplink/compose?" + urlencode(query, quote_via=quote)
