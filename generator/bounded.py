"""A body's Markdown as it goes to MkDocs, with any block Python-Markdown would take too long on shown as plain text.

Python-Markdown is slower than linear on some inputs, and a pasted body can hit
them: 20,000 unmatched `[` in one paragraph took 40 seconds, and deep nesting
(quotes in quotes, lists in lists, definition lists without blank lines) stops the
build with a RecursionError at a few hundred levels. The causes, measured at
sizes n, 2n and 4n (tests/test_pathological_markdown.py holds them to it):

- every `[` (link, image, reference) is matched by scanning forward to its `]`,
  and every `](` to its `)`, character by character in Python: to the end of the
  paragraph when there is none (`scan`);
- every `<` that starts a tag is read by the HTML parser up to the next `>`, in
  the whole page, by Python-Markdown and again by MkDocs (`scan`);
- every inline match (emphasis, code, link, escape, entity) copies the rest of
  its paragraph: quadratic once a paragraph has tens of thousands (`marks`);
- every heading, rule, admonition or abbreviation line splits its block and
  puts the rest back (`splits`);
- every level of nesting parses its block again, one Python frame deeper (`depth`).

Each is bounded per block (text between blank lines, which no paragraph, list
item or table cell crosses): the work it may cause grows at most linearly with
the block's length. A block over a bound is written as one HTML paragraph of its
text, escaped, which Python-Markdown passes through whole: the words are all
there, without their formatting. Every other block, and every ordinary body, is
left byte for byte as it was; `pathological` names the blocks and why, for `check`.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

SCAN_PER_CHAR = 20  # forward scans (brackets, parentheses, tags) per character of the block
SCAN_FREE = 200_000  # ... and this many in any block (a few hundredths of a second)
MARKS_TIMES_LENGTH = 2 * 10**9  # inline markup characters × the block's length
SPLITS_TIMES_LENGTH = 5 * 10**6  # block-splitting lines × the block's length
DEPTH = 32  # levels of nesting (Python-Markdown fails at about 250)
CODE_IN_TABLE = 5 * 10**7  # backticks × the length of their row, over a block's table rows
TOC_TIMES_LENGTH = 2 * 10**7  # `[TOC]` markers × the length of the body

_BLANK = re.compile(r"(\n(?:[ \t]*\n)+)")
_MARKS = ("`", "*", "_", "[", "]", "<", "&", "\\", "!", "{", "  \n")
# Headings, abbreviations, admonitions, definitions, setext underlines and rules: lines that split their block.
_SPLITS = re.compile(r"^ {0,3}(?:#|\*\[|!!!|\?\?\?|:[ \t]|[=-]+[ \t]*$|[-*_](?:[ \t]*[-*_]){2})", re.M)
_PREFIX = re.compile(r"^(?:[ \t]|>|[-*+:][ \t]|\d+[.)][ \t]|!!!|\?\?\?)*", re.M)
_MARKER = re.compile(r">|[-*+:][ \t]|\d+[.)][ \t]|!!!|\?\?\?")
_TERM_SWITCH = re.compile(r"^(?! {0,3}:)[^\n]+\n {0,3}:[ \t]", re.M)
_TAG_OPEN = re.compile(r"<[A-Za-z/!?]")
_BRACKET = re.compile(r"[\[\]]")
_PAREN = re.compile(r"[()]")
_QUOTE = re.compile(r"['\"]")


class Block(NamedTuple):
    line: int  # of the body, from 1
    reason: str  # scan, marks, splits, depth or toc


def bounded(body: str) -> str:
    """The body, with each block Python-Markdown would be slower than linear on as plain text."""
    parts, found = _blocks(body)
    if not found:
        return body
    for i, _ in found:
        # `&` and `<` only: a `>` is text in HTML, and one entity less for the parser each.
        parts[i] = "<p>" + parts[i].strip().replace("&", "&amp;").replace("<", "&lt;") + "</p>"
    return "".join(parts)


def pathological(body: str) -> list[Block]:
    """The blocks `bounded` shows as plain text: the line each starts on, and why."""
    parts, found = _blocks(body)
    out, i_at, line = [], 0, 1
    for i, reason in found:  # in order: count the lines between one block and the next only once
        line += sum(part.count("\n") for part in parts[i_at:i])
        i_at = i
        lead = len(parts[i]) - len(parts[i].lstrip("\n"))
        out.append(Block(line + lead, reason))
    return out


def _blocks(body: str) -> tuple[list[str], list[tuple[int, str]]]:
    parts = _BLANK.split(body)
    found = []
    at = 0
    tag_ends = _TagEnds(body) if "<" in body else None
    tocs = body.count("[TOC]") * len(body) > TOC_TIMES_LENGTH  # each marker is a copy of the contents
    for i, part in enumerate(parts):
        if i % 2 == 0 and part.strip():
            reason = "toc" if tocs and part.strip() == "[TOC]" else _reason(part, at, tag_ends)
            if reason:
                found.append((i, reason))
        at += len(part)
    return parts, found


def _reason(block: str, at: int, tag_ends: _TagEnds | None) -> str | None:
    n = len(block)
    if sum(block.count(c) for c in _MARKS) * n > MARKS_TIMES_LENGTH:
        return "marks"
    if "|" in block and block.count("`") * n > CODE_IN_TABLE and _code_in_rows(block) > CODE_IN_TABLE:
        return "marks"  # a table row is split at its `|` outside code, backtick by backtick
    if block.count("\n") * n > SPLITS_TIMES_LENGTH and len(_SPLITS.findall(block)) * n > SPLITS_TIMES_LENGTH:
        return "splits"
    if _depth(block) > DEPTH:
        return "depth"
    budget = SCAN_PER_CHAR * n + SCAN_FREE
    opens, links = block.count("["), block.count("](")
    tags = block.count("<") and len(_TAG_OPEN.findall(block))
    if (opens + links) * n <= budget and not tags:
        return None  # every scan stops at the end of the block at the latest
    scan = _bracket_scan(block) if opens else 0
    if links:
        scan += _paren_scan(block)
    if tags and tag_ends is not None:
        scan += tag_ends.scan(block, at)
    return "scan" if scan > budget else None


def _code_in_rows(block: str) -> int:
    """The work of splitting a block's table rows: each row's backticks times its length."""
    return sum(line.count("`") * len(line) for line in block.split("\n") if "|" in line)


def _depth(block: str) -> int:
    prefixes = _PREFIX.findall(block)
    deepest = 0
    if len(max(prefixes, key=len)) < DEPTH and block.count(":") < DEPTH:
        return 0  # every level takes a character at least
    for prefix in prefixes:
        if len(prefix) >= DEPTH:
            spaces = len(prefix) - len(prefix.lstrip(" \t"))
            lead = prefix[:spaces].expandtabs(4)
            deepest = max(deepest, len(lead) // 4 + len(_MARKER.findall(prefix)))
    # A term line and its `: ` definition with no blank line before the next term
    # puts the next term inside the definition: each one a level deeper.
    return max(deepest, len(_TERM_SWITCH.findall(block)))


def _bracket_scan(block: str) -> int:
    """How far Python-Markdown reads from each `[` for its `]`: to the one that closes it, or the end."""
    stack, scan = [], 0
    for m in _BRACKET.finditer(block):
        if m.group() == "[":
            stack.append(m.start())
        elif stack:
            scan += m.start() - stack.pop()
    return scan + sum(len(block) - i for i in stack)


def _paren_scan(block: str) -> int:
    """How far it reads from each `](` for its `)`: to the one that closes it, or to the
    end if there is none, or a quote before it (where it looks for a title)."""
    closes, stack = {}, []
    for m in _PAREN.finditer(block):
        if m.group() == "(":
            stack.append(m.start())
        elif stack:
            closes[stack.pop()] = m.start()
    quotes = [m.start() for m in _QUOTE.finditer(block)] if "'" in block or '"' in block else []
    scan = 0
    for m in re.finditer(r"\]\(", block):
        start = m.end() - 1
        end = closes.get(start)
        if end is None or (quotes and bisect.bisect(quotes, start) != bisect.bisect(quotes, end)):
            end = len(block)
        scan += end - start
    return scan


class _TagEnds:
    """How far the HTML parser reads from each `<` that may start a tag: to the next `>` of the page."""

    def __init__(self, body: str):
        self.body, self.end = body, -1  # the `>` last found: blocks are asked about in order

    def scan(self, block: str, at: int) -> int:
        body, scan, end = self.body, 0, self.end
        for m in _TAG_OPEN.finditer(block):
            pos = at + m.start()
            if end < pos:
                end = body.find(">", pos)
                if end == -1:
                    end = len(body)  # and so for every later `<`
            scan += end - pos
        self.end = end
        return scan
