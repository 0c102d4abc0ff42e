"""The browser editor's forms (Decap CMS, at /admin/), generated from the schema `check` uses.

One source gives `check`, the guide's field tables and these forms: each field of
each front-matter model becomes a form field with its label, the guide's
description and example as its hint, required when the model requires it, and a
widget for its kind (a select for a choice, a date picker that writes the front
matter's own `2023-06-26 14:00`, a pattern for email and web addresses, a file
picker that puts the file beside the page, a person chosen from content/people/).

The folders come from the content: a collection for the series files, one for the
events of each series and one for events on their own; the same for journals and
their issues and for practice weeks and their visits. Decap lists a folder's files
by depth, not by name, so the editor's page (`admin/index.html`) hides the group
files (`_series.md`, `_journal.md`, `_week.md`) from folder lists of depth 1 and
shows only them at depth 2, where the group collections look.
"""

from __future__ import annotations

import html
import json
import typing
from pathlib import Path
from types import UnionType
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel

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
        inner, _ = _unwrap(item)
        if inner is schema.PersonRef:
            return {"widget": "list", "fields": _person_fields(topics)}
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return {"widget": "list", "fields": model_fields(inner, topics)}
        if name == "tags":
            known = ", ".join(topics[:12]) if topics else "none yet"
            return {"widget": "list", "allow_add": True, "hint_extra": f"Topics in use: {known}"}
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
# kind -> (label, model, media beside the page)
_KINDS = {
    "series": ("Series", schema.SeriesMeta),
    "event": ("Event", schema.EventMeta),
    "journal": ("Journal", schema.JournalMeta),
    "issue": ("Journal issue", schema.IssueMeta),
    "week": ("Practice week", schema.WeekMeta),
    "visit": ("Visit", schema.VisitMeta),
    "person": ("Person", schema.PersonMeta),
    "page": ("Page", schema.PageMeta),
}


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
        "format": "frontmatter-as-written",  # admin/editor.js: only the keys the form changed are rewritten
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
    out += [
        _collection(f"issues-{slug}", f"Issues: {title}", "issue", f"content/journal/{slug}", topics)
        for slug, title in groups.get("journal", [])
    ]
    # A week's folder is its year, which a slug from the title cannot give: weeks start with `new week`.
    week = GROUP_FILES["practice-week"][:-3]
    out.append(
        _collection(
            "weeks", "Practice weeks", "week", "content/practice-week", topics, path="{{slug}}/" + week, create=False
        )
    )
    out += [
        _collection(f"visits-{slug}", f"Visits: {title}", "visit", f"content/practice-week/{slug}", topics)
        for slug, title in groups.get("practice-week", [])
    ]
    out.append(_collection("people", "People", "person", "content/people", topics))
    out.append(_collection("pages", "Pages", "page", "content/pages", topics))
    return out


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
    groups: dict[str, list[tuple[str, str]]], topics: list[str], site_url: str = "", editor: Editor | None = None
) -> str:
    """The editor's config.yml: where it saves, and the forms."""
    data = {
        **backend(editor),
        "media_folder": "content/pages",
        "site_url": site_url,
        "collections": collections(groups, topics),
    }
    text = yaml.dump(data, Dumper=_Plain, sort_keys=False, allow_unicode=True, width=1000)
    return "# Made by the generator from the schema (generator/authoring/cms.py): edit that, not this.\n" + text


class _Plain(yaml.SafeDumper):
    """Every value written out where it is used: no &anchors and *aliases for a reader to follow."""

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
    found = collections(groups, topics)
    events = [c["name"] for c in found if c["fields"] and c["label_singular"] == "Event"]
    page = (ADMIN / "index.html").read_text(encoding="utf-8").replace("@EVENTS@", json.dumps(events))
    page = page.replace("@GUIDE@", html.escape(href("admin/", guide)))
    out: dict[str, bytes | Path] = {
        "admin/index.html": page.encode("utf-8"),
        "admin/config.yml": config(groups, topics, site_url, editor).encode("utf-8"),
        "admin/editor.js": ADMIN / "editor.js",
    }
    for path in sorted(CMS_PACKAGE.glob("*decap-cms.js")):
        out[f"admin/{path.name}"] = path
    out["admin/js-yaml.min.js"] = YAML_PACKAGE / "js-yaml.min.js"
    return out


def bundle_missing() -> str | None:
    """Why the editor's bundle is not in the site, if it is not."""
    if (CMS_PACKAGE / BUNDLE).is_file():
        return None
    return f"the editor at /admin/ has no Decap CMS bundle: {CMS_PACKAGE / BUNDLE} is missing (make edit installs it)"
