#!/usr/bin/env python3
"""Benchmark the generator and the full MkDocs build on synthetic corpora of growing size.

For each size (default 300, 1,000, 3,000 and 10,000 items) this makes a corpus with
scripts/make_corpus.py in a temporary folder (or under --keep DIR) and measures:

- generator: a cold `generator.build.build()` into an empty folder, in a fresh
  Python process with no build/.cache, split into load (read + validate), link
  (model), render and write (BuildResult.timings; render and write overlap, as
  pages are written while workers make the next); the median of --repeat runs
  (default 3), as disk writes vary from run to run; "gen proc" is that process's
  wall time, start-up and imports included; "gen CPU" the CPU time of it and its
  workers; then one more run with the build/.cache the last one left;
- peak memory of that generator process: its peak resident set size (ru_maxrss from
  os.wait4 on the child, i.e. RUSAGE_CHILDREN for that one child), not tracemalloc,
  so the interpreter and libraries are counted and the timings are not slowed down;
- full build: wall time of `python -m mkdocs build --strict -f <project>/mkdocs.yml` (as `make site`) from an
  empty build/, as on a fresh clone: run first, before the generator runs leave a build/.cache
  (NO_MKDOCS_2_WARNING=1, SOURCE_DATE_EPOCH fixed); MkDocs runs the
  generator through its plugin, so this is generator + MkDocs, process start included.
  Pages are rendered in as many processes as there are CPUs (BUILD_PROCESSES=1 for one).
  Run at every size unless --skip-mkdocs-above N is given (then only up to N items);
- repeat build: right after it, the same command --repeat times (default 3) with the last
  build/site and build/.cache left in place, as a user's next `make site`, so replacing the
  previous site is timed too; the median and every run;
- output size: bytes and files in the generator's output folder and build/site, the
  largest HTML page and the largest month calendar (events/<year>/<month>/);
- regenerate: in one warm process with one generator.cache.BuildCache (as under
  `mkdocs serve`), a no-change rebuild, then edit one event's summary and
  rebuild: time and how many files were written.

- preview: `python -m generator serve` started on the corpus (up to the same size as
  the full build); once it serves and its first search index is ready, one event's
  title is edited and its page polled over HTTP until the new title is served; again
  2 s later; from that second save, the time until search finds the new title in the
  preview's small index of the pages just saved (polled over HTTP, then read from the
  index it names), and until the full search index that holds it is ready (the
  server's log says so). Start-up is the time until it first serves.

Then the targets, met or missed. Not a test: timings depend on the machine.

Usage (from the repository root):

    .venv/bin/python scripts/benchmark.py
    .venv/bin/python scripts/benchmark.py --sizes 300,3000 --keep /tmp/bench --skip-mkdocs-above 10000
    .venv/bin/python scripts/benchmark.py --sizes 300 --repeat 1
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from make_corpus import DEFAULT_SEED, FIXED_NOW, FIXED_NOW_ISO, CorpusInfo, make_corpus  # noqa: E402

GEN_DOCS = "build/gen-docs"  # the generator-only output, next to MkDocs' build/docs

TARGETS = {
    "gen_10000": 5.0,  # seconds, generator alone at 10,000 items, cold
    "rss_10000": 400.0,  # MB, generator peak memory at 10,000 items
    "full_3000": 15.0,  # seconds, full build at 3,000 items
    "repeat_3000": 15.0,  # seconds, a repeat full build at 3,000 items (the same limit as the first)
    "regen_3000": 0.5,  # seconds, regenerate after one edited file at 3,000 items
    "ratio": 11.0,  # full build at 3,000 / at 300
    "preview_3000": 1.0,  # seconds, a save shown in the served page at 3,000 items (each of two saves)
}


# --- child processes ----------------------------------------------------------


def child_generate(root: Path, out: Path) -> dict:
    """One cold build, as a fresh process would do it."""
    from generator import workers
    from generator.build.pipeline import build

    t0 = time.perf_counter()
    result = build(root, out, now=FIXED_NOW)
    total = time.perf_counter() - t0
    return {
        "timings": result.timings,
        "total": total,
        "written": len(result.report.written),
        "unchanged": result.report.unchanged,
        "warnings": len(result.warnings),
        "workers": workers.last["processes"],
    }


def child_regenerate(root: Path, out: Path, event: Path) -> dict:
    """In one warm process, as under `mkdocs serve` (one BuildCache kept between builds):
    a first build, a no-change rebuild, then one edited event summary and a rebuild."""
    from generator.build.pipeline import build
    from generator.cache import BuildCache

    cache = BuildCache()
    build(root, out, now=FIXED_NOW, cache=cache)
    t0 = time.perf_counter()
    first = build(root, out, now=FIXED_NOW, cache=cache)
    noop = time.perf_counter() - t0
    text = event.read_text(encoding="utf-8")
    edited, count = re.subn(
        r"(?m)^summary: .*$", "summary: Edited by the benchmark to time a one-file rebuild.", text, count=1
    )
    if not count:
        raise SystemExit(f"{event}: no summary line to edit")
    event.write_text(edited, encoding="utf-8")
    t0 = time.perf_counter()
    second = build(root, out, now=FIXED_NOW, cache=cache)
    regen = time.perf_counter() - t0
    return {
        "noop": noop,
        "noop_written": len(first.report.written),
        "regen": regen,
        "regen_timings": second.timings,
        "written": second.report.written,
    }


def run_measured(cmd: list[str], cwd: Path, env: dict, cpu: bool = False) -> tuple:
    """Run a command; return exit code, stdout, stderr, wall seconds and its peak RSS in MB (the
    largest of the process and the workers it waited for), and with `cpu` the CPU seconds of them all."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        rss_mb = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 2**20  # KB on Linux
        found = (
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            wall,
            rss_mb,
        )
        return (*found, usage.ru_utime + usage.ru_stime) if cpu else found


