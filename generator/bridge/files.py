"""The generator's files, handed to `mkdocs build` from memory.

MkDocs would otherwise read them from its docs folder: writing thousands of files
only for MkDocs to read them back was a tenth of a large build. The files are the
ones MkDocs would have found had they been written there, in the order of its walk
and with its exclusions (`get_files`), so the site is the same bytes either way.
MkDocs internals used here: `File.generated`'s `edit_uri`, `set_exclusions`, and how
`get_files` orders files and settles README/index pairs (tests/test_mkdocs_internals.py).
"""

from __future__ import annotations

import logging
import os

from mkdocs.structure.files import File, Files, set_exclusions

_FILES_LOG = logging.getLogger("mkdocs.structure.files")  # where get_files says so


def files_from_memory(outputs: dict, config) -> Files:
    """The files MkDocs would have found had `outputs` (path: bytes, or a file to copy)
    been written to its docs folder, then the theme's files that no output replaces,
    as `get_files` and `add_files_from_theme` give them."""
    found, conflicts = _generated(outputs, config)
    set_exclusions(found, config)
    for a, b in conflicts:  # as get_files settles them
        if b.inclusion.is_included():
            if a.inclusion.is_included():
                _FILES_LOG.warning(f"Excluding '{a.src_uri}' from the site because it conflicts with '{b.src_uri}'.")
            if a in found:
                found.remove(a)
        elif b in found:
            found.remove(b)
    files = Files(found)
    files.add_files_from_theme(config.theme.get_env(), config)
    return files


def _generated(outputs: dict, config) -> tuple[list[File], list[tuple[File, File]]]:
    """Every output as a generated File, in walk order, and the pairs that make the same page."""
    found, first, conflicts = [], {}, []
    for rel in sorted(outputs, key=_walk_order):
        data = outputs[rel]
        file = (
            File.generated(config, rel, content=data)
            if isinstance(data, bytes)
            else File.generated(config, rel, abs_src_path=os.path.abspath(data))
        )
        file.edit_uri = rel  # as a file found in the folder has (a generated one has none)
        found.append(file)
        # README.md and index.md in one folder make the same page; get_files keeps one.
        seen = first.setdefault((rel.rpartition("/")[0], file.dest_uri), file)
        if seen is not file:
            conflicts.append((seen, file))
    return found, conflicts


def _walk_order(rel: str) -> list[tuple]:
    """Where `get_files` meets a file: a folder's files (its index first) before its folders, by name."""
    *folders, name = rel.split("/")
    return [(1, folder) for folder in folders] + [(0, os.path.splitext(name)[0] not in ("index", "README"), name)]
