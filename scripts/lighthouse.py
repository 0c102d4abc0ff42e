#!/usr/bin/env python3
"""Lighthouse's scores for five pages of a built site, as a phone on a slow network sees them.

Serves the site on 127.0.0.1, starts one headless Chromium, and runs Lighthouse
(tests/js/node_modules, pinned in tests/js/package.json) with its default mobile
settings (simulated slow 4G and a four-times slower CPU) on the home page, an
event, the events page, a person and a journal issue, `--runs` times each.
Prints the median of the four scores per page (performance, accessibility, best
practices, SEO), First Contentful Paint, Largest Contentful Paint, Total Blocking
Time and Cumulative Layout Shift:

    .venv/bin/python scripts/lighthouse.py            # build the example site first (into a temporary folder)
    .venv/bin/python scripts/lighthouse.py build/site # a site already built
    .venv/bin/python scripts/lighthouse.py --runs 5 --json test-output/lighthouse
    .venv/bin/python scripts/lighthouse.py --uncompressed build/site

The server is Python's own, serving the folder as a static host does: HTTP/1.1
with the connection kept open, and text gzipped for a browser that asks
(GitHub Pages, Netlify, Cloudflare and most hosts do); `--uncompressed` sends
files as they are, as `python -m http.server` does, which costs the pages a
point or two of performance on Lighthouse's slow 4G. Nothing is fetched from
the network: Chromium only talks to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / "tests" / "js" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The example site's pages, one of each kind a visitor lands on.
PAGES = {
    "home": "",
    "event": "events/family-justice-learning-conference-2027/",
    "events": "events/",
    "person": "people/dr-amira-hassan/",
    "journal issue": "journal/strengthening-families/issue-6/",
}
# The build date of the example site in the tests (tests/helpers.py NOW): the same pages every time.
NOW = "2026-11-23T12:00:00+00:00"


def missing() -> str | None:
    """What is missing to run Lighthouse here, if anything."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not LIGHTHOUSE.exists():
        return f"{LIGHTHOUSE} is missing (npm ci --prefix tests/js installs it)"
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (install Debian's chromium: apt-get install -y chromium)"
    return None


class _Server(SimpleHTTPRequestHandler):
    """Static files over HTTP/1.1, the connection kept open between requests as any web host
    does (Python's default, HTTP/1.0, opens a connection per file, which Lighthouse then
    counts as round trips a real visitor would not make), and each response sent at once:
    with Nagle's algorithm a response's headers and body, written apart, wait for the
    browser's delayed acknowledgement, 40 ms a file that no host adds. With `compress`,
    text (HTML, CSS, scripts, JSON, SVG, XML) goes gzipped to a browser that asks for it, as
    GitHub Pages, Netlify, Cloudflare and most hosts send it."""

    protocol_version = "HTTP/1.1"
    compress = True

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        wanted = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.compress and wanted and path.suffix in TEXT and path.is_file()):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

    def log_message(self, *args):
        pass


TEXT = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".ics"}


