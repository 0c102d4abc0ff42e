"""`new` never guesses, `check` notices what was left as `new` wrote it, and the guide's
commands are the ones a comms officer types.

`new` is run as an author runs it: without a terminal (the message that names every
option to add), in a real pseudo-terminal (the questions), and through `make` for the
commands the guide shows. The guide's prose is held to what `new` and the schema do.
"""

from __future__ import annotations

import os
import pty
import re
import select
import shlex
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.authoring import archetypes, guide
from generator.content import schema
from generator.identity import PLACEHOLDER_BODIES, PLACEHOLDER_SUMMARIES

from .helpers import NOW, REPO, copy_project, digest, load_content, make_project, md, mkdocs_build, run_cli

GUIDE = REPO / "content" / "pages" / "how-to-add-content.md"
MAKE = ["make", "--no-print-directory", "-f", str(REPO / "Makefile"), "READY=", f"BIN={Path(sys.executable).parent}"]

# (kind, title and options, the file it makes), run in this order in a copy of the example site.
NEW = [
    (
        "event",
        ["Working together: a new start", "--series", "delays-in-care-proceedings", "--start", "2027-01-12 13:30"],
        "content/events/delays-in-care-proceedings/working-together-a-new-start.md",
    ),
    (
        "event",
        ["Café Ŵ on its own", "--series", "none", "--start", "2027-02-01", "--end", "2027-02-02"],
        "content/events/cafe-w-on-its-own.md",
    ),
    ("series", ["Hearing children"], "content/events/hearing-children/_series.md"),
    ("journal", ["Practice Notes"], "content/journal/practice-notes/_journal.md"),
    (
        "issue",
        ["Relationships matter", "--journal", "strengthening-families", "--published", "2027-03-20"],
        "content/journal/strengthening-families/issue-7.md",
    ),
    (
        "week",
        ["Practice week 2024", "--start", "2024-10-07", "--end", "2024-10-11"],
        "content/practice-week/2024/_week.md",
    ),
    (
        "visit",
        ["Family support", "--year", "2023", "--place", "Swansea", "--nation", "wales", "--date", "2023-10-11"],
        "content/practice-week/2023/swansea.md",
    ),
    ("person", ["Mair Ŵyn-Jones"], "content/people/mair-wyn-jones.md"),
    ("page", ["Privacy notice"], "content/pages/privacy-notice.md"),
]


def _new(project: Path, *args: str) -> subprocess.CompletedProcess:
    return run_cli(project, "new", *args, "--now", NOW.isoformat())


def _placeholders_replaced(path: Path, kind: str) -> None:
    text = path.read_text(encoding="utf-8")
    text = text.replace(PLACEHOLDER_SUMMARIES.get(kind, "\0"), "Our own sentence.")
    path.write_text(text.replace(PLACEHOLDER_BODIES[kind], "Our own words."), encoding="utf-8")


# --- new writes what it is told ------------------------------------------------------


def test_new_makes_files_that_check_clean_once_their_placeholders_are_replaced(tmp_path: Path):
    project = copy_project(tmp_path / "p")
    for kind, args, expected in NEW:
        result = _new(project, kind, *args)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == expected
    event = (project / NEW[0][2]).read_text(encoding="utf-8")
    assert "\nstart: 2027-01-12 13:30\nformat: online\n" in event and "# end: 2027-01-12 14:30\n" in event
    assert "uid:" not in event  # an event without one gets a stable calendar id from its path
    assert "# speakers:" in event  # optional fields are there, as comments
    assert "\nstart: 2027-02-01\nend: 2027-02-02\n" in (project / NEW[1][2]).read_text(encoding="utf-8")
    visit = (project / NEW[6][2]).read_text(encoding="utf-8")
    assert "\ndate: 2023-10-11\nplace: Swansea\nnation: Wales\n" in visit
    assert "\npublished: 2027-03-20\n" in (project / NEW[4][2]).read_text(encoding="utf-8")
    assert "\nstart: 2024-10-07\nend: 2024-10-11\n" in (project / NEW[5][2]).read_text(encoding="utf-8")

    check = run_cli(project, "check", "--now", NOW.isoformat())
    lines = check.stdout.strip().splitlines()
    left = sum(kind in PLACEHOLDER_SUMMARIES for kind, *_ in NEW) + len(NEW)  # every summary, every body
    assert check.returncode == 0 and lines[-1] == f"0 errors, {left} warnings", check.stdout
    assert all("as make new wrote it" in line for line in lines[:-1]), check.stdout

    for kind, _, expected in NEW:
        _placeholders_replaced(project / expected, kind)
    check = run_cli(project, "check", "--now", NOW.isoformat())
    assert check.stdout.strip() == "0 errors, 0 warnings", check.stdout
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    page = project / "build/site/events/delays-in-care-proceedings/working-together-a-new-start/index.html"
    assert "Part 5 of 5" in page.read_text(encoding="utf-8")
    assert (project / "build/site/people/mair-wyn-jones/index.html").is_file()


