"""Images at web sizes: the facts of an image file and its resized copies.

An image beside a page (a person's photo, an issue's cover, a picture in a
body) is a resource of that page. Its size on disk and in pixels are read once;
the copies served on the site are derived from it: each size it is shown at,
and twice that for sharp screens, never larger than the original. Originals are
only read. The copies' bytes depend on the original's bytes alone (no
timestamps, no metadata but the colour profile, fixed encoder settings), so a
build is reproducible.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

import PIL
from PIL import Image, ImageOps, UnidentifiedImageError

from generator.cache import BuildCache, Stamped, keep, stamp
from generator.resources.downloads import HEAD, SIGNATURES, human_size, sniff

LARGE = 20_000_000  # bytes: an original over this gets a warning
BODY_WIDTH = 800  # CSS pixels: the widest an image is shown in a page's text
COVER_WIDTH = 240
CARD_WIDTH = 160  # a picture beside a card's title in a listing
CARD_COVER_WIDTH = 72  # a journal cover beside a card's title (portrait, so narrower)
FEATURE_WIDTH = 480  # the next event's picture, featured on the home page
PHOTO_SIZES = (72, 144)  # a person's photo in a speaker panel, and on their page
RASTER = {"JPEG": "jpg", "PNG": "png", "GIF": "png", "WEBP": "jpg"}
_JPEG = {"quality": 82, "optimize": True, "progressive": False, "subsampling": "4:2:0"}
# Part of a stored copy's name: another Pillow or other settings make other bytes.
ENCODER = f"pillow-{PIL.__version__}-{sorted(_JPEG.items())}-lanczos"


class ImageError(ValueError):
    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.message, self.fix = message, fix


@dataclass(frozen=True)
class ImageFacts:
    width: int  # as shown, after the camera's rotation flag
    height: int
    format: str  # JPEG, PNG, GIF, WEBP or SVG
    size: int  # bytes
    alpha: bool = False


def probe(path: Path) -> ImageFacts:
    """Read an image's header: pixel size and format. Raises ImageError with a fix."""
    size = path.stat().st_size
    if path.suffix.lower() == ".svg":
        width, height = _svg_size(path)
        return ImageFacts(width, height, "SVG", size)
    try:
        with warnings.catch_warnings():
            # Pillow warns from 89 megapixels; a big camera's photo can be that, and the
            # 20 MB warning covers it. Twice that is refused (DecompressionBombError).
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                fmt = im.format or ""
                width, height = im.size
                if _rotated(im):
                    width, height = height, width
                alpha = im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info)
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ImageError(f"'{path.name}' is not an image we can read{_bytes_are(path)}", _SAVE_AGAIN) from None
    except Image.DecompressionBombError as exc:
        # Refused before a pixel is decoded: a picture a few kilobytes on disk can
        # need gigabytes of memory to open.
        raise ImageError(
            f"'{path.name}' has too many pixels to be a web image{_pixels(str(exc))}",
            "save a smaller copy, at most 4000 pixels wide",
        ) from None
    if fmt not in RASTER:
        raise ImageError(
            f"'{path.name}' is a {fmt or 'kind of'} image, which browsers do not all show",
            "save it again as a JPEG (photos) or PNG (diagrams, screenshots)",
        )
    return ImageFacts(width, height, fmt, size, alpha)


_SAVE_AGAIN = "save it again as a JPEG or PNG file"
_PICTURES = {"png", "jpeg", "gif", "webp"}


def _bytes_are(path: Path) -> str:
    """What a file that is no picture is, from its first bytes, for the message."""
    try:
        with path.open("rb") as fh:
            found = sniff(fh.read(HEAD))
    except OSError:
        return ""
    # A damaged picture is only "not an image we can read"; another kind of file says what it is.
    return f" (its bytes are {SIGNATURES[found][0]})" if found and found not in _PICTURES else ""


def _pixels(message: str) -> str:
    m = re.search(r"\((\d+) pixels\)", message)  # Pillow names the count in its message
    return f" ({int(m.group(1)) / 1e6:,.0f} million pixels)" if m else ""