def child_cmd(*args: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), *args]


def child_env() -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(int(FIXED_NOW.timestamp()))}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


# --- the preview, through a real server ------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    import urllib.request

    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode("utf-8", "replace")


class Preview:
    """`python -m generator serve` on a project, watched through its log and over HTTP; one
    event's file is edited and put back as it was when the server stops."""

    def __init__(self, project: Path, event: str, env: dict) -> None:
        self.project = project
        self.env = env
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/" + event.removesuffix(".md") + "/"
        self.path = project / "content" / event
        self.original = self.path.read_text(encoding="utf-8")
        self.logfile = project / "build" / "preview.log"
        self.proc: subprocess.Popen | None = None
        self.saved_at = 0.0  # perf_counter() when the last save was written

    def log_text(self) -> str:
        return self.logfile.read_text(encoding="utf-8", errors="replace")

    def wait(self, condition, what: str, limit: float = 900) -> None:
        deadline = time.perf_counter() + limit
        while not condition():
            if self.proc.poll() is not None or time.perf_counter() > deadline:
                raise SystemExit(f"preview: gave up waiting for {what}:\n{self.log_text()[-4000:]}")
            time.sleep(0.01)

    def serving(self) -> bool:
        try:
            fetch(self.url)
            return True
        except OSError:
            return False

    def start(self, log_out) -> float:
        """Start the server; the seconds until it first serves."""
        cmd = [sys.executable, "-m", "generator", "--root", str(self.project), "serve", "-a", f"127.0.0.1:{self.port}"]
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(cmd, cwd=REPO, env=self.env, stdout=log_out, stderr=subprocess.STDOUT)
        self.wait(self.serving, "the server to start")
        return time.perf_counter() - t0

    def save(self, title: str) -> float:
        """Save the event with a new title; the seconds until its page is served with it."""
        edited, count = re.subn(r"(?m)^title: .*$", f"title: {title}", self.original, count=1)
        if not count:
            raise SystemExit(f"{self.path}: no title line to edit")
        self.saved_at = time.perf_counter()
        self.path.write_text(edited, encoding="utf-8")
        self.wait(lambda: title in fetch(self.url), f"the page to show '{title}'", 120)
        return time.perf_counter() - self.saved_at

    def recent_holds(self, title: str) -> bool:
        # What a browser's search reads: the small index the preview names, and its pages.
        try:
            index = json.loads(fetch(f"http://127.0.0.1:{self.port}/.preview-search/state.json"))["index"]
        except (OSError, ValueError, KeyError):
            return False
        work = Path(re.findall(r"(?:into|Serving) (/\S+)", self.log_text())[-1]).parent
        return bool(index) and any(
            title in gzip.decompress(f.read_bytes()).decode("utf-8", "replace")
            for f in (work / index / "fragment").glob("*.pf_fragment")
        )

    def search_found(self, title: str) -> dict:
        """From the last save: until the recent pages' index holds the title, and until the full index does."""
        self.wait(lambda: self.recent_holds(title), "search to find the new title in the recent pages' index", 120)
        recent_s = time.perf_counter() - self.saved_at
        # A page is served as soon as it is written; the server logs its rebuild just after.
        self.wait(lambda: len(re.findall(r"Rebuild \d+ ", self.log_text())) >= 2, "the second rebuild's report", 120)
        versions = re.findall(r"Rebuild \d+ \(version (\d+)\)", self.log_text())
        self.wait(lambda: f"search: index of version {versions[-1]} ready" in self.log_text(), "the search index", 300)
        return {
            "preview_recent_s": recent_s,
            "preview_search_s": time.perf_counter() - self.saved_at,
            "preview_rebuilds": re.findall(r"Rebuild \d+ \(version \d+\): (.*)", self.log_text()),
        }

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=120)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.path.write_text(self.original, encoding="utf-8")


