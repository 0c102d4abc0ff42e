"""Builds on every core, and the disk store of PDF facts, never change the output.

A build renders in worker processes (generator/workers.py) and keeps each PDF's
page count and text in build/.cache/files. Builds here run in a separate process
(as `python -m generator build` does) with BUILD_PROCESSES=2, so that even a small
corpus is shared between two workers, and are compared byte for byte with a cold
build in one process, with no cache or store, of a copy of the same content:
after a change, an added file, a deleted file, a renamed file, and an error and
then its fix; with a warm cache kept between builds; and with a damaged store.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import workers
from generator.build.pipeline import FILE_STORE, build
from generator.resources import downloads

from .helpers import NOW, edit_field, edits, pick_event, repo_env, synthetic_project, tree

# Builds in a separate process, one per line read: a fork from a process with
# threads (pytest's browser fixtures) would render alone, which is not what is tested.
SERVER = r"""
import json, sys
from pathlib import Path
from generator import workers
from generator.build.pipeline import build
from generator.cache import BuildCache
from generator.problems import ContentError

root, out, now = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
cache = BuildCache() if sys.argv[4] == "warm" else None
for line in sys.stdin:
    try:
        result = build(root, out, now=now, cache=cache)
        answer = {"ok": True, "written": result.report.written, "removed": result.report.removed, **workers.last}
    except ContentError as exc:
        answer = {"ok": False, "report": exc.report()}
    print(json.dumps(answer), flush=True)
