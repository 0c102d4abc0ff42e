"""Site settings: the one place for the site's name, address, organiser and time zone (site.yml)."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import Field

from generator.content.reader import ContentLoader
from generator.content.schema import Email, ImagePath, Strict, Text, Url, Zone, validate
from generator.problems import ContentError, Problem


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

    @property
    def host(self) -> str:
        return self.base_url.split("://", 1)[-1].split("/", 1)[0]

    def absolute(self, path: str) -> str:
        """The full address of a site path, for what is read away from the site (feeds, share cards, JSON-LD)."""
        return self.base_url.rstrip("/") + "/" + path


class Doc:
    """Front matter that is not a content file (site.yml, or `new-site`'s options),
    with what `validate` reads of a content file: its name, fields and their lines."""

    def __init__(self, rel: str, meta: dict, key_lines: dict[str, int]):
        self.rel, self.meta, self.key_lines = rel, meta, key_lines

    def line(self, key):
        return self.key_lines.get(key, 0) + 1 if key else 1


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
        raise ContentError(
            [
                Problem(
                    rel,
                    mark.line + 1 if mark else None,
                    None,
                    "site.yml is not valid YAML",
                    "check the indentation and colons",
                )
            ]
        ) from None
    finally:
        loader.dispose()
    # A share_image is named relative to site.yml and must stay inside the project.
    context = {"dir": path.parent, "root": path.parent}
    settings, problems = validate(Settings, Doc(rel, data, lines), context, "site.yml")
    if problems:
        raise ContentError(problems)
    return settings
