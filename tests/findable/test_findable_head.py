"""What search engines and link previews read in each page's <head>: the
canonical URL, Open Graph and Twitter Card properties, and JSON-LD that
matches what the page shows."""

from __future__ import annotations

import json
import re
import struct

import pytest

SITEURL = "https://essays.example.org"  # as conftest.py builds it


def own_url(build, path) -> str:
    rel = path.relative_to(build.output).as_posix()
    pretty = re.sub(r"(^|/)index\.html$", r"\1", rel)
    return f"{SITEURL}/{pretty}"


def structured_data(page) -> list[dict]:
    return [json.loads(script.string) for script in page.select('script[type="application/ld+json"]')]


def of_type(page, kind: str) -> list[dict]:
    return [data for data in structured_data(page) if data.get("@type") == kind]


def meta(page, key: str) -> list[str]:
    return [m["content"] for m in page.select(f'meta[property="{key}"], meta[name="{key}"]')]


def the_posting(page) -> dict:
    # The reader-response plugin may describe the post too; this is the one
    # that names the roles the essay is about.
    postings = [p for p in of_type(page, "BlogPosting") if "about" in p]
    assert len(postings) == 1, structured_data(page)
    return postings[0]


def test_every_page_has_exactly_one_canonical_url_its_own(production):
    # Redirects from old addresses (wordpress_import) point their canonical at the new page.
    pages = [p for p in production.files("**/*.html")
             if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")]
    assert len(pages) > 20
    for path in pages:
        page = production.page(path.relative_to(production.output).as_posix())
        canonical = page.select('link[rel="canonical"]')
        assert len(canonical) == 1, path
        assert canonical[0]["href"] == own_url(production, path), path


def test_every_page_s_structured_data_is_valid_json(production):
    for path in production.files("**/*.html"):
        for script in production.page(path.relative_to(production.output).as_posix()).select(
                'script[type="application/ld+json"]'):
            assert json.loads(script.string)["@context"] == "https://schema.org", path


def test_a_shared_essay_link_previews_with_its_title_summary_and_image(production):
    page = production.page("mutual-learning/")
    title = page.h1.get_text(strip=True)
    assert meta(page, "og:title") == [title]
    assert meta(page, "og:type") == ["article"]
    assert meta(page, "og:url") == [f"{SITEURL}/mutual-learning/"]
    assert meta(page, "og:site_name") == ["Mutual Learning"]
    description = page.select_one('meta[name="description"]')["content"]
    assert meta(page, "og:description") == [description]
    assert meta(page, "article:published_time") == [page.select_one("time.dt-published")["datetime"]]
    assert meta(page, "article:author") == [f"{SITEURL}/author/bob/"]
    assert meta(page, "twitter:card") == ["summary_large_image"]

    image = meta(page, "og:image")[0]
    assert image.startswith(SITEURL + "/")
    png = production.path(image[len(SITEURL) + 1:]).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (1200, 630)
    assert meta(page, "og:image:width") == ["1200"] and meta(page, "og:image:height") == ["630"]


def test_listings_preview_as_websites_and_the_404_page_is_not_indexed(production):
    assert meta(production.page(""), "og:type") == ["website"]
    assert meta(production.page("tag/coaching/"), "og:title") == ["coaching"]
    assert production.page("404.html").select_one('meta[name="robots"]')["content"] == "noindex"
    assert not production.page("mutual-learning/").select('meta[name="robots"]')


def test_the_essay_s_blogposting_matches_the_page(production):
    page = production.page("mutual-learning/")
    posting = the_posting(page)
    assert posting["headline"] == page.h1.get_text(strip=True)
    assert posting["url"] == posting["@id"] == f"{SITEURL}/mutual-learning/"
    assert posting["datePublished"] == page.select_one("time.dt-published")["datetime"]
    assert "dateModified" in posting
    assert [a["name"] for a in posting["author"]] == [
        a.get_text(strip=True) for a in page.select(".essay-header .p-author")]
    assert set(posting["keywords"]) == {a.get_text(strip=True) for a in page.select('a[rel="tag"]')}
    # `about`: the roles, each with its hub, as the page links them.
    assert [r["name"] for r in posting["about"]] == [
        "Coach", "Scrum Master", "Consultant", "Manager", "Leader"]
    hubs = {a["href"] for a in page.select('a[href*="/roles/"]')}
    assert {r["url"] for r in posting["about"]} <= hubs
    # The archived reply, counted and quoted as the page shows it.
    replies = page.select(".h-cite")
    assert posting["commentCount"] == len(replies) == 1
    (comment,) = posting["comment"]
    assert comment["@type"] == "Comment"
    assert "laving voicemail cold" in comment["text"]
    assert comment["url"] == f"{SITEURL}/mutual-learning/#{replies[0]['id']}"


def test_the_home_page_describes_the_website_and_blog(production):
    home = production.page("")
    (website,) = of_type(home, "WebSite")
    (blog,) = of_type(home, "Blog")
    assert website["url"] == blog["url"] == f"{SITEURL}/"
    assert website["name"] == blog["name"] == "Mutual Learning"
    assert website["potentialAction"]["target"]["urlTemplate"].startswith(f"{SITEURL}/search/?q=")
    shown = [a["href"] for a in home.select("main h2 a")]
    assert [post["url"] for post in blog["blogPost"]] == shown


@pytest.mark.parametrize("url, trail", [
    ("tag/coaching/", ["Home", "Tags", "coaching"]),
    ("category/essays/", ["Home", "Categories", "Essays"]),
    ("author/bob/", ["Home", "Authors", "Bob"]),
    ("roles/scrum-master/", ["Home", "Roles", "Scrum Master"]),
    ("archives/", ["Home", "Archives"]),
    ("page/2/", ["Home", "Page 2"]),
])
def test_listings_carry_breadcrumbs_down_to_themselves(production, url, trail):
    (crumbs,) = of_type(production.page(url), "BreadcrumbList")
    items = crumbs["itemListElement"]
    assert [item["name"] for item in items] == trail
    assert [item["position"] for item in items] == list(range(1, len(trail) + 1))
    assert items[0]["item"] == f"{SITEURL}/" and items[-1]["item"] == f"{SITEURL}/{url}"


def test_roles_metadata_without_the_roles_plugin_leaves_about_out(site):
    """A site that turns the roles plugin off keeps building; `Roles:` is then just text."""
    site.write("essay.md", """
        Title: An Essay
        Date: 2024-05-01 10:00
        Roles: coach, leader

        Some text for readers.
        """)
    plugins = ["content_checks", "pelican.plugins.reader_response", "findable"]
    build = site.build(publish=True, SITEURL=SITEURL, PLUGINS=plugins)
    assert build.ok, build.log
    [posting] = of_type(build.page("an-essay/"), "BlogPosting")
    assert posting["headline"] == "An Essay"
    assert "about" not in posting
