"""Relative addresses between site paths, the one rule pages and bodies share."""

from __future__ import annotations


def href(from_url: str, to: str) -> str:
    """A relative link from one page's directory URL to another site path.

    Site paths never hold '.' or '..' segments, so comparing segments gives what
    posixpath.relpath would, several times faster: links are made on every page."""
    if "://" in to or to.startswith("mailto:"):
        return to
    start = [p for p in from_url.split("/") if p]
    target = [p for p in to.split("/") if p]
    common = 0
    for a, b in zip(start, target, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(start) - common) + target[common:])
    if not rel:
        return "./"
    if (to == "" or to.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return rel
