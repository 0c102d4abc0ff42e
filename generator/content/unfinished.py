"""What was left as `new` wrote it, and visits dated outside their practice week.

`new` starts a file with placeholder words where the author's own belong
(identity.PLACEHOLDER_SUMMARIES and PLACEHOLDER_BODIES). Published, they would show
"One sentence about the visit" in a list, so `check` warns while any is left. These
are warnings, not errors: a draft may be checked, and previewed, before it is done.
"""

from __future__ import annotations

from datetime import date

from generator.identity import PLACEHOLDER_BODIES, PLACEHOLDER_SUMMARIES
from generator.problems import Problem

_SUMMARIES = frozenset(PLACEHOLDER_SUMMARIES.values())
_BODIES = frozenset(PLACEHOLDER_BODIES.values())


def problems(loaded) -> list[Problem]:
    """Warnings for every valid item of `loaded` (a loader.Loaded, which imports this module)."""
    items = [
        *loaded.series.values(),
        *loaded.events,
        *loaded.journals.values(),
        *loaded.issues,
        *loaded.weeks.values(),
        *loaded.visits,
        *loaded.people.values(),
        *loaded.pages,
    ]
    found = [p for item in items for p in _placeholders(item.doc, getattr(item.meta, "summary", None))]
    for visit in loaded.visits:
        week = loaded.weeks.get(visit.group)
        if week is not None:
            found += _outside_week(visit.doc, visit.meta.date, week.meta.start, week.meta.end)
    return found


def _placeholders(doc, summary: str | None) -> list[Problem]:
    found = []
    if summary and " ".join(summary.split()) in _SUMMARIES:
        found.append(
            Problem(
                doc.rel,
                doc.line("summary"),
                "summary",
                f"is still '{summary.strip()}', as make new wrote it",
                "replace it with a sentence of your own, or remove the line",
                "warning",
            )
        )
    for n, line in enumerate(doc.body.splitlines()):
        if line.strip() in _BODIES:
            found.append(
                Problem(
                    doc.rel,
                    doc.body_line + n,
                    None,
                    f"the text still has '{line.strip()}', as make new wrote it",
                    "replace that line with your own words",
                    "warning",
                )
            )
    return found


def _outside_week(doc, day: date, start: date | None, end: date | None) -> list[Problem]:
    if not outside(day, start, end):
        return []
    return [
        Problem(
            doc.rel,
            doc.line("date"),
            "date",
            f"{spoken(day)} is outside the practice week this visit is filed under ({span(start, end)})",
            f"correct the date ({between(start, end)}), or move the file to the folder of its own week",
            "warning",
        )
    ]


def outside(day: date, start: date | None, end: date | None) -> bool:
    """Whether a visit on `day` falls outside a week that runs from `start` to `end` (either may be unknown)."""
    return (start is not None and day < start) or (end is not None and day > end)


def spoken(day: date) -> str:
    """'9 October 2023'."""
    return f"{day.day} {day:%B %Y}"


def span(start: date | None, end: date | None) -> str:
    """'9 to 13 October 2023', '30 September to 4 October 2023', 'from 9 October 2023'."""
    if start is None or end is None:
        return f"from {spoken(start)}" if start else f"until {spoken(end)}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} to {spoken(end)}"
    if start.year == end.year:
        return f"{start.day} {start:%B} to {spoken(end)}"
    return f"{spoken(start)} to {spoken(end)}"


def between(start: date | None, end: date | None) -> str:
    """The dates as they are typed: 'a day from 2023-10-09 to 2023-10-13'."""
    if start is None or end is None:
        return f"a day on or after {start}" if start else f"a day on or before {end}"
    return f"a day from {start} to {end}"
