"""The browser editor's forms (Decap CMS, at /admin/), generated from the schema `check` uses.

One source gives `check`, the guide's field tables and these forms: each field of
each front-matter model becomes a form field with its label, the guide's
description and example as its hint, required when the model requires it, and a
widget for its kind (a select for a choice, a date picker that writes the front
matter's own `2023-06-26 14:00`, a pattern for email and web addresses, a file
picker that puts the file beside the page, a person chosen from content/people/).

The folders come from the content: a collection for the series files, one for the
events of each series and one for events on their own; the same for journals and
their issues and for practice weeks and their visits (a new week goes in the folder
of its first day's year). Decap lists a folder's files by depth, not by name, so the
editor's script (`admin/editor.js`) hides the group files (`_series.md`,
`_journal.md`, `_week.md`) from folder lists of depth 1 and shows only them at
depth 2, where the group collections look.

A new entry made in a form is written as `new` writes the same kind of file: `layout`
reads each kind's order, comments and layout from `new`'s own templates, and the page
hands them to the editor's script, which fills them with the form's answers.
"""

from __future__ import annotations

import html
import json
import re
import typing
from functools import lru_cache
from pathlib import Path
from types import UnionType
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel

from generator.authoring import archetypes
from generator.content import schema
from generator.content.settings import Editor
from generator.identity import GROUP_FILES, GUIDE_SECTION, href

# Decap CMS, pinned in cms/package.json; only /admin/ loads it.
CMS_PACKAGE = Path(__file__).resolve().parents[2] / "cms" / "node_modules" / "decap-cms" / "dist"
BUNDLE = "decap-cms.js"
YAML_PACKAGE = CMS_PACKAGE.parents[1] / "js-yaml" / "dist"

_DATE_TIME = {"widget": "datetime", "format": "YYYY-MM-DD HH:mm", "date_format": "YYYY-MM-DD", "time_format": "HH:mm"}
_DATE = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}
_EMAIL = ["^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", "an email address, like learning@example.org"]
_URL = ["^https?://[^\\s]+$", "a full web address that starts with https://"]
_WIDGETS = {
    schema.parse_when: _DATE_TIME,
    schema.parse_day: _DATE,
    schema.parse_zone: {"widget": "string"},
    schema.parse_url: {"widget": "string", "pattern": _URL},
    schema.parse_email: {"widget": "string", "pattern": _EMAIL},
    schema.parse_file: {"widget": "file", "choose_url": False},
}
# One topic: a text box that offers the topics in use as you type (admin/editor.js) and
# takes a new one as typed.
_TOPIC = {
    "name": "topic",
    "label": "Topic",
    "widget": "topic",
    "hint": "Start typing to choose a topic in use, or type a new one",
}
# Longer text gets a box of several lines.
_TEXT_BOXES = {"summary", "text", "address"}


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _hint(info) -> str:
    hint = info.description or ""
    if info.examples:
        hint += f" (for example: {info.examples[0]})"
    return hint[:1].upper() + hint[1:]


def _unwrap(annotation):
    """(the type inside Optional and Annotated, the validators found on the way)."""
    metadata: list = []
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            metadata += list(args[1:])
            annotation = args[0]
        elif origin in (typing.Union, UnionType) and type(None) in args:
            annotation = next(a for a in args if a is not type(None))
        else:
            return annotation, metadata


def _widget(name: str, annotation, metadata: list, topics: list[str]) -> dict:
    annotation, more = _unwrap(annotation)
    metadata = [*metadata, *more]
    funcs = [getattr(m, "func", None) for m in metadata]
    if schema.image_type in funcs:
        return {"widget": "image", "choose_url": False}
    for func in funcs:
        if func in _WIDGETS:
            return dict(_WIDGETS[func])
    origin = typing.get_origin(annotation)
    if origin is list:
        (item,) = typing.get_args(annotation)
        inner, inner_meta = _unwrap(item)
        one = [_WIDGETS[f] for f in (getattr(m, "func", None) for m in inner_meta) if f in _WIDGETS]
        if one:  # a list of dates: a date picker for each
            return {"widget": "list", "field": {"name": name, "label": "Date", **one[0]}}
        if inner is schema.PersonRef:
            return {"widget": "list", "fields": _person_fields(topics)}
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return {"widget": "list", "fields": model_fields(inner, topics)}
        if name == "tags":
            return {"widget": "list", "label_singular": "topic", "field": dict(_TOPIC, topics=topics)}
        return {"widget": "list"}
    if origin is typing.Literal:
        return {"widget": "select", "options": [str(a) for a in typing.get_args(annotation)]}
    if annotation is schema.PersonRef:
        return {"widget": "object", "fields": _person_fields(topics)}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {"widget": "object", "fields": model_fields(annotation, topics)}
    if annotation is bool:
        return {"widget": "boolean"}
    if annotation is int:
        return {"widget": "number", "value_type": "int", "min": 1}
    return {"widget": "text" if name in _TEXT_BOXES else "string"}


