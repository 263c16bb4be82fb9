"""Attach the reader-response section to every article, after Pelican has read them all.

Sets on each article:
  reader_response  what the partials show (None when the post says `Replies: off`)
  reply_count      replies in the archive, for the article and every listing
  reply_mode       "open", "closed" or "off"
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup
from pelican_compat import raw_text
from safe_input import script_json, title_text
from safe_input.sharing import in_processes

from . import providers
from .archive import Limits, Reply, read_archive, walk
from .errors import Problems, stop_on
from .question import asked_in, closing_question
from .render import reply_html
from .settings import MODES, site_base
from .structured_data import blog_posting


@dataclass
class ReaderResponse:
    title: str  # the article's title as text, for attributes and provider settings
    heading: str
    question: str
    question_in_essay: bool
    mode: str
    replies: list[Reply]
    count: int
    provider: dict
    thread_id: str
    page_url: str
    email_href: str | None
    webmention_endpoint: str | None
    feed_url: str | None
    site_feed_url: str | None
    article: object = field(repr=False)

    @property
    def json_ld(self) -> Markup:
        """The article's JSON-LD, for themes without the findable plugin (which describes it itself)."""
        return script_json(blog_posting(self.article, self.page_url, self.replies, self.count))


def all_articles(generator) -> list:
    return [*generator.articles, *generator.translations, *generator.hidden_articles,
            *generator.hidden_translations, *generator.drafts, *generator.drafts_translations]


def all_pages(generator) -> list:
    return [*generator.pages, *generator.translations, *generator.hidden_pages,
            *generator.hidden_translations, *generator.draft_pages, *generator.draft_translations]


# Articles wait in the build's context for the pages: a reply folder may belong to either.
WAITING = "reader_response_articles"


def keep_articles(generator) -> None:
    """`article_generator_finalized`: the pages are read next."""
    generator.context[WAITING] = all_articles(generator)


def attach(generator) -> None:
    """`page_generator_finalized`: articles and pages get their replies (pages too, as in WordPress)."""
    settings = generator.settings
    provider = providers.checked(settings["REPLIES_COMMENTS"])
    articles = generator.context.pop(WAITING, []) + all_pages(generator)
    problems = Problems()
    modes = {id(article): reply_mode(article, problems) for article in articles}
    share = functools.partial(in_processes, settings, what="Preparing the replies")
    archive = read_archive(
        Path(generator.path) / settings["REPLIES_PATH"], {a.slug for a in articles},
        settings.get("TIMEZONE"), problems, settings.get("IGNORE_FILES", []), share,
        Limits.of(settings),
    )
    stop_on(problems, settings)
    shown = [a for a in articles if modes[id(a)] != "off"]
    prepared = share(lambda some: [prepare(a, archive.get(a.slug, []), settings) for a in some],
                     shown)
    prepared = dict(zip(map(id, shown), prepared))
    for article in articles:
        replies = archive.get(article.slug, [])
        mode = modes[id(article)]
        article.reply_mode = mode
        article.reply_count = sum(1 for _ in walk(replies))
        article.reader_response = None if mode == "off" else build(
            article, replies, article.reply_count, mode, provider, settings, prepared[id(article)])


def text_changed(generator, article, read) -> bool:
    """fast_build's `article_text_changed`: the section follows the edited text."""
    response = getattr(article, "reader_response", None)
    if response is not None:
        article.reader_response = build(article, response.replies, response.count,
                                        response.mode, response.provider, generator.settings)
    return True


def reply_mode(article, problems: Problems) -> str:
    value = str(article.metadata.get("replies", "open")).strip().lower()
    if value not in MODES:
        problems.add(Path(article.source_path), f"'{value}' is not a reply setting",
                     "write 'Replies: open', 'Replies: closed' (archive shown, no form) "
                     "or 'Replies: off' (no section)", field="Replies")
    return value if value in MODES else "open"


def prepare(article, replies: list[Reply], settings: dict) -> tuple[list[Markup], str, bool]:
    """The costly part of `build`, as plain values: each reply's HTML, the question."""
    page_url = page_url_of(article, settings)
    return ([reply_html(reply.text, page_url) for reply in walk(replies)],
            *the_question(article, settings))


def page_url_of(article, settings: dict) -> str:
    return f"{site_base(settings)}/{article.url}"


def build(article, replies: list[Reply], count: int, mode: str, provider: dict,
          settings: dict, prepared: tuple | None = None) -> ReaderResponse:
    page_url = page_url_of(article, settings)
    htmls, question, in_essay = prepared or prepare(article, replies, settings)
    for reply, html in zip(walk(replies), htmls):
        reply.html = html
    title = title_text(article.title)
    email = settings.get("REPLIES_EMAIL")
    post_feed = settings.get("REPLIES_POST_FEED_ATOM")
    site_feed = settings.get("REPLIES_FEED_ATOM")
    siteurl = settings.get("SITEURL", "")
    return ReaderResponse(
        title=title,
        heading=settings["REPLIES_HEADING"],
        question=question,
        question_in_essay=in_essay,
        mode=mode,
        replies=replies,
        count=count,
        provider=provider,
        thread_id=thread_id(article),
        page_url=page_url,
        email_href=f"mailto:{email}?subject={quote('Re: ' + title)}" if email else None,
        webmention_endpoint=settings.get("REPLIES_WEBMENTION_ENDPOINT"),
        feed_url=f"{siteurl}/{post_feed.format(slug=article.slug)}" if post_feed else None,
        site_feed_url=f"{siteurl}/{site_feed}" if site_feed else None,
        article=article,
    )


def the_question(article, settings) -> tuple[str, bool]:
    """The question to put to readers, and whether the essay itself already asks it."""
    # The raw HTML: `article.content` would resolve (and memoize) intra-site
    # links before the pages they point to have been read.
    content = raw_text(article)
    asked = str(article.metadata.get("question", "")).strip()
    if asked:
        return asked, asked_in(asked, content)
    found = closing_question(content)
    if found:
        return found, True
    return settings["REPLIES_DEFAULT_QUESTION"], False


def thread_id(article) -> str:
    """The discussion's id at the provider: the article's path, independent of the domain."""
    return "/" + article.url.lstrip("/")
