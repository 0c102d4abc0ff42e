"""Pictures, files and links in page bodies; images at web sizes; `check` as the gate
for `make site`; short build output; `new` files that check clean; the guide's examples."""

from __future__ import annotations

import io
import logging
import re
import shutil
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urljoin

import markdown
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from generator.authoring.archetypes import first_date
from generator.build.pipeline import load_site
from generator.content import bodies
from generator.resources import images

from .helpers import (
    BAD,
    GOOD,
    NOW,
    REPO,
    axe_violations,
    copy_project,
    digest,
    for_mkdocs,
    make_pdf,
    mkdocs_build,
    run_cli,
    served,
    synthetic_project,
)

# --- reading bodies ----------------------------------------------------------


def test_parse_reads_python_markdown_links_and_images():
    text = (
        'Intro [gone](three.md) and ![Practitioners](photo.png "T"){: .wide }\n'
        "![](bare.png)\n"
        '![](deco.png){alt=""}\n'
        "`[code](a.md)` and\n"
        "```\n![x](fenced.png)\n```\n"
        "[![Logo](logo.png)](../other.md#top) <img src='x.png'> <a href=\"y.md#z\">y</a>\n"
        "[a ref][one] ![alt][two]\n"
        "\n"
        '[one]: ../../people/x.md#bio "Title"\n'
        "[two]: <pic.jpg>\n"
    )
    body = bodies.parse(text)
    found = [(r.kind, r.syntax, r.target or r.label, r.line, r.alt) for r in body.refs]
    assert found == [
        ("link", "inline", "three.md", 0, True),
        ("image", "inline", "photo.png", 0, True),
        ("image", "inline", "bare.png", 1, False),  # no alt text
        ("image", "inline", "deco.png", 2, True),  # decorative, said so
        ("image", "inline", "logo.png", 7, True),
        ("link", "inline", "../other.md#top", 7, True),
        ("image", "html", "x.png", 7, False),
        ("link", "html", "y.md#z", 7, True),
        ("link", "use", "one", 8, True),
        ("image", "use", "two", 8, True),
        ("link", "definition", "../../people/x.md#bio", 10, True),
        ("link", "definition", "pic.jpg", 11, True),
    ]
    # The span the build replaces is the target alone for a link, the whole image for an image.
    assert [text[r.start : r.end] for r in body.refs[:2]] == ["three.md", '![Practitioners](photo.png "T"){: .wide }']


def test_heading_ids_are_the_ones_python_markdown_gives():
    text = (
        "## Our findings\n\nText.\n\n## What we heard: “voices” & views\n\n## Our findings\n\n"
        "### Gwaith ŵyr a `code` and [a link](x.md)\n\n## Custom {#my-id}\n\nSetext heading\n--------------\n\n"
        "```\n## not a heading\n```\n"
    )
    # The extensions MkDocs always loads, and those mkdocs.yml adds that touch headings.
    html = markdown.markdown(
        text, extensions=["toc", "tables", "fenced_code", "attr_list"], extension_configs={"toc": {"permalink": True}}
    )
    ids = re.findall(r'<h\d id="([^"]+)"', html)
    assert bodies.headings(text) == ids
    assert ids[:3] == ["our-findings", "what-we-heard-voices-views", "our-findings_1"]


# --- check as the gate -------------------------------------------------------


def test_broken_bodies_are_reported_with_the_content_files_lines():
    result = run_cli(BAD, "check", "--now", NOW.isoformat())
    lines = result.stdout.splitlines()
    expected = [
        "content/practice-week/2023/missing-image.md:8: the file 'photos/workshop.png' does not exist — did you mean photos/workshop.jpg?",
        "content/practice-week/2023/link-to-missing-page.md:6: the page 'three.md' does not exist",
        "content/practice-week/2023/link-out-of-content.md:8: '../../../../etc/passwd' points outside the content folder",
        "content/practice-week/2023/missing-heading.md:8: there is no heading '#what-we-learned' on this page — did you mean #what-we-found?",
        "content/practice-week/2023/image-without-alt.md:8: this image has no alt text — ",
        "content/people/misspelt-person-link.md:4: the page 'knwon-person.md' does not exist — did you mean known-person.md?",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in lines), f"{start!r} not in\n{result.stdout}"
    assert "build/docs" not in result.stdout


