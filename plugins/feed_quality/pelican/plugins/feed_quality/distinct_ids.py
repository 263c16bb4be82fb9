"""Each feed has its own id; a dev build's entries have proper ids and links.

Pelican's writer gives every Atom feed the site's address as its `<id>`, so
the site feed and each category, tag, author and role feed look like one
feed to a reader that goes by ids. Here each feed's id is its own absolute
address (`feed_url`: FEED_DOMAIN joined with the feed's path), the same from
build to build.

An entry's id is Pelican's tag URI, made from the entry's link and date
(`tag:example.org,2024-02-01:/slug/`). Subscribers know entries by it, so in
production, where the link is absolute, it is left exactly as it is. A dev
build (SITEURL "") has host-less links, so Pelican writes `tag:None,…`;
there the links are joined to the feed's own origin (FEED_DOMAIN, the dev
server's address) and the ids made from them the same way. Ids that
someone else set (an imported post's WordPress guid) are never touched.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from feedgenerator import get_tag_uri


def distinct_ids(context, feed) -> None:
    """`feed_generated` receiver."""
    own_url = feed.feed.get("feed_url") or ""
    if not _absolute(own_url):
        return  # no FEED_DOMAIN or SITEURL: no address to give (Pelican warns about it)
    feed.feed["id"] = own_url
    if not _absolute(feed.feed.get("link") or ""):
        feed.feed["link"] = urljoin(own_url, feed.feed.get("link") or "/")
    for item in feed.items:
        link = item.get("link") or ""
        if _absolute(link):
            continue
        absolute = urljoin(own_url, link)
        if item.get("unique_id") == get_tag_uri(link, item.get("pubdate")):
            item["unique_id"] = get_tag_uri(absolute, item.get("pubdate"))
        item["link"] = absolute


def _absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)