def test_a_visit_is_named_from_its_place_and_nothing_is_overwritten(tmp_path: Path):
    project = copy_project(tmp_path / "p")
    visit = ["--place", "Swansea", "--nation", "Wales"]
    assert (
        _new(project, "visit", "Family support", *visit, "--date", "2023-10-11")
        .stdout.strip()
        .endswith("/2023/swansea.md")
    )
    second = _new(project, "visit", "A second visit", *visit, "--date", "2023-10-12")
    assert second.stdout.strip() == "content/practice-week/2023/swansea-2023-10-12.md"
    before = digest(project / "content")
    third = _new(project, "visit", "A third visit", *visit, "--date", "2023-10-12")
    assert third.returncode == 1
    assert "content/practice-week/2023/swansea-2023-10-12.md already exists; nothing was changed" in third.stderr
    person = _new(project, "person", "Lisa Harker")
    assert person.returncode == 1 and "content/people/lisa-harker.md already exists" in person.stderr
    assert digest(project / "content") == before
    wrong_week = _new(project, "visit", "Somewhere", "--year", "1999", *visit, "--date", "1999-10-11")
    assert wrong_week.returncode == 1 and "there is no week '1999'" in wrong_week.stderr


# --- without a terminal: one message, in the make form ---------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["visit", "Family support in Swansea"],
            'new: a visit needs its place, nation and date — run: make new KIND=visit TITLE="Family support in Swansea" '
            'ARGS="--place Swansea --nation Wales --date 2023-10-11"',
        ),
        (
            ["event", "Managers' forum"],
            'new: an event needs its series and start — run: make new KIND=event TITLE="Managers\' forum" '
            "ARGS=\"--series practice-standards-in-action --start '2026-11-30 13:30'\"",
        ),
        (
            ["issue", "Sustaining change"],
            'new: a journal issue needs its publication date — run: make new KIND=issue TITLE="Sustaining change" '
            'ARGS="--published 2024-03-20"',
        ),
        (
            ["week", "Practice week 2024"],
            'new: a practice week needs its first day and last day — run: make new KIND=week TITLE="Practice week 2024" '
            'ARGS="--start 2024-10-07 --end 2024-10-11"',
        ),
    ],
)
def test_without_a_terminal_new_names_every_missing_option(tmp_path: Path, args: list[str], message: str):
    project = copy_project(tmp_path / "p")
    before = digest(project / "content")
    result = _new(project, *args)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == message
    assert digest(project / "content") == before  # nothing is written until every answer is good


def test_the_message_lists_the_choices_and_keeps_the_answers_given(tmp_path: Path):
    project = copy_project(tmp_path / "p")
    result = _new(project, "visit", "Family support in Swansea", "--place", "Swansea")
    lines = result.stderr.splitlines()
    assert lines[0].endswith('ARGS="--place Swansea --nation Wales --date 2023-10-11"')
    assert "  --nation is one of England, Wales, Scotland or Northern Ireland" in lines
    assert "  --date is a day from 2023-10-09 to 2023-10-13" in lines
    event = _new(project, "event", "Managers' forum", "--start", "2027-03-17 13:30")
    assert event.stderr.splitlines()[0].startswith("new: an event needs its series — run:")
    assert "--start '2027-03-17 13:30'" in event.stderr
    assert (
        "  --series is one of delays-in-care-proceedings or practice-standards-in-action, "
        "or none for an event on its own" in event.stderr.splitlines()
    )


