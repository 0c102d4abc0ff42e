"""The site's brand colour: read as #RRGGBB, and held to WCAG's 4.5:1 contrast with white.

Material puts white text on the primary colour (the header, buttons) and uses the
same colour for links on white, so a colour that fails against white fails twice.
A refused colour comes with the nearest one that passes: the same hue and
saturation, darkened a step of HSL lightness at a time.
"""

from __future__ import annotations

import colorsys
import math
import re

TEXT_CONTRAST = 4.5  # WCAG 2.2 success criterion 1.4.3, normal text
_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")


def parse_hex(text: str) -> str | None:
    """'#1D70B8' or '1d70b8' as '#1d70b8'; None if it is not six hex digits."""
    m = _HEX.match(text.strip())
    return f"#{m.group(1).lower()}" if m else None


def _channel(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG's relative luminance of '#rrggbb'."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(colour: str, other: str = "#ffffff") -> float:
    """The WCAG contrast ratio of two colours, from 1 to 21."""
    a, b = sorted((luminance(colour), luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def shown(ratio: float) -> str:
    """A ratio as people read it, rounded down, so a colour just short of 4.5:1 never reads as 4.5:1."""
    return f"{math.floor(ratio * 10) / 10:.1f}"


def with_lightness(colour: str, lightness: float) -> str:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    h, _, s = colorsys.rgb_to_hls(r, g, b)
    r, g, b = colorsys.hls_to_rgb(h, max(0.0, min(1.0, lightness)), s)
    return "#" + "".join(f"{round(c * 255):02x}" for c in (r, g, b))


def lightness(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return colorsys.rgb_to_hls(r, g, b)[1]


def darkest_passing(colour: str, target: float = TEXT_CONTRAST) -> str:
    """The first colour, darkening `colour` one percent of lightness at a time, with at
    least `target` contrast against white (black, at worst, has 21:1)."""
    start = lightness(colour)
    for step in range(1, 101):
        candidate = with_lightness(colour, start - step / 100)
        if contrast(candidate) >= target:
            return candidate
    return "#000000"


def shades(colour: str) -> dict[str, str]:
    """The brand colour and the lighter and darker shades Material's palette asks for."""
    level = lightness(colour)
    return {
        "base": colour,
        "light": with_lightness(colour, level + 0.08),
        "dark": with_lightness(colour, level - 0.08),
    }
