"""The "What do you think?" section as a reader, a feed reader and a search engine see it.

One build of the project's own content with the full default settings, and one
small site that exercises the per-post choices (Question, Replies: closed/off)
and the email and Webmention ways to answer.
"""

from __future__ import annotations

import json
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest

from quality.checkers import jing_errors
from sitebuild import Site

REPLY_TEXT = "I have had some super experiences with mutual learning"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    build = Site(tmp_path_factory.mktemp("project") / "site", copy_project_content=True).build()
    assert build.ok, build.log
    return build


def section(page):
    found = page.select("#replies")
    assert len(found) == 1
    assert "response" in found[0]["class"]
    return found[0]


def json_ld(page) -> dict:
    blocks = [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]
    return next(b for b in blocks if b.get("@type") == "BlogPosting")


def test_mutual_learning_ends_with_its_reply_and_asks_its_question_once(project):
    page = project.page("mutual-learning/")
    replies = section(page)
    assert replies.h2.get_text(strip=True) == "What do you think?"
    # The essay already asks "What do you think?" in its last paragraph:
    # the section does not ask it again.
    assert not replies.select(".question")
    assert page.select_one(".essay-body").get_text().count("What do you think?") == 1
    assert replies.get_text().count("What do you think?") == 1

    (reply,) = replies.select("ol.replies > li > article.reply")
    assert REPLY_TEXT in reply.get_text()
    assert "An unnamed reader" in reply.select_one(".reply-meta").get_text()
    time = reply.select_one(".reply-meta time")
    assert datetime.fromisoformat(time["datetime"]) > datetime.fromisoformat(
        page.select_one(".essay time")["datetime"])
    permalink = time.find_parent("a")["href"]
    assert permalink == f"#{reply['id']}"
    assert {"p-comment", "h-cite"} <= set(reply["class"])
    assert reply.select_one(".p-author.h-card") and reply.select_one(".e-content")


def test_threaded_replies_link_their_authors_as_user_content(project):
    replies = section(project.page("leading-from-the-learning-edge/"))
    (top,) = replies.select("ol.replies > li > article.reply")
    author = top.select_one(".reply-meta a.p-name")
    assert author["href"] == "https://reader.example.org/"
    assert {"nofollow", "ugc"} <= set(author["rel"])
    (answer,) = top.select("ol.reply-children > li > article.reply")
    assert "Bob" in answer.select_one(".reply-meta").get_text()
    assert "2 replies" in replies.get_text()


@pytest.mark.parametrize("listing", ["", "archives/", "tag/coaching/", "category/essays/"])
def test_listings_show_the_reply_count_without_javascript(project, listing):
    counts = {a["href"]: " ".join(a.get_text().split())
              for a in project.page(listing).select('a[href$="#replies"]')}
    assert counts.get("/mutual-learning/#replies", "").startswith("1 reply")


def test_reply_feeds_are_announced_valid_and_carry_the_reply(project):
    page = project.page("mutual-learning/")
    feeds = {link["title"]: link["href"] for link in
             page.select('head link[rel="alternate"][type="application/atom+xml"]')}
    post_feed = next(href for title, href in feeds.items() if "Replies to" in title)
    site_feed = next(href for title, href in feeds.items() if "all replies" in title)
    for href in (post_feed, site_feed):
        path = project.path(urlsplit(href).path)
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, parsed.bozo_exception
        assert jing_errors(path) == []
        entry = next(e for e in parsed.entries if "mutual-learning/#reply-1" in e.link)
        assert REPLY_TEXT in entry.content[0].value
        assert entry.author == "An unnamed reader"
        assert entry.link.startswith("http")
    site = feedparser.parse(project.path(urlsplit(site_feed).path).read_bytes())
    assert len(site.entries) == 3  # every archived reply on the site
    empty = project.path("feeds/replies/asking-before-telling.atom.xml")
    assert feedparser.parse(empty.read_bytes()).bozo == 0 and jing_errors(empty) == []


def test_structured_data_counts_and_carries_the_replies(project):
    for url in ("mutual-learning/", "leading-from-the-learning-edge/"):
        page = project.page(url)
        data = json_ld(page)
        shown = section(page).select("article.reply")
        assert data["commentCount"] == len(shown) == len(data["comment"])
        for comment, reply in zip(data["comment"], shown):
            assert comment["@type"] == "Comment"
            assert comment["url"].endswith("#" + reply["id"])
            assert comment["text"][:40] in " ".join(reply.select_one(".e-content").get_text().split())
    child = json_ld(project.page("leading-from-the-learning-edge/"))["comment"][1]
    assert child["parentItem"]["@id"].endswith("#reply-1")


