"""A recording on its event page: a player that loads nothing from the video host until a
person presses Play (and then the host's privacy-friendly player), a plain link without
JavaScript, and the transcript as text on the page, collapsed, escaped and searchable.
A small project built for real with MkDocs, and looked at in Chromium."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from generator.render import players, transcripts

from .helpers import (
    PERSON_ANNA,
    PERSON_BEN,
    axe_violations,
    for_mkdocs,
    load_content,
    make_project,
    md,
    mkdocs_build,
    run_cli,
    served,
)

YOUTUBE_ID = "AbCdEfGh_-0"
VTT = """\ufeffWEBVTT - A recorded webinar

NOTE the chair opens

1
00:00:05.000 --> 00:00:09.500
<v Anna Jones>Welcome to the webinar on <b>kaleidoscopic</b> practice.

00:01:05.250 --> 00:01:10.000 align:start
<v.loud Ben Price>Thank you, Anna.
We start with the figures &amp; the stories.

00:02:00.000 --> 00:02:03.000
Applause.

00:03:00.000 --> 00:03:04.000
<v Ben Price>Nobody should see &lt;script&gt;alert(2)&lt;/script&gt; run here.<script>alert(1)</script>

01:02:03.000 --> 01:02:09.000
<v Anna Jones>Thank you all for coming.
"""
TXT = """The chair welcomed everyone.
She set out the plan for the afternoon.

The first speaker showed <img src=x onerror=alert(3)> the figures.