def test_a_missing_heading_in_another_page_and_a_folder(tmp_path: Path):
    project = copy_project(tmp_path / "p")
    note = project / "content" / "practice-week" / "2023" / "newport.md"
    note.write_text(
        note.read_text(encoding="utf-8") + "\nSee [Cardiff](cardiff.md#the-pathfinder), [a topic](../../tags/nope.md), "
        "[Clare](../../people/clare-chamberlin.md) and [the week](../2023/).\n",
        encoding="utf-8",
    )
    line = (
        note.read_text(encoding="utf-8")
        .splitlines()
        .index(
            "See [Cardiff](cardiff.md#the-pathfinder), [a topic](../../tags/nope.md), [Clare](../../people/clare-chamberlin.md) "
            "and [the week](../2023/)."
        )
        + 1
    )
    out = run_cli(project, "check", "--now", NOW.isoformat()).stdout
    where = f"content/practice-week/2023/newport.md:{line}: "
    assert where + "there is no heading '#the-pathfinder' in cardiff.md" in out
    assert (
        where
        + "the page '../../people/clare-chamberlin.md' does not exist — did you mean ../../people/clare-chamberlain.md?"
        in out
    )
    assert where + "'../2023/' is a folder, not a file" in out
    assert where + "the page '../../tags/nope.md' does not exist" in out  # no item has that topic


def test_a_topic_link_from_a_free_page_is_checked_and_built_by_one_rule(tmp_path: Path):
    """A page in content/pages/ is at the site's root, so `check` accepts tags/<topic>.md from
    it as well as ../tags/<topic>.md; the build must then point both at the topic's page."""
    from generator.build.pipeline import build

    project = copy_project(tmp_path / "p")
    about = project / "content" / "pages" / "about.md"
    about.write_text(
        about.read_text(encoding="utf-8") + "\nSee [one](tags/multi-agency-working.md) and "
        "[two](../tags/multi-agency-working.md).\n",
        encoding="utf-8",
    )
    checked = run_cli(project, "check", "--now", NOW.isoformat())
    assert checked.returncode == 0, checked.stdout + checked.stderr
    build(project, tmp_path / "docs", now=NOW)
    text = (tmp_path / "docs" / "about.md").read_text(encoding="utf-8")
    assert "See [one](tags/multi-agency-working.md) and [two](tags/multi-agency-working.md)." in text


def _without_errors(src: Path, dest: Path) -> Path:
    """A copy of a corpus without the files `check` reports errors in."""
    shutil.copytree(src, dest)
    result = run_cli(dest, "check", "--now", NOW.isoformat())
    for line in result.stdout.splitlines():
        m = re.match(r"^(content/[^:]+):(?:\d+:)? (?!warning:)", line)
        if m:
            (dest / m.group(1)).unlink(missing_ok=True)
    # The duplicate's first copy goes too.
    for extra in ("events/board-meeting-follow-up.md", "journal/notes/issue-1-again.md"):
        (dest / "content" / extra).unlink(missing_ok=True)
    return dest


@pytest.mark.parametrize("corpus", ["good", "bad-without-errors", "synthetic"])
def test_if_check_passes_the_site_builds(tmp_path: Path, corpus: str):
    """The gate: every corpus that passes `check` builds with `mkdocs build --strict`
    (the example site is built so by the `built` fixture)."""
    project = tmp_path / "p"
    if corpus == "good":
        shutil.copytree(GOOD, project)
    elif corpus == "synthetic":
        synthetic_project(project)
    else:
        _without_errors(BAD, project)
    check = run_cli(project, "check", "--now", NOW.isoformat())
    assert check.returncode == 0, check.stdout
    for_mkdocs(project)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr


