"""The Events Calendar (WordPress) as events: the pages of its REST API, saved as files.

`/wp-json/tribe/events/v1/events?start_date=2000-01-01&per_page=50&page=N` answers
with {"events": [...], "total", "total_pages", "next_rest_url"}: each event with its
dates (and the same in UTC), time zone, venue, organisers, categories, tags, featured
image, description and excerpt. The folder holds those pages as .json files and, if
they were saved, the featured images: as the site has them (wp-content/uploads/…) or
all together. Nothing is fetched.

The Events Calendar's quirks: titles, venue names and addresses come HTML-escaped
(`&#8217;`), an event without a venue has `"venue": []`, `website` is the event's own
page when no other link was given (and has `&amp;` for `&`), an excerpt WordPress made
by cutting the description ends with `[&hellip;]`, and organiser email addresses may be
written as HTML entities. An event's UID is the one The Events Calendar's own .ics
export gives it, `<post id>-<start>-<end>@<site>`, the times as Unix times of the
local wall-clock time, so that calendar subscribers see the same events; an event the
plugin gives no id or address is given one made from the folder's name, its title and its
start (`incoming.derived_uid`). An event whose dates cannot be read is reported as
`Skipped`, and the rest are still imported.
"""

from __future__ import annotations

import calendar
import html
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.content.schema import FieldError, parse_email
from generator.importing import text, zones
from generator.importing.incoming import (
    Incoming,
    Note,
    Skipped,
    SourceError,
    Unreadable,
    derived_uid,
    pictures_left_out,
    place_link,
    spoken,
    unread,
)


def read(folder: Path, site_zone: str) -> list[Incoming | Skipped]:
    """Every event in the saved pages, each once, in the order of the pages, and each one that
    could not be read."""
    if not folder.is_dir():
        raise SourceError(f"{folder} is not a folder: give the folder the JSON pages were saved in")
    pages = sorted(
        folder.glob("*.json"), key=lambda p: [int(n) if n.isdigit() else n for n in re.split(r"(\d+)", p.name)]
    )
    if not pages:
        raise SourceError(
            f"there are no .json files in {folder}: save each page of "
            "/wp-json/tribe/events/v1/events?start_date=2000-01-01&per_page=50&page=1 (then page=2, …) there"
        )
    found: dict[object, Incoming | Skipped] = {}
    for page in pages:
        for n, item in enumerate(_events(page)):
            if not isinstance(item, dict):
                continue
            # An event without an id is one of its own: nothing says it is on another page too.
            key = item["id"] if item.get("id") is not None else (page.name, n)
            if key in found:
                continue
            source = f"{page.name}, event {item.get('id') or n + 1}"
            try:
                found[key] = convert(item, folder, source, site_zone)
            except Exception as exc:  # a malformed event is reported, and the rest are still imported
                title = _plain(item.get("title"))
                found[key] = unread(f"{source}, '{title}'" if title else source, exc)
    return list(found.values())