"""


class Builder:
    """A build process kept running between builds (as `make serve` keeps one)."""

    def __init__(self, root: Path, out: Path, warm: bool, processes: int = 2):
        env = repo_env(**{workers.WORKERS_ENV: str(processes)})
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(root), str(out), NOW.isoformat(), "warm" if warm else "cold"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )

    def build(self) -> dict:
        self.proc.stdin.write("build\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, f"the build process ended (exit code {self.proc.wait()})"
        return json.loads(line)

    def close(self) -> None:
        self.proc.stdin.close()
        assert self.proc.wait(timeout=60) == 0


@pytest.fixture
def project(tmp_path) -> Path:
    return synthetic_project(tmp_path / "project")


def cold_reference(project: Path, where: Path, monkeypatch) -> dict[str, bytes]:
    """A cold build in this one process, with no cache and no store, of a copy of the content."""
    where.mkdir()
    shutil.copytree(project / "content", where / "content")
    shutil.copy2(project / "site.yml", where / "site.yml")
    monkeypatch.setenv(workers.WORKERS_ENV, "1")
    build(where, where / "out", now=NOW)
    assert workers.last["processes"] == 1
    return tree(where / "out")


def same(built: Path, reference: dict[str, bytes], what: str) -> None:
    files = tree(built)
    assert set(files) == set(reference), (
        f"after {what}: missing {sorted(set(reference) - set(files))[:5]}, "
        f"extra {sorted(set(files) - set(reference))[:5]}"
    )
    differ = sorted(rel for rel in reference if files[rel] != reference[rel])
    assert not differ, f"after {what}: different bytes in {differ[:10]}"


def test_a_build_on_two_workers_gives_the_bytes_of_a_build_in_one_process(project, tmp_path, monkeypatch):
    out = tmp_path / "parallel"
    builder = Builder(project, out, warm=False)
    first = builder.build()
    assert first["ok"] and first["processes"] == 2 and first["jobs"] > 100
    assert (project / FILE_STORE).is_dir() and any((project / FILE_STORE).iterdir()), "PDF facts were not kept"
    same(out, cold_reference(project, tmp_path / "ref", monkeypatch), "a cold build on two workers")

    # Again, with every PDF's facts now read from the store.
    shutil.rmtree(out)
    assert builder.build()["ok"]
    builder.close()
    same(out, cold_reference(project, tmp_path / "ref-2", monkeypatch), "a build with the PDF facts kept")


def rename(path: Path, new_name: str) -> None:
    path.rename(path.with_name(new_name))


def test_warm_parallel_rebuilds_give_the_bytes_of_cold_builds_after_each_kind_of_edit(project, tmp_path, monkeypatch):
    out = project / "build" / "docs"
    builder = Builder(project, out, warm=True)
    first = builder.build()
    assert first["ok"] and first["jobs"] > 100
    again = builder.build()
    # What the workers made came back to the cache: nothing is made again but the
    # jobs that join the calendars and the news feeds (from cached events) every time.
    assert again["ok"] and again["written"] == [] and again["jobs"] <= 3, again

    monkeypatch.setenv(workers.WORKERS_ENV, "1")
    site = build(project, tmp_path / "scratch", now=NOW).site
    event = pick_event(site)
    other = next(e for e in site.events if e.series and e is not event and e.series is not event.series)
    person = next(p for p in site.people if p.source and p.appearances)
    broken = event.source.doc.path
    good = broken.read_text(encoding="utf-8")

    def rename_person():
        person.source.doc.path.rename(person.source.doc.path.with_name("renamed-person.md"))

    def fix_references():
        named = re.compile(rf"(?<![\w-]){re.escape(person.id)}(?![\w-])")
        for path in (project / "content").rglob("*.md"):
            text = path.read_text(encoding="utf-8")
            if named.search(text):
                path.write_text(named.sub("renamed-person", text), encoding="utf-8")

    steps = list(edits(project, site))
    steps[1:1] = [
        ("an event file renamed", lambda: rename(other.source.doc.path, "a-renamed-event.md"), True),
        ("a person file renamed, so references to it are errors", rename_person, False),
        ("the references to the renamed person fixed", fix_references, True),
    ]
    steps += [
        ("an error: a start with no date", lambda: edit_field(broken, "start", "'14:00'"), False),
        ("the error fixed", lambda: broken.write_text(good, encoding="utf-8"), True),
    ]

    for n, step in enumerate(steps):
        what, edit, valid = step if len(step) == 3 else (*step, True)
        before = tree(out)
        edit()
        result = builder.build()
        if not valid:
            assert not result["ok"], f"after {what}: the build should fail"
            assert tree(out) == before, f"after {what}: a failed build must leave the last good output"
            continue
        assert result["ok"], f"after {what}: {result.get('report')}"
        assert result["processes"] == 2, result
        same(out, cold_reference(project, tmp_path / f"ref-{n}", monkeypatch), what)
    assert not (out / other.path).exists(), "the renamed event's old page was left"
    assert not (out / person.path).exists(), "the renamed person's old page was left"
    builder.close()


def test_a_failing_job_fails_the_build_in_the_main_process():
    """A job that raises in a worker process: the build, in its own process, raises the same error."""
    # In a process of its own, since a process with threads (pytest's browser fixtures leave some)
    # runs every job itself; with more jobs than MIN_JOBS, so that they go to two workers whatever
    # BUILD_PROCESSES says. The job names the process it failed in.
    script = (
        "import os\n"
        "from generator import workers\n"
        "def fine():\n    return {'a': b'1'}, []\n"
        "def broken():\n    raise ValueError(f'a job went wrong in process {os.getpid()}')\n"
        "try:\n    list(workers.run([fine] * workers.MIN_JOBS + [broken], processes=2))\n"
        "except ValueError as exc:\n    print(workers.last['processes'], os.getpid(), exc)\n"
        "else:\n    print('no error')\n"
    )
    printed = run_alone(script)
    found = re.fullmatch(r"(\d+) (\d+) a job went wrong in process (\d+)\n", printed)
    assert found, printed
    processes, build, job = found.groups()
    assert processes == "2", printed
    assert job != build, f"the failing job ran in the build's own process: {printed}"


def test_workers_are_separate_processes():
    # In a process of its own: pytest's browser fixtures leave threads, and a process with threads renders alone.
    # Each job takes a moment, so one worker cannot take every batch before the other starts.
    script = (
        "import os, time\n"
        "from generator import workers\n"
        "made = list(workers.run([lambda: (time.sleep(0.2), {'pid': os.getpid()}, [])[1:]] * 8, processes=2))\n"
        "pids = {m[0]['pid'] for m in made}\n"
        "print(workers.last['processes'], len(pids), os.getpid() in pids)\n"
    )
    printed = run_alone(script)
    assert printed.split() == ["2", "2", "False"], printed


def run_alone(script: str) -> str:
    """What `script` prints, run in a Python process of its own (no threads, two workers)."""
    env = repo_env(**{workers.WORKERS_ENV: "2"})
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


# --- the store of PDF facts -----------------------------------------------------


def a_pdf(project: Path) -> Path:
    return next(p for p in sorted((project / "content").rglob("*.pdf")))


def test_pdf_facts_are_read_back_from_the_store(project, tmp_path, monkeypatch):
    pdf, store = a_pdf(project), tmp_path / "store"
    fresh = downloads.facts(pdf)
    assert fresh.pages and any(fresh.text)
    assert downloads.facts(pdf, store) == fresh
    assert len(list(store.iterdir())) == 1

    def no_parsing(*args, **kwargs):
        raise AssertionError("the PDF was parsed again")

    monkeypatch.setattr(downloads, "_read_pdf", no_parsing)
    assert downloads.facts(pdf, store) == fresh


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json",
        b"[]",
        b'{"size": 1, "pages": 2, "text": []}',
        b'{"size": SIZE, "pages": "2", "text": []}',
        b'{"size": SIZE, "pages": 2, "text": [1, 2]}',
        b"\xff\xfe\x00",
    ],
)
def test_a_damaged_store_entry_is_ignored_and_replaced(project, tmp_path, damage):
    pdf, store = a_pdf(project), tmp_path / "store"
    fresh = downloads.facts(pdf)
    downloads.facts(pdf, store)
    (entry,) = store.iterdir()
    entry.write_bytes(damage.replace(b"SIZE", str(pdf.stat().st_size).encode()))
    assert downloads.facts(pdf, store) == fresh
    assert json.loads(entry.read_bytes())["text"] == list(fresh.text), "the damaged entry was not replaced"


def test_a_changed_pdf_is_not_given_the_facts_of_its_old_bytes(project, tmp_path):
    pdfs = sorted((project / "content").rglob("*.pdf"))
    first = next(p for p in pdfs if downloads.facts(p).pages)
    other = next(p for p in pdfs if downloads.facts(p).text != downloads.facts(first).text)
    store = tmp_path / "store"
    downloads.facts(first, store)
    first.write_bytes(other.read_bytes())
    assert downloads.facts(first, store) == downloads.facts(other)


def test_a_build_with_a_damaged_store_gives_the_same_bytes(project, tmp_path, monkeypatch):
    monkeypatch.setenv(workers.WORKERS_ENV, "1")
    build(project, tmp_path / "first", now=NOW)
    entries = sorted((project / FILE_STORE).iterdir())
    assert entries
    for n, entry in enumerate(entries):
        entry.write_bytes([b"", b"{}", b'{"size": 0, "pages": 1, "text": ["wrong"]}'][n % 3])
    build(project, tmp_path / "second", now=NOW)
    same(tmp_path / "second", cold_reference(project, tmp_path / "ref", monkeypatch), "damaging the store")


def test_check_keeps_nothing_on_disk(project):
    from generator.cli import main

    assert main(["--root", str(project), "check", "--now", NOW.isoformat()]) == 0
    assert not (project / "build").exists(), "check wrote into the project"


def test_a_worker_that_dies_fails_the_build_with_a_message():
    # A crash in a library (or the system stopping a worker) must not leave the build waiting forever.
    script = (
        "import os\n"
        "from generator import workers\n"
        "def fine():\n    return {'a': b'1'}, []\n"
        "def dies():\n    os._exit(3)\n"
        "try:\n    list(workers.run([fine, dies] * 4, processes=2))\n"
        "except workers.WorkerLost as exc:\n    print('lost:', exc)\n"
    )
    printed = run_alone(script)
    assert "lost: a worker process stopped unexpectedly" in printed and "BUILD_PROCESSES=1" in printed


VEVENTS = r"""
import json, sys
from pathlib import Path
from generator.render import feeds
from generator.build.pipeline import load_site, resolve_now
from generator.model.revisions import Revisions

root = Path(sys.argv[1])
site, _, _ = load_site(root, resolve_now(sys.argv[2]))
revisions = Revisions(root / "content")
ahead = feeds.vevents_ahead(site, revisions)
shared = ahead._pool is not None
by_workers = feeds.vevents(site, revisions, ahead=ahead)[0]
here = feeds.vevents(site, revisions)[0]
print(json.dumps({"shared": shared, "events": len(here), "same": by_workers == here,
                  "differ": sorted(uid for uid in here if by_workers.get(uid) != here[uid])[:3]}))
"""


def test_vevents_made_ahead_by_workers_are_the_vevents_made_here(project):
    """A cold build has its events' VEVENTs made by workers while it plans the rest
    (feeds.vevents_ahead): each must be the bytes this process would make for that event."""
    env = repo_env(**{workers.WORKERS_ENV: "2"})
    done = subprocess.run(
        [sys.executable, "-c", VEVENTS, str(project), NOW.isoformat()],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["shared"] and found["events"] > 20
    assert found["same"], found["differ"]
