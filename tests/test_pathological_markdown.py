"""A body Python-Markdown is slower than linear on (or recurses too deep on) still
converts in bounded time: generator/bounded.py shows the blocks at fault as
plain text, and leaves every ordinary body byte for byte as it was.

The unguarded times in the comments were measured on a developer's machine with the
site's extensions; each limit here is far below them and far above the guarded time
(hundredths of a second), so a 2-core CI machine passes and a lost guard fails.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import markdown
import pytest
import yaml

from generator import bounded as guard
from generator.bounded import bounded, pathological

REPO = Path(__file__).resolve().parent.parent
LIMIT = 3.0  # seconds for the guard and the conversion together


def _extensions() -> tuple[list[str], dict]:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names, configs = [], {}
    for entry in config["markdown_extensions"]:
        if isinstance(entry, dict):
            (name, options), *_ = entry.items()
            names.append(name)
            configs[name] = options or {}
        else:
            names.append(entry)
    return names, configs


def convert(text: str) -> str:
    names, configs = _extensions()
    return markdown.Markdown(extensions=names, extension_configs=configs).convert(text)


# name: (body, what it took unguarded)
PATHOLOGICAL = {
    "unmatched [": ("[" * 20_000, "40 s"),
    "unclosed [a](": ("[a](" * 10_000, "20 s"),
    "unmatched ![": ("![" * 10_000, "20 s"),
    "reference [a][": ("[a][" * 5_000, "10 s"),
    "nested [[[]]]": ("[" * 8_000 + "a" + "]" * 8_000, "8 s"),
    "unclosed <a": ("<a " * 10_000, "7 s"),
    "unclosed <span in text": ("a <span " * 6_000, "9 s"),
    "unclosed <http://": ("<http://" * 8_000, "6 s"),
    "emphasis in one paragraph": ("*a* _b_ **c** " * 32_000, "13 s"),
    "escapes in one paragraph": ("\\[" * 100_000, "over 20 s"),
    "heading lines in one block": ("# h\n" * 16_000, "12 s"),
    "rules in one block": ("---\n" * 16_000, "12 s"),
    "abbreviations in one block": ("".join(f"*[A{i}]: x\n" for i in range(4_000)), "7 s"),
    "definitions of one term": ("a\n" + ": b\n" * 8_000, "8 s"),
    "code in a table row": ("| a | b |\n| - | - |\n" + "|`" * 16_000, "2 s"),
    "[TOC] markers": ("[TOC]\n\n" * 16_000, "17 s at 32,000"),
    "quotes in quotes": ("\n".join(">" * (i + 1) + " a" for i in range(1_000)), "6 s"),
    "lists in lists": ("\n".join("    " * i + "- a" for i in range(400)), "RecursionError"),
    "numbered lists in lists": ("\n".join("    " * i + "1. a" for i in range(400)), "RecursionError"),
    "admonitions in admonitions": ("\n".join("    " * i + "!!! note" for i in range(400)), "RecursionError"),
    "lists in quotes in lists": ("\n".join("> " * i + "- a" for i in range(600)), "5 s"),
    "terms without blank lines": ("\n".join("a\n: b" for _ in range(1_000)), "RecursionError"),
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_a_pathological_body_converts_in_bounded_time(name: str):
    body, unguarded = PATHOLOGICAL[name]
    started = time.perf_counter()
    page = convert(bounded(body))
    took = time.perf_counter() - started
    print(f"{name}: {len(body):,} characters in {took:.3f} s (unguarded: {unguarded})")
    assert took < LIMIT, f"{name}: {took:.2f} s"
    assert pathological(body), name
    assert page.strip()


def test_a_pathological_block_keeps_its_words_and_the_rest_of_the_body():
    before = "Intro with a [link](https://example.org) and *emphasis*."
    after = "## After\n\nMore **text**."
    body = f"{before}\n\n{'[' * 20_000} & <b>\n\n{after}\n"
    out = bounded(body)
    assert out == f"{before}\n\n<p>{'[' * 20_000} &amp; &lt;b></p>\n\n{after}\n"
    assert pathological(body) == [guard.Block(line=3, reason="scan")]
    page = convert(out)
    assert '<a href="https://example.org">link</a>' in page and "<strong>text</strong>" in page
    assert "[" * 20_000 + " &amp; &lt;b>" in page


ORDINARY = """\
# Notes from the session