@pytest.mark.parametrize(
    "args, words",
    [
        (
            ["visit", "A visit", "--place", "Swansea", "--nation", "Wales", "--date", "2026-12-03"],
            ["--date 2026-12-03: 3 December 2026 is outside the practice week (9 to 13 October 2023)"],
        ),
        (
            ["visit", "A visit", "--place", "Swansea", "--nation", "Walse", "--date", "2023-10-11"],
            ["--nation Walse: 'Walse' is not one of the allowed values", "did you mean Wales?"],
        ),
        (["event", "An event", "--series", "none", "--start", "14:00"], ["'14:00' is a time without a date"]),
        (
            ["event", "An event", "--series", "none", "--start", "2027-03-17 13:30", "--end", "2027-03-17 12:00"],
            ["--end 2027-03-17 12:00: the event ends before it starts"],
        ),
        (["event", "An event", "--series", "nope", "--start", "2027-03-17"], ["there is no series 'nope'"]),
        (["issue", "An issue", "--published", "2024-02-30"], ["'2024-02-30' is not a real date"]),
        (["week", "A week", "--start", "2024-10-07", "--end", "2024-10-01"], ["the last day is before the first"]),
    ],
)
def test_a_bad_answer_is_refused_in_the_checks_own_words(tmp_path: Path, args: list[str], words: list[str]):
    project = copy_project(tmp_path / "p")
    before = digest(project / "content")
    result = _new(project, *args)
    assert result.returncode == 1
    for word in words:
        assert word in result.stderr
    assert digest(project / "content") == before


def test_a_visit_or_an_issue_needs_its_folder_started_first(tmp_path: Path):
    project = make_project(tmp_path / "p")
    visit = _new(project, "visit", "A visit", "--place", "Swansea", "--nation", "Wales", "--date", "2023-10-11")
    assert visit.stderr.strip() == (
        "new: a visit goes in a practice week, and there is none yet; start a practice week first: "
        'make new KIND=week TITLE="Practice week 2024" ARGS="--start 2024-10-07 --end 2024-10-11"'
    )
    given = _new(project, "visit", "A visit", "--year", "2023")
    assert "  --year 2023: there is no week yet — start a practice week first: make new KIND=week" in given.stderr
    issue = _new(project, "issue", "An issue", "--published", "2024-03-20")
    assert 'start a journal first: make new KIND=journal TITLE="Practice Notes"' in issue.stderr
    assert list((project / "content").iterdir()) == []


# --- at a terminal: the questions --------------------------------------------------------


class Terminal:
    """`python -m generator new …` in a pseudo-terminal, as someone at a keyboard runs it."""

    def __init__(self, project: Path, *args: str):
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "--root", str(project), "new", *args, "--now", NOW.isoformat()],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=REPO,
            close_fds=True,
        )
        os.close(slave)
        self.seen = ""

    def wait_for(self, text: str, timeout: float = 60) -> str:
        """Everything shown up to `text`, once it is shown."""
        end = time.monotonic() + timeout
        while text not in self.seen:
            assert time.monotonic() < end, f"waited for {text!r}; the terminal shows:\n{self.seen}"
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    self.seen += os.read(self.master, 4096).decode("utf-8").replace("\r\n", "\n")
                except OSError:  # the program has finished and the terminal is gone
                    break
        return self.seen

    def type(self, answer: str) -> None:
        os.write(self.master, answer.encode("utf-8") + b"\n")

    def close(self) -> int:
        code = self.proc.wait(timeout=60)
        os.close(self.master)
        return code


def test_at_a_terminal_new_asks_for_each_answer_until_it_is_good(tmp_path: Path):
    project = copy_project(tmp_path / "p")
    (project / "content/practice-week/2024").mkdir()
    (project / "content/practice-week/2024/_week.md").write_text(
        md("title: Practice week 2024\nstart: 2024-10-07\nend: 2024-10-11"), encoding="utf-8"
    )
    term = Terminal(project, "visit", "Family support in Swansea")
    shown = term.wait_for("Type its number or name: ")
    assert "A visit needs a few answers. Nothing is written until all are good." in shown
    assert (
        "Which practice week was it part of?\n  1. 2023 (Practice week 2023)\n  2. 2024 (Practice week 2024)" in shown
    )
    term.type("1")
    assert "Which town or city was it in?\nFor example Swansea: " in term.wait_for("For example Swansea: ")
    term.type("Swansea")
    term.wait_for("  4. Northern Ireland\nType its number or name: ")
    term.type("Walse")
    assert "'Walse' is not one of the allowed values — did you mean Wales?" in term.wait_for("did you mean Wales?")
    term.type("2")
    term.wait_for("On what day was the visit? (a day from 2023-10-09 to 2023-10-13)\nFor example 2023-10-11: ")
    term.type("2023-12-03")
    term.wait_for("3 December 2023 is outside the practice week (9 to 13 October 2023)")
    assert not (project / "content/practice-week/2023/swansea.md").exists()  # not before every answer is good
    term.type("2023-10-11")
    shown = term.wait_for('--date 2023-10-11"\n')
    assert term.close() == 0
    assert "\ncontent/practice-week/2023/swansea.md\n" in shown
    assert (
        'Next time, the same in one line: make new KIND=visit TITLE="Family support in Swansea" '
        'ARGS="--year 2023 --place Swansea --nation Wales --date 2023-10-11"' in shown
    )
    text = (project / "content/practice-week/2023/swansea.md").read_text(encoding="utf-8")
    assert "\ndate: 2023-10-11\nplace: Swansea\nnation: Wales\n" in text


