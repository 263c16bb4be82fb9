"""The build-time redirects, from hand-written `Redirect-From:` lines."""

from __future__ import annotations

import os

from sitebuild import Site
from wp_helpers import PLUGINS, imported_site, refresh_target


def post(site, slug, redirect_from=None, date="2020-01-01"):
    line = f"Redirect-From: {redirect_from}\n" if redirect_from else ""
    site.write(f"{slug}.md", f"Title: {slug.title()}\nDate: {date}\n{line}\nText of {slug}.\n")


def test_redirects_never_replace_a_page_of_the_site(tmp_path):
    site = Site(tmp_path / "site", PLUGINS=PLUGINS)
    post(site, "first", "/archives/, https://old.example.org/2010/01/first.html, /old/first/")
    post(site, "second", "/old/first/, /2011/%e2%9c%93-check/")
    build = site.build(env={**os.environ, "COLUMNS": "1000"})  # one log line per message
    assert build.ok, build.log
    assert "/archives/ is now a page of this site" in build.log
    assert "Redirect-From /old/first/ is also claimed by" in build.log
    assert not build.page("archives/").find("meta", attrs={"http-equiv": "refresh"})
    assert refresh_target(build.page("2010/01/first.html")) == "/first/"
    assert refresh_target(build.page("old/first/")) == "/first/"
    assert refresh_target(build.page("2011/✓-check/")) == "/second/"
    rules = build.text("_redirects")
    assert "/archives/ " not in rules
    assert "/2011/%e2%9c%93-check/ /second/ 301!" in rules.splitlines()
    # A redirect page is not a page of the site: the sitemap (when built) leaves it out.
    sitemap = build.path("sitemap.xml")
    assert not sitemap.exists() or "old/first" not in sitemap.read_text()


def test_a_site_without_imported_posts_gets_no_redirects(tmp_path):
    site = Site(tmp_path / "site", PLUGINS=PLUGINS)
    post(site, "native")
    build = site.build()
    assert build.ok, build.log
    assert not build.path("feed/").exists()
    assert not build.path("_redirects").exists()
    assert not build.path("wordpress-redirects.nginx.conf").exists()


def test_absolute_targets_in_production(tmp_path):
    site = Site(tmp_path / "site", PLUGINS=PLUGINS)
    post(site, "first", "/2010/01/01/first/")
    build = site.build(publish=True, SITEURL="https://new.example.org")
    assert build.ok, build.log
    page = build.page("2010/01/01/first/")
    assert refresh_target(page) == "https://new.example.org/first/"
    assert page.find("link", rel="canonical")["href"] == "https://new.example.org/first/"
    assert ("/2010/01/01/first/ https://new.example.org/first/ 301!"
            in build.text("_redirects").splitlines())
    assert refresh_target(build.page("feed/")).startswith("https://new.example.org/feeds/")


NUMERIC_PERMALINKS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.0/">
<channel><title>Numbers</title><link>http://numbers.example.org</link>
<item><title>Numbered</title><link>http://numbers.example.org/archives/123</link>
<dc:creator>bob</dc:creator><content:encoded><![CDATA[Text.]]></content:encoded>
<wp:post_id>123</wp:post_id><wp:post_date>2010-03-04 05:06:07</wp:post_date>
<wp:post_date_gmt>2010-03-04 05:06:07</wp:post_date_gmt><wp:post_name>numbered</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>
</channel></rss>
"""


def test_numeric_permalinks_below_archives_are_redirected(tmp_path):
    export = tmp_path / "numbers.xml"
    export.write_text(NUMERIC_PERMALINKS)
    site, _ = imported_site(tmp_path / "site", export)
    assert "Redirect-From: /archives/123, /?p=123" in (site.content / "numbered.md").read_text()
    build = site.build()
    assert build.ok, build.log
    assert refresh_target(build.page("archives/123/")) == "/numbered/"
    assert build.page("archives/").find("a", href="/numbered/")
