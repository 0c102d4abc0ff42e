"""What earlier builds in this process worked out, so that a rebuild under
`mkdocs serve` redoes only what an edit touched.

A cache never changes what a build produces: every entry is keyed by what it was
made from (a file's size, modification time and inode; the people who exist; the
other entries a page draws on), and a warm rebuild gives the same bytes as a
cold build of the same content (tests/test_incremental.py checks this). A cold
build, such as `mkdocs build` or `python -m generator build`, starts empty.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

Stamp = tuple[int, int, int]


def stamp(path: Path) -> Stamp | None:
    """What changes when a file is saved: size, modification time and inode (editors
    that save by writing a new file and renaming it change the inode)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


class Stamped(NamedTuple):
    """A result worked out from a file, with the file's stamp when it was: still good
    while the stamp is the same."""

    stamp: Stamp | None
    value: object


@dataclass
class BuildCache:
    # path -> loader.CachedDocument: the file read and its YAML parsed
    documents: dict = field(default_factory=dict)
    # path -> loader.CachedValidation: the front matter validated
    validated: dict = field(default_factory=dict)
    # path -> downloads.CachedFacts: size, kind and page count of a download
    facts: dict = field(default_factory=dict)
    # path -> Stamped(ImageFacts or ImageError): an image's size and format
    image_facts: dict = field(default_factory=dict)
    # (path, variant, square) -> Stamped(bytes): a resized copy of an image
    images: dict = field(default_factory=dict)
    # path -> bodies.Parsed: the links and images in a body
    bodies: dict = field(default_factory=dict)
    # output path -> pages.Cached(key, data): a rendered page or feed
    outputs: dict = field(default_factory=dict)
    # output folder -> {path: (stamp, bytes)}: what this process last wrote there
    written: dict = field(default_factory=dict)
    # a source's fingerprint (path, stamp, …) -> the number keys use for it (depends.Keys)
    fingerprints: dict = field(default_factory=dict)


def keep(path: Path, data: bytes) -> None:
    """Put `data` in a store under build/.cache (resized pictures, PDF facts, share cards):
    never half a file, even with two builds at once. A store that cannot be written
    only means the work is done again next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass


_SHARED: dict[str, BuildCache] = {}


def shared(root: Path) -> BuildCache:
    """The cache for one project folder, kept for the life of the process: MkDocs
    makes its plugins afresh for every config it loads, but the generator stays imported."""
    return _SHARED.setdefault(str(root.resolve()), BuildCache())