def measure_preview(project: Path, event: str, env: dict) -> dict:
    """Start `python -m generator serve`, save one event's title twice, 2 s apart, and time
    each until its page is served with the new title; then until search holds it."""
    preview = Preview(project, event, env)
    with open(preview.logfile, "w", encoding="utf-8") as log_out:
        try:
            start_s = preview.start(log_out)
            preview.wait(lambda: "search: index of version 1 ready" in preview.log_text(), "the first search index")
            first = preview.save("Preview benchmark edit 1")
            time.sleep(2.0)
            second = preview.save("Preview benchmark edit 2")
            found = preview.search_found("Preview benchmark edit 2")
        finally:
            preview.stop()
    return {"preview_start_s": start_s, "preview_saves_s": [first, second], **found}


# --- one size -----------------------------------------------------------------


def write_mkdocs_config(project: Path) -> None:
    """The repo's mkdocs.yml, with the theme overrides pointing back at the repo (as
    tests/helpers.py write_config does; the plugin is found by its name)."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("custom_dir: overrides", f"custom_dir: {(REPO / 'overrides').as_posix()}")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")


def tree_size(folder: Path) -> tuple[int, int]:
    files = total = 0
    if folder.is_dir():
        for dirpath, _, names in os.walk(folder):
            for name in names:
                files += 1
                total += os.lstat(os.path.join(dirpath, name)).st_size
    return files, total


def pick_event(events: list[str]) -> str:
    """A deterministic event in a series: the middle one of those in series folders."""
    in_series = [e for e in events if e.count("/") == 2]
    return (in_series or events)[len(in_series or events) // 2]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# Nothing is deleted until every size is measured, but for what the repeat full builds delete
# themselves (the site each replaces, as a user's second build does): what a run leaves (an
# earlier corpus, the generator runs' output folders and .cache) is moved into one folder,
# deleted at the end. On this machine's disk (ext4 without a journal) creating files is slower
# for minutes after many were deleted: 36,000 small files took 2 s of the kernel's time into a
# fresh folder and 4 s just after as many were deleted, and a full build at 3,000 items used
# 1.5 s of the kernel's time with no deletion before it and 4 to 5.5 s a few minutes after one.
# A build on a fresh clone follows no deletion, and that is the case the first build describes.
def bench_size(n: int, base: Path, seed: int, run_mkdocs: bool, repeat: int, trash: Path) -> dict:
    project = base / f"corpus-{n}"
    if project.exists():
        os.rename(project, Path(tempfile.mkdtemp(prefix=f"corpus-{n}-", dir=trash)) / "corpus")
    env = child_env()
    row: dict = {"n": n, "mkdocs": run_mkdocs}
    info, facts = make_project(n, project, seed)
    row.update(facts)
    if run_mkdocs:
        row.update(first_full_build(n, project, env))
        row.update(site_facts(project))
        row.update(repeat_full_builds(n, project, env, repeat))
        if Path("/usr/bin/chromium").exists():
            row["search_download"] = search_download(n, project, env)
    row.update(generator_runs(n, project, env, repeat, trash))
    event = pick_event(info.events)
    if run_mkdocs:
        log(f"[{n}] preview: python -m generator serve, two saves of {event}")
        row.update(measure_preview(project, event, env))
    row.update(regenerate(n, project, env, event))
    return row


def make_project(n: int, project: Path, seed: int) -> tuple[CorpusInfo, dict]:
    """The corpus and its mkdocs.yml, with an empty build/docs; what was made, and its facts."""
    log(f"[{n}] making the corpus in {project}")
    t0 = time.perf_counter()
    info = make_corpus(n, project, seed)
    facts = {
        "corpus_s": time.perf_counter() - t0,
        "corpus": info.summary(),
        "source_files": sum(1 for p in (project / "content").rglob("*") if p.is_file()),
    }
    write_mkdocs_config(project)
    (project / "build" / "docs").mkdir(parents=True)  # MkDocs wants its docs_dir to exist; the plugin fills it
    return info, facts


def mkdocs_build(n: int, project: Path, env: dict, what: str) -> tuple[str, float, float]:
    """One `python -m mkdocs build --strict`, as `make site`: its output, wall seconds and peak RSS in MB."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml")]
    os.sync()  # what came before on disk, not still being written back while the build runs
    code, out, err, wall, rss = run_measured(cmd, project, env)
    if code:
        raise SystemExit(f"{what} failed at {n} items:\n{(out + err)[-4000:]}")
    return out + err, wall, rss


