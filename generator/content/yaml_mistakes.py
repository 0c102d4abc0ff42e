"""Front matter that YAML cannot read: what the mistake is, in plain words, at the
line where it is.

The YAML reader stops where it notices trouble, which is often a line or more after
the mistake (a quote left open is noticed only at the end of the front matter), and
it says what it found in its own terms ("found character that cannot start any
token"). Here the person's own lines, up to where the reader stopped, are looked at
one by one for the mistakes made by hand: a tab, curly quotes from Word, a colon or
an apostrophe inside a value, a missing space, a line out of line with the others.
A mistake found on a line counts only when that line put right lets the reader get
further, so a line that merely looks odd is never blamed. What cannot be named gets
a general message, with the reader's words last, in brackets.

May import: the standard library, yaml, generator.problems.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml

from generator.problems import Problem

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Reader(_BASE):  # type: ignore[misc, valid-type]
    """Reads front matter only to see whether, and where, it fails. Every value stays
    text, so a line put right is judged on its layout, never on a date in it."""


_Reader.yaml_implicit_resolvers = {}

GENERAL_FIX = (
    "check this line: each field is 'name: value', lists start with '- ', "
    "and a value containing ': ' or starting with a quote needs quotes around it"
)


@dataclass(frozen=True)
class _Found:
    """A mistake on one line: what is wrong, what to change, and the line put right
    (None when the mistake is certain, whatever the rest of the file holds)."""

    message: str
    fix: str
    repaired: str | None


@dataclass(frozen=True)
class _Parts:
    """A line taken apart the way YAML reads a simple one."""

    indent: int  # spaces before the first character
    dash: bool  # a list item, "- "
    key: str | None  # the field's name, when the line (or its list item) starts with one
    key_col: int  # where the key, or else the item, starts
    head: str  # everything before the value: indentation, "- " and "name: "
    value: str  # "" when nothing follows


_ITEM = re.compile(r"(?P<indent> *)(?P<dash>-(?: +|$))?(?P<rest>.*)")
_KEY = re.compile(r"(?P<key>[^\s\"'#\[\]{}|>@`%*&!?,:-][^:#]*?) *:(?: +(?P<value>.*)|$)")
_BLOCK = re.compile(r"[|>][-+0-9]*(?: +#.*)?")


def _parts(line: str) -> _Parts:
    item = _ITEM.fullmatch(line)
    indent, dash, rest = item["indent"], item["dash"] or "", item["rest"]
    key = _KEY.fullmatch(rest)
    start = len(indent) + len(dash)
    if not key:
        return _Parts(len(indent), bool(dash), None, start, indent + dash, rest.rstrip())
    value_at = key.start("value") if key["value"] is not None else len(rest)
    return _Parts(len(indent), bool(dash), key["key"], start, indent + dash + rest[:value_at], rest[value_at:].rstrip())


def _has_content(line: str) -> bool:
    text = line.strip()
    return bool(text) and not text.startswith("#")


def _opens(p: _Parts) -> bool:
    """Whether what follows, further in, belongs to this line (`venue:`, `- `, `summary: |`)."""
    return not p.value or p.value.startswith("#") or bool(_BLOCK.fullmatch(p.value))


def _quoted(text: str) -> str:
    """The text between straight double quotes, as YAML reads it back."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _spaces(col: int) -> str:
    if col == 0:
        return "at the left edge"
    return f"{col} space{'s' if col != 1 else ''} in from the left edge"


# --- one line at a time ---------------------------------------------------------------------


def _lead(line: str) -> str:
    return re.match(r"[ \t]*", line)[0]


def _tab(lines: list[str], i: int, offset: int) -> _Found | None:
    lead = _lead(lines[i])
    if "\t" not in lead:
        return None
    # A line that starts with a tab is wrong whatever else the file holds; after spaces,
    # a tab may be part of the text of a block (`summary: |`), so that one is tried.
    repaired = None if lead.startswith("\t") else lead.replace("\t", "  ") + lines[i][len(lead) :]
    return _Found(
        "this line is indented with a tab, and front matter is indented with spaces only",
        "replace the tab with two spaces",
        repaired,
    )


def _no_break_space(lines: list[str], i: int, offset: int) -> _Found | None:
    found = re.match(r"( *(?:- +)?[^\s:#][^:#]*?:)\xa0+", lines[i])
    if not found:
        return None
    repaired = found[1] + " " + lines[i][found.end() :]
    return _Found(
        "the space after the colon is a no-break space (copied from Word or an email, perhaps)",
        f"delete it and type an ordinary space: `{repaired.strip()}`",
        repaired,
    )


_CURLY = "“”‘’„‚"


