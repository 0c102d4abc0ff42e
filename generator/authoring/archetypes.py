"""Starting files for `new`: one template per content type, in the right folder.

Like Hugo's archetypes: the new file has the required fields filled in and the
optional ones as comments. It never overwrites a file.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined

from generator.content.reader import ContentLoader
from generator.identity import GROUP_FILES, slugify

KINDS = ("event", "series", "issue", "journal", "visit", "week", "person", "page")


class NewError(Exception):
    """A reason `new` cannot write the file, in plain words."""


@dataclass
class Options:
    series: str | None = None
    journal: str | None = None
    year: str | None = None
    place: str | None = None
    number: int | None = None


def _yaml(text: str) -> str:
    """The text as a YAML value: bare where that reads back the same, else quoted."""
    try:
        loader = ContentLoader(f"v: {text}")
        same = loader.get_single_data() == {"v": text}
        loader.dispose()
    except yaml.YAMLError:
        same = False
    return text if same else json.dumps(text, ensure_ascii=False)


_ENV = Environment(
    loader=PackageLoader("generator.authoring", "archetypes"),
    autoescape=False,
    keep_trailing_newline=True,
    undefined=StrictUndefined,
)
_ENV.filters["yaml"] = _yaml


def _group(folder: Path, wanted: str | None, what: str, flag: str, group_file: str) -> Path:
    groups = sorted(p.parent for p in folder.glob(f"*/{group_file}"))
    if wanted:
        target = folder / slugify(wanted)
        if not (target / group_file).is_file():
            names = ", ".join(g.name for g in groups) or "none yet"
            raise NewError(f"there is no {what} '{wanted}' (existing: {names})")
        return target
    if len(groups) == 1:
        return groups[0]
    names = ", ".join(g.name for g in groups) or f"none yet: create one first with `new {what}`"
    raise NewError(f"say which {what} with {flag} NAME (existing: {names})")


def target_and_context(content: Path, kind: str, title: str, today: date, host: str, opts: Options):
    slug = slugify(title)
    ctx = {"title": title.strip(), "today": today.isoformat(), "slug": slug}
    if kind == "event":
        ctx["start"] = first_date(today).isoformat()
        folder = content / "events"
        if opts.series:
            folder = _group(folder, opts.series, "series", "--series", GROUP_FILES["events"])
        ctx["uid"] = f"{uuid.uuid4()}@{host}"
        return folder / f"{slug}.md", ctx
    if kind == "series":
        return content / "events" / slug / GROUP_FILES["events"], ctx
    if kind == "journal":
        return content / "journal" / slug / GROUP_FILES["journal"], ctx
    if kind == "issue":
        folder = _group(content / "journal", opts.journal, "journal", "--journal", GROUP_FILES["journal"])
        number = opts.number or _next_issue(folder)
        ctx["number"] = number
        return folder / f"issue-{number}.md", ctx
    if kind == "week":
        year = opts.year or re.sub(r"\D", "", title) or str(today.year)
        return content / "practice-week" / year / GROUP_FILES["practice-week"], ctx
    if kind == "visit":
        folder = _group(content / "practice-week", opts.year, "week", "--year", GROUP_FILES["practice-week"])
        ctx["place"] = opts.place or title.strip()
        return folder / f"{slug}.md", ctx
    if kind == "person":
        return content / "people" / f"{slug}.md", ctx
    return content / "pages" / f"{slug}.md", ctx


def first_date(today: date) -> date:
    """A new event's placeholder day: a weekday at least a week ahead, so the file
    checks clean (a past event would want a recording) and stays plausible."""
    day = today + timedelta(days=7)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _next_issue(folder: Path) -> int:
    numbers = [0]
    for path in folder.glob("*.md"):
        match = re.search(r"^issue:\s*(\d+)\s*$", path.read_text(encoding="utf-8-sig", errors="replace"), re.M)
        if match:
            numbers.append(int(match.group(1)))
    return max(numbers) + 1


def render(kind: str, ctx: dict) -> str:
    return _ENV.get_template(f"{kind}.md.j2").render(**ctx)


def create(content: Path, kind: str, title: str, today: date, host: str, opts: Options | None = None) -> Path:
    if kind not in KINDS:
        raise NewError(f"'{kind}' is not something `new` can make; choose one of: {', '.join(KINDS)}")
    if not title.strip():
        raise NewError('give a title in quotes, e.g. new event "Working together"')
    path, ctx = target_and_context(content, kind, title, today, host, opts or Options())
    if path.exists():
        shown = path.relative_to(content.parent) if path.is_relative_to(content.parent) else path
        raise NewError(f"{shown} already exists; nothing was changed. Choose another title, or edit that file")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite, even in a race
        handle.write(render(kind, ctx))
    return path
