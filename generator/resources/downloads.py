"""Facts about a downloadable file: its link label ('PDF, 1.3 MB, 12 pages') and,
for a PDF, the text of each page, shown on the page that offers the download so
that it can be searched and read without opening the PDF."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from generator.cache import keep

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


@dataclass(frozen=True)
class FileFacts:
    kind: str
    size: int
    pages: int | None
    text: tuple[str, ...] = ()  # a PDF's text, page by page; empty for a scan or another kind of file

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


def _read_pdf(data: bytes) -> tuple[int | None, tuple[str, ...]]:
    """A PDF's page count and each page's text, read with PDFium (seven times as
    fast as pypdf's text extraction, which took most of a large archive's build),
    from the bytes already read: the file is opened once. None pages: not a PDF
    that can be read."""
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return None, ()
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
    return pages, tuple(found)


def facts(path: Path, store: Path | None = None) -> FileFacts:
    """A file's facts. A PDF's page count and text are kept in `store` (a folder)
    under a name made from its bytes, so a later build reads them back instead of
    parsing the PDF again."""
    kind = file_kind(path)
    if kind != "PDF":
        return FileFacts(kind, path.stat().st_size, None)
    try:
        data = path.read_bytes()
    except OSError:
        return FileFacts(kind, path.stat().st_size, None)
    kept = None
    if store is not None:
        digest = hashlib.sha256(data)
        digest.update(_READER.encode())  # the same name as the bytes and reader joined, without a copy of the PDF
        kept = store / f"{digest.hexdigest()[:40]}.json"
    if kept is not None:
        found = _read_kept(kept, len(data))
        if found is not None:
            return found
    pages, text = _read_pdf(data)
    found = FileFacts(kind, len(data), pages, text)
    if kept is not None:
        keep(kept, json.dumps({"size": found.size, "pages": found.pages, "text": list(found.text)}).encode("utf-8"))
    return found


# What a kept entry was made with: another reader could find other text.
_READER = f"pypdfium2 {pdfium.PYPDFIUM_INFO}, {pdfium.PDFIUM_INFO}, {MAX_TEXT_PAGES} pages"


def _read_kept(kept: Path, size: int) -> FileFacts | None:
    """A kept entry, or None if there is none or it is damaged (then the PDF is read again)."""
    try:
        value = json.loads(kept.read_bytes())
        pages, text = value["pages"], value["text"]
        if (
            value["size"] == size
            and (pages is None or type(pages) is int)
            and type(text) is list
            and all(type(t) is str for t in text)
        ):
            return FileFacts("PDF", size, pages, tuple(text))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None