def large_warning(facts: ImageFacts) -> str | None:
    if facts.size > LARGE:
        return f"is {human_size(facts.size)}, over the {human_size(LARGE)} limit"
    pixels = facts.width * facts.height
    if Image.MAX_IMAGE_PIXELS and pixels > Image.MAX_IMAGE_PIXELS:
        # Small on disk yet slow and heavy to resize (Pillow's DecompressionBombWarning).
        return f"has {pixels / 1e6:,.0f} million pixels, over the {Image.MAX_IMAGE_PIXELS / 1e6:,.0f} million limit"
    return None


def _rotated(im: Image.Image) -> bool:
    try:
        return im.getexif().get(0x0112, 1) in (5, 6, 7, 8)  # orientations that swap width and height
    except Exception:  # a damaged EXIF block: the picture is still usable
        return False


_LENGTH = re.compile(r"^\s*([0-9.]+)\s*(px)?\s*$")


def _svg_size(path: Path) -> tuple[int, int]:
    try:
        root = ElementTree.parse(path).getroot()
    except (ElementTree.ParseError, OSError):
        raise ImageError(f"'{path.name}' is not an SVG image we can read", "export it again as SVG or PNG") from None
    w, h = (_LENGTH.match(root.get(k, "")) for k in ("width", "height"))
    if w and h:
        return round(float(w.group(1))), round(float(h.group(1)))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        try:
            return round(float(box[2])), round(float(box[3]))
        except ValueError:
            pass
    raise ImageError(
        f"'{path.name}' does not say how big it is",
        "export it again with a width and height (or a viewBox), or save it as PNG",
    )


@dataclass(frozen=True)
class Variant:
    href: str  # site path of the file
    width: int  # pixels in the file
    height: int


@dataclass(frozen=True)
class Img:
    """One <img>: the file for ordinary screens, one for sharp screens, and the size shown."""

    src: str
    srcset: tuple[tuple[str, str], ...]  # (site path, "1x" / "2x")
    width: int
    height: int


@dataclass(eq=False)
class Picture:
    """An image resource and the copies of it the site serves."""

    source: Path
    facts: ImageFacts
    square: bool
    shown: dict[int, Img] = field(default_factory=dict)  # CSS width -> <img>
    variants: dict[str, Variant] = field(default_factory=dict)  # site path -> copy to make

    def at(self, width: int) -> Img:
        return self.shown[width]

    @property
    def first(self) -> Img:
        return next(iter(self.shown.values()))


def picture(source: Path, facts: ImageFacts, base: str, widths: tuple[int, ...], square: bool = False) -> Picture:
    """The copies of `source` to serve under the site folder `base` for each width
    it is shown at (CSS pixels), never wider than the original."""
    pic = Picture(source, facts, square)
    ow, oh = facts.width, facts.height
    if square:
        ow = oh = min(ow, oh)
    stem = source.stem
    if facts.format == "SVG":
        href = f"{base}{source.name}"
        pic.variants[href] = Variant(href, ow, oh)
        for w in widths:
            shown_w = min(w, ow)
            pic.shown[w] = Img(href, (), shown_w, max(1, round(oh * shown_w / ow)))
        return pic
    ext = "png" if facts.alpha or facts.format in ("PNG", "GIF") else RASTER[facts.format]
    suffix = source.suffix.lower().lstrip(".")
    # photo.webp and photo.jpg beside each other must not make the same file.
    tag = "" if {"jpeg": "jpg"}.get(suffix, suffix) == ext else f"-{suffix}"

    def variant(px: int) -> Variant:
        px = min(px, ow)
        ph = max(1, round(oh * px / ow))
        href = f"{base}{stem}{tag}-{px}x{ph}.{ext}"
        return pic.variants.setdefault(href, Variant(href, px, ph))

    for w in widths:
        one = variant(w)
        srcset = [(one.href, "1x")]
        if ow > one.width:
            srcset.append((variant(2 * w).href, "2x"))
        pic.shown[w] = Img(one.href, tuple(srcset), one.width, one.height)
    return pic


