"""WordPress import: `invoke import-wordpress` brings posts, pages and threaded comments in
(cli.py); at build time this plugin keeps the old WordPress addresses working (redirects.py).

Settings (defaults in redirects.py): WORDPRESS_REDIRECTS_NETLIFY, WORDPRESS_REDIRECTS_NGINX,
WORDPRESS_FEED_REDIRECTS.
"""

from pelican import signals

from .redirects import RedirectGenerator, record_written


def _generators(pelican):
    return RedirectGenerator


def register() -> None:
    signals.get_generators.connect(_generators)
    signals.content_written.connect(record_written)
    signals.feed_written.connect(record_written)