def test_ctrl_d_at_a_question_writes_nothing(tmp_path: Path):
    project = copy_project(tmp_path / "p")
    before = digest(project / "content")
    term = Terminal(project, "week", "Practice week 2024")
    term.wait_for("For example 2024-10-07: ")
    os.write(term.master, b"\x04")
    assert "new: stopped; nothing was written." in term.wait_for("nothing was written.")
    assert term.close() == 1
    assert digest(project / "content") == before


def test_the_choices_are_numbered_and_none_stands_alone(tmp_path: Path):
    """The same questions through an injected `ask`, as any front end could put them."""
    project = copy_project(tmp_path / "p")
    prompts: list[str] = []
    answers = iter(["7", "3", "next Tuesday", "2027-03-17 13:30"])

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return next(answers)

    made = archetypes.create(project / "content", "event", "On its own", date(2026, 11, 23), {}, ask=ask)
    assert made.path == project / "content/events/on-its-own.md" and made.asked
    assert "  1. delays-in-care-proceedings (Learning series: delays in care proceedings)" in prompts[0]
    assert "  3. none (an event on its own)" in prompts[0]
    assert prompts[1].startswith("  there is no series '7' — use one of delays-in-care-proceedings")
    assert "'next Tuesday' is not a date we can read" in prompts[3]
    assert made.command == 'make new KIND=event TITLE="On its own" ARGS="--series none --start \'2027-03-17 13:30\'"'


# --- check notices what was left as it came ----------------------------------------------

WEEK = md("title: Practice week 2023\nstart: 2023-10-09\nend: 2023-10-13")


def _warnings(tmp_path: Path, files: dict[str, str]) -> list[str]:
    loaded = load_content(tmp_path, files)
    return [p.format() for p in loaded.problems]


def test_check_warns_of_placeholders_new_left(tmp_path: Path):
    visit = archetypes.render("visit", archetypes.context("visit", "A visit", archetypes.example_answers("visit")))
    found = _warnings(tmp_path, {"practice-week/2023/_week.md": WEEK, "practice-week/2023/swansea.md": visit})
    assert found == [
        "content/practice-week/2023/swansea.md:6: warning: summary: is still 'One sentence about the visit, shown "
        "in lists.', as make new wrote it — replace it with a sentence of your own, or remove the line",
        "content/practice-week/2023/swansea.md:22: warning: the text still has 'Write the visit note here.', "
        "as make new wrote it — replace that line with your own words",
    ]


def test_check_says_nothing_of_words_of_ones_own(tmp_path: Path):
    files = {
        "practice-week/2023/_week.md": WEEK,
        "practice-week/2023/swansea.md": md(
            "title: A visit\ndate: 2023-10-13\nplace: Swansea\nsummary: One sentence about the visit to Swansea.",
            "We wrote the visit note here, in Swansea.",
        ),
    }
    assert _warnings(tmp_path, files) == []


