"""The one writer: make the output folder match the rendered outputs exactly
(or, for a builder that takes them from memory, gather them).

Only files whose bytes change are written (so `mkdocs serve`, which watches the
folder, does not loop), files whose source is gone are removed, and each write
over an earlier build goes through a temporary file so a crash never leaves half
a page where a good one was.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.cache import BuildCache, stamp

KEEP = {".gitignore"}  # what a fresh clone ships in the output folder
_SWEPT = "\0swept"  # marks, in a cache's record of an output folder, that it was swept once


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def _same(target: str, data: bytes | Path) -> bool:
    try:
        st = os.stat(target)
    except FileNotFoundError:
        return False
    if isinstance(data, Path):
        src = data.stat()
        if st.st_size != src.st_size:
            return False
        if st.st_mtime_ns == src.st_mtime_ns:
            return True  # copied by us before, untouched since
        return _read(target) == data.read_bytes()
    return st.st_size == len(data) and _read(target) == data


def _read(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def _sweep(out_dir: Path, wanted: set[str], report: WriteReport, written: dict | None) -> None:
    """Remove every file that is not wanted, and empty folders. os.walk, deepest
    first: it names files and folders apart without a stat of each."""
    for dirpath, _, filenames in os.walk(out_dir, topdown=False):
        folder = Path(dirpath)
        base = folder.relative_to(out_dir).as_posix()
        prefix = "" if base == "." else base + "/"
        for name in filenames:
            rel = prefix + name
            if rel not in wanted and name not in KEEP:
                (folder / name).unlink()
                report.removed.append(rel)
                if written is not None:
                    written.pop(rel, None)
        if folder != out_dir and not any(folder.iterdir()):
            folder.rmdir()


def remove_file(target: Path, top: Path) -> None:
    """Remove a file, and the folders it leaves empty up to `top` (which stays)."""
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != top and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def write(
    out_dir: Path,
    outputs: Mapping[str, bytes | Path] | Iterable[Mapping[str, bytes | Path]],
    cache: BuildCache | None = None,
) -> WriteReport:
    """Make `out_dir` hold exactly `outputs`: one mapping of path to bytes (or a file
    to copy), or batches of them, written as they come so that a build need not
    hold the whole site in memory. With a cache, a file this process
    wrote and nobody touched since is known to hold the same bytes without reading
    it back, and after the first sweep only outputs that went away are removed."""
    report = WriteReport()
    out_dir.mkdir(parents=True, exist_ok=True)
    made: set[str] = set()
    written = cache.written.get(out_dir) if cache is not None else None
    if cache is not None and written is None:
        written = cache.written[out_dir] = {}
    wanted: set[str] = set()
    # Into an empty folder (a cold build), nothing can already hold the same bytes.
    empty = not any(e.name not in KEEP for e in os.scandir(out_dir))
    for batch in [outputs] if isinstance(outputs, Mapping) else outputs:
        wanted.update(batch)
        _write_batch(out_dir, batch, report, made, written, empty)
    report.written.sort()
    if written is not None and written.get(_SWEPT):
        # This process has swept the folder before and knows what it wrote since:
        # only outputs that are no longer wanted need removing.
        for rel in sorted(set(written) - wanted - {_SWEPT}):
            remove_file(out_dir / rel, out_dir)
            report.removed.append(rel)
            del written[rel]
    else:
        _sweep(out_dir, wanted, report, written)
        if written is not None:
            written[_SWEPT] = True
    report.removed.sort()
    return report


def gather(outputs: Iterable[Mapping[str, bytes | Path]]) -> tuple[dict[str, bytes | Path], WriteReport]:
    """The batches of outputs as one mapping, for a builder that reads its files from
    memory: nothing is written, and the report names every output as written."""
    found: dict[str, bytes | Path] = {}
    for batch in outputs:
        found.update(batch)
    return found, WriteReport(written=sorted(found))


def _write_batch(
    out_dir: Path,
    outputs: Mapping[str, bytes | Path],
    report: WriteReport,
    made: set,
    written: dict | None,
    fresh: bool,
) -> None:
    """Write what changed. Into a `fresh` folder (one that held no site: a cold build)
    nothing is compared, and each file is written straight to its place, as there is
    no last good page to keep whole and a page cut short by a crash differs from the
    next build's; otherwise each goes through a temporary file and a rename."""
    # Plain strings, not Paths: a rebuild looks at every output, and making
    # tens of thousands of Path objects was a fifth of a one-file rebuild.
    base = os.fspath(out_dir)
    for rel in sorted(outputs):
        data = outputs[rel]
        target = os.path.join(base, rel)
        if not fresh:
            if written is not None and isinstance(data, bytes):
                last = written.get(rel)
                if last is not None and last[1] is data and last[0] == stamp(target):
                    report.unchanged += 1
                    continue
            if _same(target, data):
                report.unchanged += 1
                if written is not None:
                    written[rel] = (stamp(target), data) if isinstance(data, bytes) else (None, None)
                continue
        folder, name = os.path.split(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        into = target if fresh else os.path.join(folder, f".{name}.tmp")
        with open(into, "wb") as fh:
            fh.write(data.read_bytes() if isinstance(data, Path) else data)
        if isinstance(data, Path):
            st = data.stat()
            os.utime(into, ns=(st.st_atime_ns, st.st_mtime_ns))
        if into != target:
            os.replace(into, target)
        report.written.append(rel)
        if written is not None:
            written[rel] = (stamp(target), data) if isinstance(data, bytes) else (None, None)
