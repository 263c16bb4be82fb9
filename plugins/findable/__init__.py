"""Found by search engines and shared links: canonical URLs, Open Graph and
Twitter Cards, JSON-LD, sitemap.xml + robots.txt and a JSON Feed.

Modules: settings (defaults), checks (settings that cannot work), describe
(what a page is, from its template variables), head (the `seo_head()` global
for theme/templates/partials/seo/head.html), structured_data (JSON-LD),
sitemap, json_feed, generator (writes the site-wide files).
"""

from pelican import signals
from pelican_compat.plugins import check_plugins_loaded

from . import checks, settings, sitemap
from .generator import SeoGenerator
from .head import make_seo_head


def _get_generators(pelican):
    checks.report_problems(pelican)
    return SeoGenerator


def _generator_init(generator) -> None:
    generator.env.globals["seo_head"] = make_seo_head(generator.settings)
    if settings.sitemap_enabled(generator.settings):
        sitemap.start_collecting(generator.context, generator.settings)


def register():
    check_plugins_loaded()
    signals.initialized.connect(settings.apply_defaults)
    signals.get_generators.connect(_get_generators)
    signals.generator_init.connect(_generator_init)
    signals.content_written.connect(sitemap.record)
