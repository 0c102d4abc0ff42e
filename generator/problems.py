"""Problems found in content, worded for the comms staff who fix them."""

from __future__ import annotations

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
    lines = [p.format() for p in problems]
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    lines.append(f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}")
    return "\n".join(lines)
