"""The editor at /admin/ in real Chromium, against the real local backend (decap-server,
as `make edit` runs it) writing into a copy of the example site: lists keep the group
files apart, a title edit through the form changes the `title:` line alone, the form
refuses an invalid email address, a new event or visit is the file `new` writes for the
same answers, a new practice week goes in its year's folder, a topic offers the topics
in use, and the file picker leaves out the pages. How soon the preview shows a save is
measured and printed."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from generator.authoring import cms
from generator.identity import PLACEHOLDER_BODIES, PLACEHOLDER_SUMMARIES

from .helpers import CHROMIUM, NOW, REPO, axe_violations, copy_project, git, run_cli, skip_or_fail
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


@pytest.fixture(scope="module")
def browser(browser):
    """A Chromium of the editor tests' own, from the run's Playwright: Decap's pages are the
    heaviest of the run, and a browser that has served every other test's pages before them
    once stalled closing one."""
    own = browser.browser_type.launch(
        executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"]
    )
    yield own
    own.close()


def _close(tab) -> None:
    """Leave the editor, then close its context: the page is blank by then, so nothing Decap
    still has in hand after a save can hold the close up."""
    tab.on("dialog", lambda dialog: dialog.accept())  # "leave the page?" while a save settles
    try:
        tab.goto("about:blank", timeout=15_000)
    except PlaywrightError:
        pass  # closing is all that is left to do
    tab.context.close()


def _seconds_until_served(preview, path: str, text: str, since: float, limit: float = 60) -> float:
    """Seconds from `since` until the preview serves `path` with `text` in it (asked every 0.1 s)."""
    while time.monotonic() - since < limit:
        try:
            if text in preview.get(path):
                return time.monotonic() - since
        except OSError:
            pass  # not built yet
        time.sleep(0.1)
    raise AssertionError(f"the preview did not serve {path} with {text!r} within {limit} s of the save")


def _report(what: str, seconds: float) -> None:
    """How soon the preview showed a save made in the form: printed, and kept in test-output/."""
    line = f"{what} saved in the form: the preview served the page {seconds:.1f} s after Publish now"
    print("\n" + line)
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / f"save-to-preview-{what.split()[-1]}.txt").write_text(line + "\n", encoding="utf-8")


def _publish(tab) -> None:
    tab.get_by_role("button", name="Publish").first.click()
    tab.get_by_text("Publish now").click()
    tab.get_by_text("Entry saved").wait_for()


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
    _close(tab)


def test_a_title_edit_changes_the_title_line_alone(editing, browser):
    project, preview, url = editing
    before = (project / EVENT).read_text(encoding="utf-8")
    tab = _open(
        browser, url, "#/collections/events-practice-standards-in-action/entries/practitioners-learning-together"
    )
    title = tab.locator('input[id^="title-field"]')
    title.wait_for()
    title.fill("Practitioners learning together, in Cardiff")
    tab.get_by_role("button", name="Publish").first.click()
    clicked = time.monotonic()
    tab.get_by_text("Publish now").click()
    page = "events/practice-standards-in-action/practitioners-learning-together/"
    _report("an edit", _seconds_until_served(preview, page, "Practitioners learning together, in Cardiff", clicked))
    deadline = time.monotonic() + 15
    while (project / EVENT).read_text(encoding="utf-8") == before and time.monotonic() < deadline:
        time.sleep(0.2)
    _close(tab)
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
    _close(tab)
    assert (project / EVENT).read_text(encoding="utf-8") == before


SHORT = """---
title: Practice clinic
start: 2027-05-11 10:00
end: 2027-05-11 11:00
format: online
registration: https://example.org/clinic/book
recording: https://video.example.org/clinic
chair: clare-chamberlain
speakers:
  - lauren-kocan
summary: A monthly clinic for practitioners.
---

