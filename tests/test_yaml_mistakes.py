"""Front matter YAML cannot read: each mistake made by hand gets a message in plain
words, at the line where the mistake is, with the person's own line put right."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.content import yaml_mistakes
from generator.content.reader import read_document

from .helpers import BAD, NOW, run_cli

# Every file of tests/corpus/bad/content/events/ with a YAML mistake in it, and the whole line `check` prints for it.
EXPECTED = {
    "malformed-yaml.md": "2: the quote that opens this value is not closed — add the closing quote at the end: "
    '`title: "Unclosed quote"`',
    "yaml-tab.md": "6: this line is indented with a tab, and front matter is indented with spaces only — "
    "replace the tab with two spaces",
    "yaml-curly-quotes.md": "2: the value is in curly quotes (“ ”), which front matter does not read as quotes — "
    'use straight quotes: `title: "Leaders: a shared vision"`',
    "yaml-colon-in-value.md": "2: the value has a colon followed by a space, which front matter reads as the start "
    'of another field — put the value in double quotes: `title: "Webinar: family group conferences"`',
    "yaml-apostrophe-in-quotes.md": "2: the apostrophe in children's is read as the closing quote of the value — "
    'put double quotes around the value instead: `title: "Hearing children\'s voices in court"`',
    "yaml-text-after-quotes.md": "2: the value goes on after its closing quote — put the quotes around the whole "
    'value: `title: "\\"Delay\\" and what we can do about it"`',
    "yaml-no-space-after-dash.md": "7: there is no space after the dash of this list item — add a space after the "
    "dash: `- name: Ben Price`",
    "yaml-no-space-after-colon.md": "2: there is no space after the colon in `title:` — add a space after the colon: "
    "`title: Leaders in practice`",
    "yaml-no-spaces-after-colons.md": "2: there is no space after the colon in `title:` — add a space after the "
    "colon: `title: Leaders in practice`, and the same on line 3",
    "yaml-no-break-space.md": "2: the space after the colon is a no-break space (copied from Word or an email, "
    "perhaps) — delete it and type an ordinary space: `title: Leaders in practice`",
    "yaml-line-without-colon.md": "2: this line has no colon, so it is not a field — put a colon after the field's "
    "name, like `title: Leaders in practice`; if the line belongs to the value above, indent it by two spaces",
    "yaml-indented-too-far.md": "7: `address:` is indented further than `name:` on line 6 — line it up with "
    "`name:` (2 spaces in from the left edge)",
    "yaml-indented-too-little.md": "7: `address:` does not line up with any line above it — line it up with "
    "`name:` on line 6 (2 spaces in from the left edge)",
    "yaml-field-under-value.md": "6: `address:` is indented under `venue:` on line 5, but `venue:` already has a "
    "value — line it up with `venue:` (at the left edge); or, if it belongs under `venue:`, leave nothing after "
    "that colon and put the value on a line of its own",
    "yaml-field-among-list-items.md": "6: `role:` lines up with the dash of the list item on line 5, not with a "
    "field — line it up with `name:` on line 5 (4 spaces in from the left edge)",
    "yaml-list-item-not-under-field.md": "5: this list item is not under a field: `chair:` on line 4 already has a "
    "value — put it under the field it belongs to (a line like `speakers:` with nothing after the colon), two "
    "spaces further in, or remove the dash if it is a field of its own",
    "yaml-value-starts-with-at.md": "4: the value starts with @, which a value can only do inside quotes — put the "
    'value in double quotes: `summary: "@FamilyRightsGrp will live-tweet the session."`',
    "yaml-value-starts-with-star.md": "4: the value starts with *, which front matter reads as a reference to "
    'another value — put the value in double quotes: `summary: "*Free* for members of the network."`',
    "yaml-unclosed-bracket.md": "3: the [ at the start of this value is not closed with ] — add ] at the end: "
    "`tags: [care proceedings, delay]`, or put the value in double quotes",
    "yaml-control-character.md": "4: this line has a hidden character in it that front matter does not allow "
    "(U+000B) — it came in with a copy and paste from another program: delete the line and type it again",
}

# What the YAML reader says, which means nothing to the person who wrote the file.
READER_WORDS = ["token", "stream", "scalar", "mapping", "alias", "indicator", "simple key", "block"]


@pytest.fixture(scope="module")
def checked() -> subprocess.CompletedProcess:
    return run_cli(BAD, "check", "--now", NOW.isoformat())


def test_every_yaml_mistake_in_the_corpus_is_expected():
    events = BAD / "content" / "events"
    assert {p.name for p in events.glob("yaml-*.md")} | {"malformed-yaml.md"} == set(EXPECTED)
    assert len(EXPECTED) >= 12


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_check_names_the_mistake_at_its_line(checked, name):
    prefix = f"content/events/{name}:"
    lines = [line for line in checked.stdout.splitlines() if line.startswith(prefix)]
    assert lines == [prefix + EXPECTED[name]], checked.stdout


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_messages_keep_to_plain_words(checked, name):
    prefix = f"content/events/{name}:"
    said = next(line for line in checked.stdout.splitlines() if line.startswith(prefix)).removeprefix(prefix).lower()
    assert not [word for word in READER_WORDS if word in said]
    assert "yaml" not in said


# --- the module on its own ----------------------------------------------------------------------


def problem(front: str, offset: int = 1):
    """The problem for front matter `front`, as the reader hands it over: the text after the opening ---."""
    fm = "\n" + front
    try:
        data = yaml.load(fm, Loader=yaml_mistakes._BASE)
    except yaml.YAMLError as exc:
        return yaml_mistakes.yaml_problem(exc, fm, "content/events/a.md", offset)
    assert not isinstance(data, dict), f"{front!r} is read without trouble"
    return yaml_mistakes.not_fields_problem(fm, "content/events/a.md", offset)


def suggested(fix: str) -> str:
    """The corrected line a fix shows, between backticks."""
    return re.search(r"`(.+)`", fix)[1]


@pytest.mark.parametrize(
    "value",
    [
        "Webinar: family group conferences",
        'He said "no": and left',
        "Paths: C:\\temp and D:\\",
        "Children’s services: a view",
    ],
)
def test_the_line_put_right_reads_back_as_the_person_meant(value):
    found = problem(f"title: {value}\nstart: 2027-05-10 10:00\n")
    assert found.line == 2
    assert yaml.safe_load(suggested(found.fix)) == {"title": value}


@pytest.mark.parametrize(
    "front, line, words",
    [
        ("title: ‘Leaders: a shared vision’\n", 2, ["curly quotes (‘ ’)", '`title: "Leaders: a shared vision"`']),
        ("title: 'Unclosed\nstart: 2027-05-10 10:00\nsummary: More\n", 2, ["not closed", "`title: 'Unclosed'`"]),
        ("title: T\nspeakers:\n  - anna-jones\n  -ben-price\n", 5, ["no space after the dash", "`- ben-price`"]),
        ("title: T\nstart:2027-05-10 10:00\n", 3, ["no space after the colon in `start:`"]),
        ("title: T\n start: 2027-05-10 10:00\n", 3, ["`start:` is indented further than `title:` on line 2"]),
        ("title: T\nsummary: `Leaders`\n", 3, ["starts with `"]),
        ("title: T\nsummary: | Join us\n", 3, ["starts with |", "block of text"]),
        ("title: T\nsummary: [Updated] new date\n", 3, ["starts with [", '`summary: "[Updated] new date"`']),
        ("title: T\nvenue: {name: Hall\n", 3, ["{ at the start of this value is not closed with }"]),
        ("title: T\nspeakers:\n- name: A\n  role: B\n - name: C\n", 6, ["line it up with the dash", "line 4"]),
    ],
)
def test_each_mistake_is_named_at_its_line(front, line, words):
    found = problem(front)
    assert found.line == line
    for word in words:
        assert word in f"{found.message} — {found.fix}"


def test_a_line_that_only_looks_odd_is_not_blamed():
    # A quoted value may run over two lines, and a curly quote may start a plain value:
    # only the colon on line 6 stops the reader.
    front = (
        'title: “Quoted” by the speaker\nsummary: "A long\n  summary"\nstart: 2027-05-10 10:00\nformat: Online: Teams\n'
    )
    found = problem(front)
    assert (found.line, found.message) == (6, problem("format: Online: Teams\n").message)


def test_the_line_numbers_count_from_the_opening_dashes(tmp_path: Path):
    path = tmp_path / "a.md"
    path.write_text("\n\n---\ntitle: T\nsummary: Delay: what we learned\n---\nText.\n", encoding="utf-8")
    document, problems = read_document(path, "content/events/a.md")
    assert document is None
    assert [(p.line, p.field) for p in problems] == [(5, None)]
    assert "colon followed by a space" in problems[0].message


def test_curly_quotes_that_do_no_harm_are_kept(tmp_path: Path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: “Leaders”\n---\n", encoding="utf-8")
    document, problems = read_document(path, "content/events/a.md")
    assert problems == []
    assert document.meta["title"] == "“Leaders”"


def test_a_mistake_not_named_keeps_the_readers_words_last():
    found = problem("title: T\n...\nstart: 2027-05-10 10:00\n")
    assert found.line == 4
    assert found.message == "the front matter is not valid YAML"
    assert found.fix == f"{yaml_mistakes.GENERAL_FIX} (YAML: did not find expected <document start>)"


@pytest.mark.parametrize(
    "front, line, words",
    [
        ("Leaders in practice\n", 2, ["no colon", "`Leaders: in practice`"]),
        ("title:Leaders\nstart:2027-05-10 10:00\nformat:online\n", 2, ["`title: Leaders`", "same on lines 3 and 4"]),
        ("- title: Leaders\n", 2, ["not a list of fields", "'name: value'"]),
    ],
)
def test_front_matter_that_is_not_fields(front, line, words):
    found = problem(front)
    assert found.line == line
    for word in words:
        assert word in f"{found.message} — {found.fix}"
