"""Build the site into a new folder beside build/site, and put it in place only when
the build has succeeded.

MkDocs empties its site folder before it writes anything, so a build that was
stopped or failed would leave build/site half-written or empty, and a publish step
such as `rsync --delete build/site/ server:` would then empty the live site. Here
the build writes to `site.building` beside it; once it has succeeded, the two
folders are exchanged in one step (Linux's `renameat2` with RENAME_EXCHANGE, or two
renames elsewhere), and the previous site is removed after the exchange. An
interrupted build leaves build/site as it was; the next build clears what it left.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class SiteFolder:
    """The site folder a build is finally placed at (`target`), and the folders beside it."""

    def __init__(self, target: Path):
        self.target = Path(target)
        self.building = self.target.with_name(self.target.name + ".building")
        self.old = self.target.with_name(self.target.name + ".old")

    def start(self) -> Path:
        """Clear what an interrupted build left, and return the empty folder to build into."""
        self.recover()
        shutil.rmtree(self.building, ignore_errors=True)
        return self.building

    def recover(self) -> None:
        """A build stopped between the two renames of a swap leaves the last site in `old`."""
        if self.old.is_dir() and not self.target.exists():
            os.rename(self.old, self.target)
        shutil.rmtree(self.old, ignore_errors=True)

    def put_in_place(self) -> None:
        """The build succeeded: its folder becomes `target`, and the previous site goes."""
        if not self.target.exists():
            os.rename(self.building, self.target)
            return
        if _exchange(self.building, self.target):
            shutil.rmtree(self.building)  # it holds the previous site now
            return
        os.rename(self.target, self.old)
        os.rename(self.building, self.target)
        shutil.rmtree(self.old)

    def abandon(self) -> None:
        """The build failed: its folder goes, and `target` stays as it was."""
        shutil.rmtree(self.building, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step, where the system can; False where it cannot."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        renameat2 = ctypes.CDLL(name, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return done == 0
