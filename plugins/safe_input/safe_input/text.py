"""Text rules: titles as text or as a little inline HTML, one-line fields, web addresses, JSON."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urlsplit

import nh3
from markupsafe import Markup

# What may stay in a title that is read as HTML (Pelican renders titles as
# HTML, so an author can write <em>); nothing that runs, loads or links.
TITLE_TAGS = {"em", "strong", "i", "b", "code", "sub", "sup", "small", "mark", "q",
              "s", "del", "ins", "abbr", "cite", "dfn", "kbd", "samp", "var", "span"}
# Characters that end a line somewhere: Python's str.splitlines() splits on all
# of these, and so may a reader of the file; plus every other C0/C1 control.
_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ANY_BREAK = re.compile(f"[{_BREAKS}]|[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
_TAG = re.compile(r"<[^>]*>")


def title_text(value) -> str:
    """Text of an HTML fragment (a title, a summary): tags out, entities decoded once, one line."""
    text = html.unescape(_TAG.sub("", str(value or "")))
    return " ".join(_CONTROL.sub(" ", text).split())


def clean_title_html(value) -> str:
    """A title's HTML with only inline tags and no attributes; text and entities kept."""
    cleaned = nh3.clean(str(value or ""), tags=TITLE_TAGS, attributes={}, strip_comments=True)
    return " ".join(_CONTROL.sub(" ", cleaned).split())


def one_line(value) -> str:
    """A value for a one-line field: every line break and control character becomes a space."""
    return " ".join(_CONTROL.sub(" ", str(value or "")).split())


def line_break_in(value: str) -> str | None:
    """The first character in `value` that ends a line or is a control character, or None."""
    found = _ANY_BREAK.search(value)
    return found.group() if found else None


def web_url(value) -> str | None:
    """`value` if it is an http(s) address with a host and no space or control character."""
    url = str(value or "").strip()
    if not url or re.search(r"\s", url) or _CONTROL.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def script_json(data) -> Markup:
    """JSON for a <script> element: compact, UTF-8, and nothing that can end the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("'", "\\u0027"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return Markup(text)
