"""WordPress import: `invoke import-wordpress` brings posts, pages and threaded comments in
(cli.py), with --media their images and files (media.py); at build time this plugin keeps
the old WordPress addresses working (redirects.py) and the old feed entry ids (feed_ids.py).

Settings (defaults in redirects.py): WORDPRESS_REDIRECTS_NETLIFY, WORDPRESS_REDIRECTS_NGINX,
WORDPRESS_FEED_REDIRECTS, WORDPRESS_SHORTLINK_SCRIPT, WORDPRESS_REDIRECTS_FORCE.
"""

from pelican import signals
from pelican_compat.plugins import check_plugins_loaded

from . import feed_ids
from .redirects import RedirectGenerator, record_written


def _generators(pelican):
    return RedirectGenerator


def register() -> None:
    check_plugins_loaded()
    signals.get_generators.connect(_generators)
    signals.content_written.connect(record_written)
    signals.feed_written.connect(record_written)
    feed_ids.register()
