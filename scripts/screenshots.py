#!/usr/bin/env python3
"""Screenshots of the built site for review: the home page, an event, the events list, a
repeating session, a month and a person, each at desktop (1280×900) and phone (390×844)
size, the part in view on opening.

    .venv/bin/python scripts/screenshots.py build/site docs/screenshots

`make screenshots` builds the example site and runs this; README.md ("How the site looks")
shows the files it writes. Each is saved as a 256-colour PNG, a tenth of a full-colour
one and still sharp for text, so the folder stays small in the repository.
"""

from __future__ import annotations

import functools
import io
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
PAGES = {
    "home": "",
    "event": "events/family-justice-learning-conference-2027/",
    "events": "events/",
    "clinic": "events/practice-standards-clinic/",
    "month": "events/2027/05/",
    "person": "people/clare-chamberlain/",
}
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def names() -> list[str]:
    """The files written, in the order the README shows them."""
    return [f"{page}-{size}.png" for page in PAGES for size in SIZES]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _small_png(data: bytes) -> bytes:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        out = io.BytesIO()
        im.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(out, "PNG", optimize=True)
        return out.getvalue()


def shoot(site: Path, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    written = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for page, path in PAGES.items():
                for size, (width, height) in SIZES.items():
                    tab = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
                    tab.goto(f"http://127.0.0.1:{server.server_port}/{path}", wait_until="networkidle")
                    target = out / f"{page}-{size}.png"
                    target.write_bytes(
                        _small_png(tab.screenshot(animations="disabled"))
                    )  # header colour: no transition caught half-way
                    written.append(target)
                    tab.close()
            browser.close()
    finally:
        server.shutdown()
    return written


if __name__ == "__main__":
    for made in shoot(Path(sys.argv[1]), Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")):
        print(f"{made} ({made.stat().st_size / 1000:.0f} KB)")
