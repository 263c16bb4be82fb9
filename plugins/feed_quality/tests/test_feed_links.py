"""pelican.plugins.feed_quality on a plain Pelican site: links in feed entries become
absolute, nothing else changes."""

from __future__ import annotations

import feedparser
from bs4 import BeautifulSoup

from pelican.plugins.feed_quality.absolute_links import absolute_links, parsed_rewrite
from sitebuild import PlainSite

POST = """\
    Title: Linking Back
    Date: 2021-03-04 10:00
    Slug: linking-back

    See [the earlier essay](/earlier/), [its notes](notes/) and [a footnote](#note).
    ![A chart](/images/chart.png)

        <a href="/stays-as-written/">code is text, not a link</a>

    Write to [me](mailto:bob@example.org) or read [elsewhere](https://example.net/x).
"""


def test_feed_entries_carry_absolute_links_and_untouched_code(tmp_path):
    site = PlainSite(tmp_path / "site", PLUGINS=["pelican.plugins.feed_quality"])
    site.write("linking-back.md", POST)
    site.write("earlier.md", "Title: Earlier\nDate: 2021-01-01\n\nThe earlier essay.\n")
    build = site.build(SITEURL="https://blog.example.org", FEED_DOMAIN="https://blog.example.org",
                       FEED_ALL_RSS="feeds/all.rss.xml")
    assert build.ok, build.log

    for feed in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        # Without resolving, feedparser hands over the links as the feed wrote them.
        entry = next(e for e in feedparser.parse(build.text(feed), resolve_relative_uris=False,
                                                 sanitize_html=False).entries
                     if e.title == "Linking Back")
        html = entry.content[0].value if "content" in entry else entry.summary
        soup = BeautifulSoup(html, "html.parser")
        links = [a["href"] for a in soup.find_all("a")]
        assert links == [
            "https://blog.example.org/earlier/",
            "https://blog.example.org/linking-back/notes/",
            "https://blog.example.org/linking-back/#note",
            "mailto:bob@example.org",
            "https://example.net/x",
        ], feed
        assert soup.img["src"] == "https://blog.example.org/images/chart.png"
        assert '<a href="/stays-as-written/">' in soup.code.get_text()
    # The page itself keeps the links as the author wrote them.
    page = build.page("linking-back/")
    assert page.find("a", string="the earlier essay")["href"] == "/earlier/"


# The fast path (start tags found by a regular expression) and the parser
# path must agree wherever the fast path is taken; markup it cannot read
# safely (comments, scripts, styles, declarations) goes through the parser.
TRICKY = {
    '<a href=x>': '<a href="https://blog.example.org/post/x">',
    '<a href="x>y">t</a>': '<a href="https://blog.example.org/post/x>y">t</a>',
    '<img src=\'a.png\' alt=">">': '<img src="https://blog.example.org/post/a.png" alt=">">',
    '<p>1 < 2 and <a\nhref="/q"\n>q</a></p>': '<p>1 < 2 and <a\nhref="https://blog.example.org/q"\n>q</a></p>',
    '<code>&lt;a href="/x"&gt;</code>': '<code>&lt;a href="/x"&gt;</code>',
    '<a title="<b>" href="/y">': '<a title="<b>" href="https://blog.example.org/y">',
    '<A HREF="/x">': '<A HREF="https://blog.example.org/x">',
    '<a href="/unclosed"': '<a href="/unclosed"',
    '<img srcset="a.png 1x, /b.png 2x">':
        '<img srcset="https://blog.example.org/post/a.png 1x, https://blog.example.org/b.png 2x">',
    '<!-- <a href="/in-comment/"> --><a href="/out/">':
        '<!-- <a href="/in-comment/"> --><a href="https://blog.example.org/out/">',
    '<script>let s = \'<a href="/in-script/">\';</script><a href="/out/">':
        '<script>let s = \'<a href="/in-script/">\';</script><a href="https://blog.example.org/out/">',
}


def test_both_ways_of_finding_start_tags_rewrite_the_same_links():
    base = "https://blog.example.org/post/"
    for html, expected in TRICKY.items():
        assert absolute_links(html, base) == expected, html
        assert parsed_rewrite(html, base) == expected, html
