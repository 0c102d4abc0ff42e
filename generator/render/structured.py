"""schema.org JSON-LD for events, series and journal issues, for search engines and other tools."""

from __future__ import annotations

import json
from datetime import UTC, date

from generator.content.recurrence import Rule
from generator.content.settings import Settings
from generator.model import dates
from generator.model.booking import Booking
from generator.model.site import Appearance, Event, Issue, Series

_STATUS = {"scheduled": "EventScheduled", "postponed": "EventPostponed", "cancelled": "EventCancelled"}
_MODE = {
    "online": "OnlineEventAttendanceMode",
    "in-person": "OfflineEventAttendanceMode",
    "hybrid": "MixedEventAttendanceMode",
}


# Each booking state as one of the three availability values Google's event guide lists
# (InStock, SoldOut, PreOrder). A waiting list is SoldOut: every place is taken, and joining
# the list is not a place (LimitedAvailability would say some are left). Booking that opens
# later is PreOrder, with validFrom saying when.
_AVAILABILITY = {
    "open": "InStock",
    "soon": "PreOrder",
    "waiting-list": "SoldOut",
    "full": "SoldOut",
    "closed": "SoldOut",
}
_FREQUENCY = {"week": "P1W", "2 weeks": "P2W", "month": "P1M"}
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _organisation(name: str) -> dict:
    return {"@type": "Organization", "name": name}


def _person(a: Appearance) -> dict:
    out = {"@type": "Person", "name": a.person.name}
    if a.role:
        out["jobTitle"] = a.role
    if a.organisation:
        out["affiliation"] = _organisation(a.organisation)
    return out


def _dump(data: dict) -> str:
    # Inside <script>, markup characters could end the element early; JSON's \\u escapes are read back the same.
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _offer(booking: Booking) -> dict:
    """Booking as an Offer. The events are free and the site has no price field: 0 says so."""
    offer = {
        "@type": "Offer",
        "url": booking.url,
        "availability": f"https://schema.org/{_AVAILABILITY[booking.state]}",
        "price": 0,
        "priceCurrency": "GBP",
    }
    if booking.opens is not None:
        offer["validFrom"] = booking.opens.isoformat()
    if booking.closes is not None:
        offer["validThrough"] = booking.closes.isoformat()
    return offer


def _duration(e: Event) -> str:
    """How long each session lasts, in ISO 8601 (P2D, PT1H30M): an all-day event in whole
    days, a timed one in real time (a session across a clock change is an hour off on the wall)."""
    if e.all_day:
        return f"P{(e.end - e.start).days + 1}D"  # type: ignore[operator]
    length = e.end.astimezone(UTC) - e.start.astimezone(UTC)  # type: ignore[union-attr]
    hours, minutes = divmod(length.days * 1440 + length.seconds // 60, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes or not hours else "")


def _schedule(e: Event, rule: Rule) -> dict:
    """schema.org's Schedule for a repeating event: how often, on which weekday (and, monthly,
    which week of the month), from when until when, at what local time in which zone, and the
    dates it does not happen."""
    first: date = e.date
    schedule: dict = {
        "@type": "Schedule",
        "repeatFrequency": _FREQUENCY[rule.every],
        "byDay": f"https://schema.org/{_DAYS[first.weekday()]}",
        "startDate": first.isoformat(),
        "scheduleTimezone": e.zone,
        "duration": _duration(e),
    }
    if rule.every == "month":
        week = rule.week_of_month(first)
        if week > 0:
            schedule["byMonthWeek"] = week
        else:  # the last weekday of the month: byMonthWeek counts from the start only; iCal's byDay says it
            schedule["byDay"] = rule.rrule(e.start, e.all_day)["BYDAY"]
    if rule.count:
        schedule["repeatCount"] = rule.count
    else:
        schedule["endDate"] = rule.until.isoformat()  # type: ignore[union-attr]
    if not e.all_day:  # wall-clock times in scheduleTimezone, as the sessions keep them
        schedule["startTime"] = f"{e.start:%H:%M:%S}"
        schedule["endTime"] = f"{e.end:%H:%M:%S}"
    if e.left_out:
        schedule["exceptDate"] = [d.isoformat() for d in e.left_out]
    return schedule


def event(e: Event, settings: Settings) -> str:
    end = dates.all_day_end_exclusive(e.end) if e.all_day else e.end
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": e.title,
        "url": settings.absolute(e.url),
        "startDate": e.start.isoformat(),
        "endDate": end.isoformat(),
        "eventStatus": f"https://schema.org/{_STATUS[e.status]}",
        "eventAttendanceMode": f"https://schema.org/{_MODE[e.format]}",
        "organizer": {
            **_organisation(settings.organiser.name),
            "email": settings.organiser.email,
            "url": settings.base_url,
        },
    }
    if e.summary:
        data["description"] = e.summary
    places = []
    if e.format != "online" and e.venue:
        place = {"@type": "Place", "name": e.venue.name}
        if e.venue.address:
            place["address"] = e.venue.address
        places.append(place)
    if e.format != "in-person":
        places.append(
            {"@type": "VirtualLocation", "url": e.registration.url if e.registration else settings.absolute(e.url)}
        )
    if places:
        data["location"] = places if len(places) > 1 else places[0]
    if e.people:
        data["performer"] = [_person(a) for a in e.people]
    if e.series:
        data["superEvent"] = {"@type": "EventSeries", "name": e.series.title, "url": settings.absolute(e.series.url)}
    if e.tags:
        data["keywords"] = ", ".join(t.name for t in e.tags)
    # An offer only while it can still be acted on, as the page shows booking: Google's guide
    # keeps a cancelled event's page with EventCancelled, and a past event has nothing to offer.
    if e.registration is not None and e.status == "scheduled" and not e.past:
        data["offers"] = _offer(e.registration)
    if e.rule is not None:
        data["eventSchedule"] = _schedule(e, e.rule)
    return _dump(data)


def series(s: Series, settings: Settings) -> str:
    data: dict = {
        "@context": "https://schema.org",
        "@type": "EventSeries",
        "name": s.title,
        "url": settings.absolute(s.url),
        "organizer": _organisation(settings.organiser.name),
        "subEvent": [
            {"@type": "Event", "name": e.title, "url": settings.absolute(e.url), "startDate": e.start.isoformat()}
            for e in s.events
        ],
    }
    if s.summary:
        data["description"] = s.summary
    if s.events:
        data["startDate"] = s.events[0].start.isoformat()
        data["endDate"] = s.events[-1].end.isoformat()
    return _dump(data)


def issue(i: Issue, settings: Settings) -> str:
    data: dict = {
        "@context": "https://schema.org",
        "@type": "PublicationIssue",
        "issueNumber": str(i.number),
        "name": i.title,
        "url": settings.absolute(i.url),
        "datePublished": i.published.isoformat(),
        "isPartOf": {"@type": "Periodical", "name": i.journal.title, "url": settings.absolute(i.journal.url)},
        "publisher": _organisation(settings.organiser.name),
    }
    if i.summary:
        data["description"] = i.summary
    if i.articles:
        data["hasPart"] = [
            {"@type": "Article", "name": a.title, **({"author": [_person(p) for p in a.authors]} if a.authors else {})}
            for a in i.articles
        ]
    if i.pdf:
        media = {
            "@type": "MediaObject",
            "encodingFormat": "application/pdf",
            "contentUrl": i.pdf.href if i.pdf.external else settings.absolute(i.pdf.href),
        }
        if i.pdf.facts:
            media["contentSize"] = f"{i.pdf.facts.size} bytes"
        data["encoding"] = media
    return _dump(data)
