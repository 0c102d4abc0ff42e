"""The editor at /admin/ in real Chromium, against the real local backend (decap-server,
as `make edit` runs it) writing into a copy of the example site: lists keep the group
files apart, a title edit through the form changes the `title:` line alone, and the
form refuses an invalid email address."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from urllib.parse import urlsplit

import pytest

from generator.authoring import cms

from .helpers import REPO, axe_violations, copy_project, git, run_cli, skip_or_fail
from .test_preview import Server

SERVER = REPO / "cms" / "node_modules" / "decap-server" / "dist" / "index.js"
EVENT = "content/events/practice-standards-in-action/practitioners-learning-together.md"
OUTPUT = REPO / "test-output"


@pytest.fixture(scope="module")
def editing(tmp_path_factory, browser):
    """(the project decap-server writes into, the preview server, the editor's address):
    `make edit`'s two servers, on a git copy of the example site."""
    missing = cms.bundle_missing() or (None if SERVER.is_file() else f"{SERVER} is missing")
    if missing or shutil.which("node") is None:
        skip_or_fail(f"EDITOR NOT TESTED: {missing or 'node is not installed'}")
    port = int(urlsplit(cms.LOCAL).port)
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            skip_or_fail(f"EDITOR NOT TESTED: port {port}, where the editor looks for decap-server, is in use")
    project = copy_project(tmp_path_factory.mktemp("editing"))
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "as written")
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "GIT_REPO_DIRECTORY": str(project)}
    proc = subprocess.Popen(["node", str(SERVER)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    preview = None
    try:
        _wait_for(cms.LOCAL)
        preview = Server(project)
        yield project, preview, preview.url + "admin/"
    finally:
        if preview is not None:
            preview.stop()
        proc.terminate()
        proc.wait(timeout=10)


def _wait_for(url: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(
                url, data=b'{"action":"info"}', headers={"Content-Type": "application/json"}
            )
            urllib.request.urlopen(request, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"decap-server did not answer at {url}")


def _open(browser, url: str, fragment: str):
    """A tab of its own, signed in to the local backend, at `fragment`; closed with its
    context, which does not wait on the page as closing the tab alone can."""
    tab = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    tab.set_default_timeout(30_000)
    tab.goto(url)
    tab.get_by_role("button", name="Login").click()
    tab.get_by_text("Collections").first.wait_for()
    tab.goto(url + fragment)
    return tab


def test_lists_keep_the_group_files_apart(editing, browser):
    _, _, url = editing
    tab = _open(browser, url, "#/collections/series")
    tab.locator("h2", has_text="Learning series: practice standards in action").wait_for()
    titles = tab.locator("h2").all_inner_texts()
    assert "Learning series: delays in care proceedings" in titles
    tab.goto(url + "#/collections/events-practice-standards-in-action")
    tab.locator("h2", has_text="Practitioners learning together").wait_for()
    events = tab.locator("h2").all_inner_texts()
    assert "Leaders building a shared vision" in events
    assert not any(t.startswith("Learning series") for t in events), events
    # axe on the editor, Decap's own interface: reported (README, test-output/axe-admin.txt), not failed on.
    found = axe_violations(tab)
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "axe-admin.txt").write_text("\n".join(found) + "\n", encoding="utf-8")
    print("axe on /admin/:", *found, sep="\n  ")
    tab.context.close()


def test_a_title_edit_changes_the_title_line_alone(editing, browser):
    project, _, url = editing
    before = (project / EVENT).read_text(encoding="utf-8")
    tab = _open(
        browser, url, "#/collections/events-practice-standards-in-action/entries/practitioners-learning-together"
    )
    title = tab.locator('input[id^="title-field"]')
    title.wait_for()
    title.fill("Practitioners learning together, in Cardiff")
    tab.get_by_role("button", name="Publish").first.click()
    tab.get_by_text("Publish now").click()
    deadline = time.monotonic() + 15
    while (project / EVENT).read_text(encoding="utf-8") == before and time.monotonic() < deadline:
        time.sleep(0.2)
    tab.context.close()
    after = (project / EVENT).read_text(encoding="utf-8")
    assert after == before.replace(
        "title: Practitioners learning together\n", "title: Practitioners learning together, in Cardiff\n", 1
    )
    result = run_cli(project, "check")
    assert result.returncode == 0 and result.stdout.strip().endswith("0 errors, 0 warnings"), result.stdout


def test_the_form_refuses_an_invalid_email_address(editing, browser):
    project, _, url = editing
    before = (project / EVENT).read_text(encoding="utf-8")
    tab = _open(
        browser, url, "#/collections/events-practice-standards-in-action/entries/practitioners-learning-together"
    )
    contact = tab.locator('input[id^="contact-field"]')
    contact.wait_for()
    contact.fill("learning at example.org")
    tab.get_by_role("button", name="Publish").first.click()
    tab.get_by_text("Publish now").click()
    tab.get_by_text("an email address, like learning@example.org").first.wait_for()
    time.sleep(1)
    tab.context.close()
    assert (project / EVENT).read_text(encoding="utf-8") == before


def test_an_event_made_in_a_series_passes_check_and_appears_in_the_preview(editing, browser):
    project, preview, url = editing
    folder = project / "content" / "events" / "practice-standards-in-action"
    tab = _open(browser, url, "#/collections/events-practice-standards-in-action/new")
    tab.locator('input[id^="title-field"]').first.fill("Leaders and partners in Swansea")
    tab.locator('input[id^="start-field"]').fill("2027-06-10T14:00")
    tab.locator('input[id^="end-field"]').fill("2027-06-10T15:30")
    tab.locator('input[id^="contact-field"]').fill("learning@example.org")
    chair = tab.locator('input[id^="id-field"]').first  # chosen from content/people/
    chair.click()
    chair.type("Clare")
    tab.get_by_text("Clare Chamberlain", exact=False).last.wait_for()
    tab.keyboard.press("Enter")
    tab.get_by_role("button", name="Add speakers").click()  # someone with no file: typed in
    tab.locator('input[id^="name-field"]').last.fill("Rhian Evans")
    tab.locator('input[id^="role-field"]').last.fill("Head of Children's Services")
    tab.locator('input[id^="organisation-field"]').last.fill("Example Council")
    tab.get_by_role("button", name="Add slides").click()
    tab.get_by_role("button", name="Choose a file").click()
    tab.locator("input[type=file]").first.set_input_files(str(REPO / "tests/corpus/good/content/events/agenda.pdf"))
    tab.get_by_role("button", name="Choose selected").click()
    tab.locator('input[id^="title-field"]').last.fill("Presentation slides")
    (OUTPUT / "screenshots").mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(OUTPUT / "screenshots" / "admin-new-event-desktop.png"))
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.screenshot(path=str(OUTPUT / "screenshots" / "admin-new-event-phone.png"))
    tab.set_viewport_size({"width": 1280, "height": 900})
    before = len(preview.rebuilds())
    tab.get_by_role("button", name="Publish").first.click()
    tab.get_by_text("Publish now").click()
    tab.get_by_text("Entry saved").wait_for()
    tab.context.close()
    made = folder / "leaders-and-partners-in-swansea.md"
    assert made.is_file() and (folder / "agenda.pdf").read_bytes()[:5] == b"%PDF-"
    text = made.read_text(encoding="utf-8")
    assert text.startswith(
        "---\ntitle: Leaders and partners in Swansea\nstart: 2027-06-10 14:00\nend: 2027-06-10 15:30\n"
    )
    assert (
        "chair:\n  id: clare-chamberlain\n" in text and "  - file: agenda.pdf\n    title: Presentation slides\n" in text
    )
    result = run_cli(project, "check")
    assert result.returncode == 0 and result.stdout.strip().endswith("0 errors, 0 warnings"), result.stdout
    preview.wait_for(lambda: len(preview.rebuilds()) > before, "the preview's rebuild after the save")
    page = ""
    deadline = time.monotonic() + 30
    while "Leaders and partners in Swansea" not in page and time.monotonic() < deadline:
        try:
            page = preview.get("events/practice-standards-in-action/leaders-and-partners-in-swansea/")
        except OSError:
            time.sleep(0.2)
    assert "Leaders and partners in Swansea" in page and "Rhian Evans" in page and "agenda.pdf" in page
