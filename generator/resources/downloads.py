"""Facts about a downloadable file: its link label ('PDF, 1.3 MB, 12 pages'), for a
PDF the text of each page, shown on the page that offers the download so that it
can be searched and read without opening the PDF, and whether the file is what
its name says (`trouble`): a page never offers a PNG named .pdf, a PDF that
cannot be opened, or one locked with a password without saying so."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from generator.cache import BuildCache, Stamp, keep, stamp

_TYPES = {
    ".pdf": "PDF",
    ".pptx": "PowerPoint",
    ".ppt": "PowerPoint",
    ".docx": "Word document",
    ".doc": "Word document",
    ".xlsx": "Excel spreadsheet",
    ".csv": "CSV",
    ".odt": "OpenDocument text",
    ".odp": "OpenDocument presentation",
    ".txt": "Plain text",
    ".png": "PNG image",
    ".jpg": "JPEG image",
    ".jpeg": "JPEG image",
    ".mp3": "MP3 audio",
    ".mp4": "MP4 video",
    ".zip": "ZIP",
}

MAX_TEXT_PAGES = 300  # a longer PDF is a book: its first pages are enough to find it
HEAD = 1024  # the bytes read to tell what a file is (PDFium looks for %PDF- as far in as this)


def _mp3(head: bytes) -> bool:
    # An ID3 tag, or an MPEG audio frame header with a version and layer that exist.
    if head.startswith(b"ID3"):
        return True
    return len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x18 != 0x08 and head[1] & 6 != 0


# What a file's first bytes show it to be: (its kind, in words, the usual extension, the test).
# The exact signatures come first: a ZIP or a picture can hold the letters %PDF- further in.
SIGNATURES = {
    "png": ("a PNG picture", ".png", lambda h: h.startswith(b"\x89PNG\r\n\x1a\n")),
    "jpeg": ("a JPEG picture", ".jpg", lambda h: h.startswith(b"\xff\xd8\xff")),
    "gif": ("a GIF picture", ".gif", lambda h: h[:6] in (b"GIF87a", b"GIF89a")),
    "webp": ("a WebP picture", ".webp", lambda h: h[:4] == b"RIFF" and h[8:12] == b"WEBP"),
    "zip": (
        "a ZIP file (Word, PowerPoint and Excel files are ZIP files inside)",
        ".zip",
        lambda h: h[:4] in (b"PK\x03\x04", b"PK\x05\x06"),
    ),
    "ole": (
        "an old-style Word, PowerPoint or Excel file",
        ".doc",
        lambda h: h.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
    ),
    "mp4": ("an MP4 video", ".mp4", lambda h: h[4:8] == b"ftyp"),
    "html": (
        "a web page, perhaps an error page saved in place of the file",
        ".html",
        lambda h: h.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")),
    ),
    "pdf": ("a PDF", ".pdf", lambda h: b"%PDF-" in h[:HEAD]),
    "mp3": ("an MP3 audio file", ".mp3", _mp3),
}

# The kind each extension promises, and what a file of it is called. Plain text and
# CSV have no signature: they are wrong only when their bytes are a kind that has
# one. Other extensions are not checked.
EXPECTED = {
    ".pdf": ("pdf", "a PDF"),
    ".png": ("png", "a PNG picture"),
    ".jpg": ("jpeg", "a JPEG picture"),
    ".jpeg": ("jpeg", "a JPEG picture"),
    ".gif": ("gif", "a GIF picture"),
    ".webp": ("webp", "a WebP picture"),
    ".pptx": ("zip", "a PowerPoint file"),
    ".docx": ("zip", "a Word document"),
    ".xlsx": ("zip", "an Excel spreadsheet"),
    ".odt": ("zip", "an OpenDocument text"),
    ".odp": ("zip", "an OpenDocument presentation"),
    ".zip": ("zip", "a ZIP file"),
    ".ppt": ("ole", "a PowerPoint file"),
    ".doc": ("ole", "a Word document"),
    ".xls": ("ole", "an Excel spreadsheet"),
    ".mp3": ("mp3", "an MP3 audio file"),
    ".mp4": ("mp4", "an MP4 video"),
}
TEXT = {".txt": "plain text", ".csv": "a CSV file"}


def sniff(head: bytes) -> str | None:
    """The kind (a key of SIGNATURES) the first bytes of a file show, or None."""
    return next((kind for kind, (_, _, test) in SIGNATURES.items() if test(head)), None)


@dataclass(frozen=True)
class FileFacts:
    kind: str
    size: int
    pages: int | None
    text: tuple[str, ...] = ()  # a PDF's text, page by page; empty for a scan or another kind of file
    found: str | None = None  # what its first bytes show it is (sniff), None if nothing we know
    locked: bool = False  # a PDF that opens only with its password

    @property
    def scanned(self) -> bool:
        """A PDF with pages but no text: a scanned image that screen readers and search cannot read."""
        return bool(self.pages) and not any(t.strip() for t in self.text)

    @property
    def label(self) -> str:
        parts = [self.kind, human_size(self.size)]
        if self.pages:
            parts.append(f"{self.pages} page{'s' if self.pages != 1 else ''}")
        return ", ".join(parts)


def human_size(size: int) -> str:
    # Decimal units, as GOV.UK and operating systems' file browsers show them.
    if size < 1000:
        return f"{size} bytes"
    kb = round(size / 1000)
    if kb < 1000:
        return f"{kb} KB"
    return f"{size / 1_000_000:.1f} MB"


def file_kind(path: Path | str) -> str:
    suffix = Path(str(path)).suffix.lower()
    return _TYPES.get(suffix, suffix.lstrip(".").upper() or "File")


def _read_pdf(data: bytes) -> tuple[int | None, tuple[str, ...], bool]:
    """A PDF's page count, each page's text and whether it is locked with a password,
    read with PDFium (seven times as fast as pypdf's text extraction, which took most
    of a large archive's build), from the bytes already read: the file is opened
    once. None pages: not a PDF that can be read."""
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        return None, (), exc.err_code == pdfium_c.FPDF_ERR_PASSWORD
    found = []
    try:
        pages = len(doc)
        for n in range(min(pages, MAX_TEXT_PAGES)):
            try:
                page = doc[n]
                text = page.get_textpage().get_text_bounded()
            except pdfium.PdfiumError:  # a damaged page has no text to show
                text = ""
            found.append("\n".join(line.strip() for line in text.splitlines()).strip())
    finally:
        doc.close()
    return pages, tuple(found), False


def facts(path: Path, store: Path | None = None) -> FileFacts:
    """A file's facts. A PDF's page count and text are kept in `store` (a folder)
    under a name made from its bytes, so a later build reads them back instead of
    parsing the PDF again."""
    kind = file_kind(path)
    try:
        if kind != "PDF":
            with path.open("rb") as fh:
                return FileFacts(kind, path.stat().st_size, None, found=sniff(fh.read(HEAD)))
        data = path.read_bytes()
    except OSError:
        return FileFacts(kind, path.stat().st_size, None)
    found_kind = sniff(data[:HEAD])
    if found_kind != "pdf":  # not worth handing to PDFium, nor keeping
        return FileFacts(kind, len(data), None, found=found_kind)
    kept = None
    if store is not None:
        digest = hashlib.sha256(data)
        digest.update(_READER.encode())  # the same name as the bytes and reader joined, without a copy of the PDF
        kept = store / f"{digest.hexdigest()[:40]}.json"
    if kept is not None:
        found = _read_kept(kept, len(data))
        if found is not None:
            return found
    pages, text, locked = _read_pdf(data)
    found = FileFacts(kind, len(data), pages, text, "pdf", locked)
    if kept is not None and pages is not None:  # one that cannot be read is refused, and quick to refuse again
        value = {"size": found.size, "pages": found.pages, "text": list(found.text), "locked": locked}
        keep(kept, json.dumps(value).encode("utf-8"))
    return found


class CachedFacts(NamedTuple):
    """A file's facts in BuildCache.facts, good while the file has this stamp."""

    stamp: Stamp | None
    facts: FileFacts


def facts_cached(path: Path, cache: BuildCache | None, read=facts) -> FileFacts:
    """read(path), remembered by the file's stamp: `check` and the model ask for the
    same file, and a rebuild asks again only for a file that changed."""
    if cache is None:
        return read(path)
    now = stamp(path)
    hit = cache.facts.get(path)
    if hit is None or hit.stamp != now:
        hit = cache.facts[path] = CachedFacts(stamp=now, facts=read(path))
    return hit.facts


class Trouble(NamedTuple):
    """What is wrong with a file a page offers, and how to put it right."""

    message: str
    fix: str
    severity: str = "error"


_SAVE_AGAIN = {
    "pdf": 'save it again as PDF from PowerPoint or Word ("Save as" > PDF) and attach that',
    "zip": "save it again from Word, PowerPoint or Excel and attach that",
    "ole": "save it again from Word, PowerPoint or Excel and attach that",
}


def trouble(path: Path, found: FileFacts) -> Trouble | None:
    """Whether the file is what its name says and can be opened by whoever downloads it."""
    suffix, name = path.suffix.lower(), path.name
    expected, words = EXPECTED.get(suffix, (None, ""))
    if expected is None:
        if suffix in TEXT and found.found is not None:
            return _not_what_it_says(path, TEXT[suffix], found.found, f"save it again as {TEXT[suffix]}")
        return None
    if found.found != expected:
        fix = _SAVE_AGAIN.get(expected, f"save it again as {words} and attach that")
        return _not_what_it_says(path, words, found.found, fix)
    if expected != "pdf" or found.pages is not None:
        return None
    if found.locked:
        return Trouble(
            f"'{name}' is protected by a password: people cannot open it without the password, "
            "and its text cannot be searched or shown on the page",
            "save it again without a password (in Word: File > Info > Protect Document) and attach that",
            "warning",
        )
    return Trouble(
        f"'{name}' starts like a PDF but cannot be opened: it is damaged or only partly saved",
        "open it on your computer; if it opens, save it again as PDF and attach that, "
        "if not, ask whoever sent it for a new copy",
    )


def _not_what_it_says(path: Path, words: str, found: str | None, fix: str) -> Trouble:
    if found is None:
        return Trouble(
            f"'{path.name}' is not {words}: its bytes are not any kind of file we know "
            "(it may be damaged, or only partly downloaded)",
            f"open it on your computer to check, then {fix}",
        )
    what, usual, _ = SIGNATURES[found]
    short = what.split(" (")[0]
    rename = "" if found == "html" else f"if it is meant to be {short}, rename it to {path.stem}{usual}; otherwise "
    return Trouble(f"'{path.name}' is not {words} (its bytes are {what})", rename + fix)


# What a kept entry was made with: another reader could find other text.
_READER = f"pypdfium2 {pdfium.PYPDFIUM_INFO}, {pdfium.PDFIUM_INFO}, {MAX_TEXT_PAGES} pages, locked"


def _read_kept(kept: Path, size: int) -> FileFacts | None:
    """A kept entry, or None if there is none or it is damaged (then the PDF is read again)."""
    try:
        value = json.loads(kept.read_bytes())
        pages, text, locked = value["pages"], value["text"], value["locked"]
        if (
            value["size"] == size
            and (pages is None or type(pages) is int)
            and type(text) is list
            and all(type(t) is str for t in text)
            and type(locked) is bool
        ):
            return FileFacts("PDF", size, pages, tuple(text), "pdf", locked)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None
