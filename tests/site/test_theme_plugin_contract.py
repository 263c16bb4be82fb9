"""What the theme promises the reader-response and roles plugins: reply
counts on every listing, a Roles link in the navigation, styles for their
markup, and a site that still builds when they are switched off.

A stand-in plugin sets the same attributes the real plugins set, so these
tests pin the theme's side of the contract on its own."""

from __future__ import annotations

import re
import textwrap

import pytest

from sitebuild import REPO, Build, Site

STAND_IN = textwrap.dedent('''
    from pelican import signals

    def finalized(generator):
        for article in generator.articles:
            replies = article.metadata["stand-in-replies"]
            article.reply_mode = "off" if replies == "off" else "open"
            article.reply_count = 0 if replies == "off" else int(replies)
        generator.context["roles_index_url"] = "roles/"

    def register():
        signals.article_generator_finalized.connect(finalized)
    ''')

REPLIES = {"none-yet": "0", "one": "1", "three": "3", "opted-out": "off"}
EXPECTED = {"none-yet": "No replies yet", "one": "1 reply", "three": "3 replies"}
LISTINGS = ["", "archives/", "tag/talk/", "category/essays/", "author/bob/"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Build:
    root = tmp_path_factory.mktemp("contract")
    plugins = root / "plugins"
    plugins.mkdir()
    (plugins / "stand_in.py").write_text(STAND_IN, encoding="utf-8")
    site = Site(root / "site")
    for day, (slug, replies) in enumerate(REPLIES.items(), start=1):
        site.write(f"{slug}.md", f"""
            Title: Post {slug}
            Date: 2024-03-0{day}
            Category: Essays
            Tags: talk
            Slug: {slug}
            Stand-In-Replies: {replies}

            Text of {slug}.
            """)
    build = site.build(PLUGINS=["stand_in"], PLUGIN_PATHS=[str(plugins)])
    assert build.ok, build.log
    return build


@pytest.mark.parametrize("url", LISTINGS)
def test_listings_show_reply_counts_linking_to_the_replies(built, url):
    main = built.page(url).main
    for slug, text in EXPECTED.items():
        link = main.select_one(f'a[href="/{slug}/#replies"]')
        assert link is not None, f"/{url}: no reply link for {slug}"
        # The visible text leads; a hidden suffix names the post for screen readers.
        assert link.get_text(" ", strip=True).startswith(text)
        assert f"Post {slug}" in link.get_text()
    assert not main.select('a[href="/opted-out/#replies"]')
    assert main.select_one('a[href="/opted-out/"]')


def test_navigation_links_the_roles_hub_when_roles_exist(built):
    nav = built.page("").select_one("header nav")
    assert nav.find("a", string="Roles")["href"] == "/roles/"


def test_without_the_plugins_nothing_of_theirs_shows(tmp_path):
    site = Site(tmp_path / "site")
    site.write("plain.md", """
        Title: Plain
        Date: 2024-03-01
        Roles: coach
        Slug: plain

        Text.
        """)
    build = site.build(PLUGINS=[])
    assert build.ok, build.log
    assert "#replies" not in build.text("")
    assert "Roles" not in build.page("").select_one("header nav").get_text()
    assert not build.page("plain/").select(".response, .role-links, .read-next")


def test_the_stylesheet_styles_every_class_the_plugins_use():
    css = (REPO / "theme" / "static" / "css" / "site.css").read_text(encoding="utf-8")
    selectors = set(re.findall(r"\.([a-z][a-z-]*)", re.sub(r"/\*.*?\*/", "", css, flags=re.S)))
    for name in ["response", "replies", "reply", "reply-meta", "reply-children",
                 "answer-ways", "button", "provider-embed", "notice", "role-links",
                 "more-for", "read-next", "hub-list", "reply-actions", "link-button",
                 "live-note", "reply-note"]:
        assert name in selectors, f"site.css has no rule for .{name}"
