#!/usr/bin/env python3
"""What a visitor downloads for the home page plus their first search, measured in
Debian's Chromium: serve a built site on 127.0.0.1, open the home page, type a
query into the header search box key by key, wait for the results, and add up
the bytes of every response (HTML, CSS, scripts, fonts, the search index pieces).

    .venv/bin/python scripts/measure_search.py build/site "care proceedings"

Prints one JSON line: {"bytes": ..., "requests": ..., "results": ..., "by_kind": {...}}.
"""

from __future__ import annotations

import functools
import json
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def measure(site: Path, query: str) -> dict:
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    sizes: dict[str, int] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            tab = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()

            def done(response):
                try:
                    sizes[response.url] = len(response.body())
                except Exception:  # a redirect or an aborted request has no body
                    sizes.setdefault(response.url, 0)

            tab.on("response", done)
            tab.goto(base, wait_until="networkidle")
            tab.click("input.md-search__input")
            tab.locator("input.md-search__input").press_sequentially(query, delay=60)
            tab.wait_for_selector(".md-search-result__item", timeout=30_000)
            tab.wait_for_load_state("networkidle")
            results = tab.locator(".md-search-result__item").count()
            browser.close()
    finally:
        server.shutdown()
    by_kind: dict[str, int] = {}
    for url, size in sizes.items():
        kind = "search index" if "/pagefind/" in url else url.rsplit(".", 1)[-1].split("?")[0][:12] or "html"
        by_kind[kind] = by_kind.get(kind, 0) + size
    return {"bytes": sum(sizes.values()), "requests": len(sizes), "results": results, "by_kind": by_kind}


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "care proceedings")))
