"""Text far longer than anyone means (a paragraph pasted into a title, a page of
notes into a name) still builds, in time that grows with its length and no faster:
the share card draws what fits, addresses stay short, and `check` warns."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image

from .helpers import NOW, for_mkdocs, load_content, make_project, md, mkdocs_build, repo_env, valid_content

LONG = 20_000
LIMIT = 60  # seconds: the build of this small site takes about one; the old card wrapping took hours


def _long_project(root: Path) -> Path:
    content = valid_content()
    content["events/long.md"] = md(
        f"""
        title: {"A" * LONG}
        start: 2027-01-10 14:00
        summary: {"S" * LONG}
        format: hybrid
        venue:
          name: {"V" * LONG}
        speakers:
          - name: {"N" * LONG}
            role: {"R" * LONG}
            organisation: {"O" * LONG}
        tags: [{"t" * LONG}]
        """,
        "B" * LONG,  # one line, no spaces
    )
    return make_project(root, content)


def test_a_twenty_thousand_character_title_builds_in_bounded_time(tmp_path: Path):
    project = _long_project(tmp_path / "p")
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(project), "build", "--now", NOW.isoformat()],
        capture_output=True,
        text=True,
        timeout=LIMIT,
        env=repo_env(),
    )
    took = time.perf_counter() - started
    print(f"build with a {LONG:,}-character title, summary, names and body line: {took:.2f} s")
    assert result.returncode == 0, result.stdout + result.stderr
    docs = project / "build" / "docs"
    card = (docs / "events/long/share-card.png").read_bytes()
    with Image.open(io.BytesIO(card)) as image:
        assert image.size == (1200, 630)
        grey = image.convert("L")
        # The title's three lines are drawn (white text) across the card's width.
        assert grey.crop((80, 124, 1120, 330)).getextrema()[1] == 255
        assert grey.crop((1060, 124, 1120, 330)).getextrema()[1] > 200
    page = (docs / "events/long.md").read_text(encoding="utf-8")
    assert "B" * LONG in page and "A" * LONG in page  # the page keeps the whole text
    # The speaker's and the topic's addresses are cut to a length a file system takes.
    people = [p.name for p in (docs / "people").iterdir()]
    assert any(name.startswith("nnnn") and len(name) <= 103 for name in people), people
    assert all(len(p.name) <= 110 for p in docs.rglob("*"))


def test_the_whole_site_with_a_twenty_thousand_character_title_builds_in_bounded_time(tmp_path: Path):
    """The same event through `mkdocs build`: Markdown, the page template, search and the writer."""
    project = for_mkdocs(_long_project(tmp_path / "p"))
    started = time.perf_counter()
    result = mkdocs_build(project, strict=False)  # the long fields' warnings would stop --strict
    took = time.perf_counter() - started
    print(f"mkdocs build with a {LONG:,}-character title and body line: {took:.2f} s")
    assert result.returncode == 0, result.stdout + result.stderr
    assert took < LIMIT
    html = (project / "build" / "site" / "events" / "long" / "index.html").read_text(encoding="utf-8")
    assert "A" * LONG in html and "B" * LONG in html


def test_the_card_measures_a_line_at_a_time():
    from generator.render import cards

    font = cards._font(True, 68)
    started = time.perf_counter()
    lines = cards._wrap("x" * 200_000, font, 1040, 3)
    assert len(lines) == 4 and all(font.getlength(line) <= 1040 for line in lines)
    assert "".join(lines) == "x" * sum(map(len, lines))
    words = cards._wrap("word " * 50_000, font, 1040, 3)
    assert len(words) == 4
    assert time.perf_counter() - started < 2
    # Each line is as full as it can be: one more character would not fit.
    assert font.getlength("x" * (len(lines[0]) + 1)) > 1040
    _, fitted = cards._fit("y" * 200_000, 1040, 3)
    assert len(fitted) == 3 and fitted[-1].endswith("…")


def test_long_fields_are_warnings_naming_the_field_the_length_and_the_limit(tmp_path: Path):
    content = valid_content()
    content["events/long.md"] = md(
        f"""
        title: {"A" * 151}
        start: 2027-01-10 14:00
        summary: {"S" * 300}
        speakers:
          - name: {"N" * 101}
        """
    )
    content["people/long-role.md"] = md(f"name: Ann Long\nrole: {'R' * 120}")
    loaded = load_content(tmp_path, content)
    assert loaded.errors == []
    found = {(p.path, p.line, p.field): p for p in loaded.problems}
    title = found[("content/events/long.md", 2, "title")]
    assert title.severity == "warning"
    assert "is 151 characters long, over the limit of 150" in title.message and "a few words" in title.fix
    assert ("content/events/long.md", 4, "summary") not in found  # 300 is within its limit
    assert (
        "101 characters" in found[("content/events/long.md", 6, f"the name of the 1st speaker ({'N' * 40}…)")].message
    )
    assert "limit of 100" in found[("content/people/long-role.md", 3, "role")].message
    assert sum(p.path == "content/events/long.md" for p in loaded.problems) == 2


def test_long_names_get_short_distinct_addresses():
    from generator.identity import SLUG_MAX, slugify

    one, two = slugify("a" * 5000 + " one"), slugify("a" * 5000 + " two")
    assert len(one) == len(two) == SLUG_MAX and one != two
    assert slugify("Café Ŵ on its own") == "cafe-w-on-its-own"  # ordinary names are as before
    assert slugify("x" * SLUG_MAX) == "x" * SLUG_MAX


def test_the_guide_lists_every_limit():
    from generator.content.schema import LIMITS

    from .helpers import REPO

    guide = (REPO / "content/pages/how-to-add-content.md").read_text(encoding="utf-8")
    table = guide.split("## How long fields can be", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1:3] for line in table.splitlines() if line.startswith("| ")]
    listed = {}
    for names, limit in rows[2:]:  # after the heading row and the rule under it
        for name in re.findall(r"`(\w+)`", names):
            listed[name] = int(limit.strip().replace(",", ""))
    assert listed == LIMITS
