"""`check`'s half of the HTML rule (generator.html_rule): a body's HTML, its
Markdown links and pictures, and its attribute lists, reported at the content
file's own lines with the fix.

HTML is read with code blanked out (`bodies.mask`), so `<script>` between
backticks or in a fenced block is text about HTML, not HTML. Markdown can reach a
page's HTML two more ways the HTML parser does not see: a link or picture address
(`[Book](javascript:…)`, where Python-Markdown leaves character references for
the browser to decode) and an attribute list (`## Agenda {: onclick="…" }`), which
Python-Markdown's attr_list turns into attributes of the element.
"""

from __future__ import annotations

import html
import re

from generator.content import bodies
from generator.html_rule import Breach, HtmlRule, url_breach
from generator.problems import Problem

# An attribute list as attr_list reads one: `{: … }` or `{ … }` on one line.
_ATTR_LIST = re.compile(r"\{:?([^{}\n]*)\}")
_URL_KEYS = frozenset({"href", "src", "srcset", "action", "formaction", "poster", "data", "cite", "background"})


def check(doc, body: bodies.Body, rule: HtmlRule) -> list[Problem]:
    """What `doc`'s body holds that the rule refuses, at the lines of the content file;
    worked out once per version of the file (a cached body is kept with its Document)."""
    if body.checked_html is None or body.checked_html[0] != rule.embeds:
        body.checked_html = (rule.embeds, _check(doc, body, rule))
    return body.checked_html[1]


def _check(doc, body: bodies.Body, rule: HtmlRule) -> list[Problem]:
    text = doc.body
    if "<" not in text and "{" not in text and not body.refs:
        return []
    masked = bodies.mask(text) if ("<" in text or "{" in text) else text
    found: list[Breach] = []
    if "<" in masked:
        found += rule.breaches(masked)
    if "{" in masked:
        found += _attribute_lists(masked)
    found += _addresses(body)
    seen: set[tuple[int, str]] = set()
    problems = []
    for breach in sorted(found, key=lambda b: b.line):
        if (breach.line, breach.message) not in seen:
            seen.add((breach.line, breach.message))
            problems.append(Problem(doc.rel, doc.body_line + breach.line, None, breach.message, breach.fix))
    return problems


def _addresses(body: bodies.Body) -> list[Breach]:
    """Markdown links and pictures; an <a> or <img> is read with the rest of the HTML."""
    found = []
    for ref in body.refs:
        if ref.syntax == "html" or not ref.target:
            continue
        what = "the picture" if ref.kind == "image" else "the link"
        breach = url_breach(html.unescape(ref.target), what)
        if breach:
            found.append(Breach(ref.line, *breach))
    return found


def _attribute_lists(masked: str) -> list[Breach]:
    found, line, at = [], 0, 0
    for m in _ATTR_LIST.finditer(masked):
        line, at = line + masked.count("\n", at, m.start()), m.start()  # counted once over the text
        for name, value in bodies.attributes(m.group(1)):
            if value is None:
                continue  # `.class` or `#id`, or a word in braces that is not an attribute
            if name.startswith("on"):
                found.append(
                    Breach(
                        line,
                        f"the attribute list {{: … }} sets {name}=, which runs code",
                        f'remove {name}="…" from between the braces',
                    )
                )
            elif name in _URL_KEYS:
                breach = url_breach(value, f"the {name}= in the attribute list")
                if breach:
                    found.append(Breach(line, *breach))
    return found
