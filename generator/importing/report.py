"""What an import did, in words for the person who ran it.

"Wrote 12 events, skipped 3 (2 already imported, 1 file exists), 2 with warnings.",
then the first ten problems in the words `check` uses (path: field: what — what to do),
and where to see the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.importing.writing import Written
from generator.problems import Problem, sort_key

FIRST = 10  # problems shown; the rest are in the saved report
SAVED = "build/import-report.txt"


def _events(n: int) -> str:
    return f"{n} event{'s' if n != 1 else ''}"


@dataclass
class Report:
    source: str  # the file or folder imported, as given
    folder: str  # where the events went: content/events/…
    dry: bool
    done: Written

    def problems(self) -> list[Problem]:
        return sorted(self.done.problems, key=sort_key)

    def totals(self) -> str:
        done = self.done
        verb = "Would write" if self.dry else "Wrote"
        line = f"{verb} {_events(len(done.written)) if done.written else 'no events'}"
        skipped = sum(done.skipped.values())
        if skipped:
            why = ", ".join(f"{n} {reason}" for reason, n in sorted(done.skipped.items(), key=lambda r: (-r[1], r[0])))
            line += f", skipped {skipped} ({why})"
        if not done.written:
            return line + ("." if self.dry else ": nothing was changed.")
        troubled = {p.path for p in done.problems if p.path in done.written}
        errors = {p.path for p in done.problems if p.path in done.written and p.severity == "error"}
        line += f", {len(troubled - errors)} with warnings"
        if errors:
            line += f", {len(errors)} with errors to fix"
        return line + "."

    def text(self, saved: bool) -> str:
        """The whole report: the files, the totals, the first problems and where the rest are.
        A dry run shows each file's text; `saved`: the whole report is also in SAVED."""
        lines = []
        if self.done.written:
            verb = "Would write" if self.dry else "Wrote"
            lines.append(f"{verb} these files from {self.source} into {self.folder}/:")
            for path in self.done.written:
                lines.append(f"  {path}")
                if self.dry:
                    lines += [f"    | {line}" for line in self.done.texts[path].rstrip("\n").split("\n")]
            lines.append("")
        lines.append(self.totals())
        problems = self.problems()
        if problems:
            lines.append("Problems:" if len(problems) <= FIRST else f"The first {FIRST} of {len(problems)} problems:")
            lines += [f"  {p.format()}" for p in problems[:FIRST]]
        if len(problems) > FIRST:
            rest = len(problems) - FIRST
            where = f"all are in {SAVED}" if saved else "the import without --dry-run saves them all"
            lines.append(f"… and {rest} more: {where}; python -m generator check lists the ones it finds.")
        elif any(p.path in self.done.written for p in problems) and not self.dry:
            lines.append("Fix them in the files, then run python -m generator check.")
        return "\n".join(lines)

    def full(self) -> str:
        """The report with every problem, for SAVED."""
        lines = [self.totals(), *(p.format() for p in self.problems())]
        return "\n".join(lines) + "\n"
