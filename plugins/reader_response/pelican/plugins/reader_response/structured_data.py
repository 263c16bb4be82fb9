"""JSON-LD for an article and its replies (schema.org BlogPosting + Comment).

`comment_entries` is the reusable part: anything that describes the article
(an SEO plugin, say) can take the comment list from it.
"""

from __future__ import annotations

from safe_input import title_text

from .render import plain_text


def comment_entries(replies, page_url: str) -> list[dict]:
    """schema.org Comment objects for a reply tree, threaded through `parentItem`."""
    def entry(reply, parent=None) -> dict:
        author = {"@type": "Person", "name": reply.author}
        if reply.url:
            author["url"] = reply.url
        data = {
            "@type": "Comment",
            "@id": f"{page_url}#{reply.anchor}",
            "url": f"{page_url}#{reply.anchor}",
            "author": author,
            "datePublished": reply.date.isoformat(),
            "text": plain_text(reply.html),
        }
        if parent is not None:
            data["parentItem"] = {"@id": f"{page_url}#{parent.anchor}"}
        return data

    def walk(items, parent=None):
        for reply in items:
            yield entry(reply, parent)
            yield from walk(reply.children, reply)

    return list(walk(replies))


def article_comments(article, page_url: str) -> list[dict]:
    """The findable plugin's `article_comments`: this article's archived replies."""
    response = getattr(article, "reader_response", None)
    return comment_entries(response.replies, page_url) if response is not None else []


def blog_posting(article, page_url: str, replies, count: int) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "@id": page_url,
        "url": page_url,
        "mainEntityOfPage": page_url,
        "headline": title_text(article.title),
        "datePublished": article.date.isoformat(),
        "author": [{"@type": "Person", "name": str(author)}
                   for author in getattr(article, "authors", [])],
        "commentCount": count,
        "comment": comment_entries(replies, page_url),
    }
    if getattr(article, "modified", None):
        data["dateModified"] = article.modified.isoformat()
    return data

