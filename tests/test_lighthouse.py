"""Lighthouse 12.2.3 (tests/js/package.json), mobile, on the home page of the built example site:
accessibility, best practices and SEO 100, performance at least 98.

One run of the home page keeps this to about ten seconds; scripts/lighthouse.py runs all
five pages of the README's figures, several times each, with the same server and
settings. Outside CI a missing Node, Lighthouse or Chromium skips the test with a loud
message; with CI=true it fails it.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from .helpers import REPO, skip_or_fail

PAGES = {"home": ""}  # the page with the most kinds of block: cards, a notice, the lists
AT_LEAST = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}


def _script():
    spec = importlib.util.spec_from_file_location("lsg_lighthouse", REPO / "scripts" / "lighthouse.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and the like look their module up while it loads
    spec.loader.exec_module(module)
    return module


def test_lighthouse_scores_on_a_phone(site: Path):
    lighthouse = _script()
    problem = lighthouse.missing()
    if problem:
        skip_or_fail(f"LIGHTHOUSE NOT RUN: {problem}")
    reports = lighthouse.measure(site, runs=1, pages=PAGES)
    low = []
    for page, (report,) in reports.items():
        found = lighthouse.scores(report)
        low += [f"{page}: {name} {found[name]} < {least}" for name, least in AT_LEAST.items() if found[name] < least]
        if any(found[name] < least for name, least in AT_LEAST.items()):
            low += [f"  {line}" for line in lighthouse.failing(report)]
    assert low == [], "\n".join(low)