@pytest.mark.parametrize(
    "week, day, expected",
    [
        (
            WEEK,
            "2026-12-03",
            "3 December 2026 is outside the practice week this visit is filed under (9 to 13 October 2023)",
        ),
        (
            WEEK,
            "2023-10-08",
            "8 October 2023 is outside the practice week this visit is filed under (9 to 13 October 2023)",
        ),
        (WEEK, "2023-10-09", None),
        (WEEK, "2023-10-13", None),
        (md("title: Practice week 2023"), "2026-12-03", None),  # a week without dates cannot say
        (
            md("title: Practice week 2023\nstart: 2023-09-30\nend: 2023-10-04"),
            "2023-10-05",
            "5 October 2023 is outside the practice week this visit is filed under (30 September to 4 October 2023)",
        ),
    ],
)
def test_check_warns_of_a_visit_outside_its_week(tmp_path: Path, week: str, day: str, expected: str | None):
    visit = md(f"title: A visit\ndate: {day}\nplace: Swansea")
    found = _warnings(tmp_path, {"practice-week/2023/_week.md": week, "practice-week/2023/swansea.md": visit})
    if expected is None:
        assert found == []
    else:
        assert found == [
            f"content/practice-week/2023/swansea.md:3: warning: date: {expected} — correct the date "
            f"({'a day from 2023-10-09 to 2023-10-13' if week == WEEK else 'a day from 2023-09-30 to 2023-10-04'}), "
            "or move the file to the folder of its own week"
        ]


def test_every_template_uses_the_placeholders_check_knows():
    for kind in archetypes.KINDS:
        text = archetypes.render(kind, archetypes.example_context(kind))
        assert PLACEHOLDER_BODIES[kind] in text.split("\n---\n", 1)[1], kind
        if kind in PLACEHOLDER_SUMMARIES:
            assert f"\nsummary: {PLACEHOLDER_SUMMARIES[kind]}\n" in text, kind
    assert set(PLACEHOLDER_BODIES) == set(archetypes.KINDS)


# --- make check ends with what to do next ------------------------------------------------