def test_mkdocs_messages_name_the_content_file():
    from generator.bridge.plugin import name_content_files

    logger = logging.getLogger("mkdocs")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    try:
        name_content_files(
            {"practice-week/2023/newport.md": "content/practice-week/2023/newport.md"}, Path("/p/build/docs")
        )
        logging.getLogger("mkdocs.structure.pages").warning(
            "Doc file '%s' contains a link '%s', but the target is not found among documentation files.",
            "practice-week/2023/newport.md",
            "photo.png",
        )
    finally:
        logger.removeHandler(handler)
    assert stream.getvalue().startswith("Doc file 'content/practice-week/2023/newport.md' contains a link 'photo.png'")


def test_the_headings_templates_add_are_known_to_check(built: Path, site: Path):
    """A link to an event's #slides-and-downloads is not reported as a missing heading:
    every h2 the templates add on the example site is in bodies.TEMPLATE_ANCHORS."""
    from_bodies = set()
    for path in (built / "content").rglob("*.md"):
        from_bodies.update(bodies.headings(path.read_text(encoding="utf-8").split("\n---", 1)[-1]))
    added = set()
    for section in ("events", "journal", "practice-week", "people"):
        for page in (site / section).rglob("index.html"):
            if page.parent == site / section:
                continue  # the section's own list, which has no content file to link to
            article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article")
            added.update(h["id"] for h in article.select("h2[id]") if h["id"] not in from_bodies)
    assert {"add-to-calendar", "slides-and-downloads", "in-this-issue", "what-people-told-us"} <= added
    assert added <= bodies.TEMPLATE_ANCHORS


# --- the site: links that work, images at web sizes --------------------------


def test_body_links_and_files_work_on_the_site(good_site: Path):
    page = good_site / "events" / "pictures-and-links" / "index.html"
    article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article")
    base = "http://site/events/pictures-and-links/"
    links = {a.get_text(strip=True): a["href"] for a in article.select("a[href]")}
    expected = {
        "Mair Ŵyn's work": "people/mair-wyn/index.html#gwaith-wyr",
        "evening session in Paris": "events/other-time-zone/index.html",
        "the agenda": "events/pictures-and-links/agenda.pdf",
        "the plan": "events/pictures-and-links/the plan ŵ.pdf",  # a space and a Welsh letter
        "all our events": "events/index.html",
        "how to add content": "how-to-add-content/event/index.html",
        "the session saved in Notepad": "events/byte-order-mark/index.html",
        "the all-day event": "events/all-day-multi-day/index.html",
        "everything on the topic “on”": "tags/on/index.html",
    }
    for text, target in expected.items():
        url = urljoin(base, links[text])
        path, _, anchor = url.removeprefix("http://site/").partition("#")
        path = unquote(path) + ("index.html" if path.endswith("/") or not path else "")
        assert path == target.split("#")[0], (text, links[text])
        assert (good_site / path).is_file(), text
        if anchor:
            assert BeautifulSoup((good_site / path).read_text(encoding="utf-8"), "html.parser").find(id=anchor)
    assert (good_site / "events/pictures-and-links/agenda.pdf").read_bytes() == (
        GOOD / "content/events/agenda.pdf"
    ).read_bytes()
    # Code is shown as written, not turned into a picture or a link.
    assert "![](not-an-image.png)" in article.get_text()


