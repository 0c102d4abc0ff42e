"""How a message names a field: a top-level field by its key (`title`), and anything
nested in words a comms officer uses, counting from one and naming the item:
"the 2nd speaker (lauren-kocan)", "the 1st slides file (slides.pdf)", "the text of
the 3rd quote" — never `speakers[1]` or `slides[1].file`.

May import: the standard library only.
"""

from __future__ import annotations

from typing import Any

# What one item of a list field is called.
ITEM_NOUNS = {
    "speakers": "speaker",
    "slides": "slides file",
    "articles": "article",
    "authors": "author",
    "quotes": "quote",
    "team": "member of the team",
    "links": "link",
    "tags": "topic",
    "organisations": "organisation",
    "embeds": "site in embeds",
    "except": "date in except",
    "cancelled": "cancelled date",
}

# What a group of fields is called, in a phrase and as a kind ("not a field a venue can have").
GROUP_NOUNS = {
    "venue": ("the venue", "a venue"),
    "chair": ("the chair", "a person"),
    "pdf": ("the PDF file", "a download"),
    "by": ("the person quoted", "a person"),
    "organiser": ("the organiser", "the organiser"),
    "editor": ("the editor settings", "the editor settings"),
    "registration": ("the registration", "the registration"),
    "recording": ("the recording", "a recording"),
    "repeat": ("the repeat", "a repeat"),
}

# A field inside a group, in words; any other is named by its key.
FIELD_WORDS = {
    "opens": "opening date",
    "closes": "closing date",
    "until": "last date",
    "every": "frequency",
    "url": "web address",
    "id": "id (the person's file name)",
    "text": "text",
    "file": "file",
}

# The fields of an item whose value tells the reader which item is meant, best first.
_LABEL_KEYS = ("id", "name", "title", "file", "url", "text", "role", "organisation")
_FILE_FIRST = ("file", "url", "title")  # a slides file is known by its file name


def ordinal(n: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th', 23 -> '23rd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def describe(loc: tuple, raw: Any) -> str | None:
    """The field at `loc` (pydantic's location: keys, and list positions from 0) in words.
    `raw` is the front matter as written, for the item's own name."""
    if not loc:
        return None
    if len(loc) == 1:
        return str(loc[0])
    things, leaf = _things(loc, raw)
    phrase = " of ".join(reversed(things)) if things else str(loc[0])
    if leaf is None:
        return phrase
    if leaf == "file" and things and things[-1].split(" (")[0].endswith("file"):
        return phrase  # the file of a slides file is the slides file
    return f"the {FIELD_WORDS.get(leaf, leaf)} of {phrase}"


def in_words(loc: tuple, raw: Any) -> str:
    """As `describe`, for use inside a sentence: a single group by its name ("the venue")."""
    if len(loc) == 1:
        return GROUP_NOUNS.get(str(loc[0]), (f"`{loc[0]}:`",))[0]
    return describe(loc, raw) or ""


def kind_of(loc: tuple, document_kind: str) -> str:
    """What holds the field at `loc`, for "'x' is not a field <kind> can have"."""
    if not loc:
        return document_kind
    last = loc[-1]
    if isinstance(last, int):
        list_key = next((p for p in reversed(loc) if isinstance(p, str)), "")
        noun = ITEM_NOUNS.get(list_key, "item")
        return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"
    return GROUP_NOUNS.get(str(last), ("", "this group"))[1]


def _things(loc: tuple, raw: Any) -> tuple[list[str], str | None]:
    """The items and groups along `loc`, outermost first, and the field named at its end
    (None when `loc` ends at an item or a group)."""
    things: list[str] = []
    value = raw
    parts = list(loc)
    for i, part in enumerate(parts):
        value = _step(value, part)
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if isinstance(part, int):
            list_key = str(parts[i - 1]) if i else ""
            noun = ITEM_NOUNS.get(list_key, "item")
            label = _label(value, _FILE_FIRST if list_key == "slides" else _LABEL_KEYS)
            things.append(f"the {ordinal(part + 1)} {noun}" + (f" ({label})" if label else ""))
        elif isinstance(nxt, int):
            continue  # the list's own key: its item names it
        elif nxt is not None and (part in GROUP_NOUNS or i == 0):
            things.append(GROUP_NOUNS.get(part, (str(part),))[0])
        elif nxt is None:
            return things, str(part)
        else:
            things.append(str(part))
    return things, None


def _step(value: Any, part: Any) -> Any:
    if isinstance(part, int):
        if isinstance(value, list):
            return value[part] if part < len(value) else None
        return value if part == 0 else None  # a single item where a list was expected
    return value.get(part) if isinstance(value, dict) else None


def _label(item: Any, keys: tuple[str, ...]) -> str:
    """The item's own name, short: its id, name, title, file or the start of its text."""
    if isinstance(item, dict):
        item = next((item[k] for k in keys if isinstance(item.get(k), (str, int))), None)
    if not isinstance(item, (str, int)) or isinstance(item, bool):
        return ""
    text = " ".join(str(item).split())
    return text if len(text) <= 40 else text[:40].rsplit(" ", 1)[0] + "…"
