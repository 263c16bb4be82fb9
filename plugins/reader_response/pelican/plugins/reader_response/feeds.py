"""Atom feeds of replies: one per post, one for the whole site.

Written through Pelican's own writer (so `feed_written` listeners see them);
entries are small stand-ins with the attributes Pelican's writer reads. That
writer takes the text of each title (`Markup(title).striptags()`), so titles
are given to it as HTML: a reply author's name escaped, the post's title as
the cleaned HTML it is. Then every name arrives in the feed as it was written.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from markupsafe import Markup

from .archive import walk
from .settings import site_base

# The key under which a reply feed's own id, link and date travel to `fix_feed`.
FEED_META = "REPLIES_FEED_META"


@dataclass
class Entry:
    title: str
    url: str
    date: datetime.datetime
    author: str
    content: Markup
    summary = None

    def get_content(self, siteurl) -> Markup:
        return self.content


def entries(article) -> list[Entry]:
    return [Entry(title=Markup("{} on “{}”").format(reply.author, Markup(article.title)),
                  url=f"{article.url}#{reply.anchor}",
                  date=reply.date, author=reply.author, content=reply.html)
            for reply in walk(article.reader_response.replies)]


def newest_first(items: list[Entry]) -> list[Entry]:
    return sorted(items, key=lambda entry: (entry.date, entry.url), reverse=True)


def write(generator, writer) -> None:
    settings = generator.settings
    base = site_base(settings)
    open_articles = [a for a in generator.articles if a.reader_response]
    oldest_post = min((a.date for a in generator.articles), default=None)
    post_feed = settings.get("REPLIES_POST_FEED_ATOM")
    if post_feed:
        # Pages have replies too (response.attach); the pages are read by now.
        context = generator.context
        for article in [a for a in (*generator.articles, *generator.hidden_articles,
                                    *context.get("pages", []), *context.get("hidden_pages", []))
                        if a.reader_response]:
            path = post_feed.format(slug=article.slug)
            _write(writer, generator.context, base, path, newest_first(entries(article)),
                   Markup("Replies to “{}”").format(Markup(article.title)),
                   link=f"{base}/{article.url}",
                   # An undated page's empty feed keeps one date from build to build.
                   quiet_date=getattr(article, "date", None) or oldest_post)
    site_feed = settings.get("REPLIES_FEED_ATOM")
    if site_feed:
        everything = newest_first([e for a in open_articles for e in entries(a)])
        _write(writer, generator.context, base, site_feed, everything, "Replies",
               link=f"{base}/", quiet_date=oldest_post)


def _write(writer, context, base, path, items, title, *, link, quiet_date) -> None:
    meta = {"id": f"{base}/{path}", "link": link, "quiet_date": quiet_date}
    writer.write_feed(items, {**context, "SITEURL": base, FEED_META: meta}, path,
                      feed_type="atom", feed_title=title)


def fix_feed(context, feed) -> None:
    """Give a reply feed its own id and page link, and a stable date while it is empty.

    Pelican's writer gives every feed the site's id and link; feedgenerator
    dates an empty feed with the build time, which would make two builds differ.
    """
    meta = context.get(FEED_META) if isinstance(context, dict) else None
    if not meta:
        return
    feed.feed["id"] = meta["id"]
    feed.feed["link"] = meta["link"]
    if not feed.items and meta["quiet_date"] is not None:
        feed.latest_post_date = lambda: meta["quiet_date"]
