"""Starting files for `new`: one template per content type, in the right folder.

Like Hugo's archetypes: the new file has the required fields filled in and the
optional ones as comments. `new` never guesses what only the author knows (a
visit's place, nation and date, an event's start and series, a week's days, an
issue's journal and publication date): each is a `Question`, answered by an
option, asked at a terminal, or named in the message that says what to add. The
command line's options, the prompts and the guide's pages all come from QUESTIONS
and WHERE. Nothing is written until every answer is good, and never over a file.
"""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined

from generator.content import unfinished
from generator.content.reader import ContentLoader, read_document
from generator.content.recurrence import Rule
from generator.content.schema import FieldError, VisitMeta, parse_day, parse_when
from generator.identity import GROUP_FILES, PLACEHOLDER_BODIES, PLACEHOLDER_SUMMARIES, slugify

KINDS = ("event", "series", "issue", "journal", "visit", "week", "person", "page")

# How messages name each kind, and a title for the examples in messages and the guide.
NOUNS = {
    "event": "an event",
    "series": "a series",
    "issue": "a journal issue",
    "journal": "a journal",
    "visit": "a visit",
    "week": "a practice week",
    "person": "a person",
    "page": "a page",
}
EXAMPLE_TITLES = {
    "event": "Reflective supervision for managers",
    "series": "Hearing children",
    "issue": "Sustaining change",
    "journal": "Practice Notes",
    "visit": "Family support in Swansea",
    "week": "Practice week 2024",
    "person": "Mair Ŵyn-Jones",
    "page": "Privacy notice",
}


class NewError(Exception):
    """A reason `new` cannot write the file, in plain words."""


# --- the questions ------------------------------------------------------------------


@dataclass
class Known:
    """What `new` knows while it asks: the content folder, today, and the answers so far (by flag)."""

    content: Path | None  # None for the guide's examples, which belong to no site
    today: date
    answers: dict[str, str] = field(default_factory=dict)

    def folders(self, section: str) -> list[str]:
        """The series, journals or weeks there are: the folders of a section with their own file."""
        if self.content is None:
            return []
        return sorted(p.parent.name for p in (self.content / section).glob(f"*/{GROUP_FILES[section]}"))

    def front_matter(self, section: str, name: str) -> dict:
        path = self.content / section / name / GROUP_FILES[section] if self.content else None
        if path is None or not path.is_file():
            return {}
        doc, _ = read_document(path, name)
        return doc.meta if doc is not None and isinstance(doc.meta, dict) else {}

    def week(self) -> tuple[date | None, date | None]:
        """The first and last day of the visit's week, once it is known and where its file gives them."""
        year = self.answers.get("--year")
        if year is None:
            return None, None
        meta = self.front_matter("practice-week", year)
        return _day_or_none(meta.get("start")), _day_or_none(meta.get("end"))


def _day_or_none(value) -> date | None:
    try:
        return parse_day(value) if value is not None else None
    except FieldError:
        return None  # check reports a week's bad dates; here they just cannot narrow the answer


@dataclass(frozen=True)
class Question:
    """One thing `new` must be told, and how to ask for it in plain words."""

    flag: str  # the option that answers it: --place
    name: str  # what messages call it: "a visit needs its place, nation and date"
    asks: str  # the question at a terminal
    example: str  # an answer, for the guide and for messages
    read: Callable[[str, Known, Question], str]  # the answer as the file holds it; raises FieldError
    field: str | None = None  # the template's name for the answer, when the file holds it
    choices: tuple[str, ...] = ()  # the only answers there are
    folder: str | None = None  # the answers are the folders of this section of content/
    none: str | None = None  # the answer that means "none of those folders"
    optional: bool = False  # an option only: never asked, never missing

    def options(self, known: Known) -> list[str]:
        if self.folder is None:
            return list(self.choices)
        return known.folders(self.folder) + ([self.none] if self.none else [])


def _text(value: str, known: Known, q: Question) -> str:
    text = " ".join(value.split())
    if not text:
        raise FieldError(f"the {q.name} is empty", f"type it, for example {q.example}")
    return text