Thanks to everyone who came. The [slides](slides.pdf "Slides") and the
[recording](https://example.org/watch?v=1&t=2(3)) are online; see also [the plan][plan],
[the FAQ] and <https://example.org/faq>. ![A room of people](room.jpg){: width="300" }

*[FAQ]: Frequently asked questions

[plan]: https://example.org/plan
[the FAQ]: https://example.org/faq

Some *emphasis*, some _more_, **strong**, `code [not a link](x)`, a \\[literal\\],
an &amp; entity, 3 < 4 > 2, <span class="x">inline HTML</span> and a line break\x20\x20
here. It's Anna's "quoted" (bracketed [note]) text.

> A quote
>
> > within a quote, with a [link](a.md#part)
>
> - and a list

1. First
    - nested *item*
        - deeper [link](b.md)
2. Second

Term
: Its definition

Another term
: Another definition

!!! note "Remember"
    Book a place by **Friday**.

| Session | Speaker |
| --- | --- |
| Opening | [Anna](../people/anna.md) |
| `Q&A` | Everyone |

---

Setext heading
--------------

    an indented code block
        with deeper lines and [brackets
"""


def test_an_ordinary_body_is_unchanged():
    assert bounded(ORDINARY) == ORDINARY
    assert pathological(ORDINARY) == []
    page = convert(ORDINARY)
    assert '<a href="slides.pdf" title="Slides">slides</a>' in page
    assert '<img alt="A room of people" src="room.jpg" width="300"' in page
    assert "<em>emphasis</em>" in page and "<strong>strong</strong>" in page


def test_long_ordinary_bodies_are_unchanged():
    """Long, but not pathological: many links in one paragraph, a long table, many headings."""
    paragraph = " ".join(f"See [item {i}](item-{i}.md) and *note {i}*." for i in range(2_000))
    table = "| a | b |\n| - | - |\n" + "\n".join(f"| `x{i}` | [y](y{i}.md) |" for i in range(3_000))
    headings = "\n\n".join(f"## Heading {i}\n\nText with [a link](p{i}.md)." for i in range(2_000))
    nested = "\n".join("    " * i + "- item" for i in range(12))
    for body in (paragraph, table, headings, nested):
        assert bounded(body) is body or bounded(body) == body
        assert pathological(body) == []


def test_every_example_and_test_body_is_unchanged():
    # The one bad file made to be shown as plain text (tests/test_check.py holds check's warning for it).
    meant = REPO / "tests" / "corpus" / "bad" / "content" / "pages" / "runaway-brackets.md"
    files = [*(REPO / "content").rglob("*.md"), *(REPO / "tests" / "corpus").rglob("*.md")]
    assert meant in files and bounded(meant.read_text(encoding="utf-8")) != meant.read_text(encoding="utf-8")
    for path in (f for f in files if f != meant):
        text = path.read_text(encoding="utf-8", errors="replace")
        assert bounded(text) == text, path


def test_every_body_goes_through_the_guard():
    """Each template that prints an author's Markdown prints it with the `body` filter."""
    templates = REPO / "generator" / "render" / "templates"
    for path in templates.glob("*.j2"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\.(body|bio)\s*\|\s*safe", text), path
    printed = "".join(p.read_text(encoding="utf-8") for p in templates.glob("*.j2"))
    assert printed.count("|body }}") >= 8


def test_the_guard_takes_linear_time():
    """The guard reads each body once: four times the text takes about four times as long."""

    def timed(n: int) -> float:
        body = ("[a](b) *c* <i>d</i>\n" * 50 + "\n") * n
        started = time.perf_counter()
        bounded(body)
        return time.perf_counter() - started

    timed(10)
    small, large = min(timed(100) for _ in range(3)), min(timed(400) for _ in range(3))
    assert large < 12 * small + 0.05, (small, large)


def test_naming_the_blocks_takes_linear_time():
    """`check` names every block shown as plain text: thousands of them in one body stay linear."""

    def timed(n: int) -> float:
        body = "[TOC]\n\n" * n  # past a few thousand markers each one is a block to name
        started = time.perf_counter()
        assert len(pathological(body)) == n
        return time.perf_counter() - started

    timed(4_000)
    small, large = min(timed(4_000) for _ in range(3)), min(timed(16_000) for _ in range(3))
    assert large < 12 * small + 0.05, (small, large)
