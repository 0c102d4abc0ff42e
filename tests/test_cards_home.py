"""The organisation's look: cards with pictures and places, the home page, the logo and
brand colour from site.yml, and the screenshots the README shows."""

from __future__ import annotations

import importlib.util
import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from generator.build.pipeline import load_site
from generator.content import colour
from generator.content.settings import load_settings
from generator.model.revisions import Revisions
from generator.problems import ContentError
from generator.render import brand
from generator.render import pages as render
from generator.render.views import town
from generator.resources import images

from .helpers import NOW, REPO, for_mkdocs, make_project, md, mkdocs_build, online_event

SCREENSHOTS = REPO / "scripts" / "screenshots.py"


def png(size=(1200, 630), colour_=(0, 112, 107)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour_).save(out, "PNG")
    return out.getvalue()


IN_PERSON = """
    format: in-person
    venue:
      name: Council House
      address: Victoria Square, Birmingham B1 1BB
    registration: https://example.org/book
"""


def _project(tmp_path: Path) -> Path:
    return make_project(
        tmp_path / "project",
        {
            "events/s/_series.md": md("title: A series\nimage: series.png"),
            "events/s/series.png": png(),
            "events/s/first.md": online_event("First of the series", "2027-01-10 10:00", extra=IN_PERSON),
            "events/s/second.md": online_event("Second of the series", "2027-02-10 10:00"),
            "events/plain.md": online_event("A plain webinar", "2027-03-10 10:00"),
            "events/later.md": online_event("Later still", "2027-04-10 10:00"),
            "events/another.md": online_event("Another one", "2027-05-10 10:00"),
            "events/old.md": online_event("An old recording", "2024-04-10 10:00"),
            "journal/j/_journal.md": md("title: The journal"),
            "journal/j/issue-1.md": md("title: First\nissue: 1\npublished: 2025-03-20\ncover: cover.png"),
            "journal/j/cover.png": png((600, 848)),
            "practice-week/2025/_week.md": md("title: Practice week 2025\nstart: 2025-10-06\nend: 2025-10-10"),
            "practice-week/2025/leeds.md": md("title: A visit\ndate: 2025-10-06\nplace: Leeds"),
            "practice-week/2025/york.md": md(
                "title: A visit with a photo\ndate: 2025-10-07\nplace: York\nimage: york.png"
            ),
            "practice-week/2025/york.png": png(),
        },
    )


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict:
    root = _project(tmp_path_factory.mktemp("cards"))
    site, _, _ = load_site(root, NOW)
    return render.render(site, Revisions(root / "content"))


def _html(out: dict, path: str) -> BeautifulSoup:
    return BeautifulSoup(out[path].decode("utf-8"), "html.parser")


def _card(soup: BeautifulSoup, title: str):
    link = soup.find("a", string=title)
    assert link is not None, title
    return link.find_parent("li")


def _bytes(out: dict, path: str) -> bytes:
    data = out[path]
    return data if isinstance(data, bytes) else Path(data).read_bytes()


def test_a_card_with_a_picture_has_its_sizes_and_the_files_exist(rendered):
    card = _card(_html(rendered, "events/2027.md"), "Second of the series")  # the series' picture
    (img,) = card.find_all("img")
    assert (img["width"], img["height"]) == (str(images.CARD_WIDTH), "84")
    assert img["alt"] == "" and img["loading"] == "lazy"
    assert img["src"] == "../s/series-160x84.png"
    assert img["srcset"] == "../s/series-160x84.png 1x, ../s/series-320x168.png 2x"
    for path, size in (("events/s/series-160x84.png", (160, 84)), ("events/s/series-320x168.png", (320, 168))):
        with Image.open(io.BytesIO(_bytes(rendered, path))) as im:
            assert im.size == size
    cover = _card(_html(rendered, "journal/index.md"), "Issue 1: First").find("img")
    assert (cover["width"], cover["height"]) == (str(images.CARD_COVER_WIDTH), "102")


def test_a_visit_card_shows_the_visit_photo_and_its_page_shares_it(rendered):
    week = _html(rendered, "practice-week/2025/index.md")
    (img,) = _card(week, "York: A visit with a photo").find_all("img")
    assert (img["width"], img["height"]) == (str(images.CARD_WIDTH), "84")
    assert img["srcset"] == "york/york-160x84.png 1x, york/york-320x168.png 2x"
    with Image.open(io.BytesIO(_bytes(rendered, "practice-week/2025/york/york-160x84.png"))) as im:
        assert im.size == (160, 84)
    assert _card(week, "Leeds: A visit").find("img") is None
    assert "practice-week/2025/york/york.png" in rendered  # the original, for the page's share card
    page = rendered["practice-week/2025/york.md"].decode("utf-8").split("\n---", 1)[0]
    assert "image: https://learning.example.org/practice-week/2025/york/york.png" in page


def test_a_card_without_a_picture_has_no_img_and_stays_compact(rendered):
    card = _card(_html(rendered, "events/2027.md"), "A plain webinar")
    assert card.find("img") is None
    assert card["class"] == ["lx-card"] and card.find(class_="lx-card__words") is None


def test_an_in_person_card_names_the_town(rendered):
    card = _card(_html(rendered, "events/2027.md"), "First of the series")
    assert "In person, Birmingham" in card.find(class_="lx-card__meta").get_text()
    online = _card(_html(rendered, "events/2027.md"), "A plain webinar")
    assert online.find(class_="lx-card__meta").get_text().endswith("Online")