def _nation(value: str, known: Known, q: Question) -> str:
    # The same check `check` gives the field: the schema's own validator of a nation.
    checks = [m.func for m in VisitMeta.model_fields["nation"].metadata if hasattr(m, "func")]
    return checks[0](value)


def _day(value: str, known: Known, q: Question) -> str:
    return parse_day(value.strip()).isoformat()


def _when(value: str, known: Known, q: Question) -> str:
    return _written(parse_when(value.strip()))


def _written(when: date | datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M") if isinstance(when, datetime) else when.isoformat()


def _visit_day(value: str, known: Known, q: Question) -> str:
    day = parse_day(value.strip())
    start, end = known.week()
    if unfinished.outside(day, start, end):
        raise FieldError(
            f"{unfinished.spoken(day)} is outside the practice week ({unfinished.span(start, end)})",
            f"give {unfinished.between(start, end)}",
        )
    return day.isoformat()


def _event_end(value: str, known: Known, q: Question) -> str:
    end = parse_when(value.strip())
    start = parse_when(known.answers["--start"]) if "--start" in known.answers else None
    if start is None:
        return _written(end)
    if isinstance(start, datetime) != isinstance(end, datetime):
        raise FieldError(
            "the start and the end must both have a time, or both be dates alone",
            "give the end like the start: 2027-03-17 15:00, or a last day such as 2027-03-18",
        )
    if end < start or (isinstance(end, datetime) and end == start):
        raise FieldError("the event ends before it starts", "times use the 24-hour clock (3:30pm is 15:30)")
    return _written(end)


def _last_day(value: str, known: Known, q: Question) -> str:
    last = parse_day(value.strip())
    first = known.answers.get("--start")
    if first is not None and last < parse_day(first):
        raise FieldError(f"the last day is before the first day ({first})", "give the week's last day")
    return last.isoformat()


def _member(value: str, known: Known, q: Question) -> str:
    names = q.options(known)
    wanted = value.strip()
    if not names:
        starter = _FOLDER_KINDS[q.folder]
        raise FieldError(f"there is no {q.name} yet", f"start {NOUNS[starter]} first: {example_command(starter)}")
    for name in names:
        if wanted.lower() == name.lower() or slugify(wanted) == name:
            return name
    raise FieldError(f"there is no {q.name} '{wanted}'", f"use {_one_of(names)}")


def _one_of(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return "one of " + ", ".join(names[:-1]) + f" or {names[-1]}"


_SERIES = Question(
    "--series",
    "series",
    "Which series is the event part of? (none: an event on its own)",
    "practice-standards-in-action",
    _member,
    folder="events",
    none="none",
)
_START = Question(
    "--start",
    "start",
    "When does it start? The date and the 24-hour time, or the date alone for an all-day event",
    "2027-03-17 13:30",
    _when,
    field="start",
)
_END = Question(
    "--end",
    "end",
    "When does it end? (if left out: an hour after the start; for an all-day event, the last day)",
    "2027-03-17 15:00",
    _event_end,
    field="end",
    optional=True,
)
_NATIONS = tuple(typing.get_args(typing.get_args(VisitMeta.model_fields["nation"].annotation)[0]))

# What `new` asks for each kind of file, in the order it asks.
QUESTIONS: dict[str, tuple[Question, ...]] = {
    "event": (_SERIES, _START, _END),
    "week": (
        Question("--start", "first day", "What is the week's first day?", "2024-10-07", _day, field="start"),
        Question("--end", "last day", "What is its last day?", "2024-10-11", _last_day, field="end"),
    ),
    "issue": (
        Question(
            "--journal", "journal", "Which journal is it in?", "strengthening-families", _member, folder="journal"
        ),
        Question("--published", "publication date", "On what day is it published?", "2024-03-20", _day, "published"),
    ),
    "visit": (
        Question("--year", "week", "Which practice week was it part of?", "2023", _member, folder="practice-week"),
        Question("--place", "place", "Which town or city was it in?", "Swansea", _text, field="place"),
        Question("--nation", "nation", "Which nation is that in?", "Wales", _nation, "nation", choices=_NATIONS),
        Question("--date", "date", "On what day was the visit?", "2023-10-11", _visit_day, field="date"),
    ),
}

# The kind of file that starts each folder a question chooses from.
_FOLDER_KINDS = {"events": "series", "journal": "journal", "practice-week": "week"}


def flags() -> dict[str, list[tuple[str, Question]]]:
    """Every option `new` takes, with the kinds that take it."""
    out: dict[str, list[tuple[str, Question]]] = {}
    for kind, questions in QUESTIONS.items():
        for q in questions:
            out.setdefault(q.flag, []).append((kind, q))
    return out


# --- where the file goes ------------------------------------------------------------


@dataclass(frozen=True)
class Where:
    """A row of the guide's table of where files go; `path` is also how `new` makes the name."""

    what: str
    kind: str
    path: str  # <series>, <title>, <place> and the like are filled in, slugified
    naming: str  # how `new` names it, in words, for the kind's page of the guide
    fallback: str | None = None  # the name when the first is taken


_SLUG = "in lower case with hyphens between the words"
WHERE = (
    Where(
        "A series of events",
        "series",
        "content/events/<series>/_series.md",
        f"the folder is named from the title, {_SLUG}",
    ),
    Where("An event in a series", "event", "content/events/<series>/<title>.md", f"named from the title, {_SLUG}"),
    Where("An event on its own", "event", "content/events/<title>.md", f"named from the title, {_SLUG}"),
    Where(
        "A journal", "journal", "content/journal/<journal>/_journal.md", f"the folder is named from the title, {_SLUG}"
    ),
    Where(
        "A journal issue",
        "issue",
        "content/journal/<journal>/issue-<number>.md",
        "numbered after the journal's last issue, unless `ARGS` gives a number, like `--number 7`",
    ),
    Where(
        "A practice week", "week", "content/practice-week/<year>/_week.md", "the folder is the year of its first day"
    ),
    Where(
        "A practice week visit",
        "visit",
        "content/practice-week/<year>/<place>.md",
        f"named from the place, {_SLUG}; if that file exists, from the place and the date",
        fallback="content/practice-week/<year>/<place>-<date>.md",
    ),
    Where(
        "A person",
        "person",
        "content/people/<name>.md",
        f"named from their name, {_SLUG}; this is the id other files use for them",
    ),
    Where("Any other page", "page", "content/pages/<title>.md", f"named from the title, {_SLUG}"),
)


def _fill(pattern: str, values: dict[str, str], content: Path) -> Path | None:
    """The pattern's path under `content`, or None if it needs a value there is not."""
    names = re.findall(r"<(\w+)>", pattern)
    if any(n not in values for n in names):
        return None
    rel = re.sub(r"<(\w+)>", lambda m: values[m.group(1)], pattern).removeprefix("content/")
    return content / rel


def _values(kind: str, title: str, answers: dict[str, str], known: Known, number: int | None) -> dict[str, str]:
    slug = slugify(title)
    values = {"title": slug, "name": slug}
    if kind in ("series", "journal"):
        values[kind] = slug
    if answers.get("--series", "none") != "none":
        values["series"] = answers["--series"]
    if kind == "issue":
        values["journal"] = answers["--journal"]
        values["number"] = str(number or _next_issue(known.content / "journal" / answers["--journal"]))
    if kind == "week":
        values["year"] = answers["--start"][:4]
    if kind == "visit":
        values.update(year=answers["--year"], place=slugify(answers["--place"]), date=answers["--date"])
    return values


def target(kind: str, values: dict[str, str], content: Path) -> Path:
    """Where the new file goes: the first row of WHERE for the kind that the values fill, or its
    fallback when that file exists."""
    for row in WHERE:
        path = _fill(row.path, values, content) if row.kind == kind else None
        if path is None:
            continue
        if path.exists() and row.fallback:
            return _fill(row.fallback, values, content) or path
        return path
    raise NewError(f"there is no place for {NOUNS[kind]} with these answers")  # WHERE covers every kind


def _next_issue(folder: Path) -> int:
    numbers = [0]
    for path in folder.glob("*.md"):
        match = re.search(r"^issue:\s*(\d+)\s*$", path.read_text(encoding="utf-8-sig", errors="replace"), re.M)
        if match:
            numbers.append(int(match.group(1)))
    return max(numbers) + 1


# --- the make command ---------------------------------------------------------------


def _quoted(value: str) -> str:
    """A value inside ARGS="…": bare when it is one plain word, else in single quotes (or, holding
    an apostrophe, in escaped double quotes)."""
    if re.fullmatch(r"[\w.,:/@+-]+", value):
        return value
    if "'" not in value:
        return f"'{value}'"
    return '\\"' + re.sub(r'(["\\$`])', r"\\\1", value) + '\\"'


def option(flag: str, value: str) -> str:
    """One option as ARGS holds it: --start '2027-03-17 13:30'."""
    return f"{flag} {_quoted(value)}"


def command(kind: str, title: str, args: list[tuple[str, str]]) -> str:
    """The `make new` line a comms officer types, e.g. make new KIND=visit TITLE="…" ARGS="--place Swansea"."""
    title = re.sub(r'(["\\$`])', r"\\\1", title.strip())
    line = f'make new KIND={kind} TITLE="{title}"'
    if args:
        line += ' ARGS="' + " ".join(option(flag, value) for flag, value in args) + '"'
    return line


def example_command(kind: str) -> str:
    """The guide's command for a kind: every question answered with its example, optional ones aside."""
    args = [(q.flag, q.example) for q in QUESTIONS.get(kind, ()) if not q.optional]
    return command(kind, EXAMPLE_TITLES[kind], args)


def first_date(today: date) -> date:
    """An example day for a new event's start in messages (never written to a file): a weekday
    at least a week ahead, so an answer copied from it checks clean and stays plausible."""
    day = today + timedelta(days=7)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _example(q: Question, known: Known) -> str:
    """An answer for a message, fitted to this site where the guide's example would not do."""
    if q.folder is not None:
        names = known.folders(q.folder)
        return names[-1] if names else q.example
    if q.read is _when:
        return f"{first_date(known.today)} 13:30"
    if q.read is _visit_day:
        start, end = known.week()
        if start is not None and unfinished.outside(parse_day(q.example), start, end):
            return start.isoformat()
    return q.example


def _hint(q: Question, known: Known) -> str | None:
    """What the answer may be, when not just anything of the example's form will do."""
    names = [name for name in q.options(known) if name != q.none]
    if names:
        return _one_of(names) + (f", or {q.none} for an event on its own" if q.none else "")
    if q.read is _visit_day and known.week() != (None, None):
        return unfinished.between(*known.week())
    return None


# --- asking -------------------------------------------------------------------------


Ask = Callable[[str], str]  # shows a prompt, returns what was typed: `input` at a terminal


@dataclass
class _Gathering:
    """The answers to one kind's questions, from the options given and, at a terminal, from asking."""

    kind: str
    title: str
    known: Known
    given: dict[str, str]
    ask: Ask | None
    automatic: set[str] = field(default_factory=set)  # flags with only one possible answer
    missing: list[Question] = field(default_factory=list)
    wrong: list[tuple[Question, str]] = field(default_factory=list)  # the question and what is wrong
    intro: bool = True  # the first prompt says what is going on

    def run(self) -> dict[str, str]:
        for q in QUESTIONS.get(self.kind, ()):
            self.answer(q)
        if self.missing or self.wrong:
            raise NewError(self.message())
        return self.known.answers

    def answer(self, q: Question) -> None:
        text = self.given.get(q.flag)
        if text is None:
            text = self.unasked(q)
            if text is None and q.optional:
                return
        note = ""
        if text is not None:
            try:
                self.known.answers[q.flag] = q.read(text, self.known, q)
                return
            except FieldError as exc:
                note = f"{q.flag} {text}: {exc.message} — {exc.fix}"
                if self.ask is None:
                    self.wrong.append((q, note))
                    return
        if self.ask is None:
            self.missing.append(q)
        else:
            self.known.answers[q.flag] = self.prompt(q, note)

    def unasked(self, q: Question) -> str | None:
        """The answer when there is only one: the only week or journal, or no series at all."""
        if q.folder is None:
            return None
        names = self.known.folders(q.folder)
        if not names and not q.none:
            starter = _FOLDER_KINDS[q.folder]
            raise NewError(
                f"{NOUNS[self.kind]} goes in {NOUNS[starter]}, and there is none yet; "
                f"start {NOUNS[starter]} first: {example_command(starter)}"
            )
        if names and (q.none or len(names) > 1):
            return None
        self.automatic.add(q.flag)
        return names[0] if names else q.none

    def prompt(self, q: Question, note: str) -> str:
        """Ask until the answer is good; a number picks from the choices shown."""
        choices = q.options(self.known)
        lines = [note] if note else []
        if self.intro:
            lines.append(f"{NOUNS[self.kind].capitalize()} needs a few answers. Nothing is written until all are good.")
            self.intro = False
        hint = _hint(q, self.known) if not choices else None
        lines.append(f"{q.asks} ({hint})" if hint else q.asks)
        lines += [f"  {n}. {self.label(q, name)}" for n, name in enumerate(choices, 1)]
        short = "Type its number or name: " if choices else f"For example {_example(q, self.known)}: "
        while True:
            text = self.ask("\n".join([*lines, short]))
            if choices and text.strip().isdigit() and 1 <= int(text) <= len(choices):
                text = choices[int(text) - 1]
            if not text.strip():
                lines = ["  Type an answer, or press Ctrl-C to stop without writing anything."]
                continue
            try:
                return q.read(text, self.known, q)
            except FieldError as exc:
                lines = [f"  {exc.message} — {exc.fix}"]

    def label(self, q: Question, name: str) -> str:
        if name == q.none:
            return f"{name} (an event on its own)"
        title = self.known.front_matter(q.folder, name).get("title") if q.folder else None
        return f"{name} ({title})" if title else name

    def args(self, examples: list[Question] = ()) -> list[tuple[str, str]]:
        """The options of the make command: the answers not worked out alone, or examples."""
        out = []
        for q in QUESTIONS.get(self.kind, ()):
            if q in examples:
                out.append((q.flag, _example(q, self.known)))
            elif q.flag in self.known.answers and q.flag not in self.automatic:
                out.append((q.flag, self.known.answers[q.flag]))
        return out

    def message(self) -> str:
        """Without a terminal: one message naming every option to add, as a make command."""
        named = [q for q in QUESTIONS[self.kind] if q in self.missing or any(q is w for w, _ in self.wrong)]
        listed = " and ".join(", ".join(q.name for q in named).rsplit(", ", 1))
        lines = [f"{NOUNS[self.kind]} needs its {listed} — run: {command(self.kind, self.title, self.args(named))}"]
        lines += [f"  {note}" for _, note in self.wrong]
        lines += [f"  {q.flag} is {hint}" for q in self.missing if (hint := _hint(q, self.known))]
        if self.missing:
            lines.append("  Put your own answers in place of the examples.")
        return "\n".join(lines)


# --- writing ------------------------------------------------------------------------


def _yaml(text: str) -> str:
    """The text as a YAML value: bare where that reads back the same, else quoted."""
    try:
        loader = ContentLoader(f"v: {text}")
        same = loader.get_single_data() == {"v": text}
        loader.dispose()
    except yaml.YAMLError:
        same = False
    return text if same else json.dumps(text, ensure_ascii=False)


# Fields an event's template writes in place of their commented example when given one
# (generator.importing fills them from another calendar); `new` gives none of them, so
# its files, the guide's examples and the editor's outline keep the examples.
FILLED_IN = {
    "format": "online",
    **dict.fromkeys(
        ("timezone", "venue", "registration", "recording", "repeat", "cancelled", "tags", "status", "contact"), None
    ),
    "image": None,
    "uid": None,
}


def templates(yaml_filter) -> Environment:
    """`new`'s templates, with `yaml_filter` writing each answer (the editor's outline
    passes the answers through as they are)."""
    env = Environment(
        loader=PackageLoader("generator.authoring", "archetypes"),
        autoescape=False,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters["yaml"] = yaml_filter
    env.globals.update(FILLED_IN)
    return env


_ENV = templates(_yaml)


def context(kind: str, title: str, answers: dict[str, str], number: int | None = None) -> dict:
    """What a template is filled with: the title, the answers by field, and the placeholder words."""
    ctx = {
        "title": title.strip(),
        "slug": slugify(title),
        "summary": PLACEHOLDER_SUMMARIES.get(kind, ""),
        "body": PLACEHOLDER_BODIES[kind],
        "number": number,
        "end": None,
    }
    for q in QUESTIONS.get(kind, ()):
        if q.field and q.flag in answers:
            ctx[q.field] = answers[q.flag]
    if kind == "event":
        start = parse_when(ctx["start"])
        later = start + timedelta(hours=1) if isinstance(start, datetime) else start
        ctx["end_example"] = _written(later)  # the commented end: what the site shows while it stays out
        ctx.update(_programme_examples(start))
    return ctx


def _programme_examples(start: date | datetime) -> dict[str, str]:
    """Dates for the commented booking and repeat lines that fit the event's own start, so the
    lines check as they are once their # is taken out: a monthly run of six with its 2nd date
    left out and its 3rd cancelled, and booking from eight weeks before until two days before."""
    first = start.date() if isinstance(start, datetime) else start
    run = Rule(every="month", until=None, count=6).runs(first, 6)
    return {
        "repeat_until": run[-1].isoformat(),
        "repeat_except": run[1].isoformat(),
        "repeat_cancelled": run[2].isoformat(),
        "booking_opens": (first - timedelta(weeks=8)).isoformat(),
        "booking_closes": f"{first - timedelta(days=2)} 17:00",
    }


def example_answers(kind: str) -> dict[str, str]:
    """Every question of a kind answered by its example, as the guide shows them."""
    known = Known(None, date.min)
    for q in QUESTIONS.get(kind, ()):
        known.answers[q.flag] = q.example if q.folder else q.read(q.example, known, q)
    return known.answers


def example_context(kind: str) -> dict:
    """A template's context with every question answered by its example, for the guide."""
    return context(kind, EXAMPLE_TITLES[kind], example_answers(kind), number=6)


def example_path(kind: str) -> str:
    """Where the guide's example command puts its file."""
    values = _values(kind, EXAMPLE_TITLES[kind], example_answers(kind), Known(None, date.min), 6)
    found = (_fill(row.path, values, Path("content")) for row in WHERE if row.kind == kind)
    return next(path for path in found if path is not None).as_posix()


def render(kind: str, ctx: dict) -> str:
    return _ENV.get_template(f"{kind}.md.j2").render(**ctx)


@dataclass(frozen=True)
class Made:
    path: Path
    command: str  # the make command that makes the same file without a question
    asked: bool  # whether any answer came from a question at the terminal


def create(
    content: Path,
    kind: str,
    title: str,
    today: date,
    given: dict[str, str | None] | None = None,
    number: int | None = None,
    ask: Ask | None = None,
) -> Made:
    """Write the new file once every question is answered: by `given` (by flag), else by `ask`."""
    if kind not in KINDS:
        raise NewError(f"'{kind}' is not something `new` can make; choose one of: {', '.join(KINDS)}")
    if not title.strip():
        raise NewError(f'give a title in quotes, like make new KIND={kind} TITLE="{EXAMPLE_TITLES[kind]}"')
    given = {flag: value for flag, value in (given or {}).items() if value is not None}
    gathering = _Gathering(kind, title, Known(content, today), given, ask)
    answers = gathering.run()
    values = _values(kind, title, answers, gathering.known, number)
    path = target(kind, values, content)
    if path.exists():
        shown = path.relative_to(content.parent) if path.is_relative_to(content.parent) else path
        named_by = {"visit": "place or date", "issue": "--number"}.get(kind, "title")
        raise NewError(f"{shown} already exists; nothing was changed. Edit that file, or give another {named_by}")
    ctx = context(kind, title, answers, int(values["number"]) if "number" in values else None)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite, even in a race
        handle.write(render(kind, ctx))
    extra = [("--number", str(number))] if number else []
    return Made(path, command(kind, title, gathering.args() + extra), asked=not gathering.intro)
