"""The authoring guide ("How to add content") is for staff unless site.yml says `guide: public`.

A small project is built for real twice, once as it comes (the guide for staff) and
once with `guide: public`. For staff, the guide's pages are still built at the same
addresses and links to them work, but they are in no page's menu, not in the Pagefind
index the build made, not in the sitemap, and ask search engines not to index them;
staff find the guide from /admin/ and from the footer of the preview, which the
published site does not have. With `guide: public`, the guide is in the menu and in
search as any other page is.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from posixpath import normpath
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from generator.authoring import cms
from generator.bridge.preview import with_guide_link
from generator.content.settings import load_settings
from generator.identity import GENERATOR_PAGES, GUIDE_SECTION, GUIDE_TOPICS
from generator.problems import ContentError
from generator.render.pages import guide_url

from .helpers import (
    SITE_YML,
    for_mkdocs,
    free_port,
    make_project,
    md,
    mkdocs_build,
    mkdocs_env,
    served,
    skip_or_fail,
    valid_content,
)

# A word only the guide holds, to look for in the search index.
ONLY_IN_THE_GUIDE = "quillwort"
GUIDE_ADDRESSES = [f"{GUIDE_SECTION}/"] + [f"{GUIDE_SECTION}/{topic}/" for topic in GUIDE_TOPICS]  # in menu order
WAIT = 120  # seconds, for the preview to start on a shared test machine


def content() -> dict[str, str]:
    return {
        **valid_content(),
        "pages/about.md": md(
            "title: About\norder: 1",
            "About this site. Staff: see [the fields of an event](how-to-add-content/event.md).",
        ),
        "pages/how-to-add-content.md": md(
            "title: How to add content\nsummary: A guide for staff.\norder: 3",
            f"Every page starts as a text file in `content/`. Our {ONLY_IN_THE_GUIDE} test word lives here.",
        ),
    }


def build(root: Path, setting: str = "") -> Path:
    """The project built with the real site.yml, its `guide:` line (if any) replaced by `setting`."""
    project = for_mkdocs(make_project(root, content()))
    site_yml = project / "site.yml"
    kept = [line for line in site_yml.read_text(encoding="utf-8").splitlines(True) if not line.startswith("guide:")]
    site_yml.write_text("".join(kept) + setting, encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "build" / "site"


@pytest.fixture(scope="module")
def staff(tmp_path_factory) -> Path:
    """The site as it comes: site.yml says nothing of the guide."""
    return build(tmp_path_factory.mktemp("staff"))


@pytest.fixture(scope="module")
def public(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("public"), "guide: Public\n")


def soup(site: Path, address: str) -> BeautifulSoup:
    path = site / address / "index.html" if not address.endswith(".html") else site / address
    assert path.is_file(), f"no page at {address}"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def pages(site: Path) -> list[str]:
    """Every HTML page of the built site but the editor's and the search index's own."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if p.relative_to(site).parts[0] not in ("admin", "pagefind")
    )


def address(page: str, href: str) -> str:
    """The site address a link on `page` (an HTML file) leads to, as `events/` or `` for the home page."""
    folder = page.rsplit("/", 1)[0] + "/" if "/" in page else ""
    path = normpath(folder + href).removesuffix("index.html").strip("/")
    return "" if path == "." else path + "/"


def menu(site: Path, page: str) -> list[str]:
    """The addresses a page's menu and its previous and next links lead to, in order."""
    links = soup(site, page).select("nav.md-nav--primary a.md-nav__link[href], nav.md-footer__inner a[href]")
    return [address(page, urlsplit(a["href"]).path) for a in links if urlsplit(a["href"]).path]


def in_the_guide(address: str) -> bool:
    return address.startswith(f"{GUIDE_SECTION}/")


def search_index(site: Path) -> dict[str, str]:
    """The Pagefind index the build made: {page address: title and text}, from its fragments."""
    found = {}
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[data["url"]] = data["meta"].get("title", "") + "\n" + data["content"]
    assert found, f"no search index in {site}"
    return found


