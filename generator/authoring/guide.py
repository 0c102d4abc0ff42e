"""The authoring guide's field reference, generated from the schema the validator uses.

Each content type gets a page with where its file goes, a complete example (the
`new` template with every optional field switched on) and a table of fields, so
the guide cannot drift from what `check` accepts.
"""

from __future__ import annotations

import re
import typing
from types import UnionType

from pydantic import BaseModel

from generator.authoring import archetypes
from generator.content import schema
from generator.content.settings import Organiser, Settings
from generator.identity import GUIDE_SECTION

SECTION = GUIDE_SECTION

# kind -> (menu title, model). Where each file goes and how to start one come from `new`
# itself (archetypes.WHERE and QUESTIONS), so the guide shows what `new` does.
_MENU_TITLES = {
    "event": "Events",
    "series": "Series",
    "issue": "Journal issues",
    "journal": "Journals",
    "visit": "Practice-week visits",
    "week": "Practice weeks",
    "person": "People",
    "page": "Other pages",
}
TYPES: dict[str, tuple[str, type[BaseModel]]] = {kind: (t, schema.MODELS[kind]) for kind, t in _MENU_TITLES.items()}

_LABELS = {
    schema.text: "text",
    schema.parse_when: "date and time (2023-06-26 14:00), or a date for all day",
    schema.parse_day: "date (2023-06-26)",
    schema.parse_zone: "time zone name",
    schema.parse_url: "web address",
    schema.parse_email: "email address",
    schema.parse_file: "file next to this page",
}
_NESTED = {
    schema.PersonRef: "person",
    schema.Venue: "venue",
    schema.FileOrUrl: "file or web address",
    schema.Article: "article",
    schema.Quote: "quote",
    schema.Link: "link",
    schema.Registration: "registration",
    schema.Recording: "recording",
    schema.Repeat: "repeat",
    Organiser: "organiser",
}


def _label(annotation, metadata=()) -> str:
    for meta in metadata:
        func = getattr(meta, "func", None)
        if func in _LABELS:
            return _LABELS[func]
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _label(args[0], args[1:])
    if origin in (typing.Union, UnionType):
        return _label(next(a for a in args if a is not type(None)))
    if origin is list:
        return f"list of: {_label(args[0])}"
    if origin is typing.Literal:
        return "one of: " + ", ".join(str(a) for a in args)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _NESTED.get(annotation, "group of fields")
    if annotation is int:
        return "whole number"
    return "text"


def _cell(text: str) -> str:
    """Text for a table cell, to be read literally: `{…}` at a cell's end would be taken by
    attr_list as the cell's attributes (and lost from view), and `<…>` as an HTML tag."""
    return _code(text).replace("{", "&#123;").replace("<", "&lt;")


def _code(text: str) -> str:
    """Text for a code span in a table cell, where braces and angle brackets are already literal."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def field_rows(model: type[BaseModel]) -> list[tuple[str, str, str, str, str]]:
    """(name, required, type, meaning, example) for each field, in the model's order."""
    rows = []
    for name, info in model.model_fields.items():
        example = info.examples[0] if info.examples else ""
        rows.append(
            (
                name,
                "yes" if info.is_required() else "no",
                _label(info.annotation, info.metadata),
                info.description or "",
                example,
            )
        )
    return rows


def _table(model: type[BaseModel]) -> list[str]:
    lines = ["| Field | Required | Type | What it is | Example |", "| --- | --- | --- | --- | --- |"]
    for name, required, kind, meaning, example in field_rows(model):
        lines.append(
            f"| `{name}` | {required} | {_cell(kind)} | {_cell(meaning)} | "
            f"{'`' + _code(example) + '`' if example else ''} |"
        )
    return lines


def complete_example(kind: str) -> str:
    """The `new` template with every optional field switched on."""
    text = archetypes.render(kind, archetypes.example_context(kind))
    lines = [line for line in text.splitlines() if not line.startswith("# Remove the #")]
    return "\n".join(re.sub(r"^# ", "", line) for line in lines) + "\n"


