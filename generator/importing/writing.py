"""The one path from an event someone else described to a content file.

Each `Incoming` event is written through `new`'s own template (`archetypes.render`),
so an imported file reads like one a person started with `make new`: the same keys
in the same order, the examples left as comments where the source had nothing.
Nothing is ever written over: an event whose UID is already in content/ (as `uid:`,
or as the UID the site gives a file without one, `loader.event_uid`) is skipped, and
so is one whose file name is taken, and one the reader could not read (`incoming.Skipped`),
each said in the report. A file is named from its title, with its date
when two events share a title (and its time when they share the day too). The
written files are then checked as `check` checks them.
"""

from __future__ import annotations

import shutil
import tempfile
import types
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from generator.authoring import archetypes
from generator.content.loader import Item, event_uid
from generator.content.reader import read_document, walk
from generator.content.settings import Settings
from generator.identity import EVENT_LISTINGS, GROUP_FILES, slugify
from generator.importing.incoming import Incoming, Note, Skipped, SourceError
from generator.problems import Problem

ALREADY = "already imported"
EXISTS = "file exists"
UNREAD_FIX = "put it right where it came from and import again, or add it with make new KIND=event"

Check = Callable[[Path], list[Problem]]  # the problems `check` finds in a content folder


@dataclass
class Written:
    """What became of the events: files written (or, in a dry run, their text), skips, problems."""

    written: list[str] = field(default_factory=list)  # paths from the project folder
    texts: dict[str, str] = field(default_factory=dict)  # path -> the file's text
    skipped: Counter = field(default_factory=Counter)  # why -> how many
    problems: list[Problem] = field(default_factory=list)


def folder_for(content: Path, series: str | None) -> Path:
    """content/events/, or a series' folder, which must have been started."""
    events = content / "events"
    if series is None:
        return events
    names = sorted(p.parent.name for p in events.glob(f"*/{GROUP_FILES['events']}"))
    for name in names:
        if series.lower() == name.lower() or slugify(series) == name:
            return events / name
    hint = f"one of: {', '.join(names)}" if names else "none yet"
    raise SourceError(
        f"there is no series '{series}' ({hint}); start it first: "
        f'make new KIND=series TITLE="{series}", then import again with --series {slugify(series)}'
    )


def known_uids(content: Path, settings: Settings) -> dict[str, str]:
    """Every event's calendar UID in content/ (its `uid:`, else the one the site derives
    from its path), and the file it is in."""
    found = {}
    for parts in walk(content).files:
        if parts[0] != "events" or not parts[-1].endswith(".md") or parts[-1].startswith("_") or len(parts) > 3:
            continue
        rel = "/".join(parts)
        doc, _ = read_document(content.joinpath(*parts), rel)
        meta = doc.meta if doc is not None and isinstance(doc.meta, dict) else {}
        stand_in = Item(
            doc=doc,
            meta=types.SimpleNamespace(uid=str(meta["uid"]).strip() if meta.get("uid") else None),
            slug=slugify(parts[-1][:-3]),
            group=slugify(parts[1]) if len(parts) == 3 else None,
        )
        found[event_uid(stand_in, settings)] = rel
    return found


def _reserved(slug: str, folder: Path) -> bool:
    """Names the site keeps for its listings, and a series folder's name beside its events."""
    return slug in EVENT_LISTINGS or (len(slug) == 4 and slug.isdigit()) or (folder / slug).is_dir()


def names(events: list[Incoming], folder: Path) -> list[Path]:
    """A file for each event: its title; with its date when two share a title or the name is
    taken; with its time too when they share the day."""
    slugs = Counter(slugify(e.title) for e in events)
    days = Counter((slugify(e.title), e.day) for e in events)
    out = []
    for e in events:
        slug = slugify(e.title)
        name = f"{slug}.md"
        if slugs[slug] > 1 or _reserved(slug, folder) or (folder / name).exists():
            name = f"{slug}-{e.day.isoformat()}.md"
            if days[(slug, e.day)] > 1 and isinstance(e.start, datetime):
                name = f"{slug}-{e.day.isoformat()}-{e.start:%H%M}.md"
        out.append(folder / name)
    return out


