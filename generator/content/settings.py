"""Site settings: the one place for the site's name, address, organiser and time zone (site.yml)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BeforeValidator, Field

from generator.content import colour
from generator.content.reader import ContentLoader
from generator.content.schema import Email, FieldError, ImagePath, Strict, Text, Url, Zone, choice, validate
from generator.html_rule import DEFAULT_EMBEDS, HtmlRule
from generator.problems import ContentError, Problem
from generator.resources import images

_HOST = re.compile(r"^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")


def parse_host(value: Any) -> str:
    """A site's name as it appears in an address (www.youtube-nocookie.com), or `*.` and one."""
    text = str(value).strip().lower()
    if "://" in text:  # a whole address pasted: its host is what is meant, but say so
        raise FieldError(
            f"'{text}' is a web address, not the name of a site",
            f"write only the part between // and the next /, like {urlsplit(text).hostname or 'player.vimeo.com'}",
        )
    if _HOST.match(text):
        return text
    raise FieldError(f"'{text}' is not the name of a site", "write it like player.vimeo.com, or *.sharepoint.com")


Host = Annotated[str, BeforeValidator(parse_host)]


_REPOSITORY = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


def parse_repository(value: Any) -> str:
    """A GitHub repository as owner/name."""
    text = str(value).strip().removeprefix("https://github.com/").removesuffix(".git").strip("/")
    if _REPOSITORY.match(text):
        return text
    raise FieldError(f"'{value}' is not a GitHub repository", "write it as owner/name, like example-org/learning-site")


Repository = Annotated[str, BeforeValidator(parse_repository)]


def parse_brand_colour(value: Any) -> str:
    """A colour as #RRGGBB that white text can sit on, and that links on white can be."""
    found = colour.parse_hex(str(value))
    if found is None:
        raise FieldError(
            f"'{value}' is not a colour written as # and six hex digits",
            "write it like '#1d70b8', in quotes (without them, # starts a comment)",
        )
    ratio = colour.contrast(found)
    if ratio < colour.TEXT_CONTRAST:
        better = colour.darkest_passing(found)
        raise FieldError(
            f"'{found}' has a contrast of {colour.shown(ratio)}:1 with white, too low for text",
            f"use {better} ({colour.shown(colour.contrast(better))}:1) or darker",
        )
    return found


BrandColour = Annotated[str, BeforeValidator(parse_brand_colour)]


class Editor(Strict):
    repository: Repository = Field(
        description="the site's GitHub repository, where the editor saves", examples=["example-org/learning-site"]
    )
    branch: Text = Field("main", description="the branch the site is published from", examples=["main"])
    auth_url: Url | None = Field(
        None,
        description="the address of the sign-in helper that lets editors sign in with GitHub (see the README)",
        examples=["https://learning-site-auth.example.workers.dev/auth"],
    )


class Organiser(Strict):
    name: Text = Field(description="who runs the events", examples=["Family Justice Learning Exchange"])
    email: Email = Field(description="contact address, also the calendar ORGANIZER", examples=["learning@example.org"])


