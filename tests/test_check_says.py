"""Every message in tests/corpus/bad/, read back word for word, and the README's list of them.

tests/corpus/bad/check-says.txt is what `check` must print for the bad corpus; the
README's section "What `check` says" is made from it by scripts/check_says.py. A
changed message fails here until both are written again (`scripts/check_says.py --write`),
so a reviewer reads in the README exactly what a comms officer will see.
"""

from __future__ import annotations

import importlib.util

from .helpers import BAD, NOW, REPO, run_cli

_spec = importlib.util.spec_from_file_location("lsg_check_says", REPO / "scripts" / "check_says.py")
check_says = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_says)


def test_the_script_and_the_tests_agree_on_now():
    assert NOW.isoformat() == check_says.NOW


def test_check_says_exactly_what_the_corpus_expects():
    result = run_cli(BAD, "check", "--now", NOW.isoformat())
    expected = check_says.SAYS.read_text(encoding="utf-8")
    assert result.returncode == 1
    assert result.stdout.splitlines() == expected.splitlines()  # line by line, so a diff shows which message moved
    assert result.stdout == expected


def test_every_bad_file_has_its_message():
    """No file in the corpus is there for nothing: each is a mistake, or the context one needs."""
    said = {line.split(":", 1)[0] for line in check_says.SAYS.read_text(encoding="utf-8").splitlines()}
    files = {f"content/{p.relative_to(BAD / 'content').as_posix()}" for p in (BAD / "content").rglob("*.md")}
    context = {f for f in files if f not in said}
    assert all(
        f.endswith(("/_journal.md", "/_week.md", "/_series.md")) or "known-person" in f or f in _ORIGINALS
        for f in context
    ), sorted(context)


# The files a duplicate or a copy in the corpus repeats: they are fine on their own.
_ORIGINALS = {
    "content/events/board-meeting.md",
    "content/events/lonely/only-event.md",
    "content/events/shared-vision.md",
    "content/journal/notes/issue-1.md",
    "content/pages/contact.md",
    "content/practice-week/2023/swansea.md",
}


def test_readme_lists_what_check_says():
    says = check_says.SAYS.read_text(encoding="utf-8")
    readme = check_says.README.read_text(encoding="utf-8")
    assert check_says.readme_with(says, readme) == readme, "run: .venv/bin/python scripts/check_says.py --write"
    for line in says.splitlines()[:-1]:
        assert line in readme
