"""Shared fixtures: a copy of the example project, built for real with MkDocs."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
GOOD = REPO / "tests" / "corpus" / "good"
# The fixed "now" for the example site: after the 2023 series, before the 2027 events.
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def copy_project(dest: Path) -> Path:
    """mkdocs.yml, site.yml and content/, so a build never touches the repo."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "site.yml", dest / "site.yml")
    write_config(dest)
    shutil.copytree(REPO / "content", dest / "content")
    (dest / "build" / "docs").mkdir(parents=True)
    return dest


def write_config(dest: Path) -> None:
    """The repo's mkdocs.yml, with the hook and theme overrides pointing back at the repo."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "- generator/bridge/plugin.py", f"- {(REPO / 'generator' / 'bridge' / 'plugin.py').as_posix()}"
    )
    config = config.replace("custom_dir: overrides", f"custom_dir: {(REPO / 'overrides').as_posix()}")
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")


def mkdocs_build(project: Path, now: datetime = NOW, strict: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(now.timestamp())), "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml")]
    if strict:
        cmd.append("--strict")
    return subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=300)


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


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session")
def good_site(tmp_path_factory) -> Path:
    """The corpus of tricky valid files (and bodies with pictures, files and links), built for real."""
    project = tmp_path_factory.mktemp("good")
    shutil.copytree(GOOD, project, dirs_exist_ok=True)
    write_config(project)
    (project / "build" / "docs").mkdir(parents=True)
    before = digest(project / "content")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert digest(project / "content") == before
    return project / "build" / "site"


# --- the browser, shared by every module that drives it ----------------------------


def _missing() -> str | None:
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"the Python package {exc.name} is not installed (make test installs it)"
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (install Debian's chromium: apt-get install -y chromium)"
    return None


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run: Playwright's sync API allows one instance at a time."""
    from .needs import skip_or_fail

    problem = _missing()
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


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
