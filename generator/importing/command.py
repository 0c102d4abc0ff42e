"""`python -m generator import ics FILE` and `import events-calendar FOLDER`: read, write, report."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.content.settings import Settings
from generator.importing import events_calendar, ics
from generator.importing.incoming import Incoming, Skipped
from generator.importing.report import SAVED, Report
from generator.importing.writing import Check, folder_for, write

SOURCES = ("ics", "events-calendar")
AHEAD = timedelta(days=366)  # how far a rule without end is written out


def read(kind: str, source: Path, settings: Settings, now: datetime) -> list[Incoming | Skipped]:
    if kind == "ics":
        horizon = (now.astimezone(ZoneInfo(settings.timezone)) + AHEAD).date()
        return ics.read(source, settings.timezone, horizon)
    return events_calendar.read(source, settings.timezone)


def run(
    kind: str,
    source: Path,
    root: Path,
    content: Path,
    settings: Settings,
    now: datetime,
    series: str | None,
    dry: bool,
    check: Check,
) -> str:
    """Import, and return the report to print; the whole report is saved in build/ unless a dry run.
    Raises incoming.SourceError when the source cannot be read or the series does not exist."""
    folder = folder_for(content, series)
    events = read(kind, source, settings, now)
    done = write(events, root, content, settings, series, check, dry)
    shown = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else folder.as_posix()
    report = Report(str(source), shown, dry, done)
    if not dry:
        saved = root / SAVED
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_text(report.full(), encoding="utf-8")
    return report.text(saved=not dry)
