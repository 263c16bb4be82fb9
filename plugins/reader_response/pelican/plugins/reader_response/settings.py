"""The plugin's settings, their defaults, and what each build needs from them.

Every setting starts with REPLIES_ and can be overridden in pelicanconf.py.
"""

from __future__ import annotations

from safe_input.replies import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH

DEFAULTS = {
    # Which comment provider readers use, and its options (see providers.py).
    "REPLIES_COMMENTS": {"provider": "isso", "url": "http://127.0.0.1:8080/"},
    # The heading of the section that ends every post.
    "REPLIES_HEADING": "What do you think?",
    # Shown when a post has no `Question:` and does not end with a question.
    "REPLIES_DEFAULT_QUESTION": (
        "What has your own experience been? Agreement, disagreement and questions are all welcome."
    ),
    # The reply archive, relative to PATH: <REPLIES_PATH>/<post-slug>/<reply-id>.md
    "REPLIES_PATH": "replies",
    # An address for "reply by email"; None leaves that way out.
    "REPLIES_EMAIL": None,
    # The archive's limits on one reply's text (see docs/security/replies.md): bytes,
    # and how deep quotes, lists and HTML elements may nest. The build refuses a
    # reply file over them; the sync and the importer skip such a reply with a note.
    "REPLIES_MAX_BYTES": DEFAULT_MAX_BYTES,
    # How deep a reply may nest quotes, lists or HTML elements (deeper is refused).
    "REPLIES_MAX_DEPTH": DEFAULT_MAX_DEPTH,
    # How long the sync waits for the whole of one answer from the comment provider (seconds).
    "REPLIES_SYNC_TIMEOUT": 30,
    # A Webmention endpoint (e.g. https://webmention.io/<domain>/webmention); None leaves it out.
    "REPLIES_WEBMENTION_ENDPOINT": None,
    # Atom feeds of replies; None turns a feed off.
    "REPLIES_FEED_ATOM": "feeds/replies.atom.xml",
    # Each post's (and page's) own Atom feed of replies; None turns them off.
    "REPLIES_POST_FEED_ATOM": "feeds/replies/{slug}.atom.xml",
}

MODES = ("open", "closed", "off")


def apply_defaults(pelican) -> None:
    """Fill in defaults and keep Pelican's readers out of the reply archive."""
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    archive = settings["REPLIES_PATH"]
    for key in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES"):
        excludes = list(settings.get(key) or [])
        if archive not in excludes:
            excludes.append(archive)
        settings[key] = excludes


def site_base(settings: dict) -> str:
    """The absolute root of the site, for feeds and structured data ('' if unknown)."""
    return (settings.get("SITEURL") or settings.get("FEED_DOMAIN") or "").rstrip("/")