@contextlib.contextmanager
def served(folder: Path, compress: bool = True) -> Iterator[str]:
    """`folder` over http on 127.0.0.1 while the block runs, its text gzipped unless not
    `compress`; gives its address."""
    handler = type("Handler", (_Server,), {"compress": compress})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def chromium() -> Iterator[int]:
    """One headless Chromium for every run; gives its DevTools port (Lighthouse opens a tab per run)."""
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="lighthouse-profile-") as profile:
        browser = subprocess.Popen(
            [
                CHROMIUM,
                "--headless=new",
                "--no-sandbox",
                f"--remote-debugging-port={port}",
                f"--user-data-dir={profile}",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for(port)
            yield port
        finally:
            browser.terminate()
            try:
                browser.wait(timeout=10)
            except subprocess.TimeoutExpired:
                browser.kill()
                browser.wait()


def _wait_for(port: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.1)
    raise RuntimeError(f"Chromium did not open its DevTools port {port} within {seconds:.0f} s")


def lighthouse(url: str, port: int) -> dict:
    """Lighthouse's report (the JSON it writes) for `url`, run in the Chromium on `port`."""
    cmd = [
        str(LIGHTHOUSE),
        url,
        f"--port={port}",
        "--only-categories=" + ",".join(CATEGORIES),
        "--output=json",
        "--output-path=stdout",
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=180)
    if result.returncode != 0:
        raise RuntimeError(f"Lighthouse failed on {url}: {result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    if report.get("runtimeError"):
        raise RuntimeError(f"Lighthouse could not load {url}: {report['runtimeError']}")
    return report


def scores(report: dict) -> dict[str, float]:
    """The four category scores out of 100; FCP and LCP in seconds, TBT in milliseconds, and CLS."""
    found = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    for audit in ("first-contentful-paint", "largest-contentful-paint"):
        found[audit] = round(report["audits"][audit]["numericValue"] / 1000, 2)
    found["total-blocking-time"] = round(report["audits"]["total-blocking-time"]["numericValue"])
    found["cumulative-layout-shift"] = round(report["audits"]["cumulative-layout-shift"]["numericValue"], 3)
    return found


def failing(report: dict) -> list[str]:
    """The audits that cost points, one line each: category, id, score, what Lighthouse says."""
    lines = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit.get("score") is not None and audit["score"] < 1:
                lines.append(f"{category}: {ref['id']} {audit['score']}: {audit.get('displayValue') or audit['title']}")
    return lines


def measure(
    site: Path, runs: int = 3, keep: Path | None = None, pages: dict[str, str] = PAGES, compress: bool = True
) -> dict[str, list[dict]]:
    """Each of `pages`' reports, `runs` of them, run one after another in one Chromium."""
    reports: dict[str, list[dict]] = {page: [] for page in pages}
    with served(site, compress) as base, chromium() as port:
        for run in range(runs):
            for page, path in pages.items():
                report = lighthouse(base + path, port)
                reports[page].append(report)
                if keep is not None:
                    keep.mkdir(parents=True, exist_ok=True)
                    name = page.replace(" ", "-")
                    (keep / f"{name}-{run + 1}.json").write_text(json.dumps(report), encoding="utf-8")
    return reports


def medians(reports: list[dict]) -> dict[str, float]:
    each = [scores(report) for report in reports]
    return {key: statistics.median(s[key] for s in each) for key in each[0]}


def build_example(into: Path) -> Path:
    """The example site built with `mkdocs build --strict` in a copy of the project; gives build/site."""
    shutil.copy2(REPO / "site.yml", into / "site.yml")
    shutil.copytree(REPO / "content", into / "content")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("custom_dir: overrides", f"custom_dir: {(REPO / 'overrides').as_posix()}")
    (into / "mkdocs.yml").write_text(config, encoding="utf-8")
    (into / "build" / "docs").mkdir(parents=True)
    from datetime import datetime

    epoch = str(int(datetime.fromisoformat(NOW).timestamp()))
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(into / "mkdocs.yml")]
    subprocess.run(cmd, cwd=into, env=env, check=True)
    return into / "build" / "site"


def report_table(reports: dict[str, list[dict]]) -> str:
    header = f"{'page':<14}{'perf':>6}{'a11y':>6}{'best':>6}{'seo':>6}{'FCP s':>8}{'LCP s':>8}{'TBT ms':>8}{'CLS':>7}"
    lines = [header]
    for page, page_reports in reports.items():
        m = medians(page_reports)
        lines.append(
            f"{page:<14}{m['performance']:>6g}{m['accessibility']:>6g}{m['best-practices']:>6g}{m['seo']:>6g}"
            f"{m['first-contentful-paint']:>8.2f}{m['largest-contentful-paint']:>8.2f}"
            f"{m['total-blocking-time']:>8g}{m['cumulative-layout-shift']:>7.3f}"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", type=Path, help="a built site (default: build the example site first)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each page; the median is shown (default 3)")
    parser.add_argument("--json", type=Path, help="keep every Lighthouse report in this folder")
    parser.add_argument("--uncompressed", action="store_true", help="serve files as they are, not gzipped")
    args = parser.parse_args()
    problem = missing()
    if problem:
        print(f"Lighthouse cannot run: {problem}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="lighthouse-site-") as scratch:
        site = args.site or build_example(Path(scratch))
        reports = measure(site, runs=args.runs, keep=args.json, compress=not args.uncompressed)
    served_as = "uncompressed" if args.uncompressed else "gzipped"
    print(f"Lighthouse, mobile, text {served_as}, median of {args.runs} run(s) per page:")
    print(report_table(reports))
    for page, page_reports in reports.items():
        costs = failing(page_reports[-1])
        if costs:
            print(f"\n{page}, what costs points (last run):\n  " + "\n  ".join(costs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