def short_forms() -> dict[str, str]:
    """The top-level fields a file may give in a short form, and the form field the short
    value fills: `registration: https://…` is the registration's url, `chair: clare-chamberlain`
    its id. The editor's script reads a short value into its group and writes a group that
    has only that field back short, so an unchanged file keeps its lines."""
    found = {}
    for model in schema.MODELS.values():
        for name, info in model.model_fields.items():
            for inner in schema.inner_models(info.annotation):
                short = getattr(inner, "SHORT_FORM", None)
                if short:
                    found[name] = short
    return found


def _person_fields(topics: list[str]) -> list[dict]:
    """A person is chosen from content/people/ (its file name is the id), or typed in."""
    fields = model_fields(schema.PersonRef, topics)
    for field in fields:
        if field["name"] == "id":
            field.update(
                {
                    "label": "Person",
                    "widget": "relation",
                    "collection": "people",
                    "search_fields": ["name", "organisation"],
                    "value_field": "{{slug}}",
                    "display_fields": ["name", "organisation"],
                    "hint": "Choose someone from People; for someone with no page, leave this empty and type a name",
                }
            )
    return fields


def model_fields(model: type[BaseModel], topics: list[str] = ()) -> list[dict]:
    """A form field for each of the model's fields, in the model's order."""
    fields = []
    for name, info in model.model_fields.items():
        field = {"name": name, "label": _label(name), **_widget(name, info.annotation, info.metadata, list(topics))}
        field["hint"] = (_hint(info) + (". " + field.pop("hint_extra") if "hint_extra" in field else "")).strip()
        field["required"] = info.is_required()
        if field["widget"] == "object" and not field["required"]:
            _optional_group(field)
        if field["widget"] == "select" and not info.is_required() and info.default is not None:
            field["default"] = str(info.default)
        fields.append(field)
    return fields


def _optional_group(field: dict) -> None:
    """Decap requires a required field inside a group even when the group is left empty
    (an online event's venue): inside an optional group, the form asks for none, and
    `check` still holds a group that is filled in to the schema."""
    for inner in field["fields"]:
        if inner.get("required"):
            inner["required"] = False
            inner["hint"] = (inner["hint"] + f". Needed when the {field['label'].lower()} is given").strip(". ")


_BODY = {"name": "body", "label": "Text", "widget": "markdown", "required": False, "hint": "The page's text"}
# kind -> (label, model); the models are the ones `check` validates with (schema.MODELS).
_LABELS_BY_KIND = {
    "series": "Series",
    "event": "Event",
    "journal": "Journal",
    "issue": "Journal issue",
    "week": "Practice week",
    "visit": "Visit",
    "person": "Person",
    "page": "Page",
}
_KINDS = {kind: (_LABELS_BY_KIND[kind], model) for kind, model in schema.MODELS.items()}


def _collection(name: str, label: str, kind: str, folder: str, topics: list[str], **more) -> dict:
    singular, model = _KINDS[kind]
    summary_field = "name" if kind == "person" else "title"
    return {
        "name": name,
        "label": label,
        "label_singular": singular,
        "folder": folder,
        "create": True,
        "extension": "md",
        # admin/editor.js: a new entry is written as `new` writes it (from `layout` below), and
        # a save to an existing file rewrites only the keys the form changed.
        "format": FORMAT + kind,
        "identifier_field": summary_field,
        "summary": "{{" + summary_field + "}}",
        "slug": "{{" + summary_field + "}}",
        # Files go beside the page, as check expects.
        "media_folder": "",
        "public_folder": "",
        "fields": [*model_fields(model, topics), dict(_BODY)],
        **more,
    }


def collections(groups: dict[str, list[tuple[str, str]]], topics: list[str]) -> list[dict]:
    """Every content type's collections; `groups` holds, per section, the (folder, title)
    of each series, journal and practice week there is."""
    out = [
        _collection(
            "series", "Series", "series", "content/events", topics, path="{{slug}}/" + GROUP_FILES["events"][:-3]
        ),
        _collection("events", "Events on their own", "event", "content/events", topics),
    ]
    out += [
        _collection(f"events-{slug}", f"Events: {title}", "event", f"content/events/{slug}", topics)
        for slug, title in groups.get("events", [])
    ]
    out.append(
        _collection(
            "journals", "Journals", "journal", "content/journal", topics, path="{{slug}}/" + GROUP_FILES["journal"][:-3]
        )
    )
    # An issue's file is named from its number, and a visit's from its place, as `new` names them.
    out += [
        _collection(
            f"issues-{s}", f"Issues: {t}", "issue", f"content/journal/{s}", topics, slug="issue-{{fields.issue}}"
        )
        for s, t in groups.get("journal", [])
    ]
    out.append(_weeks(topics))
    out += [
        _collection(
            f"visits-{s}", f"Visits: {t}", "visit", f"content/practice-week/{s}", topics, slug="{{fields.place}}"
        )
        for s, t in groups.get("practice-week", [])
    ]
    out.append(_collection("people", "People", "person", "content/people", topics))
    out.append(_collection("pages", "Pages", "page", "content/pages", topics))
    return out


