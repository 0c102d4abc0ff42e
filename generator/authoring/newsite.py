"""`new-site`: start an organisation's own site in a new folder.

The new folder is a project like this one without the example content: the
generator, the theme override, mkdocs.yml, the Makefile and the publishing
workflow, an empty content/ folder for each kind of content, the guide and the
accessibility statement to fill in, and a site.yml with the organisation's own
name, address, organiser and time zone. It never writes into a folder that
already has files in it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from generator.content.schema import validate
from generator.content.settings import Doc, Settings
from generator.identity import SECTIONS
from generator.problems import Problem

# What a new site needs from this project, relative to its root.
TOOL = [
    "generator",
    "overrides",
    "mkdocs.yml",
    "pyproject.toml",
    "Makefile",
    ".github/workflows/publish.yml",
    ".github/workflows/check.yml",
    "netlify.toml",
    "cms/package.json",
    "cms/package-lock.json",
    ".gitignore",
    ".gitattributes",
    "build/docs/.gitignore",
]
# Pages every site needs: the authoring guide and an accessibility statement to complete.
PAGES = ["content/pages/how-to-add-content.md", "content/pages/accessibility.md"]
OPTIONS = {
    "name": "--name",
    "base_url": "--base-url",
    "organiser": "--organiser",
    "timezone": "--timezone",
    "language": "--language",
    "description": "--description",
}


class NewSiteError(Exception):
    pass


def _value(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML string, whatever it holds


def settings_text(
    name: str, base_url: str, organiser: str, email: str, timezone: str, language: str, description: str | None
) -> str:
    lines = [
        "# Site settings: the one place for the site's name, address, organiser and",
        "# default time zone. Everything else is in content/.",
        f"name: {_value(name)}",
        f"description: {_value(description)}"
        if description
        else "# description: One sentence for the home page and search engines.",
        f"base_url: {_value(base_url)}",
        "organiser:",
        f"  name: {_value(organiser)}",
        f"  email: {_value(email)}",
        f"timezone: {_value(timezone)}",
        f"language: {_value(language)}",
        "# Remove the # from any line below to use it.",
        "# copyright: Text for the footer of every page.",
        "# notice: A short note shown at the top of the home page.",
        "# share_image: share.png  # a 1200×630 picture next to this file, shown when a link is shared",
        "# The sites whose video players a page's text may show; these four unless you list others.",
        "# embeds:",
        "#   - www.youtube-nocookie.com",
        "#   - player.vimeo.com",
        '#   - "*.sharepoint.com"',
        "#   - web.microsoftstream.com",
    ]
    return "\n".join(lines) + "\n"


def _check(name, base_url, organiser, email, timezone, language, description) -> None:
    data = {
        "name": name,
        "base_url": base_url,
        "organiser": {"name": organiser, "email": email},
        "timezone": timezone,
        "language": language,
    }
    if description:
        data["description"] = description
    _, problems = validate(Settings, Doc("site.yml", data, {}), {}, "site.yml")
    if problems:

        def option(p: Problem) -> str:
            field = p.field or ""
            nested = {"the email of the organiser": "--email", "the name of the organiser": "--organiser"}
            return nested.get(field) or OPTIONS.get(field, field)

        raise NewSiteError("\n".join(f"{option(p)}: {p.message} — {p.fix}" for p in problems))


def create(
    target: Path,
    source: Path,
    name: str,
    base_url: str,
    organiser: str,
    email: str,
    timezone: str = "Europe/London",
    language: str = "en",
    description: str | None = None,
) -> list[Path]:
    """Make a new site in `target` from the project in `source`; return the files written."""
    _check(name, base_url, organiser, email, timezone, language, description)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise NewSiteError(
            f"{target} already exists and is not empty — new-site never overwrites anything; choose a new folder name"
        )
    missing = [rel for rel in TOOL + PAGES if not (source / rel).exists()]
    if missing:
        raise NewSiteError(
            f"{source} is not a complete copy of the generator (missing {', '.join(missing)}) — "
            "run new-site from a clone of the project"
        )
    written: list[Path] = []
    target.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for rel in TOOL + PAGES:
        src, dst = source / rel, target / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, ignore=ignore)
            written += sorted(p for p in dst.rglob("*") if p.is_file())
        else:
            shutil.copyfile(src, dst)
            written.append(dst)
    for section in SECTIONS:
        keep = target / "content" / section / ".gitkeep"  # git keeps no empty folders
        keep.parent.mkdir(parents=True, exist_ok=True)
        keep.touch()
        written.append(keep)
    (target / "site.yml").write_text(
        settings_text(name, base_url, organiser, email, timezone, language, description), encoding="utf-8"
    )
    (target / "README.md").write_text(_readme(name), encoding="utf-8")
    written += [target / "site.yml", target / "README.md"]
    return written


def _readme(name: str) -> str:
    return f"""# {name}

The website of {name}: learning events, journal issues and practice-week
visits, built from the Markdown files in `content/`.

You need Python 3.11 or newer and `make`.

| Command | What it does |
| --- | --- |
| `make serve` | build the site and preview it at http://127.0.0.1:8000, rebuilding as files change |
| `make check` | check all content and list every problem with how to fix it |
| `make new KIND=event TITLE="…"` | start a new file (`event`, `series`, `issue`, `journal`, `visit`, `week`, `person`, `page`) |
| `make site` | build the whole site into `build/site/`, ready to publish |
| `make edit` | the preview with the browser editor: open http://127.0.0.1:8000/admin/ |

`site.yml` holds the site's name, address (`base_url`), organiser and time zone.
The "How to add content" page (`content/pages/how-to-add-content.md`) explains
where each kind of file goes; complete the accessibility statement in
`content/pages/accessibility.md` before you publish.

To publish on GitHub Pages, push this folder to a GitHub repository, and in
its Settings > Pages set "Source" to "GitHub Actions": the workflow in
`.github/workflows/publish.yml` builds and publishes the site on every push.
"""
