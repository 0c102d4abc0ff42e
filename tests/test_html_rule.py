"""The rule for HTML in a page's text (generator.html_rule): what it refuses however
it is spelled, what it lets through, the site's allow-list, and the build's net
that holds every page's HTML to it after Python-Markdown has made it."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.settings import Settings
from generator.html_rule import DEFAULT_EMBEDS, HtmlRule, scheme

from .helpers import digest, for_mkdocs, make_project, md, mkdocs_build, run_cli, valid_content

RULE = HtmlRule()

# Each is refused, and each spelling is one a browser reads as the thing refused.
REFUSED = {
    "script": "<script>alert(1)</script>",
    "script in capitals": "<SCRIPT SRC=https://evil.example.com/x.js></SCRIPT>",
    "handler": '<img src="a.png" alt="a" onerror="alert(1)">',
    "handler after a slash": "<img/src/onerror=alert(1)>",
    "handler after a quote": '<img src="a.png"onerror="alert(1)" alt="a">',
    "handler in capitals": '<p OnClick="alert(1)">x</p>',
    "javascript link": '<a href="javascript:alert(1)">x</a>',
    "javascript in capitals with a space": '<a href=" JavaScript:alert(1)">x</a>',
    "javascript with a tab inside": '<a href="java\tscript:alert(1)">x</a>',
    "javascript in character references": '<a href="&#106;&#97;vascript&#x3A;alert(1)">x</a>',
    "javascript with a decimal colon": '<a href="&#106;avascript&#58;alert(1)">x</a>',
    "javascript with a named colon": '<a href="javascript&colon;alert(1)">x</a>',
    "javascript with an entity tab": '<a href="java&Tab;script:alert(1)">x</a>',
    "vbscript": '<a href="vbscript:msgbox(1)">x</a>',
    "data page": '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    "data svg picture": '<img alt="x" src="data:image/svg+xml;base64,PHN2Zz4=">',
    "javascript in a srcset": '<img alt="x" src="a.png" srcset="a.png 1x, javascript:alert(1) 2x">',
    "object": '<object data="a.swf"></object>',
    "embed": '<embed src="a.swf">',
    "applet": '<applet code="A.class"></applet>',
    "form": '<form action="https://collect.example.com/"><input name="e"></form>',
    "form action on a button": '<button formaction="javascript:alert(1)">Go</button>',
    "base": '<base href="https://elsewhere.example.com/">',
    "meta": '<meta http-equiv="refresh" content="0;url=https://elsewhere.example.com/">',
    "link": '<link rel="stylesheet" href="https://elsewhere.example.com/a.css">',
    "style": "<style>body{display:none}</style>",
    "inline svg": '<svg><a href="javascript:alert(1)"><text>x</text></a></svg>',
    "frame from another host": '<iframe src="https://video.example.com/1" title="x"></iframe>',
    "frame over http": '<iframe src="http://www.youtube-nocookie.com/embed/1" title="x"></iframe>',
    "frame with no address": '<iframe title="x"></iframe>',
    "frame with a page inside": '<iframe srcdoc="<script>alert(1)</script>" title="x"></iframe>',
    "frame from a look-alike host": '<iframe src="https://www.youtube-nocookie.com.evil.example/1" title="x"></iframe>',
    "frame from a host ending like an allowed one": '<iframe src="https://evilsharepoint.com/1" title="x"></iframe>',
    "frame in capitals": '<IFRAME SRC="https://video.example.com/1"></IFRAME>',
}

ALLOWED = {
    "table": '<table><tr><th scope="col">Town</th></tr><tr><td colspan="2">Wrexham</td></tr></table>',
    "details": "<details><summary>Who can come</summary>Anyone.</details>",
    "abbreviation": '<abbr title="Family Justice Observatory">FJO</abbr>',
    "line break": "one<br>two<br/>three",
    "span with a class": '<span class="lx-badge" id="count">3</span>',
    "link": '<a href="https://www.example.org/" title="Example" rel="noopener">Example</a>',
    "mail link": '<a href="mailto:learning@example.org">Write to us</a>',
    "page link": '<a href="../events/">Events</a>',
    "picture": '<img src="photo.jpg" alt="Practitioners at the workshop" width="300" loading="lazy">',
    "data png picture": '<img alt="A dot" src="data:image/png;base64,iVBORw0KGgo=">',
    "youtube": '<iframe src="https://www.youtube-nocookie.com/embed/abc" title="The talk" allowfullscreen></iframe>',
    "vimeo": '<iframe src="https://player.vimeo.com/video/1" title="The talk"></iframe>',
    "stream": '<iframe src="https://contoso.sharepoint.com/sites/x/_layouts/15/embed.aspx" title="x"></iframe>',
    "a word like on=": "<p>Someone said onwards = upwards, and one=two.</p>",
    "data as a word": "<p>The data: 40 cases, script: none.</p>",
    "character references": "<p>Caf&eacute; &amp; &#8216;quotes&#8217; &lt;tag&gt;</p>",
    "text about script": "<p>&lt;script&gt; is refused.</p>",
}


@pytest.mark.parametrize("html", REFUSED.values(), ids=REFUSED.keys())
def test_each_refused_thing_is_found_however_it_is_written(html: str) -> None:
    breaches = RULE.breaches(html)
    assert breaches, f"nothing found in {html!r}"
    assert all(b.message and b.fix for b in breaches)


@pytest.mark.parametrize("html", REFUSED.values(), ids=REFUSED.keys())
def test_the_builds_quick_look_never_misses_what_the_rule_refuses(html: str) -> None:
    # The build parses only the pages the quick look suspects: it must suspect every one.
    assert RULE.suspect(html)
    assert RULE.suspect(f"<p>Before</p>\n{html}\n<p>After</p>")


@pytest.mark.parametrize("html", ALLOWED.values(), ids=ALLOWED.keys())
def test_ordinary_html_is_allowed(html: str) -> None:
    assert RULE.breaches(html) == []


def test_most_pages_are_not_parsed_at_all() -> None:
    plain = "<p>The event is on <strong>Monday</strong>.</p><table><tr><td>1</td></tr></table>"
    assert not RULE.suspect(plain)


def test_the_line_is_the_line_of_the_element() -> None:
    html = "<p>one</p>\n<p>two</p>\n\n<p>x <span onclick='a()'>y</span></p>"
    assert [b.line for b in RULE.breaches(html)] == [3]


def test_the_search_page_form_is_the_generators_own() -> None:
    form = '<form id="lx-search-page" role="search"><input type="search"></form>'
    assert RULE.breaches(form)
    assert RULE.breaches(form, forms=True) == []


def test_a_scheme_is_read_as_a_browser_reads_it() -> None:
    assert scheme("  JaVa\nScRiPt:alert(1)") == "javascript"
    assert scheme("\x01javascript:x") == "javascript"
    assert scheme("https://example.org/") == "https"
    assert scheme("photo.jpg") == ""
    assert scheme("notes:about") == "notes"


def test_the_allow_list_comes_from_site_yml_with_the_video_hosts_by_default(tmp_path: Path) -> None:
    base = {"name": "S", "base_url": "https://s.example/", "organiser": {"name": "O", "email": "o@s.example"}}
    assert tuple(Settings.model_validate(base).embeds) == DEFAULT_EMBEDS
    own = Settings.model_validate({**base, "embeds": ["video.example.com", "*.Example.NET"]})
    rule = own.html_rule
    assert rule.breaches('<iframe src="https://video.example.com/1" title="x"></iframe>') == []
    assert rule.breaches('<iframe src="https://a.b.example.net/1" title="x"></iframe>') == []
    assert rule.breaches('<iframe src="https://www.youtube-nocookie.com/embed/1" title="x"></iframe>')


def test_a_whole_address_in_embeds_is_explained(tmp_path: Path) -> None:
    project = make_project(tmp_path, valid_content())
    yml = project / "site.yml"
    yml.write_text(yml.read_text() + "embeds:\n  - https://player.vimeo.com/video/1\n")
    result = run_cli(project, "check")
    assert result.returncode == 1
    assert "site.yml" in result.stdout and "embeds" in result.stdout
    assert "is a web address, not the name of a site" in result.stdout
    assert "like player.vimeo.com" in result.stdout


def test_embeds_in_site_yml_let_a_frame_through_check(tmp_path: Path) -> None:
    frame = '<iframe src="https://video.example.com/watch/1" title="The talk"></iframe>'
    content = {**valid_content(), "pages/watch.md": md("title: Watch", frame)}
    project = make_project(tmp_path, content)
    refused = run_cli(project, "check")
    assert refused.returncode == 1 and "video.example.com, which is not on the list" in refused.stdout
    yml = project / "site.yml"
    yml.write_text(yml.read_text() + "embeds:\n  - video.example.com\n")
    allowed = run_cli(project, "check")
    assert allowed.returncode == 0, allowed.stdout


def test_code_about_html_is_not_html(tmp_path: Path) -> None:
    body = 'Use `<script>` never.\n\n```html\n<script>alert(1)</script>\n<a href="javascript:x">x</a>\n```\n'
    project = make_project(tmp_path, {**valid_content(), "pages/about-code.md": md("title: About code", body)})
    result = run_cli(project, "check")
    assert result.returncode == 0, result.stdout


# Backticks inside an HTML block are not code to Python-Markdown, which passes the
# block through as it is; `check` reads them as a code span and sees no handler.
# Whatever `check` makes of a body, the build holds the HTML that comes out.
HIDDEN = '<div>\n<img src="https://www.example.org/a.png" alt="A dot" title="`" onerror="alert(1)" lang="`">\n</div>\n'


@pytest.mark.parametrize("processes", [None, 1], ids=["page workers", "MkDocs alone"])
def test_the_build_refuses_a_page_whose_html_breaks_the_rule_and_keeps_the_last_site(
    tmp_path: Path, processes: int | None
) -> None:
    project = for_mkdocs(make_project(tmp_path, valid_content()))
    first = mkdocs_build(project, processes=processes)
    assert first.returncode == 0, first.stdout + first.stderr
    site = project / "build" / "site"
    before = digest(site)
    (project / "content/pages/tricky.md").write_text(md("title: Tricky", HIDDEN), encoding="utf-8")
    result = mkdocs_build(project, processes=processes)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "content/pages/tricky.md" in output
    assert "as Markdown turns it into HTML" in output
    assert "onerror= attribute, which runs code" in output
    assert digest(site) == before
    assert not any("onerror" in p.read_text(encoding="utf-8") for p in site.rglob("*.html"))


def test_an_unquoted_star_in_site_yml_is_explained(tmp_path: Path) -> None:
    project = make_project(tmp_path, valid_content())
    yml = project / "site.yml"
    yml.write_text(yml.read_text() + "embeds:\n  - *.sharepoint.com\n")
    result = run_cli(project, "check")
    assert result.returncode == 1
    assert 'a value that starts with * needs quotes around it, like "*.sharepoint.com"' in result.stdout


def test_the_html_authors_use_is_published_as_written(good_site: Path) -> None:
    page = (good_site / "html-authors-use" / "index.html").read_text(encoding="utf-8")
    for kept in (
        '<abbr title="Family Justice Observatory">FJO</abbr>',
        "<details>",
        '<span class="lx-badge">3</span>',
        '<th scope="col">Town</th>',
        '<iframe src="https://www.youtube-nocookie.com/embed/abc123"',
    ):
        assert kept in page, kept
    assert "&lt;script&gt;alert" in page  # the fenced example is shown as text
