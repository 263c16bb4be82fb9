"""Imported posts keep WordPress's <guid> as their feed entry id.

Feed readers know an entry by its id (Atom <id>, RSS <guid>); WordPress's
feeds used the post's guid, so with Pelican's own ids every imported post
would show up again as new for every subscriber. The importer writes the
guid as `Feed-Id:`; this `feed_generated` receiver puts it back, for every
feed written through Pelican's writer (site, category, tag, author…).
"""

from __future__ import annotations

import re

from pelican import signals

METADATA = "feed-id"
# An absolute IRI, as Atom requires of an id; WordPress writes http://site/?p=N.
FEED_ID = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`\x00-\x1f\x7f]{1,2000}")
# Per build: Pelican makes a new context for each, and every feed gets that one.
CONTEXT_KEY = "WORDPRESS_FEED_IDS"


def _ids(context: dict) -> dict[str, str]:
    """Article URL -> its WordPress guid."""
    ids = context.get(CONTEXT_KEY)
    if ids is None:
        ids = context[CONTEXT_KEY] = {
            article.url.lstrip("/"): str(article.metadata[METADATA]).strip()
            for article in context.get("articles") or []
            if FEED_ID.fullmatch(str(article.metadata.get(METADATA, "")).strip())}
    return ids


def keep_feed_ids(context, feed) -> None:
    ids = _ids(context)
    if not ids:
        return
    site = feed.feed.get("link") or ""
    for item in feed.items:
        link = (item.get("link") or "").removesuffix("?ref=feed")
        guid = ids.get(link.removeprefix(site).lstrip("/"))
        if guid:
            item["unique_id"] = guid
            # WordPress's RSS said the same: the guid is an id, not the post's address.
            item["unique_id_is_permalink"] = False


def register() -> None:
    signals.feed_generated.connect(keep_feed_ids)
