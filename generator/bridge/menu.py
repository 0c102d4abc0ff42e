"""Material's menu (its partials/nav.html), drawn once for all the pages that see it alike;
and the parts of its page that differ only with the page's depth, drawn once per depth.

Material draws the whole menu into every page, which was a seventh of the time
of rendering a page. A page that is not in the menu (every item, person and
listing page here) has no entry active and no table of contents in it, so the
menu of two such pages differs only in the addresses it holds, each relative to
the page. The key is those addresses, worked out with MkDocs' own `url`
filter; pages whose keys are equal get the same bytes. A page in the menu is
drawn as always. overrides/partials/nav.html wraps Material's own template in a
call to `draw_once`; tests/test_mkdocs_parallel.py builds sites with and without it and
compares every byte.

The stylesheets, the scripts and the theme's settings for its scripts (with
about a dozen translated strings) name only files at the site's root, each
relative to the page: so they are the same on every page with the same
`base_url`. overrides/main.html wraps those blocks in `lx_same_at_depth`.
"""

from __future__ import annotations

import jinja2
from mkdocs.utils import normalize_url

NAME = "lx_menu_once"
SAME_AT_DEPTH = "lx_same_at_depth"


def install(env: jinja2.Environment) -> jinja2.Environment:
    env.globals[NAME] = _Menus()
    env.globals[SAME_AT_DEPTH] = _SameAtDepth()
    return env


class _SameAtDepth:
    """A block drawn once for each `base_url` (a new environment, a new build, starts afresh)."""

    def __init__(self):
        self.drawn: dict[tuple[str, str], str] = {}

    @jinja2.pass_context
    def __call__(self, context, name: str, caller) -> str:
        key = (name, context.get("base_url", ""))
        drawn = self.drawn.get(key)
        if drawn is None:
            drawn = self.drawn[key] = caller()
        return drawn


class _Menus:
    def __init__(self):
        self.nav, self.drawn, self.entries = None, {}, ([], ())

    @jinja2.pass_context
    def __call__(self, context, caller) -> str:
        page, nav, config = context.get("page"), context.get("nav"), context.get("config")
        if page is None or nav is None or config is None or page in nav.pages or any(p.active for p in nav.pages):
            return caller()
        if nav is not self.nav:  # another build's menu (its entries, titled in mkdocs.yml's nav, stay as they are)
            self.nav, self.drawn, self.entries = nav, {}, _entries(nav, config)
        base = context.get("base_url", "")
        addresses, titles = self.entries
        key = (tuple(normalize_url(str(url), page=page, base=base) for url in addresses), titles)
        drawn = self.drawn.get(key)
        if drawn is None:
            drawn = self.drawn[key] = caller()
        return drawn


def _entries(nav, config) -> tuple[list, tuple]:
    """Every address the menu shows (its pages, links, sections' first pages, the home page and
    the logo) and every title."""
    addresses = [
        config.extra.get("homepage") or "",
        nav.homepage.url if nav.homepage else "",
        config.theme.get("logo") or "",
    ]
    titles = []

    def walk(items):
        for item in items:
            titles.append(item.title)
            if getattr(item, "url", None) is not None:
                addresses.append(item.url)
            walk(getattr(item, "children", None) or [])

    walk(nav.items)
    return addresses, tuple(titles)
