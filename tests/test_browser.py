"""The built site in a real browser: Debian's Chromium driven by Playwright, over http on 127.0.0.1.

Outside CI a missing browser skips these tests with a loud message; with CI=true it fails them.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from generator.resources.downloads import human_size

from .helpers import REPO, axe_violations, served

SCREENSHOTS = REPO / "test-output" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}

FOSTERING = "events/delays-in-care-proceedings/fostering-a-one-system-mindset/"
PAGES = {
    "home": "",
    "events-index": "events/",
    "series": "events/delays-in-care-proceedings/",
    "event-upcoming": "events/practice-standards-in-action/leaders-building-a-shared-vision/",
    "event-past": FOSTERING,
    "event-cancelled": "events/family-group-conferences-webinar/",
    "journal-index": "journal/",
    "journal": "journal/strengthening-families/",
    "journal-issue": "journal/strengthening-families/issue-6/",
    "practice-week-index": "practice-week/",
    "practice-week-year": "practice-week/2023/",
    "visit": "practice-week/2023/cardiff/",
    "people-index": "people/",
    "person": "people/clare-chamberlain/",
    "tags-index": "tags/",
    "tag": "tags/multi-agency-working/",
    "subscribe": "calendar/",
    "events-year": "events/2023/",
    "events-format": "events/format/online/",
    "events-catch-up": "events/catch-up/",
    "events-series": "events/series/",
    "search-page": "search/?q=care",
    "accessibility-statement": "accessibility/",
    "guide": "how-to-add-content/event/",
}


@pytest.fixture(scope="session")
def base_url(site: Path):
    with served(site) as url:
        yield url


@pytest.fixture
def open_page(browser, base_url):
    """Open a page; afterwards, fail if anything was requested from another host."""
    contexts, requests = [], []

    def opener(path: str, viewport: dict = DESKTOP):
        context = browser.new_context(viewport=viewport)
        context.on("request", lambda request: requests.append(request.url))
        contexts.append(context)
        tab = context.new_page()
        tab.goto(base_url + path)
        return tab

    yield opener
    for context in contexts:
        context.close()
    own = urlsplit(base_url).netloc
    foreign = [
        u for u in requests if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).netloc != own
    ]
    assert not foreign, f"requests left the site: {foreign}"


def search(tab, query: str) -> list[dict]:
    """Open search from the header and type the query key by key, as a person would."""
    if tab.viewport_size["width"] < 960:
        tab.click("label.lx-search-open")
    else:
        tab.click("input.md-search__input")
    tab.locator("input.md-search__input").press_sequentially(query, delay=40)
    tab.wait_for_selector(".md-search-result__item", timeout=10_000)
    tab.wait_for_timeout(300)
    return tab.eval_on_selector_all(
        ".md-search-result__item h2 > a.md-search-result__link",
        "els => els.map(a => ({href: a.href, title: a.innerText}))",
    )


def _paths(results: list[dict]) -> list[str]:
    return [urlsplit(r["href"]).path.lstrip("/") for r in results]


# --- search -----------------------------------------------------------------


def test_search_speaker_finds_their_event_and_person_page(open_page):
    paths = _paths(search(open_page(""), "Lauren Kocan"))
    assert FOSTERING in paths
    assert "people/lauren-kocan/" in paths


def test_search_town_finds_its_visit_and_first_result_leads_there(open_page, base_url):
    tab = open_page("")
    results = search(tab, "Newport")
    assert _paths(results)[0] == "practice-week/2023/newport/"
    tab.click(".md-search-result__item h2 > a.md-search-result__link >> nth=0")
    tab.wait_for_url(re.compile(r".*/practice-week/2023/newport/.*"))
    assert tab.locator("article h1").inner_text().strip()
    assert "Newport" in tab.locator("article dl.lx-facts").inner_text()


def test_search_article_title_finds_its_issue(open_page, built):
    issue = (built / "content/journal/strengthening-families/issue-6.md").read_text(encoding="utf-8")
    title = yaml.safe_load(issue.split("---")[1])["articles"][1]["title"]
    tab = open_page("")
    paths = _paths(search(tab, title))
    assert paths[0].startswith("journal/strengthening-families/issue-6/")


def test_search_tag_finds_all_three_kinds(open_page):
    paths = _paths(search(open_page(""), "multi-agency working"))
    assert any(p.startswith("events/") for p in paths)
    assert any(p.startswith("journal/") for p in paths)
    assert any(p.startswith("practice-week/") for p in paths)


def test_search_finds_a_phrase_that_is_only_inside_the_slides(open_page, built):
    source = (built / "content" / FOSTERING.rstrip("/")).with_suffix(".md").read_text(encoding="utf-8")
    phrase = "when building a new partnership"
    assert phrase not in source  # only the PDF has it
    tab = open_page("")
    results = search(tab, phrase)
    assert FOSTERING in _paths(results)[:3]
    first = tab.locator(".md-search-result__item").filter(has=tab.locator(f"a[href$='{FOSTERING}']"))
    assert "Event" in first.locator(".lx-search__facts").inner_text()


def test_search_results_show_each_items_kind_and_date(open_page):
    tab = open_page("")
    search(tab, "Newport")
    facts = tab.locator(".md-search-result__item .lx-search__facts").first.inner_text()
    assert facts == "Practice-week visit · 13 October 2023", facts


def test_search_from_the_keyboard_alone(open_page):
    tab = open_page(PAGES["journal-issue"])
    for _ in range(15):  # the search box is among the first Tab stops, after the skip link and logo
        tab.keyboard.press("Tab")
        if tab.evaluate("() => document.activeElement.id") == "lx-search-input":
            break
    else:
        pytest.fail("the search box is not reachable by Tab")
    tab.keyboard.type("Kocan", delay=40)
    tab.wait_for_selector(".md-search-result__item", timeout=10_000)
    tab.keyboard.press("ArrowDown")
    assert tab.evaluate("() => document.activeElement.href").endswith("people/lauren-kocan/")
    tab.keyboard.press("Enter")
    tab.wait_for_url(re.compile(r".*/people/lauren-kocan/$"))


def test_search_page_lists_every_result_and_keeps_the_query_in_the_address(open_page):
    tab = open_page("search/?q=care")
    tab.wait_for_selector("#lx-search-list li", timeout=10_000)
    status = tab.locator("#lx-search-status").inner_text()
    count = int(re.match(r"(\d+) results?", status).group(1))
    shown = tab.locator("#lx-search-list li").count()
    assert shown == min(count, 20)
    if count > 20:
        tab.click("#lx-search-more")
        tab.wait_for_function("() => document.querySelectorAll('#lx-search-list li').length > 20")
    tab.fill("#lx-search-page-input", "Cardiff")
    tab.press("#lx-search-page-input", "Enter")
    tab.wait_for_function("() => location.search === '?q=Cardiff'")
    tab.wait_for_selector("#lx-search-list a[href$='practice-week/2023/cardiff/']", timeout=10_000)


def test_the_header_search_offers_all_results_on_the_search_page(open_page):
    tab = open_page("")
    search(tab, "care")
    more = tab.locator(".lx-search__more a")
    assert more.is_visible()
    more.click()
    tab.wait_for_url(re.compile(r".*/search/\?q=care$"))
    tab.wait_for_selector("#lx-search-list li", timeout=10_000)


# --- listings and filters ------------------------------------------------------------


def test_events_page_links_each_year_with_its_count(open_page):
    tab = open_page("events/")
    year = tab.locator("nav.lx-filters a", has_text="2023")
    assert year.count() == 1
    stated = int(re.search(r"\((\d+)\)", year.inner_text()).group(1))
    year.click()
    tab.wait_for_url(re.compile(r".*/events/2023/$"))
    assert tab.locator("nav.lx-filters a[aria-current='page']").inner_text().startswith("2023")
    cards = tab.locator("article ul.lx-cards > li.lx-card")
    assert cards.count() == stated
    times = cards.locator("time").all_inner_texts()
    assert len(times) == stated == 4  # the example site's four events of 2023, each card with its date
    assert all("2023" in t for t in times)


def test_format_filter_lists_only_that_format(open_page):
    tab = open_page("events/")
    tab.locator("nav.lx-filters a", has_text="In person and online").click()
    tab.wait_for_url(re.compile(r".*/events/format/hybrid/$"))
    metas = tab.locator("article li.lx-card .lx-card__meta").all_inner_texts()
    assert metas and all("In person and online" in m for m in metas)


def test_catch_up_filter_lists_past_events_with_a_recording_or_slides(open_page):
    tab = open_page("events/catch-up/")
    titles = tab.locator("article li.lx-card .lx-card__title a").all_inner_texts()
    assert "Fostering a one-system mindset and culture" in titles
    assert "Leaders building a shared vision" not in titles  # upcoming
    catch_up = tab.locator("article li.lx-card .lx-card__catchup").all_inner_texts()
    # Every card says what there is to catch up on: the example site's five past events with either.
    assert len(catch_up) == len(titles) == 5, (catch_up, titles)
    assert all(c.startswith("Catch up: ") for c in catch_up)


def test_slides_text_is_on_the_event_page_collapsed_with_a_heading_per_page(open_page):
    tab = open_page(FOSTERING)
    details = tab.locator("details.lx-pdf-text").first
    assert not details.evaluate("d => d.open")
    assert not tab.get_by_text("when building a new partnership").first.is_visible()
    details.locator("summary").click()
    assert tab.get_by_text("when building a new partnership").first.is_visible()
    headings = details.locator("h3").all_inner_texts()
    assert headings[:2] == ["Page 1", "Page 2"]


def test_search_opens_from_the_header_button_on_a_phone(open_page):
    tab = open_page("", {"width": 320, "height": 700})
    paths = _paths(search(tab, "Kocan"))
    assert "people/lauren-kocan/" in paths


# --- the event page -------------------------------------------------------------


def test_event_page_panel_downloads_and_recording(open_page, base_url):
    tab = open_page(FOSTERING)
    chair = tab.locator("li.lx-person--chair")
    assert chair.count() == 1
    assert chair.locator(".lx-person__name a").inner_text() == "Clare Chamberlain"
    assert chair.locator(".lx-badge").is_visible() and chair.locator(".lx-badge").inner_text() == "Chair"
    assert tab.locator("li.lx-person").count() == 6
    link = tab.locator("ul.lx-downloads a").first
    stated = re.search(r"\(PDF, ([\d.]+ [KM]B), (\d+) pages\)", link.inner_text())
    assert stated, link.inner_text()
    response = tab.request.get(link.evaluate("a => a.href"))
    assert response.status == 200
    body = response.body()
    assert human_size(len(body)) == stated.group(1)
    assert body.startswith(b"%PDF")
    recording = tab.get_by_role("link", name=re.compile("Watch the recording"))
    assert recording.count() == 1 and recording.get_attribute("href").startswith("https://")


def test_add_to_calendar_downloads_the_event(open_page):
    tab = open_page(PAGES["event-upcoming"])
    link = tab.get_by_role("link", name=re.compile(r"\.ics file"))
    assert link.count() == 1
    response = tab.request.get(link.evaluate("a => a.href"))
    assert response.status == 200
    body = response.text()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and "SUMMARY:Leaders building a shared vision" in body
    with tab.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".ics")
    google = tab.get_by_role("link", name="Add to Google Calendar")
    assert google.get_attribute("href").startswith("https://calendar.google.com/calendar/render?action=TEMPLATE")
    assert "add" in tab.get_by_role("link", name="Add to Outlook on the web").get_attribute("href")


# --- keyboard --------------------------------------------------------------------


def test_first_tab_is_the_skip_link_and_it_moves_focus_to_the_content(open_page):
    tab = open_page(FOSTERING)
    tab.keyboard.press("Tab")
    first = tab.evaluate("() => ({cls: document.activeElement.className, text: document.activeElement.innerText})")
    assert "md-skip" in first["cls"] and "Skip to content" in first["text"]
    assert tab.locator("a.md-skip").is_visible()
    tab.keyboard.press("Enter")
    tab.keyboard.press("Tab")
    inside = tab.evaluate("() => !!document.activeElement.closest('article')")
    assert inside, "after the skip link, the next Tab stop should be in the page content"


_FOCUSABLE = """() => [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, [tabindex]')]
  .filter(el => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0
          && getComputedStyle(el).visibility !== 'hidden' && !el.closest('[hidden],[inert]')
          && !el.closest('nav[aria-expanded="false"]'))
  .map((el, i) => { el.setAttribute('data-tab-key', String(i)); return String(i) + ' ' + el.outerHTML.slice(0, 100); })"""

_ACTIVE = """() => { const el = document.activeElement; const s = getComputedStyle(el);
  return {key: el.getAttribute('data-tab-key'), html: el.outerHTML.slice(0, 100),
          visible: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'}; }"""


@pytest.mark.parametrize("name", ["home", "event-past", "journal-issue", "visit"])
def test_every_interactive_element_is_reachable_with_a_visible_focus(open_page, name):
    tab = open_page(PAGES[name])
    wanted = {item.split(" ", 1)[0]: item for item in tab.evaluate(_FOCUSABLE)}
    reached, invisible = set(), []
    for _ in range(len(wanted) + 10):
        tab.keyboard.press("Tab")
        info = tab.evaluate(_ACTIVE)
        if info["key"] is None or info["key"] in reached:
            continue
        reached.add(info["key"])
        if not info["visible"]:
            invisible.append(info["html"])
    missing = [wanted[k] for k in wanted if k not in reached]
    assert not missing, f"not reachable by Tab: {missing[:5]}"
    assert not invisible, f"no visible focus on: {invisible[:5]}"


# --- small screens and screenshots ----------------------------------------------


@pytest.mark.parametrize("name", list(PAGES))
def test_no_page_scrolls_sideways_at_320px(open_page, name):
    tab = open_page(PAGES[name], {"width": 320, "height": 700})
    overflow = tab.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} is {overflow}px wider than a 320px screen"


@pytest.mark.parametrize("name", list(PAGES))
def test_screenshots_of_each_page_type(open_page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        tab = open_page(PAGES[name], viewport)
        target = SCREENSHOTS / f"{name}-{label}.png"
        tab.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 5_000


# --- accessibility (axe-core) -------------------------------------------------------


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_violations(open_page, name, viewport):
    tab = open_page(PAGES[name], viewport)
    assert axe_violations(tab) == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_finds_no_violations_with_search_results_open(open_page, viewport):
    tab = open_page("", viewport)
    search(tab, "care proceedings")
    assert tab.locator(".md-search-result__item").count() > 0
    assert axe_violations(tab) == []