def _events(page: Path) -> list:
    try:
        data = json.loads(page.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(f"{page.name} is not a JSON file we can read ({exc})") from None
    if isinstance(data, dict) and isinstance(data.get("events"), list):
        return data["events"]
    if isinstance(data, dict) and "start_date" in data:
        return [data]  # one event saved from /events/<id>
    raise SourceError(f'{page.name} is not a page of The Events Calendar\'s events (it has no "events" list)')


def _plain(value) -> str:
    return text.plain(str(value or ""))


def convert(item: dict, folder: Path, source: str, site_zone: str) -> Incoming:
    title = _plain(item.get("title"))
    start, end, zone, notes = _times(item, site_zone)
    day = start.date() if isinstance(start, datetime) else start
    event = Incoming(
        title=title or "Untitled event",
        start=start,
        end=end,
        zone=zone,
        source=f"{source}, '{title}' on {spoken(day)}",
        uid=_uid(item) or derived_uid(folder.name, title, start),
        tags=list(dict.fromkeys(_plain(t.get("name")) for t in [*_list(item, "categories"), *_list(item, "tags")])),
        notes=notes,
        withheld=None if item.get("status", "publish") == "publish" else "not published on the old site",
    )
    event.tags = [t for t in event.tags if t]
    _venue(event, item)
    event.contact = _contact(item)
    event.body, pictures = text.markdown(str(item.get("description") or ""))
    if pictures:
        event.notes.append(pictures_left_out(pictures))
    event.summary = _summary(item)
    website = html.unescape(str(item.get("website") or "")).strip()
    if website and website != item.get("url") and re.match(r"^https?://", website):
        place_link(event, website, "event's website")
    if str(item.get("cost") or "").strip():
        event.body = (event.body + "\n\n" if event.body else "") + f"Cost: {_plain(item['cost'])}"
    _image(event, item, folder)
    return event


def _list(item: dict, key: str) -> list[dict]:
    value = item.get(key)
    if isinstance(value, dict):
        value = [value]
    return [v for v in value or [] if isinstance(v, dict)]


def _times(item: dict, site_zone: str) -> tuple[date | datetime, date | datetime | None, str, list[Note]]:
    notes = []
    if not item.get("start_date") and not item.get("utc_start_date"):
        raise Unreadable("no start date")
    if item.get("all_day"):
        first = _read(date.fromisoformat, str(item.get("start_date") or "")[:10], "start")
        last = _read(date.fromisoformat, str(item.get("end_date") or first)[:10], "end")
        return first, last if last > first else None, site_zone, notes
    named = str(item.get("timezone") or "")
    zone = named if zones.known(named) and named not in zones.UTC_NAMES else site_zone
    if named and zone != named and named not in zones.UTC_NAMES:
        notes.append(
            Note(
                "timezone",
                f"the event's time zone '{named}' is a fixed offset, not a place, so its times are given in {site_zone}",
                "check them",
            )
        )
    start = _instant(item, "start", zone)
    end = _instant(item, "end", zone)
    if end <= start:
        notes.append(
            Note(
                "end",
                "no end time: the old site gives it none, so the site shows the event one hour long",
                "check it, and add `end:` if it is longer or shorter",
            )
        )
        end = None
    return start, end, zone, notes


def _instant(item: dict, which: str, zone: str) -> datetime:
    """A start or end as the wall-clock time in `zone`: from its UTC time, which does not
    depend on how WordPress's time zone was set, else from the local one."""
    utc = item.get(f"utc_{which}_date")
    if utc:
        return zones.wall(_read(datetime.fromisoformat, str(utc), which).replace(tzinfo=UTC), zone)
    if not item.get(f"{which}_date") and which == "end":
        return _instant(item, "start", zone)  # none given: the caller's "no end time"
    return _read(datetime.fromisoformat, str(item.get(f"{which}_date") or ""), which).replace(second=0)


def _read(parse, value: str, which: str):
    """A date or time the plugin wrote, read with `parse`; one it did not write is the event's problem."""
    try:
        return parse(value)
    except ValueError:
        raise Unreadable(f"its {which} date cannot be read", f"{which}_date: {value!r}") from None


def _uid(item: dict) -> str | None:
    host = urlsplit(str(item.get("url") or "")).hostname
    if not host or not item.get("id") or not item.get("start_date") or not item.get("end_date"):
        return None
    try:
        times = [calendar.timegm(datetime.fromisoformat(str(item[f"{w}_date"])).timetuple()) for w in ("start", "end")]
    except ValueError:
        return None
    return f"{item['id']}-{times[0]}-{times[1]}@{host}"


def _venue(event: Incoming, item: dict) -> None:
    venue = item.get("venue")
    if isinstance(venue, dict) and _plain(venue.get("venue")):
        town = " ".join(x for x in (_plain(venue.get("city")), _plain(venue.get("zip"))) if x)
        address = ", ".join(x for x in (_plain(venue.get("address")), town) if x)
        event.venue = (_plain(venue["venue"]), address or None)
    event.online = event.venue is None or bool(item.get("is_virtual"))


def _contact(item: dict) -> str | None:
    for organiser in _list(item, "organizer"):
        try:
            return parse_email(html.unescape(str(organiser.get("email") or "")))
        except FieldError:
            continue
    return None


def _summary(item: dict) -> str | None:
    """The excerpt, when someone wrote one: WordPress's own ends '[…]' mid-sentence."""
    excerpt = _plain(item.get("excerpt"))
    if not excerpt or excerpt.endswith(("[…]", "[...]", "…")) or len(excerpt) > 300:
        return None
    return excerpt


def _image(event: Incoming, item: dict, folder: Path) -> None:
    image = item.get("image")
    if not isinstance(image, dict) or not image.get("url"):
        return
    found = find_image(folder, str(image["url"]))
    if found is not None:
        event.image = found
        return
    event.notes.append(
        Note(
            "image",
            f"its featured image ({image['url']}) is not in {folder.name}/, so it was left out",
            "save the picture beside this file and add `image:` with its name",
        )
    )


def find_image(folder: Path, url: str) -> Path | None:
    """The saved copy of a picture: at its path on the old site (wp-content/uploads/…, with or
    without the parts before), else the one file in the folder with its name."""
    path = unquote(urlsplit(url).path).strip("/")
    parts = path.split("/")
    for start in range(len(parts)):
        candidate = folder.joinpath(*parts[start:])
        if candidate.is_file() and candidate.resolve().is_relative_to(folder.resolve()):
            return candidate
    same = [p for p in folder.rglob(parts[-1]) if p.is_file()] if parts[-1] else []
    return same[0] if len(same) == 1 else None
