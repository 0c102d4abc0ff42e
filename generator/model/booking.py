"""Booking a place, in words decided once against the build's "now": the event page, its
card, the calendar entry and the JSON-LD offer all say the same thing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from generator.model.dates import clock, day


@dataclass(eq=False)
class Booking:
    url: str
    opens: datetime | None  # in the event's zone
    closes: datetime | None  # the moment booking ends: a date alone closes at the end of that day
    closes_timed: bool  # whether `closes:` was given with a time, for the words
    opens_timed: bool
    status: str | None  # as written: open, waiting-list, full, closed, or None
    state: str = "open"  # decided against "now": soon, open, waiting-list, full or closed
    words: str | None = None  # "Book by Monday 8 February 2027, 5pm"; None for a plain open link

    @property
    def bookable(self) -> bool:
        """Whether the booking link is offered as a button now."""
        return self.state in ("open", "waiting-list")


def decide(booking: Booking, now: datetime, last_day_closes: datetime) -> Booking:
    """Set the state and words. Booking also closes once the event's last session has
    ended, whatever was written."""
    closes = booking.closes or last_day_closes
    if booking.status == "closed" or now >= closes:
        booking.state, booking.words = "closed", "Booking closed"
    elif booking.status == "full":
        booking.state, booking.words = "full", "Fully booked"
    elif booking.status == "waiting-list":
        booking.state, booking.words = "waiting-list", "Waiting list"
    elif booking.opens is not None and now < booking.opens:
        booking.state, booking.words = "soon", f"Booking opens {_when(booking.opens, booking.opens_timed)}"
    elif booking.closes is not None:
        booking.state, booking.words = "open", f"Book by {_when(_shown_close(booking), booking.closes_timed)}"
    else:
        booking.state, booking.words = "open", None
    return booking


def _shown_close(booking: Booking) -> datetime:
    # A date alone closes at midnight after it, but people read "book by" as that day.
    return booking.closes if booking.closes_timed else booking.closes - timedelta(days=1)  # type: ignore[operator]


def _when(moment: datetime, timed: bool) -> str:
    return f"{day(moment)}, {clock(moment)}" if timed else day(moment)