def _curly_quotes(lines: list[str], i: int, offset: int) -> _Found | None:
    p = _parts(lines[i])
    value = p.value
    if not value or not (value[0] in _CURLY or (value[0] in "\"'" and value[-1] in _CURLY and len(value) > 1)):
        return None
    ends = [c for c in (value[0], value[-1] if len(value) > 1 else "") if c in _CURLY]
    inner = value[1:-1] if len(value) > 1 and value[-1] in _CURLY + "\"'" else value[1:]
    repaired = p.head + _quoted(inner)
    return _Found(
        f"the value is in curly quotes ({' '.join(ends)}), which front matter does not read as quotes",
        f"use straight quotes: `{repaired.strip()}`",
        repaired,
    )


_CLOSED = {'"': re.compile(r'"(?:[^"\\]|\\.)*"'), "'": re.compile(r"'(?:[^']|'')*'")}


def _straight_quotes(lines: list[str], i: int, offset: int) -> _Found | None:
    p = _parts(lines[i])
    if not p.value or p.value[0] not in _CLOSED:
        return None
    quote, value = p.value[0], p.value
    closed = _CLOSED[quote].match(value)
    if not closed:
        repaired = lines[i].rstrip() + quote
        return _Found(
            "the quote that opens this value is not closed",
            f"add the closing quote at the end: `{repaired.strip()}`",
            repaired,
        )
    end = closed.end() - 1
    after = value[end + 1 :].strip()
    if not after or after.startswith("#"):
        return None
    if quote == "'" and value[end - 1].isalnum() and value[end + 1].isalnum():
        return _apostrophe(p, end)
    repaired = p.head + _quoted(value)
    return _Found(
        "the value goes on after its closing quote",
        f"put the quotes around the whole value: `{repaired.strip()}`",
        repaired,
    )


def _apostrophe(p: _Parts, end: int) -> _Found:
    """`'Children's services'`: the apostrophe ends the single quotes the value opened."""
    value = p.value
    word = re.search(r"[^\s']*$", value[1:end])[0] + "'" + re.match(r"\S*", value[end + 1 :])[0].rstrip("'")
    inner = value[1:-1] if value.endswith("'") else value[1:]
    repaired = p.head + _quoted(inner)
    return _Found(
        f"the apostrophe in {word} is read as the closing quote of the value",
        f"put double quotes around the value instead: `{repaired.strip()}`",
        repaired,
    )


_CLOSER = {"[": "]", "{": "}"}
_READ_AS = {
    "*": "a reference to another value",
    "&": "a label for the value",
    "!": "the name of a type",
    "|": "the start of a block of text",
    ">": "the start of a block of text",
    "[": "the start of a list",
    "{": "the start of a group of fields",
    "-": "a list item",
}


def _special_start(lines: list[str], i: int, offset: int) -> _Found | None:
    p = _parts(lines[i])
    value = p.value
    if not value or value[0] not in "@`%*&!|>?-[{" or _opens(p) or (value[0] in "-?" and value[1:2] != " "):
        return None
    first = value[0]
    if first in _CLOSER and value.count(first) > value.count(_CLOSER[first]):
        repaired = lines[i].rstrip() + _CLOSER[first]
        return _Found(
            f"the {first} at the start of this value is not closed with {_CLOSER[first]}",
            f"add {_CLOSER[first]} at the end: `{repaired.strip()}`, or put the value in double quotes",
            repaired,
        )
    repaired = p.head + _quoted(value)
    if first in _READ_AS:
        message = f"the value starts with {first}, which front matter reads as {_READ_AS[first]}"
    else:
        message = f"the value starts with {first}, which a value can only do inside quotes"
    return _Found(message, f"put the value in double quotes: `{repaired.strip()}`", repaired)


def _colon_in_value(lines: list[str], i: int, offset: int) -> _Found | None:
    p = _parts(lines[i])
    value = p.value
    if not p.key or not value or value[0] in "\"'[{#" + _CURLY:
        return None
    if ": " not in value and not value.endswith(":"):
        return None
    repaired = p.head + _quoted(value)
    return _Found(
        "the value has a colon followed by a space, which front matter reads as the start of another field",
        f"put the value in double quotes: `{repaired.strip()}`",
        repaired,
    )


def _no_space_after_colon(lines: list[str], i: int, offset: int) -> _Found | None:
    # Not before // (a web address) or another colon (a time such as 10:00).
    found = re.match(r"( *(?:- +)?[A-Za-z][\w-]*:)(?=[^\s/:])", lines[i])
    if not found:
        return None
    repaired = found[1] + " " + lines[i][found.end() :]
    return _Found(
        f"there is no space after the colon in `{found[1].strip(' -')}`",
        f"add a space after the colon: `{repaired.strip()}`",
        repaired,
    )


