"""What a rendered page is, read from the variables Pelican gives its template.

Every template gets `output_file` (the path being written); article pages
also get `article`, pages `page`, listings `tag`, `category`, `author` or
the roles plugin's `role`, and paginated listings `articles_page`. From these
one `PageInfo` says what kind of page it is, its canonical URL and how it
describes itself, for the head partial and for the sitemap alike.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from typing import Any

from pelican.contents import Article, Page
from pelican.urlwrappers import URLWrapper
from safe_input import title_text

from .settings import absolute

DESCRIPTION_LENGTH = 300
# Listing pages written from DIRECT_TEMPLATES, by the setting naming their path.
INDEX_PAGES = {
    "TAGS_SAVE_AS": ("tags", "Tags"),
    "CATEGORIES_SAVE_AS": ("categories", "Categories"),
    "AUTHORS_SAVE_AS": ("authors", "Authors"),
    "ARCHIVES_SAVE_AS": ("archives", "Archives"),
    "ROLES_SAVE_AS": ("roles", "Roles"),
}
# How a listing of one tag, category or author describes itself (a role has
# its own description).
TERM_DESCRIPTIONS = {
    "tag": "Essays tagged “{name}” on {site}.",
    "category": "Essays in {name} on {site}.",
    "author": "Essays by {name} on {site}.",
    "role": "Essays for {name} on {site}.",
}
# Listings of one tag, category, author or role, and the index page above them.
TERM_PAGES = {
    "tag": ("TAGS_SAVE_AS", "TAGS_URL"),
    "category": ("CATEGORIES_SAVE_AS", "CATEGORIES_URL"),
    "author": ("AUTHORS_SAVE_AS", "AUTHORS_URL"),
    "role": ("ROLES_SAVE_AS", "ROLES_URL"),
}


# Every str here is text (tags out, entities decoded): the head partial and
# the JSON serialisers escape it for where it goes.
@dataclass
class PageInfo:
    kind: str
    output_file: str
    url: str
    title: str
    description: str
    content: Any = None          # the Article, Page, Tag, Category, Author or Role
    page_number: int = 1
    articles: list = field(default_factory=list)
    noindex: bool = False


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:–—-")
    return cut + "…"


def url_of(output_file: str) -> str:
    """'tag/x/page/2/index.html' -> 'tag/x/page/2/' (pretty URLs stay pretty)."""
    return re.sub(r"(^|/)index\.html$", r"\1", output_file)


def describe(context, settings: dict) -> PageInfo:
    """`context`: a template's variables; `settings`: the build's settings."""
    output_file = context.get("output_file") or ""
    url = absolute(settings, url_of(output_file))
    site = settings.get("SITENAME", "")
    subtitle = settings.get("SITESUBTITLE") or site
    page_obj = context.get("articles_page")
    info = dict(output_file=output_file, url=url,
                page_number=page_obj.number if page_obj else 1,
                articles=list(page_obj.object_list) if page_obj else [])

    article, page = context.get("article"), context.get("page")
    if isinstance(article, Article):
        result = PageInfo(kind="article", title=title_text(article.title),
                          description=shorten(title_text(article.summary)), content=article,
                          noindex=article.status != "published", **info)
    elif isinstance(page, Page):
        result = PageInfo(kind="page", title=title_text(page.title),
                          description=shorten(title_text(page.summary)), content=page,
                          noindex=page.status != "published", **info)
    else:
        result = describe_listing(context, settings, output_file, site, subtitle, info)
    if any(fnmatch.fnmatch(output_file, pattern) for pattern in settings.get("SITEMAP_EXCLUDE", [])):
        result.noindex = True
    return result


def describe_listing(context, settings: dict, output_file: str, site: str, subtitle: str,
                     info: dict) -> PageInfo:
    for kind in TERM_PAGES:
        term = context.get(kind)
        if isinstance(term, URLWrapper):
            description = getattr(term, "description", None)
            return PageInfo(kind=kind, title=str(term.name),
                            description=shorten(title_text(description)) if description
                            else TERM_DESCRIPTIONS[kind].format(name=term.name, site=site),
                            content=term, **info)
    if output_file == settings.get("INDEX_SAVE_AS") or (
            context.get("page_name") == "index" and info["page_number"] > 1):
        return PageInfo(kind="home", title=site, description=subtitle, **info)
    if output_file == settings.get("NOT_FOUND_SAVE_AS"):
        return PageInfo(kind="not_found", title="Page not found", description=subtitle,
                        noindex=True, **info)
    if output_file == settings.get("SEARCH_SAVE_AS"):
        return PageInfo(kind="search", title="Search", description=f"Search {site}.",
                        noindex=True, **info)
    for setting, (kind, title) in INDEX_PAGES.items():
        if output_file == settings.get(setting):
            return PageInfo(kind=kind, title=title, description=f"{title} of {site}.", **info)
    title = str(context.get("page_name") or url_of(output_file)).strip("/").title()
    return PageInfo(kind="other", title=title or site, description=subtitle, **info)
