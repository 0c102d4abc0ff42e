"""schema.org JSON-LD for events, series and journal issues, for search engines and other tools."""

from __future__ import annotations

import json

from generator.content.settings import Settings
from generator.model import dates
from generator.model.site import Appearance, Event, Issue, Series

_STATUS = {"scheduled": "EventScheduled", "postponed": "EventPostponed", "cancelled": "EventCancelled"}
_MODE = {
    "online": "OnlineEventAttendanceMode",
    "in-person": "OfflineEventAttendanceMode",
    "hybrid": "MixedEventAttendanceMode",
}


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
