"""How messages name a field: in words, counted from one, with the item's own name."""

from __future__ import annotations

import pytest

from generator.content.field_names import describe, in_words, kind_of, ordinal

RAW = {
    "speakers": ["known-person", {"name": "Hannah Lewis", "role": "Head of Service"}, {"role": "Chair of governors"}],
    "slides": [{"file": "slides.pdf", "title": "Slides"}, {"url": "https://example.org/a.pdf"}],
    "articles": [{"title": "Five years on", "authors": [{"name": "A Writer"}, "known-person"]}],
    "venue": {"name": "Council House"},
    "pdf": {"file": "issue-6.pdf"},
    "quotes": [{"text": "It was " + "very " * 20 + "inspiring."}],
    "tags": "care proceedings",
}


@pytest.mark.parametrize(
    "n, word",
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (102, "102nd"),
    ],
)
def test_ordinal(n, word):
    assert ordinal(n) == word


@pytest.mark.parametrize(
    "loc, words",
    [
        (("title",), "title"),
        (("speakers", 0), "the 1st speaker (known-person)"),
        (("speakers", 1), "the 2nd speaker (Hannah Lewis)"),
        (("speakers", 1, "role"), "the role of the 2nd speaker (Hannah Lewis)"),
        (("speakers", 2), "the 3rd speaker (Chair of governors)"),
        (("slides", 0, "file"), "the 1st slides file (slides.pdf)"),
        (("slides", 1, "url"), "the web address of the 2nd slides file (https://example.org/a.pdf)"),
        (("articles", 0, "authors", 1), "the 2nd author (known-person) of the 1st article (Five years on)"),
        (("venue", "name"), "the name of the venue"),
        (("pdf", "file"), "the PDF file"),
        (("quotes", 0, "text"), "the text of the 1st quote (It was very very very very very very…)"),
        (("tags", 0), "the 1st topic (care proceedings)"),  # one topic written without a list
        (("speakers", 7), "the 8th speaker"),  # past the end of what was written
    ],
)
def test_describe(loc, words):
    assert describe(loc, RAW) == words


def test_kind_and_words():
    assert kind_of(("speakers", 1), "an event") == "a speaker"
    assert kind_of(("articles", 0), "a journal issue") == "an article"
    assert kind_of(("venue",), "an event") == "a venue"
    assert kind_of((), "an event") == "an event"
    assert in_words(("venue",), RAW) == "the venue"
    assert in_words(("summary",), RAW) == "`summary:`"