def test_every_image_has_a_size_and_sharp_copies(good_site: Path):
    imgs = 0
    for page in good_site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for img in soup.select("img"):  # the whole page: theme and templates too
            imgs += 1
            assert img.get("width") and img.get("height"), f"{page.relative_to(good_site)}: {img}"
            assert img.has_attr("alt")
            src = page.parent / img["src"]
            assert src.is_file(), img["src"]
            for candidate in img.get("srcset", "").split(","):
                if candidate.strip():
                    assert (page.parent / candidate.split()[0]).is_file()
    assert imgs >= 8
    room = BeautifulSoup(
        (good_site / "events/pictures-and-links/index.html").read_text(encoding="utf-8"), "html.parser"
    ).select_one('article img[alt^="The training room, set"]')
    assert (room["width"], room["height"]) == ("800", "533")
    one, two = (c.split()[0] for c in room["srcset"].split(","))
    folder = good_site / "events/pictures-and-links"
    assert Image.open(folder / one).size == (800, 533) and Image.open(folder / two).size == (1600, 1067)
    decorative = BeautifulSoup(
        (good_site / "events/pictures-and-links/index.html").read_text(encoding="utf-8"), "html.parser"
    ).select_one('article img[src*="divider"]')
    assert decorative["alt"] == "" and not decorative.has_attr("srcset")  # no 2x copy of a small original
    person = BeautifulSoup(
        (good_site / "people/mair-wyn/index.html").read_text(encoding="utf-8"), "html.parser"
    ).select_one("article img.lx-person__photo")
    assert (person["width"], person["height"]) == ("144", "144")
    assert [Image.open(good_site / "people/mair-wyn" / c.split()[0]).size for c in person["srcset"].split(",")] == [
        (144, 144),
        (288, 288),
    ]
    cover = BeautifulSoup(
        (good_site / "journal/notes/issue-1/index.html").read_text(encoding="utf-8"), "html.parser"
    ).select_one("article img.lx-cover")
    assert (cover["width"], cover["height"]) == ("240", "340")
    assert Image.open(good_site / "journal/notes/issue-1" / cover["src"]).mode == "RGBA"  # PNG stays PNG


def _photo_project(tmp_path: Path, photo: Image.Image, **save) -> Path:
    project = tmp_path / "p"
    shutil.copytree(GOOD, project)
    photo.save(project / "content" / "people" / "mair-wyn.jpg", **save)
    return project


def test_a_large_phone_photo_is_served_small_square_and_without_its_metadata(tmp_path: Path):
    # A 2400x1800 photo taken on its side: the camera stores it landscape with a flag to turn it.
    photo = Image.new("RGB", (2400, 1800), (200, 60, 60))
    photo.paste((20, 20, 200), (1000, 0, 1400, 1800))  # a blue band down the middle of the stored picture
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to show
    exif[0x010F] = "PhoneMaker"
    project = _photo_project(tmp_path, photo, quality=95, exif=exif.tobytes())
    original = digest(project / "content")
    out = tmp_path / "out"
    assert run_cli(project, "build", "--out", str(out), "--now", NOW.isoformat()).returncode == 0
    folder = out / "people" / "mair-wyn"
    sizes = {p.name: Image.open(p).size for p in folder.iterdir()}
    assert sizes == {
        "mair-wyn-72x72.jpg": (72, 72),
        "mair-wyn-144x144.jpg": (144, 144),
        "mair-wyn-288x288.jpg": (288, 288),
    }
    big = Image.open(folder / "mair-wyn-288x288.jpg")
    assert not big.getexif() and "exif" not in big.info  # no camera, place or time on the site
    # Turned upright, then cut square around the centre: the band now runs across the middle.
    assert big.getpixel((144, 144))[2] > 150 and big.getpixel((144, 10))[0] > 150
    assert sum(p.stat().st_size for p in folder.iterdir()) < 60_000
    assert digest(project / "content") == original  # the original is never changed
    again = tmp_path / "again"
    run_cli(project, "build", "--out", str(again), "--now", NOW.isoformat())
    assert digest(again) == digest(out)  # reproducible bytes


def test_pictures_that_cannot_be_served_are_reported(tmp_path: Path, monkeypatch):
    project = _photo_project(tmp_path, Image.new("RGB", (300, 300), "grey"))
    (project / "content" / "people" / "mair-wyn.jpg").write_bytes(b"GIF89a not really")
    result = run_cli(project, "check", "--now", NOW.isoformat())
    assert (
        "content/people/mair-wyn.md:5: photo: 'mair-wyn.jpg' is not an image we can read — save it again as a JPEG or PNG file"
        in result.stdout
    )
    Image.new("RGB", (300, 300), "grey").save(project / "content" / "people" / "mair-wyn.jpg")
    monkeypatch.setattr(images, "LARGE", 500)  # a 20 MB file would slow the test for nothing
    _, warnings, _ = load_site(project, NOW)
    shown = [p.format() for p in warnings]
    assert any(
        s.startswith("content/people/mair-wyn.md:5: warning: photo: 'mair-wyn.jpg' is ")
        and s.endswith(
            "over the 500 bytes limit — save a smaller copy (a photo needs no more than "
            "4000 pixels across) and use that"
        )
        for s in shown
    ), shown
    assert any(s.startswith("content/events/pictures-and-links.md:8: warning: 'room.jpg' is ") for s in shown)


