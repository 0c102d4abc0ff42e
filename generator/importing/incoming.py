"""An event as someone else described it, in the site's terms, before it is a file.

Both readers (`ics`, `events_calendar`) make these; `writing` turns each into a
content file. What a reader could not carry over, or had to decide, is a `Note` on
the event, reported against the file it becomes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from generator.identity import slugify


class SourceError(Exception):
    """A source the importer cannot read at all, in plain words."""


class Unreadable(Exception):
    """One event in a source that cannot be made into a file: why, in plain words (counted
    in the report's totals), and what exactly was wrong (said against the event)."""

    def __init__(self, why: str, detail: str = ""):
        super().__init__(why)
        self.why, self.detail = why, detail


@dataclass(frozen=True)
class Skipped:
    """An event in the source that could not be read, reported and not written."""

    source: str  # where it is, as `Incoming.source` says it
    why: str  # counted in the report's totals: "no start date"
    detail: str = ""  # said after `why` against the event: the reader's own words

    def message(self) -> str:
        return f"not imported: {self.why}" + (f" ({self.detail})" if self.detail else "")


def unread(source: str, exc: Exception) -> Skipped:
    """What a reader reports for an event it could not read: its own words for what it
    expected, and a short reason for anything else that went wrong in a malformed source."""
    if isinstance(exc, Unreadable):
        return Skipped(source, exc.why, exc.detail)
    reason = " ".join(str(exc).split())[:120] or type(exc).__name__
    return Skipped(source, "could not be read", reason)


@dataclass(frozen=True)
class Note:
    """Something to look at in the file: the field it is about, what happened and what to do."""

    field: str | None
    message: str
    fix: str = ""


@dataclass
class Incoming:
    title: str
    start: date | datetime  # a wall-clock time in `zone` (naive), or a date for an all-day event
    end: date | datetime | None  # the same; for an all-day event the last day, inclusive; None: not given
    zone: str  # the IANA zone of start and end
    source: str  # where it came from, for messages: "google.ics, 'Team meeting' on 12 January 2027"
    uid: str | None = None
    venue: tuple[str, str | None] | None = None  # name, address
    online: bool = True
    registration: str | None = None
    recording: str | None = None
    body: str = ""  # Markdown
    summary: str | None = None
    tags: list[str] = field(default_factory=list)
    status: str = "scheduled"
    contact: str | None = None
    image: Path | None = None  # a picture to copy beside the event
    repeat: dict | None = None  # every, until or count, except: as `repeat:` takes them
    cancelled: list[date] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    withheld: str | None = None  # why it is not for a public site: "marked private in the calendar"

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def day(self) -> date:
        return self.start.date() if isinstance(self.start, datetime) else self.start


def pictures_left_out(count: int) -> Note:
    """The note for pictures in a description, which stay on the old site."""
    return Note(
        None,
        f"the description had {count} picture{'s' if count > 1 else ''}, left out",
        "to show one, save it beside this file and add it to the text, with words saying what it shows",
    )


def derived_uid(calendar: str, title: str, start: date | datetime) -> str:
    """The `uid:` of an event its source gave none, made from the source's name (a calendar's
    X-WR-CALNAME, else its file name), the title and the start, so that importing the same
    source again finds the file written the first time: `20270111T1000-talk@team-calendar.import`."""
    when = f"{start:%Y%m%dT%H%M}" if isinstance(start, datetime) else f"{start:%Y%m%d}"
    return f"{when}-{slugify(title)}@{slugify(calendar)}.import"


def spoken(day: date) -> str:
    """'12 January 2027', as messages give a date."""
    return f"{day.day} {day:%B %Y}"


# --- links: a booking page, a recording, or neither ------------------------------------------

# Where people watch recordings, and where they book: a link to one of these says which it is.
VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "microsoftstream.com", "sharepoint.com/:v:")
BOOKING_HOSTS = ("eventbrite.", "ti.to", "tickettailor.com", "forms.office.com", "forms.gle", "docs.google.com/forms")
BOOKING_WORDS = re.compile(r"(?<![a-z])(book|booking|register|registration|tickets?|sign-?up|rsvp)(?![a-z])", re.I)
RECORDING_WORDS = re.compile(r"(?<![a-z])(recording|watch|replay)(?![a-z])", re.I)


def link_kind(url: str) -> str | None:
    """'registration', 'recording', or None when the address does not say which it is."""
    parts = urlsplit(url)
    where = (parts.netloc + parts.path).lower()
    if any(host in where for host in VIDEO_HOSTS) or RECORDING_WORDS.search(parts.path):
        return "recording"
    if any(host in where for host in BOOKING_HOSTS) or BOOKING_WORDS.search(parts.path + "?" + parts.query):
        return "registration"
    return None


# Links to join an online meeting: a public page should not hand them out.
MEETING_LINKS = ("zoom.us/j/", "zoom.us/my/", "teams.microsoft.com/l/meetup-join", "meet.google.com/", "whereby.com/")


def place_link(event: Incoming, url: str, what: str) -> None:
    """A link from the source as the event's booking page or recording where the address says
    which; a link to join a meeting left out; else kept at the end of the text, with a note."""
    if any(m in url.lower() for m in MEETING_LINKS):
        event.notes.append(
            Note(
                None,
                f"the {what} was a link to join the meeting ({url}), left out: a public page should not give it",
                "if people book, add `registration:` with the booking page",
            )
        )
        return
    kind = link_kind(url)
    if kind == "registration" and event.registration is None:
        event.registration = url
    elif kind == "recording" and event.recording is None:
        event.recording = url
    elif kind is None:
        event.body = (event.body + "\n\n" if event.body else "") + f"More information: <{url}>"
        event.notes.append(
            Note(
                None,
                f"the {what} ({url}) could be a booking page or a recording: it is kept at the end of the text",
                "if it is one of those, move it to `registration:` or `recording:`",
            )
        )


# --- places -------------------------------------------------------------------------------

# What calendars write as the location of a meeting held online.
ONLINE_PLACES = re.compile(
    r"^(online|virtual|webinar|remote|zoom( meeting)?|microsoft teams( meeting)?|teams( meeting)?|google meet)\b",
    re.I,
)
COUNTRIES = ("united kingdom", "uk")  # the last part of an address that names no town


def place(event: Incoming, location: str) -> None:
    """A calendar's LOCATION as the event's venue (the part before the first comma is the
    venue's name, the rest its address), or as online when it names a meeting service or a link."""
    location = " ".join(location.split())
    if not location:
        return
    if re.match(r"^https?://", location):
        event.online = True
        place_link(event, location, "location")
        return
    if ONLINE_PLACES.match(location):
        event.online = True
        return
    name, _, rest = location.partition(",")
    parts = [p.strip() for p in rest.split(",") if p.strip()]
    if parts and parts[-1].lower() in COUNTRIES:
        parts.pop()
    event.venue = (name.strip(), ", ".join(parts) or None)
    event.online = False
