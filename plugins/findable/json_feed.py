"""JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) of the whole site.

Same posts, ids and full content as the Atom and RSS feeds: the id of an
item is its absolute URL, and the links inside the content are made absolute
by whichever plugin answers the named signal `absolute_links` (feed_quality
does, with the rewriting the Atom and RSS feeds get).
"""

from __future__ import annotations

import json
from pathlib import Path

from blinker import signal
from safe_input import title_text

from .settings import absolute, site_base

VERSION = "https://jsonfeed.org/version/1.1"


# Sent with (html, base=); a receiver answers with the HTML, its links absolute.
ABSOLUTE_LINKS = signal("absolute_links")


def absolute_links(html: str, base: str) -> str:
    for _, rewritten in ABSOLUTE_LINKS.send(html, base=base):
        if rewritten is not None:
            return rewritten
    return html


def author(settings, person) -> dict:
    data = {"name": str(person)}
    if settings.get("AUTHOR_SAVE_AS"):
        data["url"] = absolute(settings, person.url)
    return data


def item(settings, article) -> dict:
    url = absolute(settings, article.url)
    data = {
        "id": url,
        "url": url,
        "title": title_text(article.title),
        "content_html": absolute_links(article.get_content(site_base(settings)), url),
        "summary": title_text(article.summary),
        "date_published": article.date.isoformat(),
        "authors": [author(settings, a) for a in getattr(article, "authors", [])],
        "tags": [str(tag) for tag in getattr(article, "tags", [])],
        "language": getattr(article, "lang", None) or settings.get("DEFAULT_LANG"),
    }
    if getattr(article, "modified", None):
        data["date_modified"] = article.modified.isoformat()
    return data


def feed(settings: dict, articles: list) -> dict:
    limit = settings.get("FEED_MAX_ITEMS")
    newest_first = sorted(articles, key=lambda a: (a.date, a.url), reverse=True)
    data = {
        "version": VERSION,
        "title": settings.get("SITENAME"),
        "home_page_url": f"{site_base(settings)}/",
        "feed_url": absolute(settings, settings.get("FEED_ALL_JSON_URL") or settings["FEED_ALL_JSON"]),
        "description": settings.get("SITESUBTITLE") or settings.get("SITENAME"),
        "language": settings.get("DEFAULT_LANG"),
        "items": [item(settings, a) for a in newest_first[:limit]],
    }
    if settings.get("AUTHOR"):
        data["authors"] = [{"name": settings["AUTHOR"]}]
    return data


def write(settings: dict, articles: list, output_path: Path) -> None:
    target = Path(output_path) / settings["FEED_ALL_JSON"]
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(feed(settings, articles), ensure_ascii=False, indent=2)
    target.write_text(text + "\n", encoding="utf-8")
