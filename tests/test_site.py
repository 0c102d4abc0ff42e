"""The example site, built for real with `mkdocs build --strict`, checked in its HTML."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

from generator.search import index as search_index

from .helpers import NOW, copy_project, digest, mkdocs_build, site_pages

SERIES = "events/delays-in-care-proceedings"
FOSTERING = f"{SERIES}/fostering-a-one-system-mindset"


def page(site: Path, url: str) -> BeautifulSoup:
    path = site / url / "index.html" if not url.endswith(".html") else site / url
    assert path.is_file(), f"no page at {url}"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def content_of(soup: BeautifulSoup):
    return soup.select_one("article.md-content__inner")


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def test_every_page_type_is_built(site: Path):
    for url in [
        "",
        "events",
        SERIES,
        FOSTERING,
        "journal",
        "journal/strengthening-families",
        "journal/strengthening-families/issue-6",
        "practice-week",
        "practice-week/2023",
        "practice-week/2023/leicester",
        "people",
        "people/clare-chamberlain",
        "tags",
        "tags/multi-agency-working",
        "about",
        "accessibility",
        "how-to-add-content",
    ]:
        soup = page(site, url)
        h1s = content_of(soup).find_all("h1")
        assert len(h1s) == 1, f"{url or 'home'} has {len(h1s)} h1 elements"


def test_page_titles_name_the_page_then_the_site(site: Path):
    assert page(site, "").title.get_text() == "Family Justice Learning Exchange"
    assert page(site, FOSTERING).title.get_text() == (
        "Fostering a one-system mindset and culture - Family Justice Learning Exchange"
    )


def test_speaker_panel_marks_the_chair(site: Path):
    panel = content_of(page(site, FOSTERING)).select_one("ul.lx-panel")
    people = panel.select("li.lx-person")
    names = [li.select_one(".lx-person__name a").get_text(strip=True) for li in people]
    assert names == [
        "Clare Chamberlain",
        "HHJ Christopher Simmonds",
        "Lauren Kocan",
        "Jacqui Frisby",
        "Rasheed Pendry",
        "Helen Scourfield",
    ]
    chairs = panel.select("li.lx-person--chair")
    assert len(chairs) == 1
    assert chairs[0].select_one(".lx-badge").get_text(strip=True) == "Chair"
    assert "Executive Director of Children's Services" in chairs[0].get_text()
    assert "City of London" in chairs[0].get_text()
    # Each name links to that person's page, and the link resolves.
    href = chairs[0].select_one(".lx-person__name a")["href"]
    assert (site / FOSTERING / href / "index.html").resolve().is_file()


def _expected_label(pdf: Path) -> str:
    size = pdf.stat().st_size
    size_text = f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{round(size / 1000)} KB"
    return f"PDF, {size_text}, {len(PdfReader(pdf).pages)} pages"


def test_slide_link_states_real_size_and_page_count(built: Path, site: Path):
    source = built / "content" / f"{FOSTERING}.pdf"
    link = content_of(page(site, FOSTERING)).select_one("ul.lx-downloads a")
    assert f"({_expected_label(source)})" in link.get_text(" ", strip=True)
    served = (site / FOSTERING / link["href"]).resolve()
    assert served.read_bytes() == source.read_bytes()


def test_board_meeting_deck_is_downloadable(built: Path, site: Path):
    url = "events/public-board-meeting-january-2021"
    source = built / "content" / f"{url}.pdf"
    link = content_of(page(site, url)).select_one("ul.lx-downloads a")
    assert _expected_label(source) in link.get_text()
    assert (site / url / link["href"]).resolve().read_bytes() == source.read_bytes()


def test_series_page_lists_parts_in_date_order(built: Path, site: Path):
    folder = built / "content" / SERIES
    events = sorted(
        (str(front_matter(p)["start"]), front_matter(p)["title"]) for p in folder.glob("*.md") if p.name != "_series.md"
    )
    cards = content_of(page(site, SERIES)).select("ol.lx-series > li")
    titles = [c.select_one(".lx-card__title a").get_text(strip=True) for c in cards]
    assert titles == [t for _, t in events]
    parts = [re.search(r"Part (\d+) of (\d+)", c.get_text()).groups() for c in cards]
    assert parts == [(str(n), str(len(events))) for n in range(1, len(events) + 1)]
    assert "Part 4 of 4" in content_of(page(site, FOSTERING)).get_text()


def _sections(site: Path) -> dict[str, str]:
    """The events index split at its h2 headings."""
    text = content_of(page(site, "events")).get_text("\n")
    parts = re.split(r"\n(Upcoming events|Find an event|Latest recordings and slides)\n", text)
    return dict(zip(parts[1::2], parts[2::2], strict=False))


def test_past_and_upcoming_follow_the_build_now(site: Path, tmp_path: Path):
    sections = _sections(site)
    assert "Leaders building a shared vision" in sections["Upcoming events"]
    assert "Fostering a one-system mindset and culture" not in sections["Upcoming events"]
    assert "Fostering a one-system mindset and culture" in sections["Latest recordings and slides"]
    # The same content built with a "now" before the event puts it back in the future.
    project = copy_project(tmp_path / "early")
    result = mkdocs_build(project, now=datetime(2023, 6, 1, tzinfo=UTC))
    assert result.returncode == 0, result.stderr
    early = _sections(project / "build" / "site")
    assert "Fostering a one-system mindset and culture" in early["Upcoming events"]
    assert "Fostering a one-system mindset and culture" not in early["Latest recordings and slides"]


def test_upcoming_events_come_soonest_first_on_home(site: Path):
    cards = content_of(page(site, "")).select("ul.lx-cards")[0].select("time")
    starts = [t["datetime"] for t in cards]
    assert starts and starts == sorted(starts)
    assert all(s > NOW.isoformat()[:10] for s in starts)


def test_event_time_in_govuk_style_with_machine_value(site: Path):
    time = content_of(page(site, FOSTERING)).select_one("dl.lx-facts time")
    assert time.get_text() == "Monday 26 June 2023, 2pm to 3:30pm"
    assert time["datetime"] == "2023-06-26T14:00+01:00"


def test_cancelled_and_postponed_events_say_so(site: Path):
    cancelled = content_of(page(site, "events/family-group-conferences-webinar"))
    assert "This event is cancelled" in cancelled.get_text()
    postponed = content_of(page(site, "events/practice-standards-in-action/practitioners-learning-together"))
    assert "This event is postponed" in postponed.get_text()
    assert "Cancelled" in content_of(page(site, "events")).get_text()


def test_person_page_lists_appearances_of_more_than_one_kind(site: Path):
    text = content_of(page(site, "people/jude-eyre")).get_text("\n")
    assert "Practice-week visits" in text and "Quoted in visit notes" in text
    assert "Cardiff" in text
    chair = content_of(page(site, "people/clare-chamberlain"))
    assert "Chair at events" in chair.get_text()
    assert chair.find("a", string="Fostering a one-system mindset and culture")


def test_journal_issue_lists_articles_with_authors_and_pdf(built: Path, site: Path):
    url = "journal/strengthening-families/issue-6"
    meta = front_matter(built / "content" / f"{url}.md")
    soup = content_of(page(site, url))
    titles = [h.get_text(strip=True) for h in soup.select("ol.lx-articles h3")]
    assert titles == [a["title"] for a in meta["articles"]]
    pdf = soup.select_one("a.lx-download")
    source = built / "content" / "journal/strengthening-families" / meta["pdf"]["file"]
    assert _expected_label(source) in pdf.get_text()
    assert (site / url / pdf["href"]).resolve().read_bytes() == source.read_bytes()


def test_visit_page_has_place_nation_organisations_and_quotes(site: Path):
    soup = content_of(page(site, "practice-week/2023/cardiff"))
    facts = soup.select_one("dl.lx-facts").get_text(" ")
    assert "Cardiff, Wales" in facts
    assert soup.select("figure.lx-quote blockquote")
    assert "Jude Eyre" in soup.select_one("figure.lx-quote figcaption").get_text()
    week = content_of(page(site, "practice-week/2023")).get_text()
    for town in ["Leicester", "Durham", "Coventry", "Newport", "Cardiff", "Manchester"]:
        assert town in week


def test_tag_page_gathers_all_three_kinds(site: Path):
    kinds = {
        p.get_text(strip=True) for p in content_of(page(site, "tags/multi-agency-working")).select(".lx-card__kind")
    }
    assert {"Event", "Journal issue", "Practice-week visit"} <= kinds


def test_search_indexes_items_people_and_pages_but_not_listings(site: Path):
    """Pagefind indexes what the pages declare: each item, person and free page,
    with its kind, and not the listings that repeat them."""
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    declared = {}
    for html in site.rglob("index.html"):
        if html.parent.name == "pagefind" or "pagefind" in html.parts:
            continue
        body = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select_one("[data-pagefind-body]")
        if body is not None:
            declared[html.parent.relative_to(site).as_posix() + "/"] = body["data-pagefind-meta"]
    assert declared[FOSTERING + "/"] == "kind:Event"
    assert declared["journal/strengthening-families/issue-6/"] == "kind:Journal issue"
    assert declared["practice-week/2023/newport/"] == "kind:Practice-week visit"
    assert declared["people/lauren-kocan/"] == "kind:Person"
    assert not any(
        p.startswith(("events/2023/", "events/format/", "tags/")) or p in ("events/", "./") for p in declared
    )
    assert entry["languages"]["en"]["page_count"] == len(declared)


def test_search_index_from_search_documents_is_the_index_of_the_pages(site: Path, tmp_path: Path):
    """`mkdocs build` gives Pagefind each page's search document (its language, its title
    and its data-pagefind-body element) instead of the page: Pagefind run on the built pages
    themselves, found in the same order, makes the same index, byte for byte."""
    # Pagefind numbers pages in the order the file system lists them: put the pages where
    # the documents were (in memory, if there is /dev/shm) and in the same order.
    shm = search_index.Documents.in_memory()
    pages = shm.folder / "site" if shm is not None else tmp_path / "site"
    try:
        searchable = [
            p.relative_to(site).as_posix()
            for p in site.rglob("*.html")
            if "pagefind" not in p.parts and "data-pagefind-body" in p.read_text(encoding="utf-8")
        ]
        for rel in sorted(searchable):
            (pages / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(site / rel, pages / rel)
        out = tmp_path / "pagefind"
        done = subprocess.run(search_index.command(pages, out), capture_output=True, text=True, timeout=120)
    finally:
        if shm is not None:
            shm.remove()
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(searchable) > 10
    assert digest(out) == digest(site / "pagefind")


def test_search_document_keeps_what_pagefind_reads():
    head = '<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>A talk - Site</title></head>'
    theme = (
        '<meta name="viewport" content="width=device-width"><link rel="stylesheet" href="a.css">'
        '<meta property="og:title" content="A talk"><script>var x = "</head>";</script>'
    )
    body = '<div data-pagefind-body data-pagefind-meta="kind:Event"><h1>A talk</h1><div><p>Text</p></div></div>'
    page = f"{head.replace('</title>', '</title>' + theme)}<body><nav><div>Menu</div></nav>{body}<footer><div>Foot</div></footer></body></html>"
    assert search_index.document(page) == f"{head}<body>\n{body}\n</body>\n</html>\n"
    assert search_index.document(page.replace("A talk - Site", "Kids <3 law")) == (
        f"{head.replace('A talk - Site', 'Kids <3 law')}<body>\n{body}\n</body>\n</html>\n"
    )
    # A title with attributes, or a second one: the head is kept as it is.
    for odd in ('<title lang="cy">', "<title>Other</title><title>"):
        unusual = page.replace("<title>", odd)
        assert search_index.document(unusual).startswith(unusual[: unusual.find("<body")])
    assert search_index.document(page.replace(body, "<p>No search here</p>")) is None
    # Anything else that speaks to Pagefind, or a body element that never closes: the whole page.
    outside = page.replace("<nav>", '<nav data-pagefind-filter="year:2024">')
    assert search_index.document(outside) == outside
    unclosed = page.replace("</p></div></div>", "</p>").replace("<div>Foot</div>", "Foot")
    assert search_index.document(unclosed) == unclosed


def test_slides_text_is_on_the_page_that_offers_them(built: Path, site: Path):
    from pypdf import PdfReader

    pdf = built / "content/events/delays-in-care-proceedings/fostering-a-one-system-mindset.pdf"
    pages = [p.extract_text() for p in PdfReader(pdf).pages]
    details = content_of(page(site, FOSTERING)).select_one("details.lx-pdf-text")
    assert details is not None
    assert [h.get_text() for h in details.select("h3")] == [f"Page {n}" for n in range(1, len(pages) + 1)]
    words = " ".join(details.get_text().split())
    assert " ".join(pages[4].split()[:8]) in words


def test_items_stay_out_of_the_menu(site: Path):
    nav = page(site, "").select_one("nav.md-nav--primary")
    hrefs = [a["href"] for a in nav.select("a.md-nav__link[href]")]
    assert not any("fostering-a-one-system-mindset" in h for h in hrefs)
    assert any(h.rstrip("/").endswith("events") for h in hrefs)


def test_every_internal_link_resolves(site: Path):
    broken = []
    for html in site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("a", "href"), ("img", "src"), ("link", "href"), ("script", "src")):
            for el in soup.find_all(tag):
                target = el.get(attr)
                if not target:
                    continue
                parts = urlsplit(target)
                if parts.scheme or parts.netloc or not parts.path:
                    continue
                base = site if parts.path.startswith("/") else html.parent
                resolved = (base / unquote(parts.path).lstrip("/")).resolve()
                if resolved.is_dir():
                    resolved = resolved / "index.html"
                if not resolved.exists():
                    broken.append(f"{html.relative_to(site)} -> {target}")
    assert not broken, "\n".join(broken[:20])


def test_no_request_leaves_the_site(site: Path):
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, html


def test_front_matter_html_is_shown_as_text(tmp_path: Path):
    project = copy_project(tmp_path / "p")
    event = project / "content" / "events" / "family-group-conferences-webinar.md"
    text = event.read_text(encoding="utf-8")
    event.write_text(
        re.sub(r"^title: .*$", 'title: "Webinar <script>alert(1)</script>"', text, count=1, flags=re.M),
        encoding="utf-8",
    )
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    html = (project / "build/site/events/family-group-conferences-webinar/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_failed_build_names_the_problem_and_keeps_the_last_good_site(tmp_path: Path):
    project = copy_project(tmp_path / "p")
    assert mkdocs_build(project).returncode == 0
    before = digest(project / "build")
    content_before = digest(project / "content")
    bad = project / "content" / "events" / "family-group-conferences-webinar.md"
    bad.write_text(bad.read_text(encoding="utf-8").replace("status:", "statsu:"), encoding="utf-8")
    content_before = digest(project / "content")
    result = mkdocs_build(project)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "content/events/family-group-conferences-webinar.md" in output
    assert "`status`" in output and "Traceback" not in output
    assert digest(project / "build") == before
    assert digest(project / "content") == content_before


def test_builds_are_reproducible(tmp_path: Path):
    a, b = copy_project(tmp_path / "a"), copy_project(tmp_path / "b")
    assert mkdocs_build(a).returncode == 0 and mkdocs_build(b).returncode == 0
    assert digest(a / "build") == digest(b / "build")


def test_generator_runs_alone_and_rewrites_only_changes(tmp_path: Path):
    import subprocess
    import sys

    project = copy_project(tmp_path / "p")
    cmd = [sys.executable, "-m", "generator", "--root", str(project), "build", "--now", NOW.isoformat()]
    first = subprocess.run(cmd, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert re.search(r"Built (\d+) files: \1 written", first.stdout)
    second = subprocess.run(cmd, capture_output=True, text=True)
    assert re.search(r": 0 written, \d+ unchanged, 0 removed", second.stdout), second.stdout
    shutil.rmtree(project / "content" / "journal")
    third = subprocess.run(cmd, capture_output=True, text=True)
    removed = int(re.search(r"(\d+) removed", third.stdout).group(1))
    assert removed >= 3 and not (project / "build/docs/journal/strengthening-families").exists()


def _png(width: int = 2, height: int = 2) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_person_photo_shows_in_panel_and_person_page(tmp_path: Path):
    project = copy_project(tmp_path / "p")
    people = project / "content" / "people"
    (people / "lauren-kocan.png").write_bytes(_png())
    person = people / "lauren-kocan.md"
    person.write_text(
        person.read_text(encoding="utf-8").replace("name:", "photo: lauren-kocan.png\nname:", 1), encoding="utf-8"
    )
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "build" / "site"
    card = [li for li in content_of(page(site, FOSTERING)).select("li.lx-person") if "Lauren Kocan" in li.get_text()][0]
    img = card.select_one("img.lx-person__photo")
    assert img is not None and img["alt"] == ""  # the name is right beside it
    # A copy made for the web (never larger than the original), shown at the panel's size.
    from PIL import Image

    served = Image.open((site / FOSTERING / img["src"]).resolve())
    assert served.size == (2, 2) and served.getpixel((0, 0)) == (128, 128, 128)
    assert (img["width"], img["height"]) == ("72", "72")
    assert not card.select(".lx-person__initials")
    assert content_of(page(site, "people/lauren-kocan")).select_one("img.lx-person__photo")


def _jsonld(soup: BeautifulSoup) -> list[dict]:
    return [json.loads(tag.string) for tag in soup.select('head script[type="application/ld+json"]')]


def test_event_pages_carry_schema_org_event(built: Path, site: Path):
    events = [p for p in (built / "content" / "events").rglob("*.md") if not p.name.startswith("_")]
    assert len(events) >= 9
    statuses = set()
    for source in events:
        meta = front_matter(source)
        url = source.relative_to(built / "content").with_suffix("").as_posix()
        (data,) = _jsonld(page(site, url))
        assert data["@type"] == "Event" and data["name"] == meta["title"]
        status = meta.get("status", "scheduled")
        expected = {"scheduled": "EventScheduled", "postponed": "EventPostponed", "cancelled": "EventCancelled"}[status]
        assert data["eventStatus"] == f"https://schema.org/{expected}"
        statuses.add(expected)
        start = datetime.fromisoformat(data["startDate"])
        if " " in str(meta["start"]):  # timed: an offset, and the local time as written
            assert start.utcoffset() is not None
            assert start.strftime("%Y-%m-%d %H:%M") == str(meta["start"])
        else:
            assert data["startDate"] == str(meta["start"])
        mode = {"online": "Online", "in-person": "Offline", "hybrid": "Mixed"}[meta.get("format", "online")]
        assert data["eventAttendanceMode"] == f"https://schema.org/{mode}EventAttendanceMode"
        assert data["organizer"]["name"] and data["url"].endswith(url + "/")
    assert statuses == {"EventScheduled", "EventPostponed", "EventCancelled"}
    (fostering,) = _jsonld(page(site, FOSTERING))
    assert fostering["location"]["@type"] == "VirtualLocation"
    assert [p["name"] for p in fostering["performer"]][0] == "Clare Chamberlain"
    assert fostering["superEvent"]["@type"] == "EventSeries"


def test_series_and_issue_pages_carry_schema_org(site: Path):
    (series,) = _jsonld(page(site, SERIES))
    assert series["@type"] == "EventSeries" and len(series["subEvent"]) == 4
    (issue,) = _jsonld(page(site, "journal/strengthening-families/issue-6"))
    assert issue["@type"] == "PublicationIssue" and issue["issueNumber"] == "6"
    assert issue["isPartOf"]["name"] == "Strengthening Families Journal" and len(issue["hasPart"]) == 6
    assert not _jsonld(page(site, "people/clare-chamberlain"))


def test_every_page_is_accessible_in_its_markup(site: Path):
    for html in site_pages(site):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        where = html.relative_to(site).as_posix()
        assert soup.html.get("lang") == "en", where
        for img in soup.find_all("img"):
            assert img.has_attr("alt"), f"{where}: image without alt"
        for a in soup.find_all("a"):
            text = a.get_text(" ", strip=True).lower()
            assert text not in ("click here", "here", "read more", "more"), f"{where}: link text '{text}'"
            if a.get("target") == "_blank":
                assert "new tab" in text or "new window" in text, f"{where}: new-tab link does not say so"
        if where == "404.html":
            continue
        footer = soup.select_one("footer .lx-footer-links")
        assert footer and footer.find("a", string="Accessibility statement"), f"{where}: no accessibility link"


def test_dates_are_marked_up_for_machines(site: Path):
    for url in [
        "events",
        FOSTERING,
        "journal/strengthening-families/issue-6",
        "practice-week/2023/cardiff",
        "people/clare-chamberlain",
    ]:
        times = content_of(page(site, url)).find_all("time")
        assert times, url
        for t in times:
            datetime.fromisoformat(t["datetime"])  # a valid ISO date or date-time