@pytest.mark.parametrize(
    "address, expected",
    [
        ("Victoria Square, Birmingham B1 1BB", "Birmingham"),
        ("4 Example Place, Cardiff, CF10 1AA", "Cardiff"),
        ("The Hall, London SW1A 2AA", "London"),
        ("Leeds", "Leeds"),
        (None, "Council House"),
        ("", "Council House"),
    ],
)
def test_town_from_the_venue_address(address, expected):
    venue = SimpleNamespace(name="Council House", address=address)
    assert town(SimpleNamespace(format="hybrid", venue=venue)) == expected
    assert town(SimpleNamespace(format="online", venue=venue)) is None


def test_home_page_sections_in_order_with_the_next_event_featured(rendered):
    text = rendered["index.md"].decode("utf-8")
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings == [
        "Next event",
        "Coming up",
        "Catch up",
        "Latest journal issue",
        "Latest practice week",
        "Keep up to date",
    ]
    soup = _html(rendered, "index.md")
    feature = soup.find(class_="lx-feature")
    assert feature.find("h3").get_text() == "First of the series"
    assert "In person, Birmingham" in feature.get_text()
    book = feature.find("a", string="Book a place")
    assert book["href"] == "https://example.org/book" and "md-button--primary" in book["class"]
    picture = feature.find("img")
    assert (picture["width"], picture["src"]) == (str(images.FEATURE_WIDTH), "events/s/series-480x252.png")
    assert not picture.has_attr("loading")  # above the fold: fetched at once
    coming = [a.get_text() for a in soup.select("ul.lx-cards")[0].select(".lx-card__title a")]
    assert coming == ["Second of the series", "A plain webinar", "Later still"]  # after the featured one, three
    assert [a.get_text() for a in soup.select("ul.lx-cards")[1].select(".lx-card__title a")] == ["An old recording"]
    assert soup.select("ul.lx-cards")[2].find("img")["src"].startswith("journal/j/issue-1/cover-72x")
    assert soup.find("a", href="webcal://learning.example.org/calendar/all.ics")


def test_contrast_against_known_pairs():
    assert colour.contrast("#767676") == pytest.approx(4.54, abs=0.005)
    assert colour.contrast("#000000") == pytest.approx(21)
    assert colour.contrast("#ffffff") == pytest.approx(1)
    assert colour.contrast("#0000ff") == pytest.approx(8.59, abs=0.01)
    assert colour.shown(4.4999) == "4.4"  # never shown as passing when it does not


def test_a_light_brand_colour_is_refused_with_the_nearest_that_passes(tmp_path):
    root = make_project(tmp_path / "project")
    with (root / "site.yml").open("a", encoding="utf-8") as fh:
        fh.write("brand_colour: '#7fa7e0'\n")
    with pytest.raises(ContentError) as caught:
        load_settings(root / "site.yml")
    (problem,) = caught.value.problems
    suggested = colour.darkest_passing("#7fa7e0")
    assert problem.field == "brand_colour"
    assert problem.message == "'#7fa7e0' has a contrast of 2.4:1 with white, too low for text"
    assert problem.fix == f"use {suggested} ({colour.shown(colour.contrast(suggested))}:1) or darker"
    assert colour.contrast(suggested) >= 4.5
    lighter = colour.with_lightness(suggested, colour.lightness(suggested) + 0.01)
    assert colour.contrast(lighter) < 4.5  # the nearest: a step lighter fails


def test_an_unquoted_brand_colour_is_named_as_a_comment(tmp_path):
    root = make_project(tmp_path / "project")
    with (root / "site.yml").open("a", encoding="utf-8") as fh:
        fh.write("brand_colour: #1d70b8\n")
    with pytest.raises(ContentError) as caught:
        load_settings(root / "site.yml")
    (problem,) = caught.value.problems
    assert "comment" in problem.message and "'#1d70b8'" in problem.fix


def test_brand_colour_and_logo_reach_the_built_site(tmp_path):
    root = make_project(tmp_path / "project", {"events/talk.md": online_event("A talk", "2027-01-10 10:00")})
    (root / "logo.png").write_bytes(png((400, 100)))
    with (root / "site.yml").open("a", encoding="utf-8") as fh:
        fh.write("brand_colour: '#1D70B8'\nlogo: logo.png\n")
    assert load_settings(root / "site.yml").brand_colour == "#1d70b8"  # 5.1:1, accepted
    for_mkdocs(root)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    site = root / "build" / "site"
    css = (site / brand.CSS).read_text(encoding="utf-8")
    assert "--md-primary-fg-color: #1d70b8;" in css and "--md-typeset-a-color: #1d70b8;" in css
    for page in ("index.html", "events/talk/index.html"):
        soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
        assert soup.find("link", rel="stylesheet", href=re.compile(r"assets/brand\.css$"))
        logo = soup.select_one("a.md-logo img")
        assert logo["alt"] == "" and logo["src"].endswith("assets/logo-192x48.png")
    with Image.open(site / "assets/logo-192x48.png") as im:
        assert im.size == (192, 48)


def test_readme_shows_the_screenshots_the_target_writes():
    spec = importlib.util.spec_from_file_location("lsg_screenshots", SCREENSHOTS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How the site looks", 1)[1].split("\n## ", 1)[0]
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "scripts/screenshots.py build/site docs/screenshots" in makefile
    for name in module.names():
        assert f"docs/screenshots/{name}" in section, name
        shot = REPO / "docs" / "screenshots" / name
        assert shot.is_file(), f"{shot} is missing: run make screenshots"
        assert shot.stat().st_size < 200_000, f"{shot} is over 200 KB"
