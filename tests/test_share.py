"""Share cards: Open Graph and Twitter Card meta on every page, and the pictures they name."""

from __future__ import annotations

import io
import struct
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from PIL import Image

from generator.build.pipeline import build, load_site
from generator.cache import BuildCache
from generator.model.revisions import Revisions
from generator.render import cards
from generator.render import pages as render

from .helpers import NOW, load_project, make_project, md, online_event, site_pages

BASE = "https://learning.example.org/"
REQUIRED = ["og:type", "og:title", "og:description", "og:url", "og:image", "og:image:alt", "og:site_name"]
TWITTER = ["twitter:card", "twitter:title", "twitter:description", "twitter:image", "twitter:image:alt"]


def head_meta(path: Path) -> dict[str, str]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    found = {}
    for tag in soup.head.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        if key and (key.startswith(("og:", "twitter:"))):
            assert key not in found, f"{path}: {key} twice"
            found[key] = tag["content"]
    return found


def served(site: Path, url: str) -> Path:
    assert url.startswith(BASE), url
    return site / urlsplit(url).path.lstrip("/")


def png(size=(1200, 630), colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def chunks(data: bytes) -> list[bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    names, at = [], 8
    while at < len(data):
        length, name = struct.unpack(">I4s", data[at : at + 8])
        names.append(name)
        at += 12 + length
    return names


def test_every_built_page_has_share_meta(site: Path):
    pages = site_pages(site, "index.html")
    assert len(pages) > 50
    images = set()
    for path in pages:
        meta = head_meta(path)
        missing = [k for k in REQUIRED + TWITTER if not meta.get(k)]
        assert not missing, f"{path}: missing {missing}"
        rel = path.parent.relative_to(site).as_posix()
        assert meta["og:url"] == BASE + (rel + "/" if rel != "." else ""), path
        assert meta["twitter:card"] == "summary_large_image"
        assert meta["twitter:image"] == meta["og:image"]
        images.add(meta["og:image"])
    for url in images:  # every picture named is in the site, and big enough for a large card
        with Image.open(served(site, url)) as image:
            assert image.size[0] >= 1200 and image.size[1] >= 630, url


def test_event_page_meta_gives_date_time_and_place(site: Path):
    meta = head_meta(site / "events/delays-in-care-proceedings/fostering-a-one-system-mindset/index.html")
    assert meta["og:type"] == "article"
    assert meta["og:title"] == "Fostering a one-system mindset and culture"
    assert meta["og:description"].startswith("Monday 26 June 2023, 2pm to 3:30pm (UK time). Online. ")
    assert meta["og:url"] == BASE + "events/delays-in-care-proceedings/fostering-a-one-system-mindset/"
    # A past event shares its series' picture (else the site's card); an upcoming one without
    # a picture has a card of its own.
    assert meta["og:image"] == BASE + "events/delays-in-care-proceedings/share.png"
    upcoming = head_meta(site / "events/practice-standards-in-action/managers-making-room-for-learning/index.html")
    assert upcoming["og:image"] == (
        BASE + "events/practice-standards-in-action/managers-making-room-for-learning/share-card.png"
    )
    assert upcoming["og:description"].startswith(
        "Wednesday 17 March 2027, 1:30pm to 3pm (UK time). Family Justice Learning Centre"
    )
    assert (upcoming["og:image:width"], upcoming["og:image:height"]) == ("1200", "630")
    home = head_meta(site / "index.html")
    assert home["og:type"] == "website" and home["og:image"] == BASE + "assets/share-card.png"
    assert head_meta(site / "people/clare-chamberlain/index.html")["og:type"] == "profile"


def test_drawn_cards_are_reproducible_pngs_with_no_metadata():
    one = cards.draw(
        "Event",
        "Gŵyl ddysgu: a title long enough to need wrapping onto a second line",
        ["Monday 26 June 2023, 2pm to 3:30pm (UK time)", "Online"],
        "Family Justice Learning Exchange",
        "learning.example.org",
    )
    assert one == cards.draw(
        "Event",
        "Gŵyl ddysgu: a title long enough to need wrapping onto a second line",
        ["Monday 26 June 2023, 2pm to 3:30pm (UK time)", "Online"],
        "Family Justice Learning Exchange",
        "learning.example.org",
    )
    assert set(chunks(one)) == {b"IHDR", b"PLTE", b"IDAT", b"IEND"}  # no tIME, tEXt or other metadata
    with Image.open(io.BytesIO(one)) as image:
        assert image.size == (1200, 630)
        assert image.convert("RGB").getpixel((5, 5)) == cards.BACKGROUND  # the card is drawn, not blank
        assert len(image.getcolors(1_000_000)) > 10  # with text on it
    # Titles too long for three lines are cut with an ellipsis; an unbroken word is broken.
    font, lines = cards._fit("word " * 80, 1040, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert cards.draw("", "x" * 300, [], "S", "h")[:8] == b"\x89PNG\r\n\x1a\n"


def _images_project(tmp_path: Path, share_image: bool = False) -> Path:
    root = make_project(
        tmp_path / "project",
        {
            "events/own.md": online_event("Own picture", "2027-01-10 10:00", extra="image: own.png"),
            "events/own.png": png(colour=(1, 2, 3)),
            "events/s/_series.md": md("title: A series\nimage: series.jpg"),
            "events/s/series.jpg": png(colour=(4, 5, 6)),
            "events/s/one.md": online_event("One", "2027-02-10 10:00"),
            "events/s/two.md": online_event("Two", "2027-03-10 10:00", extra="image: two.png"),
            "events/s/two.png": png(colour=(7, 8, 9)),
            "events/plain.md": online_event('Plain <b>&</b> "quoted"', "2027-04-10 10:00"),
            "events/old.md": online_event("Old", "2020-04-10 10:00"),
        },
    )
    if share_image:
        (root / "share.png").write_bytes(png(colour=(9, 9, 9)))
        with (root / "site.yml").open("a", encoding="utf-8") as fh:
            fh.write("share_image: share.png\n")
    return root


def _rendered(root: Path):
    site, _, _ = load_site(root, NOW)
    out = render.render(site, Revisions(root / "content"))

    def share(path: str) -> dict:
        return yaml.safe_load(out[path].decode("utf-8").split("---")[1])["share"]

    return out, share


def test_own_series_site_and_drawn_pictures_in_that_order(tmp_path):
    out, share = _rendered(_images_project(tmp_path))
    assert share("events/own.md")["image"] == BASE + "events/own/own.png"
    assert out["events/own/own.png"] == tmp_path / "project/content/events/own.png"
    assert share("events/s/one.md")["image"] == BASE + "events/s/series.jpg"  # the series' picture
    assert share("events/s/two.md")["image"] == BASE + "events/s/two/two.png"  # its own wins
    assert share("events/s/index.md")["image"] == BASE + "events/s/series.jpg"
    assert "image_width" not in share("events/own.md")  # the author's picture: its size is not ours to state
    plain = share("events/plain.md")
    assert plain["image"] == BASE + "events/plain/share-card.png"
    assert isinstance(out["events/plain/share-card.png"], bytes)
    # Front-matter values are escaped for the HTML attribute the theme prints them in.
    assert plain["title"] == "Plain &lt;b&gt;&amp;&lt;/b&gt; &#34;quoted&#34;"
    assert share("events/old.md")["image"] == BASE + "assets/share-card.png"  # past, no series
    assert "events/old/share-card.png" not in out


def test_site_share_image_is_used_before_drawing(tmp_path):
    out, share = _rendered(_images_project(tmp_path, share_image=True))
    assert share("events/plain.md")["image"] == BASE + "assets/share-image.png"
    assert share("index.md")["image"] == BASE + "assets/share-image.png"
    assert share("events/s/one.md")["image"] == BASE + "events/s/series.jpg"
    assert not [p for p in out if p.endswith("share-card.png")]


def test_an_image_that_is_not_a_picture_is_an_error(tmp_path):
    root = make_project(
        tmp_path / "project",
        {
            "events/talk.md": online_event("Talk", "2027-01-10 10:00", extra="image: notes.pdf"),
            "events/notes.pdf": b"%PDF-1.4\n%%EOF\n",
            "events/other.md": online_event("Other", "2027-01-11 10:00", extra="image: missing.png"),
        },
    )
    problems = {p.path: p for p in load_project(root).errors}
    talk = problems["content/events/talk.md"]
    assert (talk.line, talk.field) == (5, "image")
    assert "'notes.pdf' is not an image" in talk.message and "PNG, JPEG" in talk.fix
    assert "'missing.png' does not exist" in problems["content/events/other.md"].message


def test_bad_share_image_in_site_yml_is_reported(tmp_path):
    from generator.content.settings import load_settings
    from generator.problems import ContentError

    root = make_project(tmp_path / "project", {})
    with (root / "site.yml").open("a", encoding="utf-8") as fh:
        fh.write("share_image: nowhere.png\n")
    with pytest.raises(ContentError) as caught:
        load_settings(root / "site.yml")
    (problem,) = caught.value.problems
    assert problem.field == "share_image" and "'nowhere.png' does not exist" in problem.message


def test_cards_are_drawn_again_only_when_their_inputs_change(tmp_path, monkeypatch):
    root = _images_project(tmp_path)
    drawn = []
    real = cards.draw
    monkeypatch.setattr(cards, "draw", lambda *a: drawn.append(a[1]) or real(*a))
    cache = BuildCache()
    build(root, tmp_path / "out", now=NOW, cache=cache)
    # The site's card and the one upcoming event with no picture of its own or of its series.
    assert sorted(drawn) == ["Family Justice Learning Exchange", 'Plain <b>&</b> "quoted"']
    drawn.clear()
    build(root, tmp_path / "out", now=NOW, cache=cache)
    assert drawn == []
    plain = root / "content/events/plain.md"
    text = plain.read_text(encoding="utf-8")
    plain.write_text(
        text[: text.index("title:")] + "title: Plain, renamed" + text[text.index("\n", text.index("title:")) :],
        encoding="utf-8",
    )
    build(root, tmp_path / "out", now=NOW, cache=cache)
    assert drawn == ["Plain, renamed"]
    assert (tmp_path / "out/events/plain/share-card.png").read_bytes() == real(
        "Event",
        "Plain, renamed",
        ["Saturday 10 April 2027, 10am to 11am (UK time)", "Online"],
        "Family Justice Learning Exchange",
        "learning.example.org",
    )
