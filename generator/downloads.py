"""Facts about a downloadable file for its link label: 'PDF, 1.3 MB, 12 pages'."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError

_TYPES = {
    ".pdf": "PDF", ".pptx": "PowerPoint", ".ppt": "PowerPoint", ".docx": "Word document",
    ".doc": "Word document", ".xlsx": "Excel spreadsheet", ".csv": "CSV", ".odt": "OpenDocument text",
    ".odp": "OpenDocument presentation", ".txt": "Plain text", ".png": "PNG image", ".jpg": "JPEG image",
    ".jpeg": "JPEG image", ".mp3": "MP3 audio", ".mp4": "MP4 video", ".zip": "ZIP",
}

logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged PDF is reported by us, not pypdf


@dataclass(frozen=True)
class FileFacts:
    kind: str
    size: int
    pages: int | None

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


def _page_count(reader: PdfReader) -> int:
    # The page tree's /Count is read without parsing every page (len(reader.pages)
    # does), which made page counts most of the model's time on a large archive.
    try:
        count = reader.trailer["/Root"]["/Pages"]["/Count"]
        if isinstance(count, int) and count >= 0:
            return count
    except (KeyError, TypeError, AttributeError):
        pass
    return len(reader.pages)


def facts(path: Path) -> FileFacts:
    kind = file_kind(path)
    pages = None
    if kind == "PDF":
        try:
            pages = _page_count(PdfReader(path))
        except (PdfReadError, OSError, ValueError):
            pages = None
    return FileFacts(kind, path.stat().st_size, pages)
