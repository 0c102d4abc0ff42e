"""The one writer: make the output folder match the rendered outputs exactly.

Only files whose bytes change are written (so `mkdocs serve`, which watches the
folder, does not loop), files whose source is gone are removed, and each write
goes through a temporary file so a crash never leaves half a page.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

KEEP = {".gitignore"}  # what a fresh clone ships in the output folder


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def _same(target: Path, data: bytes | Path) -> bool:
    try:
        st = target.stat()
    except FileNotFoundError:
        return False
    if isinstance(data, Path):
        src = data.stat()
        if st.st_size != src.st_size:
            return False
        if st.st_mtime_ns == src.st_mtime_ns:
            return True  # copied by us before, untouched since
        return target.read_bytes() == data.read_bytes()
    return st.st_size == len(data) and target.read_bytes() == data


def write(out_dir: Path, outputs: dict[str, bytes | Path]) -> WriteReport:
    report = WriteReport()
    out_dir.mkdir(parents=True, exist_ok=True)
    for rel in sorted(outputs):
        data = outputs[rel]
        target = out_dir / rel
        if _same(target, data):
            report.unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        if isinstance(data, Path):
            tmp.write_bytes(data.read_bytes())
            st = data.stat()
            os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))
        else:
            tmp.write_bytes(data)
        os.replace(tmp, target)
        report.written.append(rel)
    wanted = set(outputs)
    for path in sorted(out_dir.rglob("*"), reverse=True):
        rel = path.relative_to(out_dir).as_posix()
        if path.is_dir():
            if not any(path.iterdir()):
                path.rmdir()
        elif rel not in wanted and path.name not in KEEP:
            path.unlink()
            report.removed.append(rel)
    return report
