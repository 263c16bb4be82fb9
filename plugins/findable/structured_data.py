"""schema.org JSON-LD for each page kind, as plain dicts (head.py serialises them).

Articles are `BlogPosting`s whose comments come from whichever plugin answers
the named signal `article_comments` (the reader-response plugin does), so the
replies are described once, in one place; the home page is the `WebSite` and its `Blog`; listings carry a
`BreadcrumbList` from the home page down to themselves.
"""

from __future__ import annotations

from blinker import signal
from safe_input import title_text

from .describe import INDEX_PAGES, TERM_PAGES, PageInfo
from .settings import absolute, site_base

SCHEMA = "https://schema.org"
# Sent with (article, page_url=); receivers answer with a list of schema.org
# Comment dicts for the article (documented in README.md, "Search engines").
ARTICLE_COMMENTS = signal("article_comments")


def person(settings, author) -> dict:
    data = {"@type": "Person", "name": str(author)}
    if getattr(author, "url", None) and settings.get("AUTHOR_SAVE_AS"):
        data["url"] = absolute(settings, author.url)
    return data


def comments(article, page_url: str) -> list[dict]:
    """The article's comments, as the plugins that answer `article_comments` give them."""
    return [comment for _, given in ARTICLE_COMMENTS.send(article, page_url=page_url)
            for comment in given or []]


def blog_posting(settings, info: PageInfo, image: str) -> dict:
    article = info.content
    data = {
        "@context": SCHEMA,
        "@type": "BlogPosting",
        "@id": info.url,
        "url": info.url,
        "headline": info.title,
        "image": image,
        "inLanguage": getattr(article, "lang", None) or settings.get("DEFAULT_LANG"),
        "datePublished": article.date.isoformat(),
        "dateModified": (getattr(article, "modified", None) or article.date).isoformat(),
        "author": [person(settings, a) for a in getattr(article, "authors", [])],
        "keywords": [str(tag) for tag in getattr(article, "tags", [])],
    }
    if getattr(article, "category", None):
        data["articleSection"] = str(article.category)
    roles = getattr(article, "roles", None) or []
    # Without the roles plugin, `Roles:` stays the plain metadata string.
    if roles and not isinstance(roles, str):
        # Each role the essay addresses, with its hub page as the thing's URL.
        data["about"] = [{"@type": "Thing", "name": str(role.name),
                          "url": absolute(settings, role.url)} for role in roles]
    if hasattr(article, "reply_count"):
        data["commentCount"] = article.reply_count
        data["comment"] = comments(article, info.url)
    return data


def web_page(settings, info: PageInfo) -> dict:
    return {
        "@context": SCHEMA,
        "@type": "WebPage",
        "@id": info.url,
        "url": info.url,
        "name": info.title,
        "description": info.description,
        "inLanguage": getattr(info.content, "lang", None) or settings.get("DEFAULT_LANG"),
        "isPartOf": {"@type": "WebSite", "@id": f"{site_base(settings)}/#website"},
    }


def home(settings, info: PageInfo, search_url: str | None) -> list[dict]:
    base = site_base(settings)
    website = {
        "@context": SCHEMA,
        "@type": "WebSite",
        "@id": f"{base}/#website",
        "url": f"{base}/",
        "name": settings.get("SITENAME"),
        "description": info.description,
        "inLanguage": settings.get("DEFAULT_LANG"),
    }
    if search_url:
        website["potentialAction"] = {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search_url}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        }
    blog = {
        "@context": SCHEMA,
        "@type": "Blog",
        "@id": f"{base}/#blog",
        "url": f"{base}/",
        "name": settings.get("SITENAME"),
        "description": info.description,
        "inLanguage": settings.get("DEFAULT_LANG"),
        "publisher": {"@type": "Person", "name": settings.get("AUTHOR")} if settings.get("AUTHOR") else None,
        "blogPost": [{
            "@type": "BlogPosting",
            "@id": absolute(settings, article.url),
            "url": absolute(settings, article.url),
            "headline": title_text(article.title),
            "datePublished": article.date.isoformat(),
        } for article in info.articles],
    }
    return [website, {key: value for key, value in blog.items() if value is not None}]


def breadcrumbs(settings, info: PageInfo) -> dict | None:
    """Home › (Tags ›) the listing (› Page N), as the reader would walk to it."""
    trail = [("Home", absolute(settings, ""))]
    if info.kind in TERM_PAGES:
        save_as, url = TERM_PAGES[info.kind]
        if settings.get(save_as):
            trail.append((INDEX_PAGES[save_as][1], absolute(settings, settings.get(url) or "")))
        trail.append((info.title, absolute(settings, info.content.url)))
    elif info.kind in {kind for kind, _ in INDEX_PAGES.values()}:
        trail.append((info.title, info.url))
    elif info.kind != "home":
        return None
    if info.page_number > 1:
        trail.append((f"Page {info.page_number}", info.url))
    if len(trail) < 2:
        return None
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def for_page(settings, info: PageInfo, image: str, search_url: str | None) -> list[dict]:
    if info.kind == "article":
        return [blog_posting(settings, info, image)]
    if info.kind == "page":
        return [web_page(settings, info)]
    found = home(settings, info, search_url) if info.kind == "home" and info.page_number == 1 else []
    trail = breadcrumbs(settings, info)
    return found + ([trail] if trail else [])
