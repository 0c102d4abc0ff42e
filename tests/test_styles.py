"""Material's stylesheets pruned to what the site uses (generator/bridge/styles.py): the rules,
and the built site in Chromium, which must look the same pruned as with Material's whole
stylesheets, at phone and desktop width, with the menu drawer open, search open with
results, scrolled (the states Material's script adds classes for) and with keyboard focus.

The browser test builds nothing more: the unpruned site is the built one with Material's
own stylesheets copied back, which is what a build without the pruning writes.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import pytest

from generator.bridge import styles

from .helpers import REPO, served

THEME = Path(importlib.util.find_spec("material").origin).parent / "templates"
SCREENSHOTS = REPO / "test-output" / "screenshots" / "styles"
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
PAGES = {
    "home": "",
    "event": "events/family-justice-learning-conference-2027/",
    "events": "events/",
    "person": "people/dr-amira-hassan/",
    "journal-issue": "journal/strengthening-families/issue-6/",
}


def names(classes=(), words=(), values=()) -> styles.Names:
    return styles.Names(classes=set(classes), words=set(words), values=set(values))


def pruned(css: str, found: styles.Names, also_used: str = "") -> str:
    return styles.prune({"main.css": css}, found, also_used)["main.css"]


# --- the rules ------------------------------------------------------------------


def test_a_rule_goes_when_no_page_has_its_class_and_stays_when_one_does():
    css = ".md-used{color:red}.md-unused{color:blue}.md-used.md-unused{margin:0}p{margin:1px}"
    assert pruned(css, names(classes={"md-used"})) == ".md-used{color:red}p{margin:1px}"


def test_of_a_selector_list_only_the_selectors_that_can_match_stay():
    assert pruned(".a,.b .c,.b{color:red}", names(classes={"b"})) == ".b{color:red}"


def test_classes_added_at_run_time_stay():
    css = (
        ".md-top--hidden{opacity:0}.md-nav__link--active{color:red}"  # states of blocks on the pages
        ".focus-visible{outline:0}.js .md-x{top:0}"  # the focus polyfill's and <html>'s
        ".md-search-result__item{margin:0}"  # drawn by the site's search.js
        ".md-tooltip--active{opacity:1}"  # a block no page has
    )
    found = names(classes={"md-top", "md-nav", "md-x"}, words={"md-search-result__item"})
    assert pruned(css, found) == (
        ".md-top--hidden{opacity:0}.md-nav__link--active{color:red}.focus-visible{outline:0}.js .md-x{top:0}"
        ".md-search-result__item{margin:0}"
    )


def test_not_never_requires_and_is_requires_one_alternative():
    css = ".a:not(.gone){color:red}:is(.gone,.a) p{color:blue}:is(.gone,.also-gone) p{color:green}"
    assert pruned(css, names(classes={"a"})) == ".a:not(.gone){color:red}:is(.gone,.a) p{color:blue}"


def test_media_rules_keep_what_is_kept_inside_and_go_when_empty():
    css = "@media (max-width:10em){.a{color:red}.gone{color:blue}}@media print{.gone{color:red}}@keyframes k{0%{top:0}}"
    assert pruned(css, names(classes={"a"})) == "@media (max-width:10em){.a{color:red}}@keyframes k{0%{top:0}}"


def test_direction_and_palette_rules_stay_only_for_values_a_page_has():
    css = (
        "[dir=ltr] .a{left:0}[dir=rtl] .a{right:0}"
        "[data-md-color-primary=indigo]{--md-primary-fg-color:#4051b5}[data-md-color-primary=red]{--md-x:red}"
        ".a{color:var(--md-primary-fg-color)}"
    )
    found = names(classes={"a"}, values={("dir", "ltr"), ("data-md-color-primary", "indigo")})
    assert pruned(css, found) == (
        "[dir=ltr] .a{left:0}[data-md-color-primary=indigo]{--md-primary-fg-color:#4051b5}"
        ".a{color:var(--md-primary-fg-color)}"
    )


def test_custom_properties_stay_only_if_something_kept_uses_them():
    css = (
        ":root{--md-used:var(--md-chain);--md-chain:red;--md-own:blue;--md-unused:green;--md-for-a-gone-rule:0}"
        ".a{color:var(--md-used)}.gone{margin:var(--md-for-a-gone-rule)}"
    )
    out = pruned(css, names(classes={"a"}), also_used=".lx{color:var(--md-own)}")
    assert out == ":root{--md-used:var(--md-chain);--md-chain:red;--md-own:blue}.a{color:var(--md-used)}"


def test_the_same_names_give_the_same_bytes():
    css = (THEME / next(THEME.glob("assets/stylesheets/main.*.min.css")).relative_to(THEME)).read_text()
    found = names(classes={"md-header", "md-nav", "md-typeset", "md-grid"}, values={("dir", "ltr")})
    again = names(classes=sorted(found.classes, reverse=True), values=found.values)
    first = pruned(css, found)
    assert first == pruned(css, again)
    assert 1000 < len(first) < len(css) / 2
    assert "sourceMappingURL" not in first


def test_the_built_site_is_pruned_from_the_themes_copy(tmp_path: Path):
    site = tmp_path / "site"
    (site / "assets" / "stylesheets").mkdir(parents=True)
    theme = tmp_path / "theme"
    (theme / "assets" / "stylesheets").mkdir(parents=True)
    name = "assets/stylesheets/main.0123abcd.min.css"
    (theme / name).write_text(".md-a{color:red}.md-b{color:blue}\n/*# sourceMappingURL=main.0123abcd.min.css.map*/")
    (site / name).write_text(".md-a{color:red}")  # pruned by an earlier --dirty build
    (site / (name + ".map")).write_text("{}")
    (site / "assets" / "own.js").write_text('el.classList.add("md-b")')
    (site / "index.html").write_text('<p class="md-x">')
    assert styles.prune_site(site, [str(theme)], ["assets/own.js"])[name][1] == len(".md-b{color:blue}")
    assert (site / name).read_text() == ".md-b{color:blue}"
    assert not (site / (name + ".map")).exists()


def test_every_class_materials_script_adds_is_kept_but_those_of_features_the_site_has_off(site: Path):
    """Material's bundle adds classes as the visitor uses the page; each that its stylesheet
    styles must survive the pruning, unless it belongs to a feature this site does not use
    (code annotations and copy buttons, tooltips, a repository link, Mermaid, content tabs)."""
    bundle = next(site.glob("assets/javascripts/bundle.*.min.js")).read_text(encoding="utf-8")
    added = set(re.findall(r'classList\.(?:add|toggle)\("([\w-]+)"', bundle))
    added |= set(re.findall(r'classList\.add\("[\w-]+","([\w-]+)"', bundle))
    css = next(THEME.glob("assets/stylesheets/main.*.min.css")).read_text(encoding="utf-8")
    styled = {name for name in added if re.search(r"\." + re.escape(name) + r"(?![\w-])", css)}
    features_off = re.compile(r"md-(annotation|code|tooltip|source)|mermaid|tabbed")
    found = styles.names_in(site, ["assets/site.js", "assets/search.js"])
    dropped = sorted(name for name in styled if not found.has_class(name) and not features_off.match(name))
    assert {"focus-visible", "md-header--shadow", "md-nav__link--active"} <= styled
    assert dropped == []


# --- the built site in a browser -------------------------------------------------


@pytest.fixture(scope="module")
def both(site: Path, tmp_path_factory):
    """The built site, and the same site with Material's whole stylesheets, each served."""
    whole = tmp_path_factory.mktemp("unpruned") / "site"
    shutil.copytree(site, whole)
    for path in whole.glob("assets/stylesheets/*.min.css"):
        theirs = THEME / path.relative_to(whole)
        assert theirs.read_bytes() != path.read_bytes(), f"{path.name} is not pruned"
        shutil.copyfile(theirs, path)
    with served(site) as pruned_url, served(whole) as whole_url:
        yield pruned_url, whole_url


