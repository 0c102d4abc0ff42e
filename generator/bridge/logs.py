"""MkDocs' messages and the generator's on the terminal, as `mkdocs serve` prints them.

`python -m generator serve` runs MkDocs without MkDocs' own command line, so it
borrows that command line's logging set-up, `mkdocs.__main__.State`: a handler on
stderr with MkDocs' ColorFormatter ("INFO    -  …", warnings in colour, long lines
wrapped to the terminal) on the "mkdocs" logger at INFO, not passed on to the root
logger. The generator's own loggers are under it (mkdocs.generator…), so its
messages look like MkDocs' own. Like every MkDocs internal the bridge relies on,
State is checked by tests/test_mkdocs_internals.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from mkdocs.__main__ import State


@contextmanager
def to_terminal() -> Iterator[None]:
    """Log to the terminal while the block runs. MkDocs' State takes its handler off
    the logger when the State is deleted, so it is held here until the block ends."""
    state = State()
    try:
        yield
    finally:
        del state
