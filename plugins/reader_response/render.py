"""Untrusted reply text -> safe HTML.

Replies come from strangers. Their Markdown is rendered first, as GitHub
Flavored Markdown by cmark-gfm (raw HTML in it is allowed through, and bare
web addresses become links), and the result then goes through nh3 with a short allow-list:
no scripts, event handlers, styles, iframes, forms, images or non-web URLs
survive, and every link is marked as user-generated.
"""

from __future__ import annotations

import nh3
from cmarkgfm.cmark import Options, markdown_to_html_with_extensions
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "a", "em", "strong", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "hr", "del", "s", "sup", "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener noreferrer"
MARKDOWN_EXTENSIONS = ["strikethrough", "autolink"]


def reply_html(text: str, base_url: str = "") -> Markup:
    """The reply's Markdown as sanitised HTML; relative links resolved against `base_url`."""
    html = markdown_to_html_with_extensions(
        text, options=Options.CMARK_OPT_UNSAFE, extensions=MARKDOWN_EXTENSIONS)
    options = {"url_relative": ("rewrite_with_base", base_url)} if base_url else {}
    return Markup(nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
        link_rel=LINK_REL, strip_comments=True, **options,
    ))


def plain_text(html: Markup) -> str:
    """The words of a rendered reply, for structured data and feed titles."""
    return Markup(html).striptags()
