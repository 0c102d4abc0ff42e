"""When each content file last changed, and how many times: for calendar DTSTAMP,
LAST-MODIFIED and SEQUENCE, which must only move when an event really changes.

Git history is the honest source: one `git log` over the content folder gives,
per file, the time of the last commit that touched it and how many commits did.
A file with uncommitted changes counts as one more revision, dated by its
modification time. Without git (not installed, or not a repository) every file
is dated by its modification time with SEQUENCE 0: stable while the file is not
touched, but a fresh copy of the files starts again.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True)
class Revision:
    modified: datetime  # UTC, whole seconds
    sequence: int


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(int(path.stat().st_mtime), UTC)


def _git(args: list[str], cwd: Path) -> str | None:
    if shutil.which("git") is None:
        return None
    try:
        # core.quotePath=false: names with Welsh or accented letters come back as written, not octal-escaped.
        result = subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=120,
            encoding="utf-8",
            errors="replace",
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


# (content folder, HEAD commit) -> per-file (last commit time, commits): the history
# up to a commit never changes, so a process that builds again (the preview, on each
# save) reads it once per commit instead of once per build.
_HISTORY: dict[tuple[Path, str], dict[Path, tuple[datetime, int]]] = {}


class Revisions:
    """Revision facts for files under one content folder, read once."""

    def __init__(self, content: Path):
        self.content = content.resolve()
        self._committed: dict[Path, tuple[datetime, int]] = {}
        self._dirty: set[Path] = set()
        self._mtimes: dict[Path, datetime] = {}  # an item's date is asked for by each feed that holds it
        self.git = False
        # With the files' own stamps, what every file's revision follows from: the commit
        # checked out and the files changed since. A key for outputs dated by revisions.
        self.state: tuple = (False,)
        top = _git(["rev-parse", "--show-toplevel"], self.content)
        if top is None:
            return
        root = Path(top.strip()).resolve()
        head = (_git(["rev-parse", "--verify", "--quiet", "HEAD"], self.content) or "").strip()
        known = _HISTORY.get((self.content, head)) if head else None
        log = (
            None
            if known is not None
            else _git(["log", "--format=%x00%ct", "--name-only", "--no-renames", "--", "."], self.content)
        )
        status = _git(["status", "--porcelain", "--untracked-files=all", "--", "."], self.content)
        if (known is None and log is None) or status is None:
            return
        self.git = True
        if known is not None:
            self._committed = known
        else:
            when = None
            for line in log.splitlines():
                if line.startswith("\x00"):
                    when = datetime.fromtimestamp(int(line[1:]), UTC)
                elif line and when is not None:
                    path = root / line  # git prints paths inside the repository: no need to resolve each
                    last, count = self._committed.get(path, (when, 0))
                    self._committed[path] = (last, count + 1)  # newest commit comes first
            if head:
                _HISTORY[(self.content, head)] = self._committed
        for line in status.splitlines():
            if len(line) > 3:
                self._dirty.add(root / line[3:].strip().strip('"'))
        self.state = (True, head, frozenset(self._dirty))

    def of(self, path: Path) -> Revision:
        committed = self._committed.get(path)
        if committed is None and self.git:
            path = path.resolve()  # given relative or through a link; rare, so not resolved up front
            committed = self._committed.get(path)
        if committed is None:
            return Revision(self._mtime(path), 0)
        last, count = committed
        if path in self._dirty:
            return Revision(max(self._mtime(path), last), count)
        return Revision(last, count - 1)

    def _mtime(self, path: Path) -> datetime:
        found = self._mtimes.get(path)
        if found is None:
            found = self._mtimes[path] = _mtime(path)
        return found
