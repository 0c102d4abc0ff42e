"""What a person sees about booking and about the dates of a repeating session, on an event's
page, its card in the events listing and the home page: a small project built for real with
MkDocs, at the tests' fixed "now" and again later, from the same files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .helpers import PERSON_ANNA, for_mkdocs, make_project, md, mkdocs_build

# After booking for "open" closes (Monday 8 February 2027, 5pm) and before the event itself.
LATER = datetime(2027, 2, 9, 12, 0, tzinfo=UTC)


def event(title: str, start: str, end: str, registration: str = "", extra: str = "") -> str:
    lines = [f"title: {title}", f"start: {start}", f"end: {end}", "format: online", f"summary: About {title}."]
    if registration:
        lines.append(registration.strip("\n"))
    if extra:
        lines.append(extra.strip("\n"))
    return md("\n".join(lines), "About the event.")


def reg(*fields: str) -> str:
    return "registration:\n  url: https://example.org/book\n" + "".join(f"  {f}\n" for f in fields)


CONTENT = {
    "people/anna-jones.md": PERSON_ANNA,
    "events/open.md": event(
        "Open with a closing time",
        "2027-02-10 10:00",
        "2027-02-10 11:30",
        reg("opens: 2026-11-01", "closes: 2027-02-08 17:00"),
    ),
    "events/soon.md": event("Opens later", "2027-03-10 10:00", "2027-03-10 11:00", reg("opens: 2027-01-11")),
    "events/full.md": event("Full up", "2027-03-11 10:00", "2027-03-11 11:00", reg("status: full")),
    "events/waiting.md": event(
        "Waiting for places", "2027-03-12 10:00", "2027-03-12 11:00", reg("status: waiting-list")
    ),
    "events/closed.md": event("Closed early", "2027-03-15 10:00", "2027-03-15 11:00", reg("status: closed")),
    "events/plain.md": event("Plain link", "2027-03-16 10:00", "2027-03-16 11:00", reg()),
    "events/gone.md": event(
        "Gone by",
        "2026-10-01 10:00",
        "2026-10-01 11:00",
        reg(),
        "recording:\n  url: https://video.example.org/gone\n  captions: true",
    ),
    "events/called-off.md": event(
        "Called off", "2027-03-17 10:00", "2027-03-17 11:00", reg("status: waiting-list"), "status: cancelled"
    ),
    "events/clinic.md": event(
        "Monthly clinic",
        "2027-01-12 10:00",
        "2027-01-12 11:30",
        reg("closes: 2028-06-01"),
        "repeat:\n  every: month\n  until: 2028-06-30\ncancelled: [2027-03-09]",
    ),
    "events/fortnightly.md": event(
        "Fortnightly drop-in", "2027-01-06 14:00", "2027-01-06 15:00", extra="repeat:\n  every: 2 weeks\n  count: 4"
    ),
    "events/residential.md": event(
        "Two-day residential", "2027-05-03", "2027-05-04", extra="repeat:\n  every: month\n  count: 2"
    ),
}


def build(root: Path, now: datetime) -> Path:
    project = for_mkdocs(make_project(root, CONTENT))
    result = mkdocs_build(project, now)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "build" / "site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The same files built at the tests' "now" and at a later one."""
    from .helpers import NOW

    return {"now": build(tmp_path_factory.mktemp("now"), NOW), "later": build(tmp_path_factory.mktemp("later"), LATER)}


