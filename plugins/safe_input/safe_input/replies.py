"""The reply archive's rules on a reply's text and date.

The comment sync, the WordPress importer and the archive reader all apply
them, so a reply that one of them accepts can never stop the next build:
the tools skip such a reply with a note, the reader stops the build naming
the file.

Why nesting has a limit: the HTML sanitiser (html5ever, under nh3) takes
time quadratic in the depth of the element tree, so 65,000 `>` in one reply
took 17 s to render. Depth is measured here in one pass over the text.
"""

from __future__ import annotations

import datetime
import re

DEFAULT_MAX_BYTES = 100_000
DEFAULT_MAX_DEPTH = 20

_MARKER = r"(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$))"
# The containers a line opens at its start: quotes, list items, and the
# whitespace before and between them.
_LINE_PREFIX = re.compile(rf"^[ \t]*(?:{_MARKER}[ \t]*)+", re.MULTILINE)
_MARKERS = re.compile(_MARKER)
# Only the tag's name is matched, never up to its `>`: that would rescan the
# rest of the text after every `<` and make the pass quadratic. `a<b` is text.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])")
# Elements that never hold others (void) or that the parser closes by itself
# when the next one starts: neither makes the tree deeper.
_FLAT = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th",
    "rb", "rt", "rp",
})


def nesting(text: str) -> int:
    """How deep a reply's blocks nest: quotes and list items of Markdown plus raw HTML elements.

    A line's depth is the number of `>` and list markers it starts with, plus
    one level for every two spaces of indentation they do not explain (a tab
    counts as four). Raw HTML adds the deepest run of unclosed elements.
    It errs on the deep side: it is a limit, not a parser.
    """
    markdown = 0
    for match in _LINE_PREFIX.finditer(text):
        prefix = match.group()
        markers = len(_MARKERS.findall(prefix))
        spaces = prefix.count(" ") + 4 * prefix.count("\t")
        markdown = max(markdown, markers + max(0, spaces - markers) // 2)
    depth = deepest = 0
    for closing, name in _TAG.findall(text):
        if name.lower() in _FLAT:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
    return markdown + deepest


def text_problem(text: str, max_bytes: int = DEFAULT_MAX_BYTES,
                 max_depth: int = DEFAULT_MAX_DEPTH) -> str | None:
    """What keeps `text` out of the archive (empty, too long, nested too deep), or None."""
    if not text or not text.strip():
        return "the reply has no text"
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        return f"the reply is {size:,} bytes, over the limit of {max_bytes:,}"
    depth = nesting(text)
    if depth > max_depth:
        return (f"the reply nests {depth} levels deep (quotes, lists or HTML elements), "
                f"over the limit of {max_depth}")
    return None


def date_problem(date: datetime.datetime, now: datetime.datetime) -> str | None:
    """A problem if `date` is more than a day after `now` (a typo'd year?), else None.

    A date without a zone is compared as if it had `now`'s zone; the day of
    grace covers the difference between any two zones.
    """
    if (date.tzinfo is None) != (now.tzinfo is None):
        date = date.replace(tzinfo=now.tzinfo)
    if date - now > datetime.timedelta(days=1):
        return (f"the reply is dated {date:%Y-%m-%d}, more than a day after "
                f"{now:%Y-%m-%d}: a typo'd year?")
    return None