def _no_space_after_dash(lines: list[str], i: int, offset: int) -> _Found | None:
    found = re.match(r"( *)-(?=[^\s-])", lines[i])
    if not found:
        return None
    repaired = found[1] + "- " + lines[i][found.end() :]
    return _Found(
        "there is no space after the dash of this list item",
        f"add a space after the dash: `{repaired.strip()}`",
        repaired,
    )


def _no_colon(lines: list[str], i: int, offset: int) -> _Found | None:
    line = lines[i]
    text = line.strip()
    # Only a line that starts with a word can be a field whose colon was left out.
    if ":" in line or not text[:1].isalpha() or _parts(line).dash:
        return None
    name, _, rest = text.partition(" ")
    example = f"{name}: {rest.lstrip('= ') or '…'}"
    return _Found(
        "this line has no colon, so it is not a field",
        f"put a colon after the field's name, like `{example}`; if the line belongs to the value above, "
        "indent it by two spaces",
        "#" + line,  # the line left out: if that lets the reader on, the line was the trouble
    )


# --- a line against the lines above it ------------------------------------------------------


@dataclass
class _Level:
    """A column that lines further down can line up with."""

    col: int
    dash: bool  # the dashes of a list, rather than the names of fields
    line: int  # the last line that started there
    key: str | None

    def label(self) -> str:
        return f"`{self.key}:`" if self.key else "the dash of the list item"


def _levels(lines: list[str], upto: int) -> tuple[list[_Level], int | None]:
    """The columns open just before line `upto`, outermost first, and the last line with content."""
    stack: list[_Level] = []
    last = None
    within = None  # lines further in than this carry on the value of the line above
    for j in range(upto):
        if not _has_content(lines[j]) or "\t" in _lead(lines[j]):
            continue
        p = _parts(lines[j])
        if within is not None and p.indent > within:
            continue
        # In line with an open column, a line takes the place of the one there, except
        # that a list may start in line with its own field (`speakers:` then `- anna`).
        while stack and (stack[-1].col > p.indent or (stack[-1].col == p.indent and (stack[-1].dash or not p.dash))):
            stack.pop()
        stack.append(_Level(p.indent, p.dash, j, None if p.dash else p.key))
        if p.dash and p.key:
            stack.append(_Level(p.key_col, False, j, p.key))
        block = bool(_BLOCK.fullmatch(p.value))
        within = None if _opens(p) and not block else stack[-1].col
        last = j
    return stack, last


def _out_of_line(lines: list[str], i: int, offset: int) -> _Found | None:
    p = _parts(lines[i])
    if not (p.key or p.dash) or not _has_content(lines[i]):
        return None
    stack, last = _levels(lines, i)
    if not stack:
        return None
    top, opens = stack[-1], _opens(_parts(lines[last]))
    if opens and (p.indent > top.col or (p.dash and p.indent == top.col)):
        return None  # the first line under `speakers:` or `venue:`
    me = f"`{p.key}:`" if p.key and not p.dash else "this list item"
    if p.indent > top.col:
        return _further(lines[i], p, me, top, offset)
    same = [level for level in stack if level.col == p.indent]
    if any(level.dash == p.dash for level in same):
        return None
    if p.dash and same:
        return _stray_item(lines, i, last, offset)
    target = _nearest(stack, p)
    if same:
        message = f"{me} lines up with the dash of the list item on line {offset + same[-1].line}, not with a field"
    else:
        message = f"{me} does not line up with any line above it"
    return _Found(
        message,
        f"line it up with {target.label()} on line {offset + target.line} ({_spaces(target.col)})",
        " " * target.col + lines[i].lstrip(" "),
    )


def _further(line: str, p: _Parts, me: str, top: _Level, offset: int) -> _Found:
    """A line further in than the one above, which has a value and so has nothing under it."""
    where = f"{top.label()} on line {offset + top.line}"
    repaired = " " * top.col + line.lstrip(" ")
    if top.key and p.indent >= top.col + 2:  # a whole step in: meant to be under that field
        return _Found(
            f"{me} is indented under {where}, but {top.label()} already has a value",
            f"line it up with {top.label()} ({_spaces(top.col)}); or, if it belongs under {top.label()}, "
            "leave nothing after that colon and put the value on a line of its own",
            repaired,
        )
    return _Found(
        f"{me} is indented further than {where}",
        f"line it up with {top.label()} ({_spaces(top.col)})",
        repaired,
    )


def _nearest(stack: list[_Level], p: _Parts) -> _Level:
    """The column the line was most likely meant to start at: the nearest one of its own
    kind (field or list item), the further in of two as near."""
    kind = [level for level in stack if level.dash == p.dash] or stack
    return min(reversed(kind), key=lambda level: abs(level.col - p.indent))


