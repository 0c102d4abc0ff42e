"""Item pages read as pages: no contents or menu beside them but breadcrumbs, an event's facts and
booking first, and search results that read as results. On the example site, built with MkDocs,
and in Chromium at a phone's and a laptop's width."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from .helpers import axe_violations, served

SERIES = "events/delays-in-care-proceedings/"
PAST = SERIES + "fostering-a-one-system-mindset/"
UPCOMING = "events/practice-standards-in-action/leaders-building-a-shared-vision/"
IN_PERSON = "events/family-justice-learning-conference-2027/"
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}

TRAILS = {
    PAST: ["Events", "Learning series: delays in care proceedings", "Part 4"],
    IN_PERSON: ["Events", "Family justice learning conference 2027"],
    SERIES: ["Events", "Learning series: delays in care proceedings"],
    "journal/strengthening-families/": ["Journal", "Strengthening Families Journal"],
    "journal/strengthening-families/issue-6/": ["Journal", "Strengthening Families Journal", "Issue 6"],
    "practice-week/2023/": ["Practice week", "Practice week 2023"],
    "practice-week/2023/cardiff/": ["Practice week", "Practice week 2023", "Cardiff"],
    "people/clare-chamberlain/": ["People", "Clare Chamberlain"],
}
LISTINGS = ["events/", "events/2023/", "tags/", "tags/multi-agency-working/", "journal/", "practice-week/", "people/"]


def html(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def sidebar_hidden(soup: BeautifulSoup, kind: str) -> bool:
    return soup.select_one(f".md-sidebar[data-md-type={kind}]").has_attr("hidden")


@pytest.mark.parametrize("url", list(TRAILS))
def test_item_pages_have_breadcrumbs_and_no_menu_or_contents_beside_them(site: Path, url: str):
    soup = html(site, url)
    assert sidebar_hidden(soup, "navigation") and sidebar_hidden(soup, "toc")
    crumbs = soup.select('article nav[aria-label="Breadcrumb"] > ol > li')
    assert [li.get_text(strip=True) for li in crumbs] == TRAILS[url]
    *up, last = crumbs
    assert last.get("aria-current") == "page" and last.find("a") is None
    assert all(li.find("a") and not li.has_attr("aria-current") for li in up)
    # Each step up leads to a page that is there, the first to its section.
    for li in up:
        target = (site / url / li.a["href"]).resolve() / "index.html"
        assert target.is_file(), li.a["href"]
    assert (site / url / up[0].a["href"]).resolve() == (site / url.split("/")[0]).resolve()


@pytest.mark.parametrize("url", LISTINGS)
def test_listings_keep_the_menu_and_have_no_breadcrumbs(site: Path, url: str):
    soup = html(site, url)
    assert not sidebar_hidden(soup, "navigation")
    assert soup.select_one("article .lx-breadcrumbs") is None


def test_event_page_reads_facts_booking_summary_then_the_rest(site: Path):
    article = html(site, UPCOMING).select_one("article")
    order = [
        article.select_one(".lx-breadcrumbs"),
        article.find("h1"),
        article.select_one(".lx-event-key dl.lx-facts"),
        article.select_one(".lx-event-key .lx-book a.md-button"),
        article.select_one("p.lx-lede"),
        article.find("h2", id="about-this-event"),
        article.select_one("ul.lx-panel"),
        article.find("h2", id="add-to-calendar"),
        article.select_one("p.lx-tags"),
    ]
    assert all(order), order
    everything = list(article.descendants)
    places = [everything.index(e) for e in order]
    assert places == sorted(places)
    facts = [dt.get_text() for dt in article.select(".lx-event-key dt")]
    assert facts == ["Date", "Place", "Series", "Booking"]
    assert "(UK time)" in article.select_one(".lx-event-key dd").get_text()


def test_past_event_puts_people_before_recording_slides_and_contact(site: Path):
    article = html(site, PAST).select_one("article")
    headings = [h.get("id") for h in article.find_all("h2")]
    wanted = ["chair-and-speakers", "recording", "slides-and-downloads", "text-of-the-slides", "contact"]
    assert [h for h in headings if h in wanted] == wanted
    assert headings.index("about-this-event") < headings.index("chair-and-speakers")
    assert "add-to-calendar" not in headings
    status = article.select(".lx-event-key dd")[-1].get_text()
    assert status.startswith("This event has taken place")
    assert article.select_one(".lx-event-key .lx-book") is None


def test_venue_has_its_address_and_directions_to_it(site: Path):
    place = html(site, IN_PERSON).select(".lx-event-key dl > div")[1]
    assert place.dt.get_text() == "Place"
    assert place.select_one(".lx-venue").get_text() == "Northern Conference Centre"
    assert place.select_one(".lx-venue__address").get_text() == "5 Example Street, Manchester M2 3AA"
    link = urlsplit(place.select_one("a.lx-venue__directions")["href"])
    assert (link.scheme, link.netloc, link.path) == ("https", "www.openstreetmap.org", "/directions")
    assert parse_qs(link.query) == {"to": ["5 Example Street, Manchester M2 3AA"]}


def test_an_online_event_says_online_once(site: Path):
    key = html(site, UPCOMING).select_one(".lx-event-key").get_text(" ")
    assert key.count("Online") == 1
    assert html(site, UPCOMING).select_one("a.lx-venue__directions") is None


# --- in a browser -------------------------------------------------------------


@pytest.fixture(scope="module")
def base_url(site: Path):
    with served(site) as url:
        yield url


@pytest.fixture
def tab(browser, base_url):
    contexts = []

    def opener(path: str, viewport: dict):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.goto(base_url + path)
        return page

    yield opener
    for context in contexts:
        context.close()


@pytest.mark.parametrize("url", [UPCOMING, IN_PERSON])
def test_on_a_phone_the_first_screen_has_the_facts_booking_button_and_summary(tab, url):
    page = tab(url, PHONE)
    for selector in ("h1", ".lx-event-key dl", ".lx-book a", "p.lx-lede"):
        box = page.locator(f"article {selector}").bounding_box()
        assert box and box["y"] + min(box["height"], 40) < PHONE["height"], selector
    # The menu is still there, in the drawer: off the screen until the button opens it.
    drawer = page.locator(".md-sidebar--primary")
    assert drawer.bounding_box()["x"] + drawer.bounding_box()["width"] <= 0
    page.click("label.md-header__button[for=__drawer]")
    page.wait_for_function("() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0")
    events = page.locator(".md-sidebar--primary a.md-nav__link", has_text="Events").first
    assert events.is_visible() and events.bounding_box()["x"] >= 0


def test_on_a_laptop_the_facts_sit_beside_the_text(tab):
    page = tab(IN_PERSON, DESKTOP)
    key = page.locator(".lx-event-key").bounding_box()
    lede = page.locator("p.lx-lede").bounding_box()
    body = page.locator("article h2#about-this-event").bounding_box()
    assert key["x"] >= lede["x"] + lede["width"] and key["x"] >= body["x"] + body["width"]
    assert key["y"] < body["y"]  # beside the text, not under it
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator(".md-sidebar--secondary").is_visible()
    menu = tab("events/", DESKTOP).locator(".md-sidebar--primary")
    assert menu.is_visible()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_event_and_item_pages_pass_axe(tab, viewport):
    for url in (IN_PERSON, "journal/strengthening-families/issue-6/", "people/clare-chamberlain/"):
        assert axe_violations(tab(url, viewport)) == [], url


def test_search_results_have_a_label_a_title_link_and_a_plain_excerpt(tab):
    page = tab("search/?q=Newport", DESKTOP)
    page.wait_for_selector("#lx-search-list li", timeout=10_000)
    first = page.locator("#lx-search-list > li").first
    assert first.locator("a").count() == 1  # the title alone is the link
    title = first.locator("h2 > a")
    assert title.inner_text() == "Fewer babies coming into care in Newport"
    assert first.locator(".lx-result__label").inner_text().lower() == "practice-week visit · 13 october 2023"
    label, heading = first.locator(".lx-result__label").bounding_box(), first.locator("h2").bounding_box()
    assert label["y"] < heading["y"]  # drawn above the title, though read after it
    excerpt = first.locator(".lx-result__excerpt")
    assert "Newport" in excerpt.inner_text() and excerpt.locator("a").count() == 0
    # A focus ring that shows: Tab from the search box reaches the first title.
    page.focus("#lx-search-page-input")
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.closest('#lx-search-list') !== null"):
            break
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }"
    )
    assert ring[0] == "solid" and ring[1] == "3px" and "11, 12" in ring[2], ring
    assert axe_violations(page) == []