def encode(source: Path, facts: ImageFacts, variants: list[Variant], square: bool, largest: int) -> dict[str, bytes]:
    """The bytes of each copy, from one reading of the original decoded for copies up
    to `largest` pixels: same inputs, same bytes."""
    if facts.format == "SVG":
        return {v.href: source.read_bytes() for v in variants}
    made = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(source) as im:
            icc = im.info.get("icc_profile")
            if im.format == "JPEG":
                # Decode at a reduced scale that is still at least twice the largest copy
                # (libjpeg's DCT scaling): a 24-megapixel photo decodes many times faster.
                im.draft("RGB", (2 * largest, 2 * largest))
            im = ImageOps.exif_transpose(im)  # phones store photos on their side with a rotation flag
            if square:
                side = min(im.size)
                im = ImageOps.fit(im, (side, side), Image.Resampling.LANCZOS, centering=(0.5, 0.5))
            for v in variants:
                png = v.href.endswith(".png")
                copy = im.convert("RGBA" if png and facts.alpha else "RGB")
                if copy.size != (v.width, v.height):
                    copy = copy.resize((v.width, v.height), Image.Resampling.LANCZOS)
                out = io.BytesIO()
                # No EXIF (camera, place, time) and no text chunks; only the colour profile is kept.
                extra = {"icc_profile": icc} if icc else {}
                if png:
                    copy.save(out, "PNG", optimize=True, **extra)
                else:
                    copy.save(out, "JPEG", **_JPEG, **extra)
                made[v.href] = out.getvalue()
    return made


def files(pic: Picture, cache: BuildCache | None = None, store: Path | None = None) -> dict[str, bytes]:
    """Every copy of a picture, by site path. With a cache, made once per version of
    the original in this process; with a store (a folder), kept between builds under
    a name made from the original's bytes, so a cold build does not resize again."""
    key = stamp(pic.source) if cache is not None else None
    made: dict[str, bytes] = {}
    missing: list[Variant] = []
    for href, variant in pic.variants.items():
        hit = cache.images.get((pic.source, variant, pic.square)) if cache is not None else None
        if hit is not None and hit.stamp == key:
            made[href] = hit.value
        else:
            missing.append(variant)
    if not missing:
        return made
    # Decoded for the picture's largest copy, whichever are missing, so a copy's
    # bytes never depend on what an earlier build left in a cache.
    largest = max(max(v.width, v.height) for v in pic.variants.values())
    names = {}
    if store is not None:
        digest = hashlib.sha256(pic.source.read_bytes() + ENCODER.encode()).hexdigest()[:40]
        shape = "square" if pic.square else "fit"
        names = {
            v.href: store / f"{digest}-{largest}-{shape}-{v.width}x{v.height}{Path(v.href).suffix}" for v in missing
        }
    kept = {v.href: names[v.href].read_bytes() for v in missing if v.href in names and names[v.href].is_file()}
    todo = [v for v in missing if v.href not in kept]
    fresh = encode(pic.source, pic.facts, todo, pic.square, largest) if todo else {}
    for href, data in fresh.items():
        if href in names:
            keep(names[href], data)
    for variant in missing:
        data = kept.get(variant.href) or fresh[variant.href]
        made[variant.href] = data
        if cache is not None:
            cache.images[(pic.source, variant, pic.square)] = Stamped(stamp=key, value=data)
    return made


def facts_cached(path: Path, cache: BuildCache | None) -> ImageFacts:
    """probe(), remembered by the file's stamp; raises ImageError."""
    if cache is None:
        return probe(path)
    key = stamp(path)
    hit = cache.image_facts.get(path)
    if hit is not None and hit.stamp == key:
        if isinstance(hit.value, ImageError):
            raise hit.value
        return hit.value
    try:
        found: ImageFacts | ImageError = probe(path)
    except ImageError as exc:
        found = exc
    cache.image_facts[path] = Stamped(stamp=key, value=found)
    if isinstance(found, ImageError):
        raise found
    return found