The panel took questions.
"""
PAGE = "events/recorded/"


def past_event(title: str, recording: str) -> str:
    front = f"title: {title}\nstart: 2026-10-01 10:00\nend: 2026-10-01 11:00\nformat: online\n{recording.strip()}"
    return md(front + "\nchair: anna-jones\nspeakers: [ben-price]", "About the event.")


CONTENT = {
    "people/anna-jones.md": PERSON_ANNA,
    "people/ben-price.md": PERSON_BEN,
    "events/recorded.md": past_event(
        "A recorded webinar",
        f"recording:\n  url: https://www.youtube.com/watch?v={YOUTUBE_ID}\n  transcript: recorded.vtt",
    ),
    "events/recorded.vtt": VTT,
    "events/vimeo-talk.md": past_event(
        "A talk on Vimeo", "recording:\n  url: https://vimeo.com/123456789\n  transcript: vimeo-talk.txt"
    ),
    "events/vimeo-talk.txt": TXT,
    "events/film.md": past_event(
        "A film of the day", "recording:\n  url: https://video.example.org/film.mp4\n  transcript: film.vtt"
    ),
    "events/film.vtt": "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Anna Jones>Hello.\n",
    "events/elsewhere.md": past_event(
        "Watched elsewhere", "recording:\n  url: https://video.example.org/watch/42\n  captions: true"
    ),
}


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    project = for_mkdocs(make_project(tmp_path_factory.mktemp("recordings"), CONTENT))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "build" / "site"


def article(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser").select_one("article")


# --- which player ------------------------------------------------------------------


def shown(url: str, allows=lambda host: True) -> players.Player:
    return players.of(SimpleNamespace(url=url), allows)


@pytest.mark.parametrize(
    ("url", "src"),
    [
        (f"https://www.youtube.com/watch?v={YOUTUBE_ID}&t=90", f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}"),
        (
            f"https://youtube.com/watch?feature=share&v={YOUTUBE_ID}",
            f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}",
        ),
        (f"https://youtu.be/{YOUTUBE_ID}?si=abc", f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}"),
        (
            f"https://www.youtube.com/live/{YOUTUBE_ID}?feature=share",
            f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}",
        ),
        (f"https://www.youtube.com/embed/{YOUTUBE_ID}", f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
        ("https://player.vimeo.com/video/76979871", "https://player.vimeo.com/video/76979871"),
        (
            "https://web.microsoftstream.com/video/6f4b2a1e-1234-4cde-9abc-0123456789ab",
            "https://web.microsoftstream.com/embed/video/6f4b2a1e-1234-4cde-9abc-0123456789ab",
        ),
        (
            "https://contoso.sharepoint.com/sites/learning/_layouts/15/stream.aspx?id=%2Fsites%2Flearning%2Fv.mp4",
            "https://contoso.sharepoint.com/sites/learning/_layouts/15/embed.aspx",
        ),
    ],
)
def test_a_video_host_is_played_from_its_privacy_friendly_player(url, src):
    player = shown(url)
    assert player.kind == "frame"
    parts = urlsplit(player.src)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == src


def test_vimeo_plays_with_do_not_track_and_keeps_an_unlisted_videos_key():
    assert parse_qs(urlsplit(shown("https://vimeo.com/76979871").src).query)["dnt"] == ["1"]
    unlisted = parse_qs(urlsplit(shown("https://vimeo.com/76979871/0a1b2c3d4e").src).query)
    assert unlisted["dnt"] == ["1"] and unlisted["h"] == ["0a1b2c3d4e"]


def test_a_sharepoint_video_keeps_which_video_it_is():
    url = "https://contoso.sharepoint.com/sites/learning/_layouts/15/stream.aspx?id=%2Fsites%2Flearning%2Fv.mp4"
    assert parse_qs(urlsplit(shown(url).src).query)["id"] == ["/sites/learning/v.mp4"]
    assert shown(url).service == "Microsoft Stream"


@pytest.mark.parametrize(
    "url",
    [
        "https://video.example.org/watch/42",
        "https://www.youtube.com/playlist?list=PL123",
        "https://www.youtube.com/watch?v=tooshort",
        "https://vimeo.com/channels/staffpicks",
    ],
)
def test_anything_else_stays_a_link(url):
    assert shown(url).kind == "link" and not shown(url).playable


def test_a_host_the_site_does_not_allow_stays_a_link():
    player = shown(f"https://youtu.be/{YOUTUBE_ID}", lambda host: host != "www.youtube-nocookie.com")
    assert (player.kind, player.src, player.service) == ("link", f"https://youtu.be/{YOUTUBE_ID}", "YouTube")


@pytest.mark.parametrize("url", ["https://video.example.org/film.mp4", "https://cdn.example.org/a/b.WEBM?x=1"])
def test_a_video_file_is_played_by_the_browser(url):
    player = shown(url)
    assert (player.kind, player.src, player.service) == ("video", url, None)
    assert player.loads.startswith("the video from ")


# --- the transcript, read --------------------------------------------------------------


def transcript_of(path: Path):
    return transcripts.of(SimpleNamespace(transcript=SimpleNamespace(source=path)))


def test_a_webvtt_transcript_is_timed_text_with_its_speakers(tmp_path: Path):
    path = tmp_path / "t.vtt"
    path.write_text(VTT, encoding="utf-8")
    found = transcript_of(path)
    assert found.timed and found.paragraphs == ()
    assert [(c.start, c.voice, c.text) for c in found.cues] == [
        ("0:00:05", "Anna Jones", "Welcome to the webinar on kaleidoscopic practice."),
        ("0:01:05", "Ben Price", "Thank you, Anna. We start with the figures & the stories."),
        ("0:02:00", None, "Applause."),
        ("0:03:00", "Ben Price", "Nobody should see <script>alert(2)</script> run here.alert(1)"),
        ("1:02:03", "Anna Jones", "Thank you all for coming."),
    ]


def test_a_text_transcript_is_paragraphs(tmp_path: Path):
    path = tmp_path / "t.txt"
    path.write_text(TXT, encoding="utf-8")
    found = transcript_of(path)
    assert not found.timed
    assert found.paragraphs == (
        "The chair welcomed everyone. She set out the plan for the afternoon.",
        "The first speaker showed <img src=x onerror=alert(3)> the figures.",
        "The panel took questions.",
    )
    # A file with no blank lines has a paragraph on each line.
    path.write_text("Anna: Welcome.\nBen: Thank you.\n", encoding="utf-8")
    assert transcript_of(path).paragraphs == ("Anna: Welcome.", "Ben: Thank you.")


def test_a_webvtt_file_whose_times_cannot_be_read_is_still_shown_as_text(tmp_path: Path):
    path = tmp_path / "t.vtt"
    path.write_text("WEBVTT\n\n00:75:00.000 --> 00:76:00.000\n<v Anna Jones>Too late.\n", encoding="utf-8")
    assert transcript_of(path).paragraphs == ("Too late.",)


def test_an_unchanged_transcript_is_read_once(tmp_path: Path, monkeypatch):
    path = tmp_path / "once.vtt"
    path.write_text(VTT, encoding="utf-8")
    reads = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self.name) or original(self))
    first = transcript_of(path)
    assert transcript_of(path) is first
    assert reads == ["once.vtt"]
    path.write_text(VTT.replace("Applause.", "Laughter and applause."), encoding="utf-8")
    assert transcript_of(path).cues[2].text == "Laughter and applause."
    assert reads == ["once.vtt", "once.vtt"]


# --- check ---------------------------------------------------------------------------------


def recorded(transcript: str | bytes) -> dict:
    return {
        "events/talk.md": md(
            "title: A talk\nstart: 2026-10-01 10:00\nend: 2026-10-01 11:00\n"
            "recording:\n  url: https://youtu.be/AbCdEfGh_-0\n  transcript: talk.vtt"
        ),
        "events/talk.vtt": transcript,
    }


def test_a_vtt_file_that_is_not_webvtt_is_an_error_naming_the_field_and_the_fix(tmp_path: Path):
    srt = "1\n00:00:01,000 --> 00:00:04,000\nHello.\n"
    loaded = load_content(tmp_path, recorded(srt))
    found = [p for p in loaded.problems if p.field == "the transcript of the recording"]
    assert len(found) == 1, loaded.problems
    problem = found[0]
    assert problem.severity == "error" and problem.line == 7
    assert problem.message == "'talk.vtt' is not a WebVTT captions file: its first line is not WEBVTT"
    assert ".vtt" in problem.fix and ".txt" in problem.fix
    said = run_cli(tmp_path / "project", "check")
    assert said.returncode == 1
    assert "content/events/talk.md:7: the transcript of the recording: 'talk.vtt' is not a WebVTT" in said.stdout


@pytest.mark.parametrize("text", ["WEBVTTX\n\n", "", "webvtt\n"])
def test_other_first_lines_are_refused(tmp_path: Path, text):
    problems = load_content(tmp_path, recorded(text)).problems
    assert [p.field for p in problems if p.severity == "error"] == ["the transcript of the recording"]


@pytest.mark.parametrize("text", [VTT, "WEBVTT", "WEBVTT\tKind: captions\n", b"\xef\xbb\xbfWEBVTT\r\n\r\n"])
def test_webvtt_files_pass(tmp_path: Path, text):
    assert not [p for p in load_content(tmp_path, recorded(text)).problems if p.severity == "error"]


# --- the built page -------------------------------------------------------------------------


def test_transcript_is_on_the_page_collapsed_timed_with_voices(small_site: Path):
    page = article(small_site, PAGE)
    details = page.select_one("details.lx-transcript")
    assert details is not None and not details.has_attr("open")
    assert details.summary.get_text() == "Transcript"
    cues = details.select("ol.lx-cues > li.lx-cue")
    times = [c.select_one(".lx-cue__time").get_text() for c in cues]
    assert times == ["0:00:05", "0:01:05", "0:02:00", "0:03:00", "1:02:03"]
    voices = [c.select_one(".lx-cue__voice") for c in cues]
    assert [v.get_text() if v else None for v in voices] == ["Anna Jones", "Ben Price", None, "Ben Price", "Anna Jones"]
    assert (
        cues[1].select_one(".lx-cue__words").get_text()
        == "Ben Price: Thank you, Anna. We start with the figures & the stories."
    )
    # The transcript file is offered too, from beside the page.
    link = page.select_one(".lx-transcript__file a")
    assert link["href"] == "recorded.vtt" and (small_site / PAGE / "recorded.vtt").read_text(encoding="utf-8") == VTT


def test_transcript_text_is_escaped(small_site: Path):
    html = (small_site / PAGE / "index.html").read_text(encoding="utf-8")
    assert "alert(1)</script>" not in html and "<script>alert" not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    page = article(small_site, "events/vimeo-talk/")
    details = page.select_one("details.lx-transcript")
    assert details.find("img") is None
    assert [p.get_text() for p in details.find_all("p")] == [
        "The chair welcomed everyone. She set out the plan for the afternoon.",
        "The first speaker showed <img src=x onerror=alert(3)> the figures.",
        "The panel took questions.",
    ]


def test_transcript_is_indexed_for_search_but_its_times_are_not(small_site: Path):
    page = BeautifulSoup((small_site / PAGE / "index.html").read_text(encoding="utf-8"), "html.parser")
    details = page.select_one("details.lx-transcript")
    assert details.find_parent(attrs={"data-pagefind-body": True}) is not None
    assert details.find_parent(attrs={"data-pagefind-ignore": True}) is None
    assert not details.select(".lx-cue__words[data-pagefind-ignore], .lx-cue__words [data-pagefind-ignore]")
    times = details.select(".lx-cue__time")
    assert times and all(t.has_attr("data-pagefind-ignore") for t in times)


def test_the_player_waits_in_a_template_with_its_link_beside_it(small_site: Path):
    box = article(small_site, PAGE).select_one(".lx-recording")
    play = box.select_one("button.lx-player__play")
    assert play["type"] == "button" and play.has_attr("hidden")
    assert " ".join(play.get_text().split()) == "Play the recording of A recorded webinar (loads YouTube)"
    frame = box.template.find("iframe")  # CSS selectors do not look inside a <template>
    assert frame["title"] == "Recording of A recorded webinar"
    assert frame["src"].startswith(f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}")
    assert frame["allow"].startswith("fullscreen")
    link = box.select_one("a")
    assert link.get_text() == "Watch the recording of A recorded webinar on YouTube"
    assert link["href"] == f"https://www.youtube.com/watch?v={YOUTUBE_ID}"
    elsewhere = article(small_site, "events/elsewhere/").select_one(".lx-recording")
    assert elsewhere.select_one("button, template") is None
    assert elsewhere.a.get_text() == "Watch the recording of Watched elsewhere"


def test_a_video_file_takes_the_webvtt_transcript_as_its_captions(small_site: Path):
    video = article(small_site, "events/film/").select_one(".lx-recording template").find("video")
    assert video["src"] == "https://video.example.org/film.mp4"
    assert video["preload"] == "none" and video.has_attr("controls")
    track = video.find("track")
    assert (track["kind"], track["srclang"], track["label"], track["src"]) == ("captions", "en", "English", "film.vtt")
    assert track.has_attr("default")
    # A transcript that is not timed cannot be captions.
    assert article(small_site, "events/vimeo-talk/").find("track") is None


def test_the_card_says_catch_up_and_nothing_more(small_site: Path):
    listing = article(small_site, "events/catch-up/")
    card = next(li for li in listing.select("li.lx-card") if "A recorded webinar" in li.h2.get_text())
    assert card.select_one(".lx-card__catchup").get_text() == "Catch up: recording available"
    assert card.find(["button", "template", "details", "iframe"]) is None


def test_the_example_event_has_a_youtube_player_and_a_transcript_of_its_people(site: Path):
    page = article(site, "events/delays-in-care-proceedings/fostering-a-one-system-mindset/")
    assert (
        page.select_one(".lx-recording template")
        .find("iframe")["src"]
        .startswith("https://www.youtube-nocookie.com/embed/")
    )
    cues = page.select("details.lx-transcript li.lx-cue")
    assert 15 <= len(cues) <= 30
    voices = {c.select_one(".lx-cue__voice").get_text() for c in cues}
    people = {p.get_text() for p in page.select(".lx-panel .lx-person__name a")}
    assert voices <= people and len(voices) >= 4


# --- in a browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base_url(small_site: Path):
    with served(small_site) as url:
        yield url


@pytest.fixture
def visit(browser, base_url):
    """Open a page with every request logged; requests to other hosts are logged and refused,
    so no test reaches the network."""
    own = urlsplit(base_url).netloc
    contexts, requests = [], []

    def opener(path: str, javascript: bool = True):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=javascript)
        context.on("request", lambda r: requests.append(r.url))
        context.route(re.compile(r"^(?!" + re.escape(base_url) + ")"), lambda route: route.abort())
        contexts.append(context)
        tab = context.new_page()
        tab.goto(base_url + path)
        tab.wait_for_load_state("networkidle")
        return tab

    opener.foreign = lambda: [
        u for u in requests if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc != own
    ]
    yield opener
    for context in contexts:
        context.close()


def focused(tab) -> dict:
    return tab.evaluate(
        "() => { const el = document.activeElement; const s = getComputedStyle(el);"
        " return {tag: el.tagName, src: el.getAttribute('src') || '', cls: el.className, outline: s.outlineStyle}; }"
    )


def test_nothing_is_fetched_from_youtube_until_play_is_pressed(visit):
    tab = visit(PAGE)
    play = tab.get_by_role("button", name="Play the recording of A recorded webinar (loads YouTube)")
    assert play.is_visible()
    assert tab.locator("iframe").count() == 0
    assert visit.foreign() == []
    assert axe_violations(tab) == []
    play.click()
    frame = tab.locator(".lx-recording iframe")
    frame.wait_for()
    src = urlsplit(frame.get_attribute("src"))
    assert (src.netloc, src.path) == ("www.youtube-nocookie.com", f"/embed/{YOUTUBE_ID}")
    assert frame.get_attribute("title") == "Recording of A recorded webinar"
    assert focused(tab)["tag"] == "IFRAME"
    assert tab.locator("button.lx-player__play").count() == 0
    assert [urlsplit(u).netloc for u in visit.foreign()] == ["www.youtube-nocookie.com"]
    assert axe_violations(tab) == []


def test_the_player_is_loaded_from_the_keyboard(visit):
    tab = visit(PAGE)
    for _ in range(60):
        tab.keyboard.press("Tab")
        if "lx-player__play" in focused(tab)["cls"]:
            break
    else:
        pytest.fail("Tab never reached the play button")
    assert focused(tab)["outline"] == "solid"  # a focus ring that shows
    assert visit.foreign() == []
    tab.keyboard.press("Enter")
    tab.locator(".lx-recording iframe").wait_for()
    now = focused(tab)
    assert now["tag"] == "IFRAME" and f"/embed/{YOUTUBE_ID}" in now["src"]


def test_vimeo_plays_with_do_not_track_from_the_space_bar(visit):
    tab = visit("events/vimeo-talk/")
    tab.get_by_role("button", name=re.compile("loads Vimeo")).focus()
    tab.keyboard.press("Space")
    frame = tab.locator(".lx-recording iframe")
    frame.wait_for()
    src = urlsplit(frame.get_attribute("src"))
    assert (src.netloc, src.path) == ("player.vimeo.com", "/video/123456789")
    assert parse_qs(src.query)["dnt"] == ["1"]
    assert [urlsplit(u).netloc for u in visit.foreign()] == ["player.vimeo.com"]


def test_a_video_file_plays_in_the_browser_with_captions_from_the_transcript(visit, base_url):
    tab = visit("events/film/")
    assert visit.foreign() == []
    tab.get_by_role(
        "button", name="Play the recording of A film of the day (loads the video from video.example.org)"
    ).click()
    video = tab.locator(".lx-recording video")
    video.wait_for()
    assert focused(tab)["tag"] == "VIDEO"
    track = tab.evaluate(
        "() => { const t = document.querySelector('.lx-recording video track');"
        " return {kind: t.kind, srclang: t.srclang, label: t.label, default: t.default, src: t.src}; }"
    )
    assert track == {
        "kind": "captions",
        "srclang": "en",
        "label": "English",
        "default": True,
        "src": base_url + "events/film/film.vtt",
    }
    assert tab.request.get(track["src"]).text().startswith("WEBVTT")


def test_without_javascript_the_recording_is_a_plain_link(visit):
    tab = visit(PAGE, javascript=False)
    assert tab.locator("button.lx-player__play").is_hidden()
    link = tab.get_by_role("link", name="Watch the recording of A recorded webinar on YouTube")
    assert link.is_visible()
    assert tab.locator("iframe").count() == 0
    assert visit.foreign() == []


def test_the_transcript_opens_from_its_summary(visit):
    tab = visit(PAGE)
    words = tab.get_by_text("Thank you all for coming.")
    assert not words.is_visible()
    tab.locator("details.lx-transcript summary").click()
    assert words.is_visible()
    assert axe_violations(tab) == []


def test_search_finds_words_said_only_in_the_transcript(visit):
    assert "kaleidoscopic" not in CONTENT["events/recorded.md"]
    tab = visit("search/?q=kaleidoscopic")
    tab.wait_for_selector("#lx-search-list li", timeout=10_000)
    hrefs = tab.eval_on_selector_all("#lx-search-list li h2 > a", "els => els.map(a => a.href)")
    assert [urlsplit(h).path for h in hrefs] == ["/" + PAGE]