def drawer(tab) -> None:
    tab.click("label.md-header__button[for=__drawer]")


def searching(tab) -> None:
    if tab.viewport_size["width"] < 960:
        tab.click("label.lx-search-open")
    else:
        tab.click("input.md-search__input")
    tab.locator("input.md-search__input").press_sequentially("care", delay=20)
    tab.wait_for_selector(".md-search-result__item >> nth=4", timeout=10_000)
    tab.wait_for_load_state("networkidle")


def scrolled(tab) -> None:
    """Down the page and back up a little: the header shows the page's title, the button back to
    the top appears, the contents mark the heading in view."""
    tab.mouse.wheel(0, 1400)
    tab.wait_for_timeout(250)
    tab.mouse.wheel(0, -150)
    tab.wait_for_selector(".md-top:not(.md-top--hidden)")
    tab.wait_for_timeout(250)


def focused(tab) -> None:
    tab.keyboard.press("Tab")  # the skip link, shown when it has focus


STATES = [
    *(
        (f"{page}-{width}", path, viewport, None)
        for page, path in PAGES.items()
        for width, viewport in (("phone", PHONE), ("desktop", DESKTOP))
    ),
    ("drawer-phone", PAGES["event"], PHONE, drawer),
    ("search-phone", PAGES["home"], PHONE, searching),
    ("search-desktop", PAGES["person"], DESKTOP, searching),
    ("scrolled-desktop", PAGES["journal-issue"], DESKTOP, scrolled),
    ("scrolled-phone", PAGES["journal-issue"], PHONE, scrolled),
    ("focus-phone", PAGES["home"], PHONE, focused),
]


