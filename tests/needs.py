"""Tests that need a tool from outside Python (Chromium, Node): skipped loudly on a
developer's machine without it, failed under CI, where .ci/run installs it."""

from __future__ import annotations

import os

import pytest


def skip_or_fail(message: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    print("\n" + "!" * 78 + f"\n!! {message}\n" + "!" * 78)
    pytest.skip(message)