def first_full_build(n: int, project: Path, env: dict) -> dict:
    """As `make site` on a fresh clone: nothing in build/ but an empty docs folder (no
    build/.cache kept by the generator runs, which come later)."""
    log(f"[{n}] full build: python -m mkdocs build --strict")
    output, wall, rss = mkdocs_build(n, project, env, "mkdocs build")
    found = re.search(r"pages: \d+ rendered in (\d+) processes \(([\d + ]+)\) in ([\d.]+) s", output)
    search = re.search(r"search: (\d+) pages indexed in ([\d.]+) s", output)
    return {
        "full_s": wall,
        "mkdocs_rss_mb": rss,
        "mkdocs_warnings": sum("WARNING" in line for line in output.splitlines()),
        "search_s": float(search.group(2)) if search else None,
        "pages_step": (
            f"pages rendered in {found.group(1)} processes ({found.group(2)}) in {found.group(3)} s"
            if found
            else "pages rendered in one process"
        ),
    }


def repeat_full_builds(n: int, project: Path, env: dict, repeat: int) -> dict:
    """As a user's next `make site`: the same command with the last build's build/site and
    build/.cache left in place, so the time includes replacing the previous site."""
    runs = []
    for i in range(repeat):
        log(f"[{n}] repeat full build (build/site and build/.cache kept), run {i + 1} of {repeat}")
        _, wall, _ = mkdocs_build(n, project, env, "repeat mkdocs build")
        runs.append(wall)
    return {"repeat_s": statistics.median(runs), "repeat_runs": [round(r, 3) for r in runs]}


