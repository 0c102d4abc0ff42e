"""The built example site is valid HTML: the W3C Nu HTML checker (vnu.jar) finds no error on
any page, heading levels never skip, and the guide's field tables show their text as written.

The checker runs on Java; outside CI a missing Java or vnu.jar skips its test with a loud
message, and with CI=true it fails it (.ci/run installs Java; `make test` installs vnu.jar
with npm, from tests/js/package.json). What was changed in Material's markup for the
checker, and why, is in the README's "Valid HTML".
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from .helpers import JS, REPO, skip_or_fail

VNU = JS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
HEADING = re.compile(r"h[1-6]")


def vnu_missing() -> str | None:
    """What is missing for the Nu checker, if anything; installs vnu.jar with npm if it can."""
    if shutil.which("java") is None:
        return "java is not installed (install Debian's default-jre-headless)"
    if not VNU.is_file():
        if shutil.which("npm") is None:
            return f"{VNU.relative_to(REPO)} is missing and npm is not installed"
        result = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=JS, capture_output=True, text=True)
        if result.returncode != 0 or not VNU.is_file():
            return f"npm ci did not install vnu.jar: {result.stderr[-300:]}"
    return None


def pages(site: Path) -> list[Path]:
    found = sorted(site.rglob("*.html"))
    assert len(found) > 100, "the example site should have well over a hundred pages"
    return found


def where(url: str, site: Path) -> str:
    """The page a message of the checker is about, from its file: address, relative to the site."""
    path = Path(unquote(urlsplit(url).path))
    return path.relative_to(site).as_posix() if path.is_relative_to(site) else url or "?"


def test_every_page_passes_the_nu_html_checker(site: Path):
    problem = vnu_missing()
    if problem:
        skip_or_fail(f"HTML CHECKER NOT RUN: {problem}")
    files = pages(site)
    # One run for every page: the checker's start-up (Java's) costs more than checking them all.
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stderr or result.stdout)  # the checker writes its JSON to stderr
    errors = [
        f"{where(m.get('url', ''), site)}:{m.get('lastLine', '?')}: {m['message']}"
        for m in report["messages"]
        if m["type"] in ("error", "non-document-error")
    ]
    assert errors == [], f"{len(errors)} errors:\n" + "\n".join(errors[:200])
    assert result.returncode == 0, result.stdout + result.stderr


def skipped_headings(page: Path) -> list[str]:
    """Each heading that comes more than one level below the heading before it (or, first on
    the page, is not an h1), as `hN after hM: its text`."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    previous, found = 0, []
    for heading in soup.find_all(HEADING):
        level = int(heading.name[1])
        if level > previous + 1:
            found.append(
                f"h{level} after {f'h{previous}' if previous else 'the start'}: {heading.get_text(strip=True)}"
            )
        previous = level
    return found


def test_heading_levels_never_skip(site: Path):
    skips = [f"{page.relative_to(site)}: {skip}" for page in pages(site) for skip in skipped_headings(page)]
    assert skips == [], "\n".join(skips)


def test_the_heading_check_sees_a_skip(tmp_path: Path):
    page = tmp_path / "index.html"
    page.write_text("<h1>Events</h1><h2>Upcoming</h2><h3>A card</h3><h2>Past</h2><h4>Too deep</h4>", encoding="utf-8")
    assert skipped_headings(page) == ["h4 after h2: Too deep"]
    page.write_text("<h2>No title first</h2>", encoding="utf-8")
    assert skipped_headings(page) == ["h2 after the start: No title first"]


def test_guide_field_tables_show_their_text_as_written(site: Path):
    """Every cell of every field table reads as the schema has it: braces at a cell's end are
    text, not attributes for the cell."""
    from generator.authoring.guide import SECTION, TYPES, field_rows
    from generator.content import schema

    for kind, (_, model) in TYPES.items():
        models = [model] + [sub for info in model.model_fields.values() for sub in schema.inner_models(info.annotation)]
        expected = {tuple(" ".join(str(cell).split()) for cell in row) for m in models for row in field_rows(m)}
        soup = BeautifulSoup((site / SECTION / kind / "index.html").read_text(encoding="utf-8"), "html.parser")
        shown = [
            tuple(" ".join(td.get_text().split()) for td in tr.select("td"))
            for table in soup.select("article table")
            if table.th.get_text() == "Field"  # not the table of `make new`'s options
            for tr in table.select("tbody tr")
        ]
        assert shown and set(shown) <= expected, f"{kind}: {sorted(set(shown) - expected)}"
        assert all(not td.attrs for td in soup.select("article table td")), f"{kind}: a cell has attributes"
    event = BeautifulSoup((site / SECTION / "event" / "index.html").read_text(encoding="utf-8"), "html.parser")
    slides = next(tr for tr in event.select("article table tbody tr") if tr.td.get_text() == "slides")
    assert slides.select("td")[3].get_text() == "downloads: list of {file or url, title}"


# Material's templates copied into overrides/, each with the one change it exists for
# (Material's text, the override's): anything else that differs is a newer Material.
COPIES = {
    "base.html": [
        (
            '    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">\n'
            '    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">\n',
            '    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">\n'
            '    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">\n'
            '    <script>document.getElementById("__drawer").checked = document.getElementById("__search").checked'
            " = false</script>\n",
        )
    ],
    "partials/toc.html": [
        (
            '    <label class="md-nav__title" for="__toc">\n',
            '    {% if page in nav.pages %}\n    <label class="md-nav__title" for="__toc">\n',
        ),
        (
            "      {{ title }}\n    </label>\n",
            "      {{ title }}\n    </label>\n    {% else %}\n"
            '    <div class="md-nav__title">\n      <span class="md-nav__icon md-icon"></span>\n'
            "      {{ title }}\n    </div>\n    {% endif %}\n",
        ),
    ],
}


def test_copied_material_templates_differ_only_by_their_change():
    material = Path(importlib.util.find_spec("material").origin).parent / "templates"
    header = re.compile(r"^\{#-.*?-#\}\n", re.S)
    for name, changes in COPIES.items():
        theirs = header.sub("", (material / name).read_text(encoding="utf-8"), count=1)
        ours = header.sub("", (REPO / "overrides" / name).read_text(encoding="utf-8"), count=1)
        for original, changed in changes:
            assert theirs.count(original) == 1, f"Material's {name} has changed: compare overrides/{name} with it"
            theirs = theirs.replace(original, changed)
        assert ours == theirs, f"overrides/{name} is no longer Material's {name} with only its change"