def _stray_item(lines: list[str], i: int, last: int, offset: int) -> _Found:
    """A list item in line with a field that already has a value, so no list is open there."""
    above = _parts(lines[last])
    if above.key:
        message = f"this list item is not under a field: `{above.key}:` on line {offset + last} already has a value"
    else:
        message = "this list item is not under a field that holds a list"
    return _Found(
        message,
        "put it under the field it belongs to (a line like `speakers:` with nothing after the colon), "
        "two spaces further in, or remove the dash if it is a field of its own",
        "#" + lines[i],
    )


# --- the front matter as a whole ------------------------------------------------------------

_Detector = Callable[[list[str], int, int], "_Found | None"]
_IN_ORDER: tuple[_Detector, ...] = (
    _tab,
    _no_break_space,
    _curly_quotes,
    _straight_quotes,
    _special_start,
    _colon_in_value,
    _no_space_after_colon,
    _no_space_after_dash,
    _out_of_line,
    _no_colon,
)


def _error(text: str) -> yaml.YAMLError | None:
    loader = _Reader(text)
    try:
        loader.get_single_data()
        return None
    except yaml.YAMLError as exc:
        return exc
    finally:
        loader.dispose()


def _line(exc: yaml.YAMLError, *names: str) -> int:
    """The 0-based line of the first of the error's marks it has."""
    for name in names:
        mark = getattr(exc, name, None)
        if mark is not None:
            return mark.line
    return 0


def _reads_further(lines: list[str], i: int, repaired: str, stopped: int) -> bool:
    text = "\n".join([*lines[:i], repaired, *lines[i + 1 :]])
    error = _error(text)
    return error is None or _line(error, "problem_mark", "context_mark") > stopped


def yaml_problem(exc: yaml.YAMLError, fm: str, rel: str, offset: int) -> Problem:
    """The problem to report for front matter `fm` that YAML could not read. `offset` is
    the file's line number of the opening ---: `fm` starts with the newline after it,
    so its 0-based line numbers are file lines counted from there."""
    if isinstance(exc, yaml.reader.ReaderError):
        return _control_character(exc, fm, rel, offset)
    lines = fm.split("\n")
    stopped = _line(exc, "problem_mark", "context_mark")
    last = min(max(stopped, _line(exc, "context_mark", "problem_mark")), len(lines) - 1)
    for i in range(last + 1):
        for detect in _IN_ORDER:
            found = detect(lines, i, offset)
            if found and (found.repaired is None or _reads_further(lines, i, found.repaired, stopped)):
                return Problem(rel, offset + i, None, found.message, found.fix)
    return _general(exc, rel, offset)


def _general(exc: yaml.YAMLError, rel: str, offset: int) -> Problem:
    problem = getattr(exc, "problem", None) or ""
    # At the end of the text the useful line is where the open quote or bracket began.
    if "end of stream" in problem:
        line = _line(exc, "context_mark", "problem_mark")
    else:
        line = _line(exc, "problem_mark", "context_mark")
    words = problem or str(exc)
    return Problem(rel, offset + line, None, "the front matter is not valid YAML", f"{GENERAL_FIX} (YAML: {words})")


def _control_character(exc: yaml.reader.ReaderError, fm: str, rel: str, offset: int) -> Problem:
    """A character YAML refuses outright, such as the hidden line break Word puts in
    with Shift+Enter, which a copy and paste brings along unseen."""
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    return Problem(
        rel,
        offset + fm[: exc.position].count("\n"),
        None,
        f"this line has a hidden character in it that front matter does not allow (U+{code:04X})",
        "it came in with a copy and paste from another program: delete the line and type it again",
    )


def _also(others: list[int], offset: int) -> str:
    """The other lines with the same mistake: a person who leaves out one space often leaves out all."""
    if not others:
        return ""
    numbers = [str(offset + i) for i in others]
    listed = numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " and " + numbers[-1]
    return f", and the same on line{'s' if len(numbers) > 1 else ''} {listed}"


def not_fields_problem(fm: str, rel: str, offset: int) -> Problem:
    """The problem to report for front matter that YAML reads as one piece of text (or a
    list) rather than as fields: most often `title:Leaders`, with no space after the colon."""
    lines = fm.split("\n")
    for detect in (_no_break_space, _no_space_after_colon, _no_colon):
        hits = [i for i in range(len(lines)) if _has_content(lines[i]) and detect(lines, i, offset)]
        if hits:
            found = detect(lines, hits[0], offset)
            return Problem(rel, offset + hits[0], None, found.message, found.fix + _also(hits[1:], offset))
    return Problem(
        rel,
        offset + 1,
        None,
        "the front matter is not a list of fields",
        "write each field on its own line as 'name: value'",
    )
