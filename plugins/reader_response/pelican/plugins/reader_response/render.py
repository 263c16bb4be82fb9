"""Untrusted reply text -> safe HTML.

Replies come from strangers. Their Markdown is rendered first, as
CommonMark with strikethrough by pulldown-cmark (`pyromark`; raw HTML in it
is allowed through), and the result then goes through nh3 with a short allow-list:
no scripts, event handlers, styles, iframes, forms, images or non-web URLs
survive, and every link is marked as user-generated.

The sanitiser's time grows with the square of how deep elements nest
(65,000 `>` took 17 s), so no reply gets here unchecked: the archive reader,
the sync and the importer refuse text over the archive's limits
(safe_input.replies: REPLIES_MAX_BYTES, REPLIES_MAX_DEPTH) first. Within them
the worst case renders in about 0.1 s (docs/security/replies.md).
"""

from __future__ import annotations

import nh3
import pyromark
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "a", "em", "strong", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "hr", "del", "s", "sup", "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener noreferrer"


def reply_html(text: str, base_url: str = "") -> Markup:
    """The reply's Markdown as sanitised HTML; relative links resolved against `base_url`
    when it is an absolute address (a site with neither SITEURL nor FEED_DOMAIN has
    none: its links stay relative, which is right on the reply's own page)."""
    html = pyromark.html(text, options=pyromark.Options.ENABLE_STRIKETHROUGH)
    absolute = base_url.startswith(("http://", "https://"))
    options = {"url_relative": ("rewrite_with_base", base_url)} if absolute else {}
    return Markup(nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
        link_rel=LINK_REL, strip_comments=True, **options,
    ))


def plain_text(html: Markup) -> str:
    """The words of a rendered reply, for structured data and feed titles."""
    return Markup(html).striptags()
