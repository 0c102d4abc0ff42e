"""What `check` says about each file in tests/corpus/bad/, as a file and as the README's list.

    .venv/bin/python scripts/check_says.py           # show what would change, exit 1 if anything would
    .venv/bin/python scripts/check_says.py --write   # write tests/corpus/bad/check-says.txt and the README section

The test suite (tests/test_check_says.py) holds `check`'s output to check-says.txt word
for word, and the README's section "What `check` says" to this script's rendering of it,
so neither can drift from what people are told.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BAD = REPO / "tests" / "corpus" / "bad"
SAYS = BAD / "check-says.txt"
README = REPO / "README.md"
NOW = "2026-11-23T12:00:00+00:00"  # tests/helpers.py NOW: which events are past
START = "<!-- check-says: made by scripts/check_says.py from tests/corpus/bad/check-says.txt -->"
END = "<!-- check-says: end -->"

# The README's groups, in order: a heading for the files under each folder of content/.
GROUPS = {
    "events": "Events and series",
    "journal": "Journals and issues",
    "practice-week": "Practice weeks and visits",
    "people": "People",
    "pages": "Other pages",
    "misc": "Files in the wrong place",
}


def check_output() -> str:
    """`python -m generator check` on the bad corpus, as an author's terminal shows it."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(BAD), "check", "--now", NOW],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    return result.stdout


def section(says: str) -> str:
    """The README's list: the messages grouped by folder, each exactly as `check` prints it."""
    lines = says.rstrip("\n").splitlines()
    out = [START, ""]
    for folder, heading in GROUPS.items():
        mine = [line for line in lines if line.startswith(f"content/{folder}/")]
        if mine:
            out += [f"**{heading}**", "", "```text", *mine, "```", ""]
    out += [f"The last line of that run: `{lines[-1]}`.", "", END]
    return "\n".join(out)


def readme_with(says: str, readme: str) -> str:
    start, end = readme.index(START), readme.index(END) + len(END)
    return readme[:start] + section(says) + readme[end:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write check-says.txt and the README section")
    args = parser.parse_args(argv)
    says = check_output()
    readme = README.read_text(encoding="utf-8")
    new_readme = readme_with(says, readme)
    stale = (
        [
            p.name
            for p, old, new in ((SAYS, SAYS.read_text(encoding="utf-8"), says), (README, readme, new_readme))
            if old != new
        ]
        if SAYS.exists()
        else [SAYS.name, README.name]
    )
    if args.write:
        SAYS.write_text(says, encoding="utf-8")
        README.write_text(new_readme, encoding="utf-8")
        print(f"wrote {SAYS.relative_to(REPO)} ({len(says.splitlines())} lines) and README.md's section")
        return 0
    print("up to date" if not stale else "would change: " + ", ".join(stale))
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
