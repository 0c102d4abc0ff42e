"""The month calendars: a page per month from the first event's to the last one's, each a table
of weeks from Monday with every date of every event on its day, linked from the year pages and
the events page; and on a phone a list of the days that have events. A small project built for
real with `mkdocs build --strict`, checked in its HTML and in Chromium."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build.pipeline import load_site
from generator.render import views as listing

from .helpers import axe_violations, for_mkdocs, make_project, md, mkdocs_build, online_event, served

# Inside April 2027 (in UK time too), the month the tests look at most.
BUILT_AT = datetime(2027, 4, 20, 9, 0, tzinfo=UTC)
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 700}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
CLINIC = "events/clinic/"

CONTENT = {
    # January 2027, then nothing in February or March: two months with a page and no events.
    "events/first.md": online_event("First of the year", "2027-01-12 10:00", "2027-01-12 11:00"),
    # Every Tuesday from 6 April, six times; 20 April left out, 27 April called off.
    "events/clinic.md": online_event(
        "Practice clinic",
        "2027-04-06 12:30",
        "2027-04-06 13:30",
        "repeat:\n  every: week\n  count: 6\n  except: [2027-04-20]\ncancelled: [2027-04-27]",
    ),
    # Wednesday 14 April: a two-day conference, an evening talk and a morning one.
    "events/conference.md": md(
        "title: Spring conference\nstart: 2027-04-14\nend: 2027-04-15\nformat: online\n"
        "registration: https://example.org/book",
        "Two days.",
    ),
    "events/evening.md": online_event("Evening talk", "2027-04-14 18:00", "2027-04-14 19:00"),
    "events/morning.md": online_event("Morning talk", "2027-04-14 09:30", "2027-04-14 10:30"),
    "events/called-off.md": online_event("Called off", "2027-04-22 14:00", "2027-04-22 15:00", "status: cancelled"),
    # The last event: June 2027 is the last month with a page.
    "events/last.md": online_event("Last of the year", "2027-06-08 14:00", "2027-06-08 15:00"),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("month") / "project", CONTENT)


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    for_mkdocs(project)
    result = mkdocs_build(project, now=BUILT_AT)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "build" / "site"


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def resolves(site: Path, url: str, href: str) -> str:
    """Where a relative link on the page at `url` leads, as a site address."""
    return (site / url / href).resolve().relative_to(site.resolve()).as_posix() + "/"


def cells(soup: BeautifulSoup) -> dict[date, list[dict]]:
    """Each day of the calendar with what it lists: time, title, address, status words, classes."""
    found = {}
    for td in soup.select("table.lx-month tbody td"):
        time = td.find("time")
        if time is None:
            continue
        found[date.fromisoformat(time["datetime"])] = [
            {
                "when": li.select_one(".lx-month__time").get_text(strip=True),
                "title": "".join(li.a.find_all(string=True, recursive=False)).strip(),
                "href": li.a["href"],
                "status": li.select_one(".lx-month__status").get_text(strip=True)
                if li.select_one(".lx-month__status")
                else None,
                "classes": li["class"],
            }
            for li in td.select("li.lx-month__event")
        ]
    return found


def test_a_month_is_a_table_with_a_caption_and_a_column_per_weekday_from_monday(site: Path):
    table = page(site, "events/2027/04/").select_one("table.lx-month")
    assert table.caption.get_text(strip=True) == "April 2027"
    heads = table.select("thead th")
    assert [th["scope"] for th in heads] == ["col"] * 7
    # Shown as Mon, Tue...; read out in full.
    assert [th.abbr.get_text() for th in heads] == [d[:3] for d in WEEKDAYS]
    assert [th.abbr["title"] for th in heads] == WEEKDAYS
    assert [th.select_one(".lx-visually-hidden").get_text() for th in heads] == WEEKDAYS
    rows = table.select("tbody tr")
    assert len(rows) == 5  # 1 April 2027 is a Thursday: 3 days before it, 30 in it, 2 after
    for row in rows:
        tds = row.find_all("td")
        assert len(tds) == 7
        for column, td in enumerate(tds):
            time = td.find("time")
            if time is None:
                assert "lx-month__day--outside" in td["class"] and td.get_text(strip=True) == "Not in April"
                continue
            day = date.fromisoformat(time["datetime"])
            assert day.weekday() == column and (day.year, day.month) == (2027, 4)
            assert td.select_one(".lx-month__number").get_text() == str(day.day)
            assert td.select_one(".lx-month__full").get_text() == f"{WEEKDAYS[day.weekday()]} {day.day} April 2027"
    outside = [td for td in table.select("tbody td") if "lx-month__day--outside" in td["class"]]
    assert len(outside) == 5 and all(td.find("time") is None for td in outside)


def test_each_event_is_on_its_day_and_a_weekly_session_on_each_of_its_days(site: Path):
    days = cells(page(site, "events/2027/04/"))
    assert len(days) == 30
    clinic = {d: e for d, entries in days.items() for e in entries if e["title"] == "Practice clinic"}
    # Every Tuesday of the run but the one left out, each linking to the one event page.
    assert sorted(clinic) == [date(2027, 4, 6), date(2027, 4, 13), date(2027, 4, 27)]
    assert {resolves(site, "events/2027/04/", e["href"]) for e in clinic.values()} == {CLINIC}
    assert all(e["when"] == "12:30pm" for e in clinic.values())
    assert days[date(2027, 4, 20)] == []
    # The called-off date says so in words, and so does an event called off as a whole.
    assert clinic[date(2027, 4, 27)]["status"] == "Cancelled"
    assert "lx-month__event--cancelled" in clinic[date(2027, 4, 27)]["classes"]
    assert clinic[date(2027, 4, 6)]["status"] is None
    assert [(e["title"], e["status"]) for e in days[date(2027, 4, 22)]] == [("Called off", "Cancelled")]
    # All-day events first, then by time; an event over two days is on both.
    assert [(e["when"], e["title"]) for e in days[date(2027, 4, 14)]] == [
        ("Day 1 of 2", "Spring conference"),
        ("9:30am", "Morning talk"),
        ("6pm", "Evening talk"),
    ]
    assert [(e["when"], e["title"]) for e in days[date(2027, 4, 15)]] == [("Day 2 of 2", "Spring conference")]
    may = cells(page(site, "events/2027/05/"))
    assert [d for d, entries in may.items() if entries] == [date(2027, 5, 4), date(2027, 5, 11)]


def test_months_have_pages_from_the_first_event_to_the_last_with_none_outside(site: Path):
    for month in ("01", "02", "03", "04", "05", "06"):
        assert (site / f"events/2027/{month}/index.html").is_file(), month
    assert not (site / "events/2026/12").exists() and not (site / "events/2027/07").exists()
    assert sorted(p.parent.name for p in (site / "events/2027").glob("[0-9][0-9]/index.html")) == [
        "01",
        "02",
        "03",
        "04",
        "05",
        "06",
    ]
    # A month between events has its page, with its calendar and a sentence saying it is empty.
    gap = page(site, "events/2027/02/")
    assert gap.select_one(".lx-month__none").get_text(strip=True) == "There are no events in February 2027."
    assert len(gap.select("table.lx-month tbody td time")) == 28 and not gap.select(".lx-month__event")


def test_previous_and_next_lead_to_the_neighbouring_months_and_stop_at_the_ends(site: Path):
    def around(url):
        nav = page(site, url).select_one("nav.lx-month-nav")
        return {a["rel"][0]: (resolves(site, url, a["href"]), a.get_text(strip=True)) for a in nav.find_all("a")}

    assert around("events/2027/04/") == {
        "prev": ("events/2027/03/", "Previous month: March 2027"),
        "next": ("events/2027/05/", "Next month: May 2027"),
    }
    assert around("events/2027/01/") == {"next": ("events/2027/02/", "Next month: February 2027")}
    assert around("events/2027/06/") == {"prev": ("events/2027/05/", "Previous month: May 2027")}
    # Up, as the year pages lead to the events page: to the month's year.
    up = page(site, "events/2027/04/").select_one("p.lx-up a")
    assert resolves(site, "events/2027/04/", up["href"]) == "events/2027/" and up.get_text() == "Events in 2027"


def test_the_year_page_links_its_months_and_lists_every_date(site: Path):
    soup = page(site, "events/2027/")
    months = soup.select_one('nav.lx-months[aria-label="Months of 2027"]')
    links = [(a.contents[0].strip(), resolves(site, "events/2027/", a["href"])) for a in months.find_all("a")]
    assert links == [(f"{date(2027, n, 1):%B}", f"events/2027/{n:02d}/") for n in range(1, 7)]
    # It sits above the filters and the cards.
    text = str(soup.select_one("article"))
    assert text.index("lx-months") < text.index("lx-filters") < text.index("lx-card")
    titles = [h.a.get_text(strip=True) for h in soup.select(".lx-card__title")]
    assert titles.count("Practice clinic") == 5  # six times, less the date left out
    cancelled = [
        h for h in soup.select(".lx-card__title") if h.a.get_text(strip=True) == "Practice clinic" and h.strong
    ]
    assert len(cancelled) == 1 and cancelled[0].strong.get_text() == "Cancelled"


def test_the_events_page_links_this_month_and_lists_each_date_to_come(site: Path):
    soup = page(site, "events/")
    link = soup.select_one("p.lx-this-month a")
    assert link.get_text() == "This month: April 2027"
    assert resolves(site, "events/", link["href"]) == "events/2027/04/"
    upcoming = soup.find("h2", id="upcoming-events").find_next("ul", class_="lx-cards")
    titles = [h.a.get_text(strip=True) for h in upcoming.select(".lx-card__title")]
    assert titles.count("Practice clinic") == 3  # 27 April (cancelled), 4 and 11 May


@pytest.mark.parametrize(
    ("now", "relation", "words", "month"),
    [
        (datetime(2027, 3, 31, 23, 30, tzinfo=UTC), "this", "April 2027", "2027-04"),  # 00:30 on 1 April in the UK
        (datetime(2027, 3, 15, 12, 0, tzinfo=UTC), "this", "March 2027", "2027-03"),  # a month with no events
        (datetime(2026, 11, 23, 12, 0, tzinfo=UTC), "next", "November 2026", "2027-01"),
        (datetime(2027, 8, 1, 12, 0, tzinfo=UTC), "last", "August 2027", "2027-06"),
    ],
)
def test_the_month_the_events_page_links_follows_the_builds_now_in_the_sites_zone(
    project: Path, now, relation, words, month
):
    site = load_site(project, now)[0]
    found = listing.make_views(site).this_month
    assert (found.relation, found.now, f"{found.month.first:%Y-%m}") == (relation, words, month)


def test_a_busy_day_shows_a_few_and_links_the_year_page_that_lists_the_rest(project: Path, monkeypatch):
    monkeypatch.setattr(listing, "DAY_MAX", 2)
    monkeypatch.setattr(listing, "PAGE_SIZE", 4)
    views = listing.make_views(load_site(project, BUILT_AT)[0])
    april = next(m for m in views.months if m.first == date(2027, 4, 1))
    busy = april.days[13]
    assert [e.session.title for e in busy.entries] == ["Spring conference", "Morning talk"]
    assert busy.more == 1
    year = views.years[0]
    holding = next(p for p in year.pages if any(e.title == "Evening talk" for e in p.items))
    assert busy.more_url == holding.url and holding.number > 1
    assert april.count == 7  # each date once: the clinic's three, and the conference once over its two days


def test_only_listings_by_date_list_each_date_of_a_repeating_event(project: Path):
    site = load_site(project, BUILT_AT)[0]
    views = listing.make_views(site)
    online = next(v for v in views.formats if v.label == "online")
    assert [e.title for e in online.items].count("Practice clinic") == 1
    assert [e.title for e in views.years[0].items].count("Practice clinic") == 5


def test_month_and_year_pages_are_in_the_sitemap_and_not_in_the_search_index(site: Path):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for url in ("events/2027/", "events/2027/04/", "events/2027/02/"):
        assert f"/{url}</loc>" in sitemap, url
        soup = page(site, url)
        assert soup.select_one("[data-pagefind-body]") is None
        assert soup.find("meta", attrs={"name": "robots"}) is None


# --- in Chromium -------------------------------------------------------------------------

_CELLS = """() => [...document.querySelectorAll('table.lx-month tbody td')].map(td => {
  const full = td.querySelector('.lx-month__full');
  return {date: td.querySelector('time')?.getAttribute('datetime') ?? null,
          shown: td.getClientRects().length > 0 && getComputedStyle(td).display !== 'none',
          fullWidth: full ? full.getBoundingClientRect().width : 0,
          fullText: full ? full.innerText : ''};
})"""


@pytest.fixture(scope="module")
def base_url(site: Path):
    with served(site) as url:
        yield url


@pytest.mark.parametrize("viewport", [DESKTOP, NARROW], ids=["desktop", "320px"])
@pytest.mark.parametrize("url", ["events/2027/04/", "events/2027/02/", "events/2027/", "events/"])
def test_axe_finds_nothing_and_nothing_scrolls_sideways(browser, base_url, url, viewport):
    context = browser.new_context(viewport=viewport)
    try:
        tab = context.new_page()
        tab.goto(base_url + url)
        assert axe_violations(tab) == []
        overflow = tab.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{url} is {overflow}px wider than the screen"
    finally:
        context.close()


def test_on_a_phone_a_month_lists_only_the_days_with_events_each_with_its_full_date(browser, base_url, site):
    with_events = {d.isoformat() for d, entries in cells(page(site, "events/2027/04/")).items() if entries}
    assert len(with_events) == 6
    for viewport, narrow in ((DESKTOP, False), (NARROW, True), ({"width": 375, "height": 800}, True)):
        context = browser.new_context(viewport=viewport)
        try:
            tab = context.new_page()
            tab.goto(base_url + "events/2027/04/")
            found = tab.evaluate(_CELLS)
            shown = [c["date"] for c in found if c["shown"]]
            head = tab.evaluate("() => getComputedStyle(document.querySelector('table.lx-month thead')).display")
        finally:
            context.close()
        if narrow:
            assert sorted(shown) == sorted(with_events), viewport
            assert head == "none"
            assert all(c["fullWidth"] > 50 and c["fullText"].endswith("April 2027") for c in found if c["shown"])
        else:
            assert len(shown) == 35  # the whole grid, days outside the month included
            assert head != "none"
            assert all(c["fullWidth"] <= 1 for c in found if c["date"])  # the full date is for screen readers
