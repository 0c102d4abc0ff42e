"""The thin MkDocs hook: run the generator before MkDocs reads its docs folder.

All the work is in the generator; this only passes paths in and the menu and
settings back, so the site can move to another builder that reads mkdocs.yml.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

from generator import cards, news
from generator.build import build
from generator.cache import shared
from generator.problems import ContentError, format_report

log = logging.getLogger("mkdocs.generator")


def on_config(config, **kwargs):
    root = Path(config.config_file_path).resolve().parent
    try:
        # The cache outlives this hook module, which MkDocs reloads on every rebuild
        # under `mkdocs serve`; a rebuild then redoes only what an edit touched.
        result = build(root, Path(config.docs_dir), cache=shared(root))
    except ContentError as exc:
        raise PluginError("The content has errors; the last good site was left in place.\n" + exc.report()) from None
    for problem in result.warnings:
        log.info(problem.format())  # warnings must not fail `mkdocs build --strict`
    if result.report.written or result.report.removed:
        log.info("generator: %d written, %d removed", len(result.report.written), len(result.report.removed))
    settings = result.site.settings
    config.site_name = settings.name
    config.site_url = settings.base_url
    if settings.description:
        config.site_description = settings.description
    if settings.copyright:
        config.copyright = settings.copyright
    config.theme["language"] = settings.language
    config.nav = result.nav
    config.extra["footer_links"] = [{"title": p.title, "url": p.url} for p in result.site.pages if p.footer]
    config.extra["feeds"] = news.alternates(settings)
    config.extra["share"] = cards.default_image(settings)
    return config