def _written(when: date | datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M") if isinstance(when, datetime) else when.isoformat()


def render(event: Incoming, site_zone: str, image: str | None) -> str:
    """The event's file, as `new`'s template writes it with these answers."""
    answers = {"--start": _written(event.start)}
    if event.end is not None:
        answers["--end"] = _written(event.end)
    ctx = archetypes.context("event", event.title, answers)
    repeat = None
    if event.repeat:
        repeat = {
            "every": event.repeat["every"],
            "until": event.repeat["until"].isoformat() if event.repeat.get("until") else None,
            "count": event.repeat.get("count"),
            "except": [d.isoformat() for d in event.repeat.get("except", [])],
        }
    ctx.update(
        format="online" if event.venue is None else ("hybrid" if event.online else "in-person"),
        summary=event.summary,
        body=event.body,
        timezone=event.zone if event.zone != site_zone and not event.all_day else None,
        venue={"name": event.venue[0], "address": event.venue[1]} if event.venue else None,
        registration=event.registration,
        recording=event.recording,
        repeat=repeat,
        cancelled=[d.isoformat() for d in event.cancelled],
        tags=event.tags,
        status=event.status,
        contact=event.contact,
        image=image,
        uid=event.uid,
    )
    return archetypes.render("event", ctx)


def skip_note(event: Incoming, why: str) -> Problem:
    return Problem(event.source, None, None, f"not imported: {why}", "", "warning")


def _picture(event: Incoming, path: Path) -> tuple[Path | None, Note | None]:
    """Where the event's picture goes: beside it, named like it."""
    if event.image is None:
        return None, None
    target = path.with_suffix(event.image.suffix.lower())
    if target.exists():
        return None, Note("image", f"{target.name} already exists, so the picture was not copied", "")
    return target, None


def write(
    events: list[Incoming | Skipped],
    root: Path,
    content: Path,
    settings: Settings,
    series: str | None,
    check: Check,
    dry: bool,
) -> Written:
    """Write the events that are new into content/ (a dry run: into a copy, to show them),
    then check the files written."""
    folder = folder_for(content, series)
    out = Written()
    plan = _plan(events, folder, known_uids(content, settings), root, out)
    if not dry:
        _write_files(plan, root, content, content, settings, out)
        out.problems += _checked(check(content), set(out.written), {})
        return out
    with tempfile.TemporaryDirectory(prefix="import-") as tmp:
        copy = Path(tmp) / "content"
        shutil.copytree(content, copy)
        _write_files(plan, root, content, copy, settings, out)
        out.problems += _checked(check(copy), set(out.written), {copy.as_posix(): _shown(content, root)})
    return out


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


def _plan(
    events: list[Incoming | Skipped], folder: Path, known: dict[str, str], root: Path, out: Written
) -> list[tuple[Incoming, Path]]:
    """The events to write and their files: read, not withheld, not imported before, names free."""
    fresh, seen = [], set()
    for event in events:
        if isinstance(event, Skipped):
            out.skipped[event.why] += 1
            out.problems.append(Problem(event.source, None, None, event.message(), UNREAD_FIX, "warning"))
        elif event.withheld:
            out.skipped[event.withheld] += 1
            out.problems.append(skip_note(event, event.withheld))
        elif event.uid and (event.uid in known or event.uid in seen):
            out.skipped[ALREADY] += 1
        else:
            seen.add(event.uid)
            fresh.append(event)
    plan, taken = [], set()
    for event, path in zip(fresh, names(fresh, folder), strict=True):
        if path.exists() or path in taken:
            out.skipped[EXISTS] += 1
            out.problems.append(
                Problem(
                    event.source,
                    None,
                    None,
                    f"not imported: {_shown(path, root)} already exists",
                    "if that file is another event, give it a different name and import again",
                    "warning",
                )
            )
            continue
        taken.add(path)
        plan.append((event, path))
    return plan


def _write_files(
    plan: list[tuple[Incoming, Path]], root: Path, content: Path, into: Path, settings: Settings, out: Written
) -> None:
    """Each planned file, written under `into` (content/, or a dry run's copy of it), with its
    picture beside it and its notes as problems of the file."""
    for event, path in plan:
        target = into / path.relative_to(content)
        picture, trouble = _picture(event, path)
        notes = [*event.notes, *([trouble] if trouble else [])]
        text = render(event, settings.timezone, picture.name if picture else None)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never over a file
            handle.write(text)
        if picture is not None:
            shutil.copyfile(event.image, target.with_name(picture.name))
        shown = _shown(path, root)
        out.written.append(shown)
        out.texts[shown] = text
        out.problems += [Problem(shown, None, n.field, n.message, n.fix, "warning") for n in notes]


def _checked(problems: list[Problem], written: set[str], moved: dict[str, str]) -> list[Problem]:
    """What `check` says about the written files (from a dry run's copy, under their real names)."""
    found = []
    for p in problems:
        path = p.path
        for copy, real in moved.items():
            if path.startswith(copy + "/"):
                path = real + path[len(copy) :]
        if path in written:
            found.append(Problem(path, p.line, p.field, p.message, p.fix, p.severity))
    return found