def test_make_check_ends_with_the_summary_not_makes_error(tmp_path: Path):
    project = copy_project(tmp_path / "p")
    (project / "content/events/broken.md").write_text(md("title: Broken\nstart: '14:00'"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"SOURCE_DATE_EPOCH": str(int(NOW.timestamp()))}
    quiet = subprocess.run([*MAKE, "check"], cwd=project, env=env, capture_output=True, text=True, timeout=120)
    assert quiet.returncode == 0, quiet.stdout + quiet.stderr
    assert quiet.stdout.splitlines()[-1] == "1 error, 0 warnings: fix the errors above, then run make check again"
    assert "Error 1" not in quiet.stdout + quiet.stderr
    ci = subprocess.run([*MAKE, "check"], cwd=project, env=env | {"CI": "true"}, capture_output=True, text=True)
    assert ci.returncode != 0 and "Error 1" in ci.stderr  # scripts still see the failure
    (project / "content/events/broken.md").unlink()
    clean = subprocess.run([*MAKE, "check"], cwd=project, env=env, capture_output=True, text=True, timeout=120)
    assert clean.stdout.splitlines()[-1] == "0 errors, 0 warnings"


# --- the guide shows the commands a comms officer runs, and agrees with new ---------------


def _prose_commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    return [line for block in blocks for line in block.splitlines() if line.startswith("make new ")]


def _run_through_make(project: Path, commands: list[str]) -> None:
    """Each `make new` line as typed in a shell; each makes a file where WHERE says, and check finds no error."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(NOW.timestamp()))}
    for line in commands:
        result = subprocess.run([*MAKE, *shlex.split(line)[1:]], cwd=project, env=env, capture_output=True, text=True)
        assert result.returncode == 0, f"{line}\n{result.stdout}{result.stderr}"
        kind = re.search(r"KIND=(\w+)", line).group(1)
        patterns = [re.sub(r"<\w+>", "[a-z0-9-]+", re.escape(w.path)) for w in archetypes.WHERE if w.kind == kind]
        made = result.stdout.strip().splitlines()[-1]
        assert any(re.fullmatch(p, made) for p in patterns), f"{line} made {made}, not {patterns}"
    check = run_cli(project, "check", "--now", NOW.isoformat())
    assert check.returncode == 0 and check.stdout.strip().splitlines()[-1].startswith("0 errors"), check.stdout


def test_every_make_new_command_in_the_guide_runs_through_make(tmp_path: Path):
    assert len(_prose_commands()) == 1
    _run_through_make(copy_project(tmp_path / "prose"), _prose_commands())
    _run_through_make(copy_project(tmp_path / "pages"), [archetypes.example_command(k) for k in archetypes.KINDS])


def test_the_field_pages_show_make_commands_in_boxes_and_every_option():
    for kind in archetypes.KINDS:
        page = guide.pages()[f"how-to-add-content/{kind}.md"][1].decode("utf-8")
        assert "python -m generator" not in page
        assert f"```sh\n{archetypes.example_command(kind)}\n```" in page
        for q in archetypes.QUESTIONS.get(kind, ()):
            assert f"| `{q.flag}` | {q.asks} |" in page
        for row in archetypes.WHERE:
            assert (f"`{row.path}`" in page) is (row.kind == kind), (kind, row.path)


def test_the_built_guide_has_no_command_a_comms_officer_cannot_run(site: Path):
    for page in (site / "how-to-add-content").rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        assert "python -m generator" not in html, page
        for code in BeautifulSoup(html, "html.parser").select("article code"):
            text = code.get_text()
            assert not text.startswith("make new KIND=") or code.parent.name == "pre", (page, text)
    css = (site / "assets" / "site.css").read_text(encoding="utf-8")
    assert ".md-typeset pre > code.language-sh { white-space: pre-wrap; }" in css


def test_the_where_files_go_table_is_what_new_does():
    prose = GUIDE.read_text(encoding="utf-8").split("## Where files go", 1)[1].split("\n## ", 1)[0]
    rows = [[cell.strip() for cell in line.split("|")[1:3]] for line in prose.splitlines() if line.startswith("| ")]
    assert rows[2:] == [[row.what, f"`{row.path}`"] for row in archetypes.WHERE]


def test_the_guide_says_what_the_schema_says():
    prose = GUIDE.read_text(encoding="utf-8")
    required = re.search(r"^- `(\w+)` and `(\w+)` are required\. Everything else is optional\.$", prose, re.M)
    assert set(required.groups()) == {n for n, f in schema.EventMeta.model_fields.items() if f.is_required()}
    venue = re.search(r"need a `venue`\. Its `(\w+)` is required and its `(\w+)` is optional", prose)
    assert schema.Venue.model_fields[venue.group(1)].is_required()
    assert not schema.Venue.model_fields[venue.group(2)].is_required()
    kinds = re.search(r"`KIND` is what you are adding: (.*)\.$", prose, re.M).group(1)
    assert re.findall(r"`(\w+)`", kinds) == list(archetypes.KINDS)
    assert "leave out unless moving a file" in schema.EventMeta.model_fields["uid"].description
    assert "uid:" not in archetypes.render("event", archetypes.example_context("event"))


def test_every_question_is_an_option_of_new_and_in_make_help():
    helped = run_cli(REPO, "new", "--help").stdout
    for flag in archetypes.flags():
        assert flag in helped
    shown = subprocess.run([*MAKE, "help"], cwd=REPO, capture_output=True, text=True).stdout
    line = next(line for line in shown.splitlines() if line.startswith("  make new "))
    assert 'make new KIND=visit TITLE="Title" [ARGS="--place Swansea --nation Wales --date 2023-10-11"]' in line


@pytest.mark.parametrize("start", ["2027-01-29 10:00", "2027-10-31", "2028-02-29 18:00"])
def test_new_s_commented_booking_and_repeat_lines_check_clean_once_uncommented(tmp_path, start: str):
    """The example dates are fitted to the event's own start, so taking out the # is enough."""
    from generator.authoring import archetypes

    from .helpers import load_content

    text = archetypes.render("event", archetypes.context("event", "Practice clinic", {"--start": start}))
    block = re.compile(r"^# (registration:|repeat:|cancelled:|  \S)", re.MULTILINE)
    lines, inside = [], False
    for line in text.splitlines():
        starts = line.startswith(("# registration:", "# repeat:", "# cancelled:"))
        inside = starts or (inside and line.startswith("#   "))
        lines.append(line[2:] if inside and block.match(line) else line)
    opened = "\n".join(lines) + "\n"
    assert "\nrepeat:\n  every: month\n" in opened and "\nregistration:\n  url: " in opened
    loaded = load_content(tmp_path, {"events/practice-clinic.md": opened}, now=NOW)
    assert [p.format() for p in loaded.problems if p.severity == "error"] == []
    (item,) = loaded.events
    assert len(item.occurrences) == 5  # six in the run, one of them left out
    assert sum(o.cancelled for o in item.occurrences) == 1