def _where(kind: str) -> list[str]:
    rows = [row for row in archetypes.WHERE if row.kind == kind]
    out = ["## Where the file goes", ""]
    if len(rows) == 1:
        out.append(f"`{rows[0].path}`")
    else:
        out += [f"- {row.what}: `{row.path}`" for row in rows]
    names = "; ".join(dict.fromkeys(row.naming for row in rows))
    return out + [
        "",
        f"`make new` names it for you: {names}; for example `{archetypes.example_path(kind)}`.",
    ]


def _needed(q: archetypes.Question) -> str:
    if q.optional:
        return "no: leave it out for the default"
    if q.folder and q.none:
        return f"when there is a {q.name}; `{q.none}` for an event on its own"
    if q.folder:
        return f"when there is more than one {q.name}"
    return "yes"


def _start(kind: str) -> list[str]:
    questions = archetypes.QUESTIONS.get(kind, ())
    said = (
        "It writes the file with the required fields filled in and the optional ones as comments "
        "(lines starting with #), and prints its name."
    )
    if questions:
        said += " Put your own answers in `ARGS`; it asks for any you leave out."
    out = ["## Start one", "", "In a terminal in the project folder, type:", "", "```sh"]
    out += [archetypes.example_command(kind), "```", "", said]
    if questions:
        out += ["", "| Option | What it asks | Needed | Example |", "| --- | --- | --- | --- |"]
    for q in questions:
        example = archetypes.option(q.flag, q.example)
        out.append(f"| `{q.flag}` | {_cell(q.asks)} | {_cell(_needed(q))} | `{_code(example)}` |")
    return out


def _page(kind: str) -> str:
    title, model = TYPES[kind]
    out = [f"# {title}", "", " ".join((model.__doc__ or "").split()), ""]
    out += _where(kind) + [""] + _start(kind)
    out += ["", "## A complete example", "", "```yaml", complete_example(kind).rstrip(), "```", "", "## Fields", ""]
    out += _table(model)
    seen: list[type[BaseModel]] = []
    for info in model.model_fields.values():
        for sub in schema.inner_models(info.annotation):
            if sub not in seen:
                seen.append(sub)
    for sub in seen:
        out += ["", f"### Fields of a {_NESTED.get(sub, sub.__name__)}", ""]
        if sub is schema.PersonRef:
            out += [
                "A person can be written as just their id (the name of their file in `content/people/`, "
                "without `.md`), or with these fields:",
                "",
            ]
        elif getattr(sub, "SHORT_FORM", None) == "url":
            out += [f"A {_NESTED[sub]} can be written as just its web address, or with these fields:", ""]
        elif sub is schema.Repeat:
            out += [_REPEATING, ""]
        out += _table(sub)
    out += [
        "",
        "Fields not listed here are reported by `check` as mistakes, with the nearest field name suggested.",
        "",
    ]
    return "\n".join(out)


_REPEATING = (
    "A session that repeats is one file: `start:` and `end:` are its first date, and `repeat:` says how "
    "it goes on. Every date is listed on its day in the listings and the month pages, and calendar apps get "
    "one repeating entry. A date in `except:` is left out, as if it were never planned; a date in the event's "
    "`cancelled:` list stays in the listings marked as cancelled, so people who planned to come see it. "
    "`count:` counts the dates in `except:` too, as calendar apps do."
)


def _settings_page() -> str:
    out = [
        "# Site settings",
        "",
        "The site's name, web address, organiser and default time zone live in one file, `site.yml`, "
        "at the top of the project.",
        "",
        "## Fields",
        "",
    ]
    out += _table(Settings) + ["", "### Fields of the organiser", ""] + _table(Organiser) + [""]
    return "\n".join(out)


def pages() -> dict[str, tuple[str, bytes]]:
    """Output path -> (menu title, Markdown bytes)."""
    out = {f"{SECTION}/{kind}.md": (TYPES[kind][0], _page(kind).encode("utf-8")) for kind in TYPES}
    out[f"{SECTION}/site-settings.md"] = ("Site settings", _settings_page().encode("utf-8"))
    return out