# A new week's folder: the year of its first day, from Decap's template for the slug.
WEEK_YEAR = "{{fields.start | date('YYYY')}}"


def _weeks(topics: list[str]) -> dict:
    """A week's folder is the year of its first day, as `new week` names it. Decap lowercases
    a `path` template and turns its dots into hyphens, so neither `fields.start` nor
    `date('YYYY')` works there; a `slug` template is kept as written, and the path puts the
    slug, the year, in front of `_week`."""
    week = GROUP_FILES["practice-week"][:-3]
    found = _collection(
        "weeks", "Practice weeks", "week", "content/practice-week", topics, slug=WEEK_YEAR, path="{{slug}}/" + week
    )
    for field in found["fields"]:
        if field["name"] in ("start", "end"):  # what `new week` asks for; the folder comes from the start
            field["required"] = True
        if field["name"] == "start":
            field["hint"] += ". A new week is saved in a folder named after this year"
    return found


# --- a new entry, written as `new` writes it ------------------------------------------

FORMAT = "frontmatter-as-written-"  # and the kind: editor.js registers one for each layout

# The templates `new` fills, filled here with {{name}} in place of each answer: the editor
# writes the form's answers into this outline, so that a new file made in the form is the
# file `new` makes for the same answers. The `yaml` filter marks nothing: the editor writes
# every value in that filter's style.
_OUTLINE = archetypes.templates(str)
_ACTIVE = re.compile(r"([A-Za-z_][\w-]*):(?:\s|$)")
_COMMENTED = re.compile(r"# ([A-Za-z_][\w-]*):(?:\s|$)")
_MARK = re.compile(r"\{\{(\w+)\}\}")


def _outline(kind: str, optional: bool) -> tuple[str, str]:
    """(front matter, what follows it) of the kind's template filled with markers; with the
    answers only an option gives (an event's end) when `optional`, else without them."""
    ctx: dict = {name: "{{" + name + "}}" for name in archetypes.example_context(kind)}
    if not optional:
        ctx.update({q.field: None for q in archetypes.QUESTIONS.get(kind, ()) if q.optional and q.field})
    _, front, after = _OUTLINE.get_template(f"{kind}.md.j2").render(**ctx).split("---\n", 2)
    return front, after


def _slots(front: str) -> list[dict]:
    """The front matter's lines as slots: a key the template writes ({"key", "value"}), a key it
    leaves as a comment ({"key", "comment": its lines}), or other lines ({"lines"})."""
    slots: list[dict] = []
    for line in front.splitlines():
        active, commented = _ACTIVE.match(line), _COMMENTED.match(line)
        if active:
            slots.append({"key": active[1], "value": line[active.end() :].strip()})
        elif commented:
            slots.append({"key": commented[1], "comment": [line]})
        elif line.startswith("#  ") and slots and "comment" in slots[-1]:
            slots[-1]["comment"].append(line)
        elif line[:1].isspace() and slots and "value" in slots[-1]:
            continue  # under a key the template writes: the form gives the value
        else:
            slots.append({"lines": [line]})
    return slots


def _merged(without: list[dict], given: list[dict]) -> list[dict]:
    """The slots without the optional answers, with each key only an answer writes (an
    event's `end:`) placed where the template puts it: after the key it follows there."""
    out = list(without)
    written = {s["key"] for s in out if "value" in s}
    after = None
    for slot in (s for s in given if "value" in s):
        if slot["key"] not in written:
            at = next((i + 1 for i, s in enumerate(out) if "value" in s and s["key"] == after), 0)
            out.insert(at, slot)
        after = slot["key"]
    return out


def layout(kind: str) -> dict:
    """How `new` writes a kind's file, for the editor: the slots in order; which key holds each
    answer the comments repeat (an issue's number, a person's name for `slug`); the defaults
    (a select's default is left as the template leaves it); and what follows the front matter."""
    front, after = _outline(kind, optional=False)
    slots = _merged(_slots(front), _slots(_outline(kind, optional=True)[0]))
    marks = {m[1]: s["key"] for s in slots if "value" in s and (m := _MARK.fullmatch(s["value"]))}
    for slot in slots:
        slot.pop("value", None)
    model = _KINDS[kind][1]
    defaults = {
        name: info.default
        for name, info in model.model_fields.items()
        if not info.is_required() and isinstance(info.default, str | bool | int)
    }
    return {"slots": slots, "marks": marks, "defaults": defaults, "after": after}


