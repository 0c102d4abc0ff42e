"""The organisation's look from site.yml: its colour as CSS, and its logo at header size.

`brand_colour` (checked for contrast when site.yml is read) becomes a small
stylesheet that sets Material's primary and accent colours, so the header,
links and buttons take it; `logo` is served at the height the header shows it.
"""

from __future__ import annotations

from generator.content import colour
from generator.content.settings import Settings
from generator.resources import images

CSS = "assets/brand.css"
LOGO_HEIGHT = 24  # CSS pixels: Material's header shows a logo 1.2rem high


def css(brand: str) -> str:
    """Material's palette variables for `brand`. The selector names both palette
    attributes of <body>, so it outweighs the theme's own palette whatever the order."""
    shade = colour.shades(brand)
    ratio = colour.shown(colour.contrast(brand))
    return (
        f"/* brand_colour from site.yml: {brand}, {ratio}:1 with white */\n"
        "[data-md-color-primary][data-md-color-accent] {\n"
        f"  --md-primary-fg-color: {shade['base']};\n"
        f"  --md-primary-fg-color--light: {shade['light']};\n"
        f"  --md-primary-fg-color--dark: {shade['dark']};\n"
        f"  --md-typeset-a-color: {shade['base']};\n"
        f"  --md-accent-fg-color: {shade['dark']};\n"
        f"  --md-accent-fg-color--transparent: {shade['base']}1a;\n"
        "}\n"
    )


def logo(settings: Settings) -> images.Picture | None:
    """The logo, as copies the header's height at one and two times; None without one."""
    if settings.logo is None:
        return None
    facts = images.probe(settings.logo)
    width = max(1, round(LOGO_HEIGHT * facts.width / facts.height))
    return images.picture(settings.logo, facts, "assets/", (width,))


def files(settings: Settings, cache=None, store=None) -> dict[str, bytes]:
    """The brand stylesheet and the logo's copies, by site path."""
    out: dict[str, bytes] = {}
    if settings.brand_colour:
        out[CSS] = css(settings.brand_colour).encode()
    pic = logo(settings)
    if pic is not None:
        out.update(images.files(pic, cache, store))
    return out
