"""The site's identity and address rules, which every stage shares.

What a file's name becomes (`slugify`), which file in a folder describes the folder
(`GROUP_FILES`), the addresses the generator keeps for its own pages, and how one
site path links to another (`href`). The loader, the authoring tools, the model and
the renderers all import these from here, so a rule is written once.

May import: the standard library only.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

SLUG_MAX = 100  # characters in an address part made by slugify

# The folders of content/, each a section of the site.
SECTIONS = ("events", "journal", "practice-week", "people", "pages")

# The file in a series, journal or practice-week folder that describes the folder itself.
GROUP_FILES = {"events": "_series.md", "journal": "_journal.md", "practice-week": "_week.md"}

# Names a free page (content/pages/) cannot take: the site's own addresses at the top level.
RESERVED_PAGE_NAMES = frozenset(SECTIONS) | {"tags", "downloads", "assets", "index", "search", "subscribe", "calendar"}

# Addresses under events/ that the listings use, besides years (see render/views.py).
EVENT_LISTINGS = frozenset({"format", "catch-up", "series", "index"})

# The address under people/ where the listing by name lives, which no person may take.
PEOPLE_BY_NAME = "by-name"

# The generator's own index pages, as Markdown paths.
SECTION_INDEXES = frozenset(
    {
        "index.md",
        "events/index.md",
        "calendar/index.md",
        "journal/index.md",
        "practice-week/index.md",
        "people/index.md",
        "tags/index.md",
    }
)

# The authoring guide: a free page of this name gets a page per content type beneath it.
GUIDE_SECTION = "how-to-add-content"
GUIDE_TOPICS = ("event", "series", "issue", "journal", "visit", "week", "person", "page", "site-settings")
GUIDE_PAGES = frozenset(f"{GUIDE_SECTION}/{topic}.md" for topic in GUIDE_TOPICS)

# Every page the generator makes whatever the content: a body may link to these.
GENERATOR_PAGES = SECTION_INDEXES | GUIDE_PAGES

# The words `new` writes where the author's own belong (authoring/archetypes.py puts them in
# each new file); here, so that `check` (content/unfinished.py) can warn while they are left.
PLACEHOLDER_SUMMARIES = {
    "event": "One sentence about the event, shown in lists.",
    "series": "One sentence about the series, shown in lists.",
    "journal": "One sentence about the journal, shown in lists.",
    "issue": "One sentence about this issue, shown in lists.",
    "week": "One sentence about the week, shown in lists.",
    "visit": "One sentence about the visit, shown in lists.",
    "page": "One sentence about this page.",
}
PLACEHOLDER_BODIES = {
    "event": "Describe the event here: what it covers, who it is for and what people will learn.",
    "series": "Describe the series here. Add its events to this folder.",
    "journal": "Describe the journal here. Add a file for each issue to this folder.",
    "issue": "Introduce the issue here.",
    "week": "Introduce the practice week here. Add a file for each visit to this folder.",
    "visit": "Write the visit note here.",
    "person": "A short biography.",
    "page": "Write the page here.",
}


@lru_cache(maxsize=65536)  # the same names and tags recur across thousands of files
def slugify(text: str) -> str:
    """The address part made from a name or title: ASCII, lower case, words joined by hyphens.
    A long one is cut, and ends with a short digest of the whole so that two long names
    that start alike keep apart: a file name has at most 255 bytes, and an address
    nobody could type helps no one."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "item"
    if len(slug) <= SLUG_MAX:
        return slug
    return f"{slug[: SLUG_MAX - 9].rstrip('-')}-{hashlib.sha256(slug.encode('ascii')).hexdigest()[:8]}"


def href(from_url: str, to: str) -> str:
    """A relative link from one page's directory URL to another site path.

    Site paths never hold '.' or '..' segments, so comparing segments gives what
    posixpath.relpath would, several times faster: links are made on every page."""
    if "://" in to or to.startswith("mailto:"):
        return to
    start = [p for p in from_url.split("/") if p]
    target = [p for p in to.split("/") if p]
    common = 0
    for a, b in zip(start, target, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(start) - common) + target[common:])
    if not rel:
        return "./"
    if (to == "" or to.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return rel
