"""Pytest's shared fixtures: the example site and the tricky corpus, built for real with
MkDocs once per run, and one Chromium for every test that drives a browser."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .helpers import CHROMIUM, GOOD, browser_missing, copy_project, digest, for_mkdocs, mkdocs_build, skip_or_fail


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The example site built once with `mkdocs build --strict`; returns the project copy."""
    project = copy_project(tmp_path_factory.mktemp("example"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project


@pytest.fixture(scope="session")
def site(built: Path) -> Path:
    return built / "build" / "site"


@pytest.fixture(scope="session")
def good_site(tmp_path_factory) -> Path:
    """The corpus of tricky valid files (and bodies with pictures, files and links), built for real."""
    project = tmp_path_factory.mktemp("good")
    shutil.copytree(GOOD, project, dirs_exist_ok=True)
    for_mkdocs(project)
    before = digest(project / "content")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert digest(project / "content") == before
    return project / "build" / "site"


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run: Playwright's sync API allows one instance at a time."""
    problem = browser_missing()
    if problem:
        skip_or_fail(f"BROWSER TESTS NOT RUN: {problem}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-dev-shm-usage",
            ],
        )
        yield chromium
        chromium.close()