# --- short output ------------------------------------------------------------


def test_many_warnings_are_summarised_by_build_and_listed_by_check(tmp_path: Path):
    project = tmp_path / "p"
    (project / "content" / "events").mkdir(parents=True)
    shutil.copy2(REPO / "site.yml", project / "site.yml")
    for n in range(1, 31):
        (project / "content" / "events" / f"past-{n:02}.md").write_text(
            f"---\ntitle: Past event {n}\nstart: 2020-01-{n:02} 10:00\n---\n", encoding="utf-8"
        )
    for n in range(1, 5):
        (project / "content" / "events" / f"hybrid-{n}.md").write_text(
            f"---\ntitle: Hybrid {n}\nstart: 2030-01-0{n} 10:00\nformat: hybrid\n---\n", encoding="utf-8"
        )
    check = run_cli(project, "check", "--now", NOW.isoformat())
    assert check.returncode == 0
    assert len(check.stdout.splitlines()) == 35 and check.stdout.splitlines()[-1] == "0 errors, 34 warnings"
    assert "a hybrid event has no venue" in check.stdout and "an hybrid" not in check.stdout
    build = run_cli(project, "build", "--out", str(tmp_path / "out"), "--now", NOW.isoformat())
    assert build.returncode == 0
    lines = build.stderr.splitlines()
    assert len(lines) <= 10, build.stderr
    assert "     30 warnings: recording: this past event has no recording or slides" in lines
    assert "      4 warnings: venue: a hybrid event has no venue" in lines
    assert lines[-1] == "Run make check (python -m generator check) to list them all."
    for_mkdocs(project)
    site = mkdocs_build(project)
    assert site.returncode == 0, site.stderr
    assert "Run make check" in site.stderr and site.stderr.count("no recording or slides") <= 6


# --- new files check clean ---------------------------------------------------


@pytest.mark.parametrize(
    "today, expected",
    [
        (date(2026, 11, 23), date(2026, 11, 30)),  # Monday -> Monday a week later
        (date(2026, 11, 27), date(2026, 12, 4)),  # Friday -> Friday
        (date(2026, 11, 28), date(2026, 12, 7)),  # Saturday -> the Monday after next
        (date(2026, 11, 29), date(2026, 12, 7)),  # Sunday -> Monday
    ],
)
def test_a_new_event_starts_on_a_weekday_a_week_ahead(today: date, expected: date):
    assert first_date(today) == expected


# --- the guide ---------------------------------------------------------------


def test_guide_examples_for_pictures_and_links_pass_check(tmp_path: Path):
    guide = (REPO / "content" / "pages" / "how-to-add-content.md").read_text(encoding="utf-8")
    section = guide.split("## Pictures, files and links", 1)[1].split("\n## ", 1)[0]
    examples = re.findall(r"```markdown\n(.*?)```", section, re.S)
    assert len(examples) >= 5
    project = copy_project(tmp_path / "p")
    week = project / "content" / "practice-week" / "2023"
    (week / "cardiff.md").write_text(
        (week / "cardiff.md").read_text(encoding="utf-8") + "\n## Our findings\n\nMore.\n", encoding="utf-8"
    )
    (week / "photos").mkdir()
    Image.new("RGB", (1200, 800), "teal").save(week / "newport-workshop.jpg")
    Image.new("RGBA", (600, 10), (0, 0, 0, 0)).save(week / "photos" / "divider.png")
    make_pdf(week / "agenda.pdf", 1)
    note = (
        "---\ntitle: Examples from the guide\ndate: 2023-10-12\nplace: Swansea\n---\n"
        + "\n".join(examples)
        + "\n## Our findings\n\nWhat we found.\n"
    )
    (week / "guide-examples.md").write_text(note, encoding="utf-8")
    result = run_cli(project, "check", "--now", NOW.isoformat())
    assert result.stdout.strip() == "0 errors, 0 warnings", result.stdout
    # And with the picture gone, the guide's promise holds: check names it.
    (week / "newport-workshop.jpg").unlink()
    assert (
        "the file 'newport-workshop.jpg' does not exist" in run_cli(project, "check", "--now", NOW.isoformat()).stdout
    )