# File names as `new` makes them: ASCII, accents taken off (Café to cafe), not kept.
SLUG = {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}
LOCAL = "http://127.0.0.1:8081/api/v1"  # decap-server, as `make edit` starts it


def backend(editor: Editor | None) -> dict:
    """GitHub, with a save opening a pull request (the editorial workflow), when site.yml
    names the repository; otherwise only the local backend of `make edit`."""
    if editor is None:
        return {"backend": {"name": "proxy", "proxy_url": LOCAL}}
    found = {"name": "github", "repo": editor.repository, "branch": editor.branch}
    if editor.auth_url:
        parts = urlsplit(editor.auth_url)
        found["base_url"] = f"{parts.scheme}://{parts.netloc}"
        found["auth_endpoint"] = parts.path.strip("/") or "auth"
    return {"backend": found, "local_backend": {"url": LOCAL}, "publish_mode": "editorial_workflow"}


def config(
    groups: dict[str, list[tuple[str, str]]],
    topics: list[str],
    site_url: str = "",
    editor: Editor | None = None,
    found: list[dict] | None = None,
) -> str:
    """The editor's config.yml: where it saves, and the forms (`found`: the collections, if made already)."""
    data = {
        **backend(editor),
        "media_folder": "content/pages",
        "site_url": site_url,
        "slug": SLUG,
        "collections": collections(groups, topics) if found is None else found,
    }
    text = yaml.dump(data, Dumper=_Plain, sort_keys=False, allow_unicode=True, width=1000)
    return "# Made by the generator from the schema (generator/authoring/cms.py): edit that, not this.\n" + text


class _Plain(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Every value written out where it is used: no &anchors and *aliases for a reader to follow.
    libyaml's emitter where there is one: a site with hundreds of series has a config of
    megabytes, which PyYAML's own emitter took seconds to write (the same bytes)."""

    def ignore_aliases(self, data) -> bool:
        return True


ADMIN = Path(__file__).parent / "admin"


def files(
    groups: dict[str, list[tuple[str, str]]],
    topics: list[str],
    site_url: str = "",
    editor: Editor | None = None,
    guide: str = f"{GUIDE_SECTION}/",
) -> dict[str, bytes | Path]:
    """The editor's page at admin/: its page (with a link to the guide at the site path
    `guide`), config.yml, our script, and Decap's bundle (its main script and the parts it
    loads as it needs them); nothing at all when the bundle is not installed (`npm ci
    --prefix cms`), rather than a page that cannot work."""
    if bundle_missing():
        return {}
    key = tuple((section, tuple(pairs)) for section, pairs in sorted(groups.items()))
    return _admin_files(key, tuple(topics), site_url, editor, guide)


@lru_cache(maxsize=1)  # a rebuild under `serve` that changes no series, journal, week or topic reuses it
def _admin_files(
    groups_key: tuple, topics: tuple, site_url: str, editor: Editor | None, guide: str
) -> dict[str, bytes | Path]:
    groups = {section: list(pairs) for section, pairs in groups_key}
    found = collections(groups, list(topics))
    events = [c["name"] for c in found if c["fields"] and c["label_singular"] == "Event"]
    page = (ADMIN / "index.html").read_text(encoding="utf-8").replace("@EVENTS@", _inline(events))
    page = page.replace("@LAYOUTS@", _inline({FORMAT + kind: layout(kind) for kind in _KINDS}))
    page = page.replace("@WEEKS@", _inline([slug for slug, _ in groups.get("practice-week", [])]))
    page = page.replace("@SHORT@", _inline(short_forms()))
    page = page.replace("@GUIDE@", html.escape(href("admin/", guide)))
    out: dict[str, bytes | Path] = {
        "admin/index.html": page.encode("utf-8"),
        "admin/config.yml": config(groups, list(topics), site_url, editor, found).encode("utf-8"),
        "admin/editor.js": ADMIN / "editor.js",
    }
    for path in sorted(CMS_PACKAGE.glob("*decap-cms.js")):
        out[f"admin/{path.name}"] = path
    out["admin/js-yaml.min.js"] = YAML_PACKAGE / "js-yaml.min.js"
    return out


def _inline(value) -> str:
    """JSON for a <script> in the page: a "</" in it would end the script."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def bundle_missing() -> str | None:
    """Why the editor's bundle is not in the site, if it is not."""
    if (CMS_PACKAGE / BUNDLE).is_file():
        return None
    return f"the editor at /admin/ has no Decap CMS bundle: {CMS_PACKAGE / BUNDLE} is missing (make edit installs it)"