def site_facts(project: Path) -> dict:
    """build/site's size and its largest HTML pages."""
    site = project / "build" / "site"
    files, size = tree_size(site)
    pages = sorted((p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html"))
    months = [(size, path) for size, path in pages if re.fullmatch(r"events/\d{4}/\d\d/index\.html", path)]
    return {
        "site_files": files,
        "site_bytes": size,
        "largest_page": pages[-1] if pages else (0, ""),
        "largest_month": months[-1] if months else (0, ""),
        "month_pages": len(months),
        "pages_over_300kb": sum(page > 300_000 for page, _ in pages),
    }


def search_download(n: int, project: Path, env: dict) -> dict | None:
    """What Chromium downloads for the home page plus a first search (scripts/measure_search.py)."""
    log(f"[{n}] home page plus first search, in Chromium")
    cmd = [
        sys.executable,
        str(REPO / "scripts" / "measure_search.py"),
        str(project / "build" / "site"),
        "care proceedings",
    ]
    code, out, _, _, _ = run_measured(cmd, REPO, env)
    return json.loads(out.strip().splitlines()[-1]) if code == 0 else None


class GeneratorRun(NamedTuple):
    """One generator build in a fresh process, as measured from outside it."""

    figures: dict  # what child_generate printed
    wall_s: float
    rss_mb: float
    cpu_s: float

    @property
    def gen_s(self) -> float:
        return sum(self.figures["timings"].values())


def generator_run(n: int, project: Path, env: dict) -> GeneratorRun:
    os.sync()
    code, out, err, wall, rss, cpu = run_measured(
        child_cmd("--child-generate", str(project), str(project / GEN_DOCS)), REPO, env, cpu=True
    )
    if code:
        raise SystemExit(f"generator failed at {n} items:\n{err[-4000:]}")
    return GeneratorRun(figures=json.loads(out.strip().splitlines()[-1]), wall_s=wall, rss_mb=rss, cpu_s=cpu)


def set_aside(project: Path, aside: Path, i: int, cache: bool) -> None:
    """Move the last run's output folder, and with `cache` build/.cache, out of the way (not
    deleted: see the note on bench_size)."""
    if (project / GEN_DOCS).exists():
        os.rename(project / GEN_DOCS, aside / f"docs-{i}")
    if cache and (project / "build" / ".cache").exists():
        os.rename(project / "build" / ".cache", aside / f"cache-{i}")


def generator_runs(n: int, project: Path, env: dict, repeat: int, trash: Path) -> dict:
    """`repeat` cold generator builds, the median one reported, then one with the .cache of the one before."""
    aside = Path(tempfile.mkdtemp(prefix=f"generator-{n}-", dir=trash))  # what earlier runs left
    runs = []
    for i in range(repeat):
        # Cold: a fresh process, an empty output folder and no build/.cache (resized
        # pictures, PDF facts, share cards).
        log(f"[{n}] generator (cold, fresh process, into an empty folder), run {i + 1} of {repeat + 1}")
        set_aside(project, aside, i, cache=True)
        runs.append(generator_run(n, project, env))
    log(f"[{n}] generator (build/.cache kept, fresh process, into an empty folder), run {repeat + 1} of {repeat + 1}")
    set_aside(project, aside, repeat, cache=False)
    kept = generator_run(n, project, env)
    row = {"gen_kept_s": kept.gen_s, "gen_kept_rss_mb": kept.rss_mb, **median_generator_run(runs)}
    row["docs_files"], row["docs_bytes"] = tree_size(project / GEN_DOCS)
    return row


def median_generator_run(runs: list[GeneratorRun]) -> dict:
    """The figures of the median run by generator time (disk writes vary from run to run); peak RSS of them all."""
    runs = sorted(runs, key=lambda r: r.gen_s)
    median = runs[len(runs) // 2]
    return {
        "timings": median.figures["timings"],
        "gen_s": median.gen_s,
        "gen_proc_s": median.wall_s,
        "gen_rss_mb": max(r.rss_mb for r in runs),
        "gen_cpu_s": median.cpu_s,
        "gen_workers": median.figures["workers"],
        "gen_runs": [round(r.gen_s, 3) for r in runs],
        "gen_written": median.figures["written"],
        "warnings": median.figures["warnings"],
    }


def regenerate(n: int, project: Path, env: dict, event: str) -> dict:
    """child_regenerate in a fresh process: a no-change rebuild, then one after editing `event`."""
    log(f"[{n}] regenerate after editing {event}")
    os.sync()  # the preview's two sites written back, not competing with the rebuild
    code, out, err, _, _ = run_measured(
        child_cmd("--child-regenerate", str(project), str(project / GEN_DOCS), str(project / "content" / event)),
        REPO,
        env,
    )
    if code:
        raise SystemExit(f"regeneration failed at {n} items:\n{err[-4000:]}")
    regen = json.loads(out.strip().splitlines()[-1])
    return {
        "edited": event,
        "noop_s": regen["noop"],
        "noop_written": regen["noop_written"],
        "regen_s": regen["regen"],
        "regen_timings": regen["regen_timings"],
        "regen_written": regen["written"],
    }


# --- the table ----------------------------------------------------------------


def mb(n_bytes: int) -> str:
    return f"{n_bytes / 1e6:.1f} MB"


TABLE_HEAD = [
    "items",
    "load s",
    "link s",
    "render s",
    "write s",
    "generator s",
    "gen proc s",
    "gen CPU s",
    "peak RSS",
    ".cache kept s",
    "full build s",
    "repeat build s",
    "build/docs",
    "build/site",
    "no-op rebuild s",
    "regen after edit",
]


def table_line(r: dict) -> list[str]:
    """One row of the table, in the order of TABLE_HEAD."""
    t = r["timings"]
    full = f"{r['full_s']:.2f}" if r["mkdocs"] else "skipped"
    repeat = f"{r['repeat_s']:.2f}" if r["mkdocs"] else "skipped"
    site = f"{r['site_files']} files, {mb(r['site_bytes'])}" if r["mkdocs"] else "skipped"
    return [
        f"{r['n']:,}",
        f"{t['load']:.2f}",
        f"{t['link']:.2f}",
        f"{t['render']:.2f}",
        f"{t['write']:.2f}",
        f"{r['gen_s']:.2f}",
        f"{r['gen_proc_s']:.2f}",
        f"{r['gen_cpu_s']:.2f}",
        f"{r['gen_rss_mb']:.0f} MB",
        f"{r['gen_kept_s']:.2f}",
        full,
        repeat,
        f"{r['docs_files']} files, {mb(r['docs_bytes'])}",
        site,
        f"{r['noop_s']:.2f}",
        f"{r['regen_s']:.2f} s, {len(r['regen_written'])} written",
    ]


def print_table(rows: list[dict], skip_above: int) -> None:
    lines = [table_line(r) for r in rows]
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(TABLE_HEAD)]
    print(" | ".join(h.rjust(w) for h, w in zip(TABLE_HEAD, widths, strict=False)))
    print("-+-".join("-" * w for w in widths))
    for line in lines:
        print(" | ".join(c.rjust(w) for c, w in zip(line, widths, strict=False)))
    print()
    print_generator_notes(rows)
    print_build_notes(rows, skip_above)
    print_row_notes(rows)


def print_generator_notes(rows: list[dict]) -> None:
    print(
        "generator s = load + link + render + write inside build() (BuildResult.timings), cold, into an empty folder;"
    )
    print(
        "  the median of --repeat runs, each a fresh process (all runs: "
        + "; ".join(f"{r['n']:,}: {', '.join(f'{x:.2f}' for x in r['gen_runs'])}" for r in rows)
        + ")."
    )
    print(
        "  Cold: no build/.cache (resized pictures, PDF facts, share cards); rendered in "
        + ", ".join(f"{r['n']:,}: {r['gen_workers']}" for r in rows)
        + " processes (BUILD_PROCESSES)."
    )
    print("gen proc s = wall time of that fresh Python process (start-up and imports included).")
    print(
        "gen CPU s = user + system CPU time of that process and its workers: steadier than wall time on a busy machine."
    )
    print("peak RSS = ru_maxrss of the generator process (os.wait4 on the child: the largest of it and its workers;")
    print("  whole processes, not tracemalloc).")
    print(
        ".cache kept s = generator s again, in a fresh process into an empty folder, with build/.cache from the run before."
    )


def print_build_notes(rows: list[dict], skip_above: int) -> None:
    print(
        "full build s = wall time of `python -m mkdocs build --strict` from an empty build/, as on a fresh clone: "
        "run first, with no build/.cache (its plugin runs the generator)."
    )
    built = [r for r in rows if r["mkdocs"]]
    if built:
        print(
            "repeat build s = the same command again with the last build/site and build/.cache in place, as a second "
            "`make site`: the median of --repeat runs (all runs: "
            + "; ".join(f"{r['n']:,}: {', '.join(f'{x:.2f}' for x in r['repeat_runs'])}" for r in built)
            + ")."
        )
    if len(built) < len(rows):
        print(
            f"full build skipped above {skip_above:,} items (--skip-mkdocs-above); build/docs is the generator's output."
        )
    print("no-op rebuild / regen after edit = build() in a warm process with its cache (as under mkdocs serve):")
    print("unchanged content, then one event's summary edited; 'written' counts the files rewritten.")


def print_row_notes(rows: list[dict]) -> None:
    for r in rows:
        written = r["regen_written"]
        shown = ", ".join(written[:8]) + (f", ... (+{len(written) - 8})" if len(written) > 8 else "")
        print(f"  {r['n']:,}: edited {r['edited']} -> wrote {shown}")
    for r in rows:
        extra = (
            f", mkdocs process peak RSS {r['mkdocs_rss_mb']:.0f} MB, {r['mkdocs_warnings']} MkDocs warnings, "
            f"{r['pages_step']}"
            if r["mkdocs"]
            else ""
        )
        print(
            f"  {r['n']:,}: {r['corpus']}; {r['source_files']} source files, corpus made in {r['corpus_s']:.1f} s, "
            f"{r['warnings']} content warnings{extra}"
        )


def print_pages(rows: list[dict]) -> None:
    """Page sizes and search: what a visitor downloads, at each archive size."""
    built = [r for r in rows if r["mkdocs"]]
    if not built:
        return
    print()
    print(
        "items | largest HTML page                                   | largest month page (of N)                | "
        "pages > 300 KB | search index step | home + first search (Chromium)"
    )
    for r in built:
        size, path = r["largest_page"]
        month_size, month_path = r["largest_month"]
        month = f"{month_size / 1000:7.0f} KB {month_path[: -len('/index.html')]:<8} (of {r['month_pages']:>4})"
        search = f"{r['search_s']:.1f} s" if r.get("search_s") is not None else "n/a"
        dl = r.get("search_download")
        dl_text = (
            f"{dl['bytes'] / 1e6:.2f} MB in {dl['requests']} requests, {dl['results']} results shown"
            if dl
            else "not measured (no /usr/bin/chromium)"
        )
        print(
            f"{r['n']:>5,} | {size / 1000:7.0f} KB {path[:40]:<40} | {month:<40} | {r['pages_over_300kb']:>14} | "
            f"{search:>17} | {dl_text}"
        )


def print_preview(rows: list[dict]) -> None:
    """How fast a save shows under `python -m generator serve`, measured over HTTP."""
    measured = [r for r in rows if "preview_saves_s" in r]
    if not measured:
        return
    print()
    print(
        "items | preview start-up | first save shown | second save (2 s later) | search finds it | "
        "full index holds it | rebuilds"
    )
    for r in measured:
        first, second = r["preview_saves_s"]
        print(
            f"{r['n']:>5,} | {r['preview_start_s']:14.1f} s | {first:14.2f} s | {second:21.2f} s | "
            f"{r['preview_recent_s']:13.2f} s | {r['preview_search_s']:16.1f} s | "
            f"{len(r['preview_rebuilds'])}: " + "; ".join(r["preview_rebuilds"])
        )
    print("save shown = from writing the file to the served page (polled over HTTP) holding the new title;")
    print("search finds it = from the second save until the preview's index of the saved pages holds the title;")
    print("full index holds it = from the second save until the server reports the full search index of it ready.")


def verdict(value: float, limit: float) -> str:
    return "met" if value <= limit else "MISSED"


def measured_target(by_n: dict, name: str, key: str, n: int, fmt: str, field: str) -> tuple[str, str, str]:
    """A target read from one row's field; not measured when that size was not run, or had no full build."""
    r = by_n.get(n)
    if r is None or (field in ("full_s", "repeat_s") and not r["mkdocs"]):
        return (name, "not measured", "-")
    value = r[field]
    return (name, fmt.format(value), verdict(value, TARGETS[key]))


def page_targets(r3: dict | None) -> list[tuple[str, str, str]]:
    """The largest page and what a visitor downloads, at 3,000 items."""
    if not (r3 and r3["mkdocs"]):
        return []
    largest = r3["largest_page"][0]
    month = r3["largest_month"][0]
    dl = r3.get("search_download")
    return [
        ("largest HTML page, 3,000 items <= 300 KB", f"{largest / 1000:.0f} KB", verdict(largest, 300_000)),
        ("largest month page, 3,000 items <= 300 KB", f"{month / 1000:.0f} KB", verdict(month, 300_000)),
        (
            "home page + first search, 3,000 items <= 1.5 MB",
            f"{dl['bytes'] / 1e6:.2f} MB" if dl else "not measured",
            verdict(dl["bytes"], 1_500_000) if dl else "-",
        ),
    ]


def preview_target(r3: dict | None) -> tuple[str, str, str]:
    name = "preview, a save shown, 3,000 items <= 1 s (slower of two saves)"
    if not (r3 and "preview_saves_s" in r3):
        return (name, "not measured", "-")
    slowest = max(r3["preview_saves_s"])
    return (name, f"{slowest:.2f} s", verdict(slowest, TARGETS["preview_3000"]))


def ratio_target(small: dict | None, large: dict | None) -> tuple[str, str, str]:
    name = "full build 3,000 / 300 items <= 11"
    if not (small and large and small["mkdocs"] and large["mkdocs"]):
        return (name, "not measured", "-")
    ratio = large["full_s"] / small["full_s"]
    return (name, f"{ratio:.1f}x", verdict(ratio, TARGETS["ratio"]))


def target_results(rows: list[dict]) -> list[tuple[str, str, str]]:
    by_n = {r["n"]: r for r in rows}
    return [
        measured_target(by_n, "generator alone, 10,000 items, cold <= 5 s", "gen_10000", 10000, "{:.2f} s", "gen_s"),
        measured_target(
            by_n, "generator peak memory, 10,000 items <= 400 MB", "rss_10000", 10000, "{:.0f} MB", "gen_rss_mb"
        ),
        measured_target(by_n, "full build, 3,000 items <= 15 s", "full_3000", 3000, "{:.2f} s", "full_s"),
        measured_target(by_n, "repeat full build, 3,000 items <= 15 s", "repeat_3000", 3000, "{:.2f} s", "repeat_s"),
        *page_targets(by_n.get(3000)),
        measured_target(
            by_n, "regenerate after one edited file, 3,000 items <= 0.5 s", "regen_3000", 3000, "{:.2f} s", "regen_s"
        ),
        preview_target(by_n.get(3000)),
        ratio_target(by_n.get(300), by_n.get(3000)),
    ]


def print_targets(rows: list[dict]) -> list[tuple[str, str, str]]:
    results = target_results(rows)
    print()
    width = max(len(r[0]) for r in results)
    print("Target".ljust(width), "| Figure       | Result")
    print("-" * width + "-+--------------+-------")
    for name, figure, result in results:
        print(name.ljust(width), "|", figure.ljust(12), "|", result)
    r10 = next((r for r in rows if r["n"] == 10000), None)
    if r10:
        print(
            f"(generator at 10,000 items as a whole process, start-up and imports included: {r10['gen_proc_s']:.2f} s)"
        )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the generator and the full build on synthetic corpora.")
    parser.add_argument("--sizes", default="300,1000,3000,10000", help="comma-separated item counts")
    parser.add_argument("--keep", type=Path, help="make and keep the corpora in this folder (default: a temporary one)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--skip-mkdocs-above",
        type=int,
        default=10**9,
        metavar="N",
        help="run the full MkDocs build and the preview only up to N items (default: at every size)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        metavar="N",
        help="cold generator runs and repeat full builds per size; the median is shown (default 3: disk writes vary)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--child-generate", nargs=2, metavar=("ROOT", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--child-regenerate", nargs=3, metavar=("ROOT", "OUT", "EVENT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    if args.child_generate:
        print(json.dumps(child_generate(*map(Path, args.child_generate))))
        return 0
    if args.child_regenerate:
        print(json.dumps(child_regenerate(*map(Path, args.child_regenerate))))
        return 0

    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        base, tmp = args.keep.resolve(), None
    else:
        tmp = tempfile.TemporaryDirectory(prefix="lsg-bench-")
        base = Path(tmp.name)
    trash = Path(tempfile.mkdtemp(prefix=".set-aside-", dir=base))
    try:
        rows = [bench_size(n, base, args.seed, n <= args.skip_mkdocs_above, args.repeat, trash) for n in sizes]
    finally:
        shutil.rmtree(trash, ignore_errors=True)
        if tmp:
            tmp.cleanup()
    print(f"Benchmark: seed {args.seed}, now {FIXED_NOW_ISO}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    print()
    print_table(rows, args.skip_mkdocs_above)
    print_pages(rows)
    print_preview(rows)
    targets = print_targets(rows)
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "targets": targets}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
