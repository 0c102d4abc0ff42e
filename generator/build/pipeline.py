"""One build: load and validate -> link -> render -> write. Nothing is written
unless every file is valid, so a failed build leaves the last good output."""

from __future__ import annotations

import functools
import gc
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from generator import workers
from generator.build.writer import WriteReport, gather, write
from generator.cache import BuildCache
from generator.content.loader import load
from generator.content.reader import walk
from generator.content.settings import Settings, load_settings
from generator.model import depends
from generator.model.revisions import Revisions
from generator.model.site import Site, build_model
from generator.problems import ContentError, Problem
from generator.render import pages
from generator.resources import downloads

IMAGE_STORE = "build/.cache/images"  # resized images kept between builds (git-ignored)
FILE_STORE = "build/.cache/files"  # PDFs' page counts and text, kept between builds
CARD_STORE = "build/.cache/cards"  # share cards drawn, kept between builds


@dataclass
class BuildResult:
    site: Site
    report: WriteReport
    warnings: list[Problem]
    nav: list
    timings: dict[str, float] = field(default_factory=dict)
    outputs: dict[str, bytes | Path] | None = None  # what was made, when built into memory (out=None)


def resolve_now(now: str | datetime | None = None) -> datetime:
    """The build's "now": an explicit value, else SOURCE_DATE_EPOCH, else the clock."""
    if isinstance(now, datetime):
        return now if now.tzinfo else now.replace(tzinfo=UTC)
    if now:
        value = datetime.fromisoformat(now)
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC).replace(microsecond=0)


def now_line(now: datetime, given: bool = False) -> str:
    """The one line a build says about its "now", which decides what is upcoming and when
    booking has closed, so a site that looks stale can be traced to the build that made it."""
    if given:
        source = "given with --now"
    elif os.environ.get("SOURCE_DATE_EPOCH"):
        source = "from SOURCE_DATE_EPOCH"
    else:
        source = "from the clock"
    return f"Now is {now.astimezone(UTC):%Y-%m-%d %H:%M} UTC ({source}): events that ended before then are past."


def check_paths(root: Path, content: Path, out: Path) -> None:
    content_r, out_r = content.resolve(), out.resolve()
    if out_r == content_r or out_r.is_relative_to(content_r) or content_r.is_relative_to(out_r):
        raise ContentError(
            [
                Problem(
                    str(out),
                    None,
                    None,
                    "the output folder overlaps the content folder",
                    "choose an output folder outside content/, such as build/docs",
                )
            ]
        )


@contextmanager
def _gc_paused():
    """A build makes hundreds of thousands of objects that live until it ends, and
    the cyclic collector rescanning them all took a quarter of the build's time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _pdfs(content: Path, files: list[tuple[str, ...]], cache: BuildCache | None) -> list[Path]:
    """The PDFs among `files` (content/'s, as path parts) whose facts are not known
    yet: the text of thousands of them is most of the linking time, so they are read
    while content/ is loaded. A rebuild in the same process knows them already: the
    one or two that an edit adds are read when linked."""
    if cache is not None and cache.facts:
        return []
    # Resolved, as the paths the linker asks for are: a result under another name would be read again.
    top = content.resolve()
    return [top.joinpath(*parts) for parts in files if parts[-1].lower().endswith(".pdf")]


def load_site(
    root: Path,
    now: datetime,
    content: Path | None = None,
    settings: Settings | None = None,
    cache: BuildCache | None = None,
    keep: bool = False,
) -> tuple[Site, list[Problem], dict[str, float]]:
    """Load, validate and link. With `keep`, PDFs' facts are kept in build/.cache for
    later builds (a build writes there; a check writes nothing)."""
    t0 = time.perf_counter()
    content = content or root / "content"
    store = root / FILE_STORE if keep else None
    walked = walk(content)  # before loading, so the PDFs can be read while content/ loads
    ahead = workers.Ahead(partial(downloads.facts, store=store), _pdfs(content, walked.files, cache))
    file_facts = functools.cache(ahead.get)  # the loader checks the files the model then links: read once
    try:
        settings = settings or load_settings(root / "site.yml")
        loaded = load(root, settings, now, content, cache, walked, file_facts)
        t1 = time.perf_counter()
        if loaded.errors:
            raise ContentError(loaded.problems)
        site = build_model(loaded, settings, now, cache, file_facts)
    finally:
        ahead.close()
    t2 = time.perf_counter()
    warnings = [p for p in loaded.problems if p.severity != "error"] + site.warnings
    return site, warnings, {"load": t1 - t0, "link": t2 - t1}


def build(
    root: Path,
    out: Path | None,
    now: str | datetime | None = None,
    content: Path | None = None,
    cache: BuildCache | None = None,
) -> BuildResult:
    """Build the site into the folder `out`, or with `out` None into memory: the
    result's `outputs`, for a builder that takes its files from there (`mkdocs build`
    through the plugin; creating thousands of files only to read them back was a tenth
    of a large build). Pass the same `cache` to later builds in this process (as
    `mkdocs serve` does) to redo only what changed."""
    content = content or root / "content"
    if out is not None:
        check_paths(root, content, out)
    with _gc_paused():
        site, warnings, timings = load_site(root, resolve_now(now), content, cache=cache, keep=True)
        t0 = time.perf_counter()
        plan = pages.plan(site, Revisions(content), cache, root / IMAGE_STORE, root / CARD_STORE, keep_meta=out is None)
        waited = [time.perf_counter() - t0]  # time spent making outputs, not writing them

        def outputs():
            yield plan.ready
            made = workers.run(plan.jobs)
            while True:
                t = time.perf_counter()
                batch = next(made, None)
                waited[0] += time.perf_counter() - t
                if batch is None:
                    return
                if cache is not None:
                    cache.outputs.update(batch[1])  # what a worker made, for the next rebuild
                yield batch[0]

        kept = None
        if out is None:
            kept, report = gather(outputs())
        else:
            report = write(out, outputs(), cache)
        total = time.perf_counter() - t0
    # Outputs are written as they are made, so "write" is the time the writer itself took.
    timings.update(render=waited[0], write=total - waited[0])
    return BuildResult(site, report, warnings, pages.nav(site), timings, kept)


def sources(site: Site) -> dict[str, str]:
    """Each output file made from one content file, and that file as its author
    knows it (content/…), so a builder's messages can name what to edit."""
    found: dict[str, str] = {}
    for entity in depends.everything(site):
        if entity.source is None:
            continue
        found[entity.path] = entity.source.doc.rel
        for d in entity.resources:
            if d.source is not None:
                found[d.href] = entity.source.doc.rel
    return found