def screenshot(browser, url: str, viewport: dict, action) -> bytes:
    context = browser.new_context(viewport=viewport, reduced_motion="reduce")
    try:
        tab = context.new_page()
        tab.goto(url)
        if action is not None:
            action(tab)
        # A page alone is shown whole; a state (an open drawer, results, a scroll) as the screen shows it.
        return tab.screenshot(full_page=action is None, animations="disabled", caret="hide")
    finally:
        context.close()


def test_pruned_pages_look_as_with_materials_whole_stylesheets(browser, both):
    from io import BytesIO

    from PIL import Image, ImageChops

    pruned_url, whole_url = both
    different = []
    for name, path, viewport, action in STATES:
        ours = screenshot(browser, pruned_url + path, viewport, action)
        theirs = screenshot(browser, whole_url + path, viewport, action)
        a, b = Image.open(BytesIO(ours)).convert("RGB"), Image.open(BytesIO(theirs)).convert("RGB")
        box = ImageChops.difference(a, b).getbbox() if a.size == b.size else (0, 0, *a.size)
        if box is not None:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            (SCREENSHOTS / f"{name}-pruned.png").write_bytes(ours)
            (SCREENSHOTS / f"{name}-whole.png").write_bytes(theirs)
            different.append(f"{name}: {a.size} against {b.size}, differs in {box}")
    assert different == [], f"see {SCREENSHOTS.relative_to(REPO)}:\n" + "\n".join(different)


def test_no_script_holds_up_the_first_paint(site: Path):
    """Every script a page loads is deferred (overrides/main.html): it runs once the page
    is parsed, in order, and the first paint waits for the stylesheets alone."""
    pages = [site / "index.html", site / "events" / "index.html", site / "people" / "index.html"]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        scripts = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", html)
        assert scripts, f"{page}: no scripts found"
        blocking = [tag for tag in scripts if not re.search(r"\s(?:defer|async)\b|type=\"module\"", tag)]
        assert blocking == [], f"{page.relative_to(site)}: scripts that block the first paint: {blocking}"