def article(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser").select_one("article")


def fact(page, label: str) -> str | None:
    for row in page.select(".lx-event-key dl > div"):
        if row.dt.get_text(strip=True) == label:
            return " ".join(row.dd.get_text(" ").split())
    return None


def button(page) -> str | None:
    found = page.select_one(".lx-event-key .lx-book a.md-button")
    return None if found is None else " ".join(found.get_text().split())


def cards(site: Path, title: str) -> list:
    listing = article(site, "events")
    return [li for li in listing.select("li.lx-card") if li.select_one(".lx-card__title a").get_text() == title]


def card_booking(site: Path, title: str) -> str | None:
    found = cards(site, title)
    assert found, f"no card for {title} on the events page"
    words = found[0].select_one(".lx-card__booking")
    return None if words is None else words.get_text()


STATES = [
    # slug, title, the words on the page and the card, the button
    (
        "open",
        "Open with a closing time",
        "Book by Monday 8 February 2027, 5pm",
        "Book a place at Open with a closing time",
    ),
    ("soon", "Opens later", "Booking opens Monday 11 January 2027", None),
    ("full", "Full up", "Fully booked", None),
    ("waiting", "Waiting for places", "Waiting list", "Join the waiting list for Waiting for places"),
    ("closed", "Closed early", "Booking closed", None),
]


@pytest.mark.parametrize(("slug", "title", "words", "book"), STATES, ids=[s[0] for s in STATES])
def test_booking_words_are_the_same_on_the_page_and_its_card(sites, slug, title, words, book):
    page = article(sites["now"], f"events/{slug}")
    assert fact(page, "Booking") == words
    assert card_booking(sites["now"], title) == words
    assert button(page) == book
    if book:
        link = page.select_one(".lx-book a")
        assert link["href"] == "https://example.org/book"
        assert link.select_one(".lx-visually-hidden").get_text().strip().endswith(title)


def test_a_plain_booking_link_is_a_button_with_no_dates_to_give(sites):
    page = article(sites["now"], "events/plain")
    assert fact(page, "Booking") == "Open: book a place online"
    assert button(page) == "Book a place at Plain link"
    assert card_booking(sites["now"], "Plain link") is None  # nothing to add to the card


def test_booking_closes_at_its_time_with_no_edit(sites):
    before, after = article(sites["now"], "events/open"), article(sites["later"], "events/open")
    assert fact(before, "Booking") == "Book by Monday 8 February 2027, 5pm" and button(before)
    assert fact(after, "Booking") == "Booking closed"
    assert button(after) is None
    assert card_booking(sites["later"], "Open with a closing time") == "Booking closed"
    # The event itself is still to come: the page says so, and offers the calendar.
    assert fact(after, "Status") is None
    assert after.find("h2", id="add-to-calendar") is not None


def test_past_and_cancelled_events_offer_no_booking(sites):
    site = sites["now"]
    past = article(site, "events/gone")
    assert fact(past, "Booking") is None and button(past) is None
    assert fact(past, "Status").startswith("This event has taken place")
    cancelled = article(site, "events/called-off")
    assert fact(cancelled, "Booking") is None and button(cancelled) is None
    assert fact(cancelled, "Status") == "Cancelled"
    assert card_booking(site, "Called off") is None
    gone = article(site, "events/catch-up")
    assert all(li.select_one(".lx-card__booking") is None for li in gone.select("li.lx-card"))


def test_home_page_features_the_next_event_with_its_booking_words(sites):
    home = BeautifulSoup((sites["now"] / "index.html").read_text(encoding="utf-8"), "html.parser")
    feature = home.select_one(".lx-feature")
    assert feature.select_one(".lx-feature__title a").get_text() == "Fortnightly drop-in"  # no booking at all
    assert feature.select_one(".lx-card__booking") is None
    assert [a.get_text() for a in feature.select(".lx-feature__actions a")] == ["Find out more"]
    later = BeautifulSoup((sites["later"] / "index.html").read_text(encoding="utf-8"), "html.parser")
    feature = later.select_one(".lx-feature")
    assert feature.select_one(".lx-feature__title a").get_text() == "Open with a closing time"
    assert feature.select_one(".lx-card__booking").get_text() == "Booking closed"
    assert [a.get_text() for a in feature.select(".lx-feature__actions a")] == ["Find out more"]


# --- a session that repeats -----------------------------------------------------


def test_repeating_event_gives_its_rule_time_and_next_dates(sites):
    page = article(sites["now"], "events/clinic")
    row = next(r for r in page.select(".lx-event-key dl > div") if r.dt.get_text() == "Dates")
    assert row.select_one(".lx-repeat").get_text() == (
        "Every 2nd Tuesday of the month until 30 June 2028, 10am to 11:30am (UK time)"
    )
    label = row.select_one("#lx-next-dates")
    assert label.get_text() == "Next dates"
    dates = row.select("ul.lx-sessions[aria-labelledby=lx-next-dates] > li")
    assert len(dates) == 12  # of 18
    assert [" ".join(li.get_text(" ").split()) for li in dates[:3]] == [
        "Tuesday 12 January 2027",
        "Tuesday 9 February 2027",
        "Tuesday 9 March 2027 Cancelled",
    ]
    assert dates[0].time["datetime"] == "2027-01-12T10:00+00:00"
    assert dates[5].time["datetime"] == "2027-06-08T10:00+01:00"  # 10am on the clock in summer too
    assert row.select_one(".lx-sessions__more").get_text() == "and 6 more dates"
    assert fact(page, "Booking") == "Book by Thursday 1 June 2028"
    # The .ics file carries every date; the web links can carry only one, and say so.
    links = [a.get_text() for a in page.select("ul.lx-calendar-links a")]
    assert links == [
        "Download every date for Outlook, Apple Calendar, Google Calendar or Thunderbird (.ics file)",
        "Add the first date to Google Calendar",
        "Add the first date to Outlook on the web",
    ]


def test_each_next_date_of_a_repeating_two_day_event_gives_both_days(sites):
    page = article(sites["now"], "events/residential")
    row = next(r for r in page.select(".lx-event-key dl > div") if r.dt.get_text() == "Dates")
    assert [li.get_text() for li in row.select("ul.lx-sessions > li")] == [
        "Monday 3 to Tuesday 4 May 2027",
        "Monday 7 to Tuesday 8 June 2027",
    ]


def test_a_short_run_lists_every_date_and_says_no_more(sites):
    page = article(sites["now"], "events/fortnightly")
    row = next(r for r in page.select(".lx-event-key dl > div") if r.dt.get_text() == "Dates")
    assert row.select_one(".lx-repeat").get_text() == "Every other Wednesday, 4 times, 2pm to 3pm (UK time)"
    assert [li.get_text() for li in row.select("ul.lx-sessions > li")] == [
        "Wednesday 6 January 2027",
        "Wednesday 20 January 2027",
        "Wednesday 3 February 2027",
        "Wednesday 17 February 2027",
    ]
    assert row.select_one(".lx-sessions__more") is None


def test_dates_gone_by_leave_the_list(sites):
    page = article(sites["later"], "events/clinic")
    row = next(r for r in page.select(".lx-event-key dl > div") if r.dt.get_text() == "Dates")
    # 12 January and 9 February (which ended at 11:30) are over; 9 March, called off, is next.
    first = row.select("ul.lx-sessions > li")[0]
    assert " ".join(first.get_text(" ").split()) == "Tuesday 9 March 2027 Cancelled"
    assert row.select_one(".lx-sessions__more").get_text() == "and 4 more dates"


def test_each_session_has_its_own_card_and_a_cancelled_one_says_so(sites):
    found = cards(sites["now"], "Monthly clinic")
    assert len(found) >= 10  # a card for each date in the listing's year ahead
    times = [li.select_one(".lx-card__meta time")["datetime"] for li in found]
    assert times[:3] == ["2027-01-12T10:00+00:00", "2027-02-09T10:00+00:00", "2027-03-09T10:00+00:00"]
    assert [li.select_one(".lx-card__meta time").get_text() for li in found[:2]] == [
        "Tuesday 12 January 2027, 10am to 11:30am",
        "Tuesday 9 February 2027, 10am to 11:30am",
    ]
    badges = [li.select_one(".lx-badge--cancelled") for li in found]
    assert [b.get_text() if b else None for b in badges[:4]] == [None, None, "Cancelled", None]
    # A called-off date offers no booking; the others say when booking closes.
    assert found[2].select_one(".lx-card__booking") is None
    assert found[1].select_one(".lx-card__booking").get_text() == "Book by Thursday 1 June 2028"
    assert all(li.select_one(".lx-card__title a")["href"].endswith("clinic/") for li in found)