def test_nothing_is_loaded_from_the_provider_with_the_page(project):
    page = project.page("mutual-learning/")
    provider = "http://127.0.0.1:8080"
    assert not [tag for tag in page.select("[src], link[href]")
                if (tag.get("src") or tag.get("href")).startswith(provider)]
    replies = section(page)
    assert replies["data-isso"].startswith(provider)
    assert provider not in replies.get_text()  # no reader sees the server's address
    # Without JavaScript no control shows that could not work: the form is
    # made by the script, loaded only as the reader nears the replies; the
    # slot and every "Reply" wait for it.
    assert not page.select("form.reply-form, script[src*=reply-form]")
    assert replies["data-form-script"].startswith("/theme/js/reply-form.")
    assert replies["data-form-style"].startswith("/theme/css/reply-form.")
    assert replies.select_one("[data-form-slot]").has_attr("hidden")
    actions = replies.select(".reply-actions")
    assert actions and all(a.has_attr("hidden") for a in actions)
    assert "needs JavaScript" in replies.select_one("noscript").get_text()


POST = """\
Title: {title}
Date: 2024-0{n}-01 10:00
Slug: {slug}
{extra}
A short essay. {last}
"""


@pytest.fixture(scope="module")
def choices(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("choices") / "site")
    posts = [
        ("asked", "Question: Where have you seen this work?", "It ends plainly."),
        ("plain", "", "It ends plainly, pointing [about]({filename}pages/about.md)."),
        ("closed", "Replies: closed", "Done?"),
        ("silent", "Replies: off", "Quiet."),
    ]
    for n, (slug, extra, last) in enumerate(posts, start=1):
        site.write(f"{slug}.md", POST.format(title=slug.title(), n=n, slug=slug,
                                             extra=extra, last=last))
    site.write("pages/about.md", "Title: About\n\nAbout this site.\n")
    for slug in ("closed", "silent"):
        site.write(f"replies/{slug}/1.md", "Author: Ann\nDate: 2024-06-01\n\nAn earlier reply.\n")
    build = site.build(REPLIES_EMAIL="bob@example.org",
                       REPLIES_WEBMENTION_ENDPOINT="https://webmention.example/endpoint")
    assert build.ok, build.log
    return build


def test_question_comes_from_metadata_or_the_site_default(choices):
    asked = section(choices.page("asked/")).select_one(".question")
    assert asked.get_text(strip=True) == "Where have you seen this work?"
    page = choices.page("plain/")
    plain = section(page).select_one(".question")
    assert plain.get_text(strip=True).startswith("What has your own experience been?")
    # Looking for the essay's question leaves its links to other pages working.
    assert page.select_one('.essay-body a[href="/about/"]')


def test_email_and_webmention_ways_to_answer(choices):
    page = choices.page("asked/")
    ways = section(page).select_one(".answer-ways")
    mail = urlsplit(ways.select_one('a[href^="mailto:"]')["href"])
    assert mail.path == "bob@example.org"
    assert parse_qs(mail.query)["subject"] == ["Re: Asked"]
    form = ways.select_one("form")
    assert form["action"] == "https://webmention.example/endpoint" and form["method"] == "post"
    assert form.select_one('input[name="target"]')["value"].endswith("/asked/")
    source = form.select_one('input[name="source"]')
    assert form.select_one(f'label[for="{source["id"]}"]')
    assert page.select_one('head link[rel="webmention"]')["href"] == "https://webmention.example/endpoint"


def test_closed_replies_keep_the_archive_without_a_form(choices):
    page = choices.page("closed/")
    replies = section(page)
    assert "An earlier reply." in replies.get_text()
    assert not replies.select(".answer-ways, .provider-embed, form, .reply-actions")
    assert not replies.has_attr("data-form-script")
    assert "closed" in replies.select_one(".notice").get_text()
    # No invitation and no feed that will stay as it is.
    assert not replies.select(".question, .feed-links")
    assert "No replies yet" not in replies.get_text()


def test_listings_do_not_invite_replies_to_a_closed_post(choices, tmp_path):
    site = Site(tmp_path / "site")
    site.write("shut.md", POST.format(title="Shut", n=1, slug="shut", extra="Replies: closed",
                                      last="Done."))
    built = site.build()
    assert built.ok, built.log
    entry = built.page("").find("a", href="/shut/").find_parent("article")
    assert "No replies yet" not in entry.get_text()
    assert not section(built.page("shut/")).select(".question, .feed-links")


def test_replies_off_removes_the_section_and_the_count(choices):
    page = choices.page("silent/")
    assert not page.select("#replies")
    assert "An earlier reply." not in page.get_text()
    assert not choices.page("").select('a[href$="/silent/#replies"]')
    assert choices.page("").select('a[href$="/asked/#replies"]')
    assert not choices.path("feeds/replies/silent.atom.xml").exists()