class Settings(Strict):
    name: Text = Field(description="the site's name", examples=["Family Justice Learning Exchange"])
    base_url: Url = Field(description="where the site is published", examples=["https://learning.example.org/"])
    description: Text | None = Field(None, description="one sentence for the home page and search engines")
    organiser: Organiser
    timezone: Zone = Field("Europe/London", description="default time zone for events")
    language: Text = Field("en", description="language code of the site's pages")
    copyright: Text | None = Field(None, description="footer text")
    notice: Text | None = Field(None, description="a short note shown at the top of the home page")
    share_image: ImagePath | None = Field(
        None,
        description="picture shown when a link to any page is shared, "
        "unless the event or series has its own (1200×630; path from site.yml)",
    )
    logo: ImagePath | None = Field(
        None,
        description="the organisation's logo, shown in the header of every page "
        "(a PNG or JPEG, ideally on a transparent background; path from site.yml)",
        examples=["logo.png"],
    )
    brand_colour: BrandColour | None = Field(
        None,
        description="the organisation's colour for the header, links and buttons, written like '#1d70b8' "
        "in quotes; it must have a contrast of at least 4.5:1 with white, and a colour too light "
        "is refused with the nearest one that passes",
        examples=["'#1d70b8'"],
    )

    guide: Annotated[Literal["staff", "public"], choice("staff", "public")] = Field(
        "staff",
        description='who the "How to add content" guide is for: staff (it is left out of the menu, '
        "the site's search and search engines, and linked from /admin/ and the preview) "
        "or public (in the menu and the search, like any other page)",
        examples=["staff"],
    )

    editor: Editor | None = Field(
        None,
        description="where the browser editor at /admin/ on the published site saves; "
        "without it /admin/ works only with `make edit` on your own computer",
    )
    embeds: list[Host] = Field(
        default_factory=lambda: list(DEFAULT_EMBEDS),
        description="the sites whose pages a page's text may show in an <iframe> (a video player); "
        "`*.` before a name allows any address that ends with it",
        examples=[["www.youtube-nocookie.com", "player.vimeo.com", "*.sharepoint.com"]],
    )

    @property
    def host(self) -> str:
        return self.base_url.split("://", 1)[-1].split("/", 1)[0]

    @property
    def html_rule(self) -> HtmlRule:
        """The rule for HTML in page bodies, with this site's `embeds`."""
        return HtmlRule(self.embeds)

    def absolute(self, path: str) -> str:
        """The full address of a site path, for what is read away from the site (feeds, share cards, JSON-LD)."""
        return self.base_url.rstrip("/") + "/" + path


def _yaml_problem(rel: str, text: str, line: int | None) -> Problem:
    fix = "check the indentation and colons"
    lines = text.splitlines()
    if line is not None and line < len(lines):
        value = re.sub(r"^\s*(?:-\s+|[\w-]+:\s+)", "", lines[line])
        if value.startswith(("*", "&")):  # YAML reads these as references to other values
            fix = f'a value that starts with {value[0]} needs quotes around it, like "{value.strip()}"'
    return Problem(rel, line + 1 if line is not None else None, None, "site.yml is not valid YAML", fix)


class Doc:
    """Front matter that is not a content file (site.yml, or `new-site`'s options),
    with what `validate` reads of a content file: its name, fields and their lines."""

    def __init__(self, rel: str, meta: dict, key_lines: dict[str, int]):
        self.rel, self.meta, self.key_lines = rel, meta, key_lines

    def line(self, key):
        return self.key_lines.get(key, 0) + 1 if key else 1

    def line_at(self, loc: tuple):
        return self.line(loc[0] if loc and isinstance(loc[0], str) else None)


def load_settings(path: Path, rel: str = "site.yml") -> Settings:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ContentError(
            [
                Problem(
                    rel,
                    None,
                    None,
                    "the site settings file is missing",
                    "create site.yml with name, base_url and organiser",
                )
            ]
        ) from None
    loader = ContentLoader(text)
    try:
        data = loader.get_single_data() or {}
        lines = loader.key_lines if hasattr(loader, "key_lines") else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ContentError([_yaml_problem(rel, text, mark.line if mark else None)]) from None
    finally:
        loader.dispose()
    # A share_image is named relative to site.yml and must stay inside the project.
    context = {"dir": path.parent, "root": path.parent}
    settings, problems = validate(Settings, Doc(rel, data, lines), context, "site.yml")
    problems += _commented_colour(rel, text, data, lines)
    if settings is not None and settings.logo is not None:
        problems += _unreadable_logo(rel, settings.logo, lines)
    if problems:
        raise ContentError(problems)
    return settings


def _commented_colour(rel: str, text: str, data: dict, lines: dict[str, int]) -> list[Problem]:
    """`brand_colour: #1d70b8` without quotes is an empty value and a comment to YAML."""
    if "brand_colour" not in data or data["brand_colour"] is not None:
        return []
    line = lines.get("brand_colour", 0)
    written = text.splitlines()[line].split(":", 1)[-1].strip() if line < len(text.splitlines()) else ""
    return [
        Problem(
            rel,
            line + 1,
            "brand_colour",
            "the colour is read as a comment, because # starts a comment in site.yml",
            f"put quotes around it: brand_colour: '{written or '#1d70b8'}'",
        )
    ]


def _unreadable_logo(rel: str, logo: Path, lines: dict[str, int]) -> list[Problem]:
    try:
        images.probe(logo)
    except images.ImageError as exc:
        return [Problem(rel, lines.get("logo", 0) + 1, "logo", exc.message, exc.fix)]
    return []
