"""Feed quality: links inside feed entries are absolute, so feed readers can follow them.

Pelican copies each post's HTML into its feeds as it is, and Markdown links
such as `[earlier essay](/earlier-essay/)` stay root-relative; most feed
readers resolve them against their own address, not the site's. This plugin
rewrites the URLs in every entry's content and summary against the entry's
own link, for every feed written through Pelican's writer (site, category,
tag, author, role and reply feeds alike), gives each feed its own id (its
own address) and a dev build's entries proper ids (distinct_ids), and titles
the feed of a tag, category or author with its name as written
(term_titles). It has no settings; the plugin's README.md explains the ids.
"""

from blinker import signal
from pelican import signals
from pelican_compat.plugins import check_plugins_loaded

from .absolute_links import absolute_links, absolutise_feed
from .distinct_ids import distinct_ids
from .term_titles import title_terms_as_written


def register() -> None:
    check_plugins_loaded()
    # First: the entry links it makes absolute in a dev build are the base of their content's links.
    signals.feed_generated.connect(distinct_ids)
    signals.feed_generated.connect(absolutise_feed)
    signals.feed_generated.connect(title_terms_as_written)
    # The findable plugin's JSON Feed gets the same rewriting through this signal.
    signal("absolute_links").connect(absolute_links)