# --- in a real browser -------------------------------------------------------


@pytest.fixture(scope="module")
def good_url(good_site: Path):
    with served(good_site) as url:
        yield url


@pytest.fixture
def chromium(browser):
    return browser


@pytest.mark.parametrize(
    "viewport, scale, expected",
    [
        ({"width": 1280, "height": 900}, 1, "room-800x533.jpg"),
        ({"width": 1280, "height": 900}, 2, "room-1600x1067.jpg"),
        ({"width": 320, "height": 700}, 2, "room-1600x1067.jpg"),
    ],
)
def test_pictures_load_at_the_right_size_and_fit_a_phone(
    chromium, good_url: str, viewport: dict, scale: int, expected: str
):
    context = chromium.new_context(viewport=viewport, device_scale_factor=scale)
    try:
        tab = context.new_page()
        tab.goto(good_url + "events/pictures-and-links/")
        room = tab.locator('article img[alt^="The training room, set"]')
        room.scroll_into_view_if_needed()
        tab.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=room.element_handle())
        assert room.evaluate("img => img.currentSrc").endswith(expected)
        shown = room.bounding_box()
        assert shown["width"] <= viewport["width"] and abs(shown["height"] / shown["width"] - 533 / 800) < 0.01
        assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # nothing scrolls sideways
        assert axe_violations(tab) == []
    finally:
        context.close()


def test_an_images_own_width_and_attributes_are_kept_in_proportion():
    body = bodies.parse('![A map of the region](map.png){: .wide #map width="400" }\n')
    shown = images.Img("p/map-800x600.png", (("p/map-800x600.png", "1x"), ("p/map-1600x1200.png", "2x")), 800, 600)
    tag = bodies._img(body.refs[0], shown, "p/")
    assert tag == (
        '<img src="map-800x600.png" srcset="map-800x600.png 1x, map-1600x1200.png 2x" width="400" '
        'height="300" alt="A map of the region" class="wide" id="map" loading="lazy" decoding="async">'
    )


def test_resized_copies_are_kept_between_cold_builds(tmp_path: Path, monkeypatch):
    from generator.build.pipeline import IMAGE_STORE, build

    project = tmp_path / "p"
    shutil.copytree(GOOD, project)
    first = build(project, tmp_path / "one", now=NOW)
    stored = sorted(p.name for p in (project / IMAGE_STORE).iterdir())
    # An issue's cover is kept at its page's size and its card's, each with a copy for sharp screens.
    assert len(stored) == 11 and all(re.match(r"^[0-9a-f]{40}-\d+-(square|fit)-\d+x\d+\.(jpg|png)$", n) for n in stored)
    calls = []
    real = images.encode
    monkeypatch.setattr(images, "encode", lambda *a: calls.append(a) or real(*a))
    build(project, tmp_path / "two", now=NOW)  # a cold build: no cache in memory
    assert calls == []
    assert digest(tmp_path / "two") == digest(tmp_path / "one")
    # A changed original is a new name in the store: its copies are made again.
    Image.new("RGB", (500, 500), "navy").save(project / "content" / "people" / "mair-wyn.jpg")
    build(project, tmp_path / "three", now=NOW)
    assert len(calls) == 1 and calls[0][0].name == "mair-wyn.jpg"
    assert first.report.written


def test_shortcut_references_are_found():
    text = "![Our logo] and [Our logo] and ![not defined]\n\n[our logo]: images/logo.png\n"
    refs = [(r.kind, r.syntax, r.label or r.target) for r in bodies.parse(text).refs]
    assert refs == [("image", "use", "our logo"), ("link", "use", "our logo"), ("link", "definition", "our logo")]
