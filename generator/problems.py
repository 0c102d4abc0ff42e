"""Problems found in content, worded for the comms staff who fix them."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the project root, as the author sees it in their editor
    line: int | None
    field: str | None
    message: str
    fix: str = ""
    severity: str = "error"  # "error" stops the build; "warning" does not

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        fix = f" — {self.fix}" if self.fix else ""
        label = "" if self.severity == "error" else " warning:"
        return f"{where}:{label}{field} {self.message}{fix}"


class ContentError(Exception):
    """Raised when content has errors; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=sort_key)
        errors = [p for p in self.problems if p.severity == "error"]
        super().__init__(f"{len(errors)} error(s) in content")

    def report(self) -> str:
        return format_report(self.problems)


def sort_key(p: Problem):
    return (p.path, p.line or 0, p.field or "", p.message)


def format_report(problems: list[Problem]) -> str:
    problems = sorted(problems, key=sort_key)
    return "\n".join([*(p.format() for p in problems), totals(problems)])


def totals(problems: list[Problem]) -> str:
    """'3 errors, 1 warning': how every report of problems ends."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    return f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"


def kind(p: Problem) -> str:
    """What sort of problem this is, without the file's own details: its field and
    message with quoted names and numbers left out."""
    message = re.sub(r"'[^']*'|\d+", "…", p.message)
    return f"{p.field}: {message}" if p.field else message


def summary(problems: list[Problem], first: int = 5, limit: int = 10) -> str:
    """For a build: every problem when there are few; else the first few, a count
    of each kind, and where to see them all."""
    if len(problems) <= limit:
        return format_report(problems)
    problems = sorted(problems, key=sort_key)
    lines = [p.format() for p in problems[:first]]
    lines.append(f"… and {len(problems) - first} more. {totals(problems)} in all:")
    counts = Counter((p.severity, kind(p)) for p in problems)
    for (severity, what), n in sorted(counts.items(), key=lambda c: (c[0][0] != "error", -c[1], c[0][1])):
        lines.append(f"  {n:>5} {severity}{'s' if n != 1 else ''}: {what}")
    lines.append("Run make check (python -m generator check) to list them all.")
    return "\n".join(lines)
