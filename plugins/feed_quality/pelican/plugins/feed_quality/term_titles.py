"""The feed of one tag, category or author is titled with the name as written.

Pelican titles it `Markup(SITENAME + " - " + name).striptags()`: safe once
feedgenerator escapes it for XML, but a name such as `R&D <drafts>` loses
its tag-like parts. The feed's address says whose feed it is; the name is
taken from the build's own list of terms.
"""

from __future__ import annotations

import re

from markupsafe import Markup

# (setting prefix, context key): the term feeds Pelican writes.
KINDS = (("TAG", "tags"), ("CATEGORY", "categories"), ("AUTHOR", "authors"))
# Only names with one of these come out of Pelican's title changed.
_CHANGED_BY_STRIPTAGS = re.compile(r"[<>&]|\s\s")
# Per kind: the terms list last seen and its names by slug. A feed is written
# for every term, so the names are looked up, not searched for, each time.
_names: dict[str, tuple[object, dict[str, str]]] = {}


def title_terms_as_written(context, feed) -> None:
    """`feed_generated` receiver."""
    if not isinstance(context, dict):
        return
    url = feed.feed.get("feed_url") or ""
    for prefix, key in KINDS:
        slug = _slug_in(url, context, prefix)
        name = None if slug is None else _name(context, key, slug, feed.feed.get("title"))
        if name is not None:
            if _CHANGED_BY_STRIPTAGS.search(name):
                feed.feed["title"] = f"{Markup(context.get('SITENAME', '')).striptags()} - {name}"
            return


def _slug_in(url: str, context: dict, prefix: str) -> str | None:
    for kind in ("ATOM", "RSS"):
        template = context.get(f"{prefix}_FEED_{kind}_URL") or context.get(f"{prefix}_FEED_{kind}")
        if template and "{slug}" in str(template):
            before, _, after = str(template).partition("{slug}")
            found = re.search(re.escape(before) + r"([^/]+)" + re.escape(after) + "$", url)
            if found:
                return found[1]
    return None


def _name(context: dict, key: str, slug: str, pelican_title) -> str | None:
    """The name of the term with `slug`, if it is the one Pelican titled this feed for."""
    terms = context.get(key) or ()
    for fresh in (False, True):
        seen = _names.get(key)
        if fresh or seen is None or seen[0] is not terms:
            seen = (terms, {term.slug: str(term.name) for term in dict(terms)})
            _names[key] = seen
        name = seen[1].get(slug)
        # A list changed in place (the dev server) is read again.
        if name is not None and Markup(
                f"{context.get('SITENAME', '')} - {name}").striptags() == pelican_title:
            return name
    return None
