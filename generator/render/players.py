"""How a recording is played on its event page: in the video host's own player, or in the
browser's for a video file, loaded only when the reader presses the play button.

A page makes no request to another site until then (the site's rule for every page), so
the player's HTML waits in a <template>, which browsers do not load, and site.js puts it
in place on the click. YouTube plays from its privacy-enhanced host and Vimeo with "do not
track"; a host that is not on the site's `embeds:` allow-list, or an address that is not a
video this knows, stays a plain link.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

VIDEO_FILES = (".mp4", ".webm")
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_YOUTUBE_PATHS = re.compile(r"/(?:live|embed|shorts|v)/([A-Za-z0-9_-]{11})(?:[/?#]|$)")
_YOUTUBE_HOSTS = ("youtube.com", "m.youtube.com", "youtube-nocookie.com")
_VIMEO_PATHS = re.compile(r"/(?:video/|channels/[^/]+/|groups/[^/]+/videos/)?(\d+)(?:/([0-9a-f]{6,}))?/?$")
_STREAM_VIDEO = re.compile(r"/(?:embed/)?video/([0-9a-fA-F-]{8,})/?$")


@dataclass(frozen=True)
class Player:
    """What the page shows for a recording: a player, or only the link."""

    kind: str  # "frame": a host's player in an <iframe>; "video": a <video> of the file; "link": no player
    src: str  # the player's address, the video file's, or the recording's own
    loads: str  # what the play button says it loads: "YouTube", "the video from video.example.org"
    service: str | None  # the video service the link goes to, by name ("YouTube"), if it is one

    @property
    def playable(self) -> bool:
        return self.kind != "link"


def host_name(url: str) -> str | None:
    """The video service a recording's address is on, by its name, for the link's words."""
    host = _host(url)
    if _is(host, "youtube.com", "youtu.be", "youtube-nocookie.com"):
        return "YouTube"
    if _is(host, "vimeo.com"):
        return "Vimeo"
    if _is(host, "microsoftstream.com") or (_is(host, "sharepoint.com") and _stream_page(urlsplit(url).path)):
        return "Microsoft Stream"
    return None


def of(recording, allows_host: Callable[[str], bool]) -> Player | None:
    """How an event's recording (a model.site.Watch, or None) is shown. `allows_host(host)`
    says whether the site lets a page show that host's pages."""
    if recording is None:
        return None
    url = recording.url.strip()
    service = host_name(url)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return Player("link", url, "", service)
    if parts.path.lower().endswith(VIDEO_FILES):
        return Player("video", url, f"the video from {parts.hostname}", service)
    src = _embed(parts)
    if src is None or not allows_host(urlsplit(src).hostname or ""):
        return Player("link", url, "", service)
    return Player("frame", src, service or parts.hostname, service)


def _embed(parts) -> str | None:
    host = parts.hostname.lower()
    if _is(host, *_YOUTUBE_HOSTS) or host == "youtu.be":
        found = _youtube_id(parts, host)
        # Started at once: the reader has just pressed "Play".
        return f"https://www.youtube-nocookie.com/embed/{found}?autoplay=1" if found else None
    if _is(host, "vimeo.com"):
        found = _VIMEO_PATHS.match(parts.path)
        if not found:
            return None
        query = {"dnt": "1", "autoplay": "1"}  # "do not track": no cookies or analytics for the viewer
        secret = found.group(2) or parse_qs(parts.query).get("h", [None])[0]
        if secret:
            query["h"] = secret  # an unlisted video plays only with its private key
        return f"https://player.vimeo.com/video/{found.group(1)}?{urlencode(query)}"
    if host == "web.microsoftstream.com":
        found = _STREAM_VIDEO.search(parts.path)
        return f"https://web.microsoftstream.com/embed/video/{found.group(1)}?autoplay=false" if found else None
    if _is(host, "sharepoint.com") and _stream_page(parts.path):
        # Stream keeps a video in SharePoint: its player is the same page as embed.aspx.
        path = re.sub(r"/stream\.aspx$", "/embed.aspx", parts.path, flags=re.I)
        return f"https://{host}{path}?{parts.query}" if parts.query else None
    return None


def _youtube_id(parts, host: str) -> str | None:
    if host == "youtu.be":
        found = parts.path.strip("/").split("/")[0]
        return found if _YOUTUBE_ID.fullmatch(found) else None
    if parts.path in ("/watch", "/watch/"):
        found = parse_qs(parts.query).get("v", [""])[0]
        return found if _YOUTUBE_ID.fullmatch(found) else None
    match = _YOUTUBE_PATHS.match(parts.path)
    return match.group(1) if match else None


def _stream_page(path: str) -> bool:
    return path.lower().endswith(("/_layouts/15/stream.aspx", "/_layouts/15/embed.aspx"))


def _host(url: str) -> str:
    return (urlsplit(url.strip()).hostname or "").lower()


def _is(host: str, *domains: str) -> bool:
    """Whether `host` is one of `domains` or under one (www.youtube.com is youtube.com)."""
    return any(host == d or host.endswith("." + d) for d in domains)