Bring a case.
"""


def test_short_values_open_in_their_groups_and_are_written_back_short(editing, browser):
    """`registration: https://…` shows as the registration's web address in the form; an edit
    to it changes that one line, still short, and the other short values stay as written."""
    project, _, url = editing
    path = project / "content" / "events" / "practice-clinic.md"
    path.write_text(SHORT, encoding="utf-8")
    tab = _open(browser, url, "#/collections/events/entries/practice-clinic")
    booking = tab.locator('input[id^="url-field"]').first  # the registration group's web address
    booking.wait_for()
    assert booking.input_value() == "https://example.org/clinic/book"
    assert tab.locator('input[id^="url-field"]').nth(1).input_value() == "https://video.example.org/clinic"
    booking.fill("https://example.org/clinic/book-now")
    _publish(tab)
    deadline = time.monotonic() + 15
    while path.read_text(encoding="utf-8") == SHORT and time.monotonic() < deadline:
        time.sleep(0.2)
    _close(tab)
    assert path.read_text(encoding="utf-8") == SHORT.replace("/clinic/book\n", "/clinic/book-now\n", 1)


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
    tab.get_by_role("button", name="Choose a file").last.click()  # the slides' (the recording's transcript has one too)
    tab.locator("input[type=file]").first.set_input_files(str(REPO / "tests/corpus/good/content/events/agenda.pdf"))
    tab.get_by_role("button", name="Choose selected").click()
    tab.locator('input[id^="title-field"]').last.fill("Presentation slides")
    (OUTPUT / "screenshots").mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(OUTPUT / "screenshots" / "admin-new-event-desktop.png"))
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.screenshot(path=str(OUTPUT / "screenshots" / "admin-new-event-phone.png"))
    tab.set_viewport_size({"width": 1280, "height": 900})
    tab.get_by_role("button", name="Publish").first.click()
    clicked = time.monotonic()
    tab.get_by_text("Publish now").click()
    page = "events/practice-standards-in-action/leaders-and-partners-in-swansea/"
    _report("a new event", _seconds_until_served(preview, page, "Leaders and partners in Swansea", clicked))
    _close(tab)
    made = folder / "leaders-and-partners-in-swansea.md"
    assert made.is_file() and (folder / "agenda.pdf").read_bytes()[:5] == b"%PDF-"
    text = made.read_text(encoding="utf-8")
    assert text.startswith(
        "---\ntitle: Leaders and partners in Swansea\nstart: 2027-06-10 14:00\nend: 2027-06-10 15:30\n"
    )
    assert "\nchair: clare-chamberlain\n" in text and "  - file: agenda.pdf\n    title: Presentation slides\n" in text
    result = run_cli(project, "check")
    assert result.returncode == 0 and result.stdout.strip().endswith("0 errors, 0 warnings"), result.stdout
    served = preview.get(page)
    assert "Leaders and partners in Swansea" in served and "Rhian Evans" in served and "agenda.pdf" in served


def test_a_new_event_from_the_form_is_the_file_new_writes_for_the_same_answers(editing, browser, tmp_path):
    """The same answers: the title, the series (the collection), the start and the end; `new`
    writes placeholder words for the summary and the text, which are replaced here by the
    words typed into the form."""
    project, _, url = editing
    title, start, end = "Families: a café conversation", "2027-06-10 14:00", "2027-06-10 15:30"
    summary, text = "What helps families through proceedings.", "Bring a colleague."
    tab = _open(browser, url, "#/collections/events-delays-in-care-proceedings/new")
    tab.locator('input[id^="title-field"]').first.fill(title)
    tab.locator('input[id^="start-field"]').fill(start.replace(" ", "T"))
    tab.locator('input[id^="end-field"]').fill(end.replace(" ", "T"))
    tab.locator('textarea[id^="summary-field"]').fill(summary)
    tab.locator('[data-slate-editor="true"]').click()  # the text, in Decap's Markdown editor
    tab.keyboard.type(text)
    _publish(tab)
    _close(tab)
    rel = "content/events/delays-in-care-proceedings/families-a-cafe-conversation.md"  # named as `new` names it
    made = (project / rel).read_bytes()

    scratch = copy_project(tmp_path / "new")
    args = ["--series", "delays-in-care-proceedings", "--start", start, "--end", end, "--now", NOW.isoformat()]
    result = run_cli(scratch, "new", "event", title, *args)
    assert result.returncode == 0 and result.stdout.strip() == rel, result.stderr
    by_new = (scratch / rel).read_text(encoding="utf-8")
    by_new = by_new.replace(PLACEHOLDER_SUMMARIES["event"], summary).replace(PLACEHOLDER_BODIES["event"], text)
    print(f"\nMade in the form ({rel}):\n{made.decode()}")
    assert made == by_new.encode("utf-8")
    check = run_cli(project, "check")
    assert check.returncode == 0 and check.stdout.strip().endswith("0 errors, 0 warnings"), check.stdout


def test_a_new_visit_from_the_form_is_named_from_its_place_as_new_names_it(editing, browser, tmp_path):
    project, _, url = editing
    title, place, date = "Family support on the island", "Ynys Môn", "2023-10-12"
    tab = _open(browser, url, "#/collections/visits-2023/new")
    tab.locator('input[id^="title-field"]').fill(title)
    tab.locator('input[id^="date-field"]').fill(date)
    tab.locator('input[id^="place-field"]').fill(place)
    tab.locator('input[id^="nation-field"]').fill("Wales")
    tab.keyboard.press("Enter")
    tab.locator('textarea[id^="summary-field"]').fill("A visit to family support on Anglesey.")
    tab.locator('[data-slate-editor="true"]').click()
    tab.keyboard.type("We met the team.")
    _publish(tab)
    _close(tab)
    rel = "content/practice-week/2023/ynys-mon.md"
    scratch = copy_project(tmp_path / "new")
    args = ["--year", "2023", "--place", place, "--nation", "Wales", "--date", date, "--now", NOW.isoformat()]
    result = run_cli(scratch, "new", "visit", title, *args)
    assert result.returncode == 0 and result.stdout.strip() == rel, result.stderr
    by_new = (scratch / rel).read_text(encoding="utf-8")
    by_new = by_new.replace(PLACEHOLDER_SUMMARIES["visit"], "A visit to family support on Anglesey.")
    assert (project / rel).read_text(encoding="utf-8") == by_new.replace(
        PLACEHOLDER_BODIES["visit"], "We met the team."
    )


def test_a_practice_week_made_in_the_form_goes_in_its_year_s_folder(editing, browser):
    project, preview, url = editing
    tab = _open(browser, url, "#/collections/weeks/new")
    tab.locator('input[id^="title-field"]').fill("Practice week 2025")
    tab.locator('input[id^="start-field"]').fill("2025-10-06")
    tab.locator('input[id^="end-field"]').fill("2025-10-10")
    tab.locator('textarea[id^="summary-field"]').fill("A week of visits across Wales.")
    tab.locator('[data-slate-editor="true"]').click()
    tab.keyboard.type("We visited five services.")
    before = len(preview.rebuilds())
    _publish(tab)
    week = project / "content/practice-week/2025/_week.md"
    assert week.read_text(encoding="utf-8") == (
        "---\ntitle: Practice week 2025\nstart: 2025-10-06\nend: 2025-10-10\n"
        "summary: A week of visits across Wales.\n---\n\nWe visited five services.\n"
    )
    assert sorted(p.name for p in week.parent.iterdir()) == ["_week.md"]
    check = run_cli(project, "check")
    assert check.returncode == 0 and check.stdout.strip().endswith("0 errors, 0 warnings"), check.stdout
    tab.goto(url + "#/collections/weeks")
    tab.locator("h2", has_text="Practice week 2025").wait_for()  # the week list shows the new week
    # Its visits get a collection of their own once the preview has rebuilt the editor's forms.
    preview.wait_for(lambda: len(preview.rebuilds()) > before, "the preview's rebuild after the save")
    deadline = time.monotonic() + 30
    while "name: visits-2025" not in preview.get("admin/config.yml") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "name: visits-2025" in preview.get("admin/config.yml")
    # A second week in a year that has one is refused, with the reason, and nothing is written.
    year = project / "content/practice-week/2023"
    files = sorted(year.iterdir())
    _close(tab)
    tab = _open(browser, url, "#/collections/weeks/new")
    tab.locator('input[id^="title-field"]').fill("Another week in 2023")
    tab.locator('input[id^="start-field"]').fill("2023-11-06")
    tab.locator('input[id^="end-field"]').fill("2023-11-10")
    tab.get_by_role("button", name="Publish").first.click()
    tab.get_by_text("Publish now").click()
    tab.get_by_text("There is already a practice week in 2023").wait_for()
    _close(tab)
    time.sleep(1)
    assert sorted(year.iterdir()) == files


def test_a_topic_offers_the_topics_in_use_and_takes_a_new_one(editing, browser):
    project, _, url = editing
    tab = _open(browser, url, "#/collections/events/new")
    tab.locator('input[id^="title-field"]').first.fill("Topics old and new")
    tab.locator('input[id^="start-field"]').fill("2027-07-01T10:00")
    tab.get_by_role("button", name="Add topic").click()
    topic = tab.get_by_role("combobox", name="Topic").last  # a labelled text box with suggestions
    topic.press_sequentially("care")
    # What the browser offers under the box (its own list, which headless Chromium does not draw).
    offered = topic.evaluate("box => [...box.list.options].map(o => o.value).filter(v => v.includes(box.value))")
    assert {"care proceedings", "repeat care proceedings"} <= set(offered), offered
    topic.press_sequentially(" proceedings")
    tab.get_by_role("button", name="Add topic").click()
    tab.get_by_role("combobox", name="Topic").last.fill("kinship care")  # a topic no file has yet
    _publish(tab)
    _close(tab)
    text = (project / "content/events/topics-old-and-new.md").read_text(encoding="utf-8")
    assert "\ntags:\n  - care proceedings\n  - kinship care\n" in text, text
    check = run_cli(project, "check")
    assert check.returncode == 0, check.stdout


def test_the_file_picker_lists_the_attachments_and_not_the_pages(editing, browser):
    _, _, url = editing
    tab = _open(browser, url, "#/collections/events-delays-in-care-proceedings/new")
    tab.get_by_role("button", name="Add slides").click()
    tab.get_by_role("button", name="Choose a file").last.click()  # the slides' (the recording's transcript has one too)
    tab.get_by_text("fostering-a-one-system-mindset.pdf").wait_for()
    listed = tab.get_by_role("dialog").inner_text()
    _close(tab)
    assert ".md" not in listed, listed