def sitemap(site: Path) -> list[str]:
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == text
    return [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", text)]


# --- for staff: built, linked, but in no menu, search or sitemap ---------------------------------


def test_the_guide_is_built_at_its_addresses_and_links_to_it_work(staff: Path):
    for address in GUIDE_ADDRESSES:
        assert soup(staff, address).h1 is not None, address
    assert "guide" in soup(staff, f"{GUIDE_SECTION}/site-settings/").get_text()  # the new setting, in its table
    link = soup(staff, "about/").select_one("article a[href*='how-to-add-content']")
    assert link is not None and link.get_text() == "the fields of an event"
    assert (staff / "about" / link["href"] / "index.html").resolve() == (
        staff / GUIDE_SECTION / "event/index.html"
    ).resolve()


def test_the_guide_is_in_no_page_menu(staff: Path, public: Path):
    everywhere = pages(staff)
    assert len(everywhere) > 30 and f"{GUIDE_SECTION}/event/index.html" in everywhere
    for page in everywhere:
        found = menu(staff, page)
        assert not [a for a in found if in_the_guide(a)], f"{page} leads to the guide from its menu"
        assert "How to add content" not in soup(staff, page).select_one("nav.md-nav--primary").get_text(), page
    # Nothing else in the menu changed: the public menu is the same, with the guide in it.
    assert [a for a in menu(public, "index.html") if not in_the_guide(a)] == menu(staff, "index.html")


def test_the_guide_asks_search_engines_to_pass_it_by_and_the_site_search_too(staff: Path):
    for address in GUIDE_ADDRESSES:
        page = soup(staff, address)
        assert page.select_one('meta[name="robots"]')["content"] == "noindex", address
        assert page.select_one("[data-pagefind-body]") is None, address
        article = page.select_one("article.md-content__inner")
        assert article.select_one('[data-pagefind-ignore="all"] h1') is not None, address
    about = soup(staff, "about/")
    assert about.select_one('meta[name="robots"]') is None
    assert about.select_one("[data-pagefind-body]")["data-pagefind-meta"] == "kind:Page"
    assert about.select_one("[data-pagefind-ignore]") is None


def test_the_guide_is_not_in_the_search_index(staff: Path):
    index = search_index(staff)
    assert "/about/" in index and "/events/standalone/" in index
    assert not [url for url in index if in_the_guide(url.lstrip("/"))]
    assert not [url for url, text in index.items() if ONLY_IN_THE_GUIDE in text.lower()]
    entry = json.loads((staff / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == len(index)


def test_the_guide_is_not_in_the_sitemap(staff: Path):
    listed = sitemap(staff)
    assert "/about/" in listed and "/events/standalone/" in listed
    assert not [path for path in listed if in_the_guide(path.lstrip("/"))]


def test_the_editor_page_links_to_the_guide(staff: Path):
    missing = cms.bundle_missing()
    if missing:
        skip_or_fail(f"EDITOR NOT BUILT: {missing}")
    link = soup(staff, "admin/index.html").select_one("a.lx-guide")
    assert link is not None and link.get_text().startswith("How to add content")
    assert (staff / "admin" / link["href"] / "index.html").resolve() == (staff / GUIDE_SECTION / "index.html").resolve()


def test_without_an_introduction_the_guide_starts_at_its_first_page_of_fields():
    assert guide_url(SimpleNamespace(pages=[])) == f"{GUIDE_SECTION}/event/"
    assert f"{GUIDE_SECTION}/event.md" in GENERATOR_PAGES  # built whatever the content
    if cms.bundle_missing():
        pytest.skip("the editor is not built: the test above says so")
    page = cms.files({}, [], guide=f"{GUIDE_SECTION}/event/")["admin/index.html"].decode("utf-8")
    assert f'href="../{GUIDE_SECTION}/event/"' in page and "@GUIDE@" not in page


# --- the preview's footer ------------------------------------------------------------------------


@contextlib.contextmanager
def preview(project: Path):
    """`python -m generator serve` on the project; gives its address and its log so far."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(project), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=mkdocs_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(line.rstrip("\n") for line in proc.stdout), daemon=True).start()
    try:
        deadline = time.monotonic() + WAIT
        while not any("Serving on http" in line for line in list(lines)):
            assert proc.poll() is None and time.monotonic() < deadline, "the preview did not start:\n" + "\n".join(
                lines
            )
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/", lines
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def staff_links(html: str) -> list[str]:
    nav = BeautifulSoup(html, "html.parser").select_one('footer nav[aria-label="For staff"]')
    return [a["href"] for a in nav.select("a")] if nav is not None else []


def test_the_preview_links_to_the_guide_from_every_footer_and_the_published_site_does_not(staff: Path, tmp_path: Path):
    project = for_mkdocs(make_project(tmp_path / "project", content()))
    with preview(project) as (url, log):
        sent = {page: urllib.request.urlopen(url + page, timeout=30).read().decode("utf-8") for page in ("", "about/")}
        folder = Path(re.findall(r"(?:into|Serving) (/\S+)", "\n".join(log))[-1])
        on_disk = (folder / "about" / "index.html").read_text(encoding="utf-8")
    for page, html in sent.items():
        assert staff_links(html) == [f"/{GUIDE_SECTION}/"], page
    assert staff_links(on_disk) == []  # added as the page is sent: the served folder stays a cold build's
    for page in pages(staff):
        assert staff_links((staff / page).read_text(encoding="utf-8")) == [], page


def test_the_preview_link_goes_only_where_the_theme_footer_is():
    page = b'<footer><div class="md-copyright">\n<div>Made with</div></div></footer>'
    linked = with_guide_link(page, "/how-to-add-content/")
    assert staff_links(linked.decode()) == ["/how-to-add-content/"]
    assert with_guide_link(b"<p>No footer</p>", "/how-to-add-content/") == b"<p>No footer</p>"


# --- guide: public -------------------------------------------------------------------------------


def test_with_guide_public_the_guide_is_in_the_menu_with_its_pages(public: Path):
    for page in ("index.html", "practice-week/2025/leeds/index.html", f"{GUIDE_SECTION}/event/index.html"):
        assert [a for a in menu(public, page) if in_the_guide(a)][:10] == GUIDE_ADDRESSES, page
    labels = soup(public, "index.html").select("nav.md-nav--primary label.md-nav__link")
    assert "How to add content" in [label.get_text(strip=True) for label in labels]


def test_with_guide_public_the_guide_is_searched_and_listed_like_any_page(public: Path):
    index = search_index(public)
    assert f"/{GUIDE_SECTION}/" in index and ONLY_IN_THE_GUIDE in index[f"/{GUIDE_SECTION}/"].lower()
    assert f"/{GUIDE_SECTION}/" in sitemap(public)
    page = soup(public, f"{GUIDE_SECTION}/")
    assert page.select_one('meta[name="robots"]') is None and page.select_one("[data-pagefind-ignore]") is None
    assert page.select_one("[data-pagefind-body]")["data-pagefind-meta"] == "kind:Page"


def test_with_guide_public_its_menu_section_opens_from_the_keyboard(public: Path, browser):
    """Material's collapsed menu section (the guide's, the one section with pages under it)
    opens from the keyboard and takes the focus inside it."""
    with served(public) as base:
        tab = browser.new_page()
        try:
            tab.goto(base + "about/")  # a free page: item pages show breadcrumbs, not the menu
            label = tab.locator("label.md-nav__link[tabindex='0']", has_text="How to add content").first
            selector = f"nav[aria-labelledby='{label.get_attribute('id')}']"
            assert tab.locator(selector).get_attribute("aria-expanded") == "false"
            for _ in range(40):
                tab.keyboard.press("Tab")
                if tab.evaluate("() => document.activeElement.id") == label.get_attribute("id"):
                    break
            else:
                pytest.fail("the menu section's label is not reachable by Tab")
            tab.keyboard.press("Enter")
            tab.wait_for_function(
                f'() => document.querySelector("{selector}").getAttribute("aria-expanded") === "true"',
                timeout=5_000,
            )
            tab.keyboard.press("Tab")
            assert tab.evaluate("() => !!document.activeElement.closest('nav[aria-expanded=\"true\"]')")
        finally:
            tab.close()


# --- the setting ---------------------------------------------------------------------------------


def test_the_setting_takes_staff_or_public_and_explains_anything_else(tmp_path: Path):
    site_yml = tmp_path / "site.yml"
    base = SITE_YML.read_text(encoding="utf-8")
    site_yml.write_text(base, encoding="utf-8")
    assert load_settings(site_yml).guide == "staff"
    site_yml.write_text(base + "guide: PUBLIC\n", encoding="utf-8")
    assert load_settings(site_yml).guide == "public"
    site_yml.write_text(base + "guide: everyone\n", encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_settings(site_yml)
    assert "use one of: staff, public" in raised.value.report()
