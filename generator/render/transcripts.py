"""A recording's transcript as its event page shows it: a WebVTT file as timed text (each
cue with its start and, when the cue names one, its speaker), a plain text file as
paragraphs.

The text is the author's file, so it is kept as text: tags are dropped, character
references read, and the template escapes what is left. A file is read once for as long
as it is unchanged (by its stamp), however many times its event's page is made.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from pathlib import Path

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from generator.cache import stamp
from generator.content.programme import transcript_text

_BLANK_LINES = re.compile(r"\n\s*\n")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Cue:
    start: str  # "0:01:05", as a reader reads it
    voice: str | None  # the speaker, from a <v Name> tag
    text: str


@dataclass(frozen=True)
class Transcript:
    cues: tuple[Cue, ...] = ()  # timed text, from a .vtt file
    paragraphs: tuple[str, ...] = ()  # from a .txt file, or a .vtt file whose cues cannot be read

    @property
    def timed(self) -> bool:
        return bool(self.cues)


def of(recording) -> Transcript | None:
    """The transcript of an event's recording (a model.site.Watch, or None), or None when it
    has none or it holds no text."""
    source = recording.transcript.source if recording is not None and recording.transcript else None
    if source is None:
        return None
    found = _read(str(source), stamp(source))
    return found if found.cues or found.paragraphs else None


@functools.lru_cache(maxsize=64)  # keyed by the file's stamp: a saved file is read again
def _read(path: str, _stamp) -> Transcript:
    text = transcript_text(Path(path))
    if path.lower().endswith(".vtt"):
        return _timed(text)
    return Transcript(paragraphs=_paragraphs(text))


def _timed(text: str) -> Transcript:
    try:
        captions = webvtt.from_string(text, strict=True).captions
    except (MalformedFileError, MalformedCaptionError):
        # A cue a browser could not time would be left out, words and all: show every word, untimed.
        lines = [line for line in text.split("\n")[1:] if "-->" not in line]
        return Transcript(paragraphs=_paragraphs(_untagged("\n".join(lines))))
    cues = []
    for caption in captions:
        words = _SPACES.sub(" ", _untagged(caption.text)).strip()
        if not words:
            continue
        voice = caption.voice
        voice = _SPACES.sub(" ", html.unescape(voice)).strip() if voice else None
        cues.append(Cue(_clock(caption.start_time), voice or None, words))
    return Transcript(cues=tuple(cues))


def _untagged(text: str) -> str:
    # Cue text escapes & < > as HTML does; webvtt-py has already dropped the tags.
    return html.unescape(re.sub(r"<[^>\n]*>", "", text))


def _paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs are separated by blank lines; a file without any has one on each line."""
    blocks = [b for b in _BLANK_LINES.split(text.strip()) if b.strip()]
    if len(blocks) == 1:
        blocks = blocks[0].split("\n")
    return tuple(p for p in (_SPACES.sub(" ", b).strip() for b in blocks) if p)


def _clock(t) -> str:
    return f"{t.hours}:{t.minutes:02d}:{t.seconds:02d}"
