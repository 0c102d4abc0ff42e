"""Share cards: what a link shows when it is pasted into LinkedIn, Teams or a
newsletter tool (Open Graph and Twitter Card meta), and the picture for it.

The picture is the event's or its series' own `image`, else the site's
`share_image` from site.yml, else a card drawn here with Pillow and the DejaVu
font shipped in generator/fonts (no network). Upcoming events get a card of
their own with the title, date and place; every other page shares the site's
card. Upcoming events are the ones people share, and their number does not grow
with the archive, as cards for every past event and series would (about 7 ms each).

Cards are PNGs with no timestamp or text chunks, so the same inputs give the same
bytes; with a build cache they are drawn again only when their inputs change.
"""

from __future__ import annotations

import hashlib
import io
from functools import lru_cache
from pathlib import Path

import PIL
from markupsafe import escape
from PIL import Image, ImageDraw, ImageFont

from generator.cache import keep
from generator.content.settings import Settings
from generator.model import dates
from generator.model.site import Event, Series, Site, Visit
from generator.render.feeds import location

SIZE = (1200, 630)
FONTS = Path(__file__).parent / "fonts"
SITE_CARD = "assets/share-card.png"
BACKGROUND = (40, 53, 147)  # the theme's indigo, dark enough for white text (AAA)
MARGIN = 80


def card_path(entity: Event) -> str:
    return f"{entity.url}share-card.png"


@lru_cache(maxsize=16)
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, most: int) -> list[str]:
    """`text` in lines no wider than `width`, at most `most` + 1 of them: a card has
    room for a few lines, and the extra one says there was more. Each step measures
    at most a line's worth of text, so a title of any length takes the same time."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while font.getlength(word) > width:  # a word too long for a line is broken where it must be
            if line:
                lines.append(line)
                line = ""
            cut = _longest_fit(word, font, width)
            lines.append(word[:cut])
            word = word[cut:]
            if len(lines) > most:
                return lines
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
        if len(lines) > most:
            return lines
    if line:
        lines.append(line)
    return lines


def _longest_fit(word: str, font: ImageFont.FreeTypeFont, width: int) -> int:
    """How many of `word`'s first characters fit in `width` (at least one): a binary
    search over prefixes, each no longer than a line could hold."""
    # No glyph is narrower than a pixel, so a line never holds more characters than
    # it has pixels (zero-width marks aside, which fit on the next line).
    low, high = 1, min(len(word), width)
    while low < high:
        mid = (low + high + 1) // 2
        if font.getlength(word[:mid]) <= width:
            low = mid
        else:
            high = mid - 1
    return low


def _ellipsis(lines: list[str], font: ImageFont.FreeTypeFont, width: int, most: int) -> list[str]:
    """The first `most` lines, the last ending in … if there were more."""
    if len(lines) <= most:
        return lines
    lines = lines[:most]
    while lines[-1] and font.getlength(lines[-1] + "…") > width:
        lines[-1] = lines[-1][:-1]
    lines[-1] = lines[-1].rstrip() + "…"
    return lines


def _fit(text: str, width: int, max_lines: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The title at the largest size that fits in `max_lines`, else cut with an ellipsis."""
    for size in (68, 60, 52, 44):
        font = _font(True, size)
        lines = _wrap(text, font, width, max_lines)
        if len(lines) <= max_lines:
            return font, lines
    return font, _ellipsis(lines, font, width, max_lines)


# Cards are drawn in shades of one ramp, from the theme's indigo (0) to white (255),
# and saved with that ramp as the palette: a third of the bytes of RGB to compress,
# which was most of the time a card took, with antialiased text looking the same.
_PALETTE = [round(c + (255 - c) * i / 255) for i in range(256) for c in BACKGROUND]
LABEL, TEXT, INK, QUIET = 200, 255, 0, 45


def draw(label: str, title: str, details: list[str], site_name: str, host: str) -> bytes:
    """A 1200×630 PNG card: a label, the title, a few lines of detail and the site's name."""
    image = Image.new("L", SIZE, 0)
    pen = ImageDraw.Draw(image)
    width = SIZE[0] - 2 * MARGIN
    y = 64
    pen.text((MARGIN, y), label.upper(), font=_font(True, 28), fill=LABEL)
    y += 60
    font, lines = _fit(title, width, 3 if details else 4)
    for line in lines:
        pen.text((MARGIN, y), line, font=font, fill=TEXT)
        y += int(font.size * 1.22)
    y += 24
    small = _font(False, 34)
    for text in details:
        for line in _ellipsis(_wrap(text, small, width, 2), small, width, 2):
            if y > SIZE[1] - 150:
                break
            pen.text((MARGIN, y), line, font=small, fill=TEXT)
            y += 46
    image.paste(_band(site_name, host), (0, SIZE[1] - BAND))
    card = Image.frombytes("P", SIZE, image.tobytes())
    card.putpalette(_PALETTE)
    out = io.BytesIO()
    card.save(
        out, "PNG", optimize=False, compress_level=1
    )  # no pnginfo: nothing but pixels; level 1 is 10% bigger, 3 times as fast as 6
    return out.getvalue()


BAND = 96


@lru_cache(maxsize=4)
def _band(site_name: str, host: str) -> Image.Image:
    """The white band with the site's name and address, the same on every card: drawn once."""
    band = Image.new("L", (SIZE[0], BAND), 255)
    pen = ImageDraw.Draw(band)
    name_font = _font(True, 30)
    name_width = SIZE[0] - 2 * MARGIN - 360
    name = _ellipsis(_wrap(site_name, name_font, name_width, 1), name_font, name_width, 1)[0]
    pen.text((MARGIN, 30), name, font=name_font, fill=INK)
    host_font = _font(False, 26)
    pen.text((SIZE[0] - MARGIN - host_font.getlength(host), 33), host, font=host_font, fill=QUIET)
    return band


# What a kept card was drawn with: other fonts or another Pillow draw other pixels.
_DRAWN_WITH = "|".join([PIL.__version__, *(f"{f.name}:{f.stat().st_size}" for f in sorted(FONTS.glob("*.ttf")))])


def draw_kept(inputs: tuple, store: Path | None) -> bytes:
    """draw(*inputs), kept in `store` (a folder) under a name made from the inputs,
    so a later build copies a card it has drawn before. A kept file starts with the
    SHA-256 of the PNG after it; one that does not match is drawn again."""
    if store is None:
        return draw(*inputs)
    name = hashlib.sha256(repr((inputs, SIZE, _DRAWN_WITH)).encode("utf-8")).hexdigest()[:40]
    kept = store / f"{name}.png"
    try:
        data = kept.read_bytes()
        if len(data) > 32 and hashlib.sha256(data[32:]).digest() == data[:32]:
            return data[32:]
    except OSError:
        pass
    png = draw(*inputs)
    keep(kept, hashlib.sha256(png).digest() + png)
    return png


class Cards:
    """Works out each page's share meta and collects the pictures it needs.
    `cached(path, key, make)` is the renderer's output cache; keys are the card's inputs."""

    def __init__(self, site: Site, cached, keyed: bool, store: Path | None):
        self.site = site
        self.settings = site.settings
        self.cached = cached
        self.keyed = keyed
        self.store = store  # where drawn cards are kept between builds
        self.files: dict[str, bytes | Path] = {}

    def _draw(self, path: str, label: str, title: str, details: list[str]) -> str:
        if path not in self.files:
            inputs = (label, title, tuple(details), self.settings.name, self.settings.host)
            self.files[path] = self.cached(
                path, ("card", *inputs) if self.keyed else None, lambda: draw_kept(inputs, self.store)
            )
        return self.settings.absolute(path)

    def _site_image(self) -> tuple[str, str, bool]:
        """(absolute URL, alt text, drawn here) of the picture for pages with none of their own."""
        own = self.settings.share_image
        if own is not None:
            path = f"assets/share-image{own.suffix.lower()}"
            self.files[path] = own
            return self.settings.absolute(path), self.settings.name, False
        url = self._draw(SITE_CARD, "", self.settings.name, [self.settings.description or ""])
        return url, self.settings.name, True

    def image(self, entity=None) -> tuple[str, str, bool]:
        series = entity if isinstance(entity, Series) else getattr(entity, "series", None)
        for candidate in (entity if isinstance(entity, (Event, Visit)) else None, series):
            if candidate is not None and candidate.image is not None:
                return self.settings.absolute(candidate.image.href), candidate.title, False
        if self.settings.share_image is not None:
            return self._site_image()
        if isinstance(entity, Event) and not entity.past:
            details = [dates.event_when(entity.start, entity.end, entity.all_day, entity.zone), location(entity)]
            label = {"cancelled": "Cancelled event", "postponed": "Postponed event"}.get(entity.status, "Event")
            alt = f"{entity.title}: {details[0]}"
            return self._draw(card_path(entity), label, entity.title, details), alt, True
        return self._site_image()

    def meta(self, url: str, title: str, description: str | None, kind: str = "website", entity=None) -> dict:
        """Open Graph and Twitter Card values, escaped for an HTML attribute (the theme prints them as they are)."""
        image, alt, drawn = self.image(entity)
        title = title or self.settings.name
        values = {
            "title": title,
            "description": description or self.settings.description or title,
            "url": self.settings.absolute(url),
            "type": kind,
            "image": image,
            "image_alt": alt,
            "site_name": self.settings.name,
        }
        if drawn:
            values.update(image_width=str(SIZE[0]), image_height=str(SIZE[1]), image_type="image/png")
        return {k: str(escape(v)) for k, v in values.items()}


def default_image(settings: Settings) -> dict:
    """The picture for pages the generator does not write (such as the guide's
    reference pages); the renderer always provides it."""
    own = settings.share_image
    path = f"assets/share-image{own.suffix.lower()}" if own is not None else SITE_CARD
    values = {"image": settings.absolute(path), "image_alt": settings.name}
    if own is None:
        values.update(image_width=str(SIZE[0]), image_height=str(SIZE[1]), image_type="image/png")
    return {k: str(escape(v)) for k, v in values.items()}
