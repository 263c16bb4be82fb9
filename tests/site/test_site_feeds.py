"""The site's Atom and RSS feeds, read as a feed reader would: one pair for
the site and for each category, tag and author, full content, stable ids,
dates, absolute links in production, and autodiscovery links that lead to
them."""

from __future__ import annotations

from urllib.parse import urlsplit

import feedparser
import pytest

from sitebuild import Build, Site

SITEURL = "https://feeds.example.test"
POSTS = {
    # slug: (category, author, tags)
    "first-light": ("Essays", "Alice", "dawn, coaching"),
    "second-wind": ("Essays", "Bob", "coaching"),
    "third-way": ("Notes", "Alice", "dawn"),
}
FEEDS = {
    "feeds/all.{}.xml": set(POSTS),
    "feeds/category/essays.{}.xml": {"first-light", "second-wind"},
    "feeds/category/notes.{}.xml": {"third-way"},
    "feeds/tag/dawn.{}.xml": {"first-light", "third-way"},
    "feeds/tag/coaching.{}.xml": {"first-light", "second-wind"},
    "feeds/author/alice.{}.xml": {"first-light", "third-way"},
    "feeds/author/bob.{}.xml": {"second-wind"},
}
ALL_FEEDS = [(pattern.format(kind), slugs) for pattern, slugs in FEEDS.items()
             for kind in ("atom", "rss")]


def write_sample(site: Site) -> None:
    for day, (slug, (category, author, tags)) in enumerate(POSTS.items(), start=1):
        site.write(f"{slug}.md", f"""
            Title: The {slug.replace("-", " ")}
            Date: 2024-02-0{day} 08:00
            Modified: 2024-02-1{day} 18:45
            Category: {category}
            Author: {author}
            Tags: {tags}
            Slug: {slug}
            Summary: A short summary of {slug}.

            The body of {slug} opens here, see [the next one]({{filename}}/second-wind.md).

            ## Further on

            Only the full text reaches this closing line of {slug}.
            """)


def build_sample(root, **kwargs) -> Build:
    site = Site(root / "site")
    write_sample(site)
    build = site.build(PLUGINS=[], **kwargs)
    assert build.ok, build.log
    return build


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Build:
    return build_sample(tmp_path_factory.mktemp("feeds"))


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> list[Build]:
    """Two clean production builds of the same content."""
    return [build_sample(tmp_path_factory.mktemp(f"feeds-publish-{n}"), publish=True,
                         SITEURL=SITEURL, FEED_DOMAIN=SITEURL)
            for n in (1, 2)]


def parse(build: Build, rel: str):
    parsed = feedparser.parse(build.text(rel))
    assert parsed.bozo == 0, f"{rel}: {parsed.get('bozo_exception')}"
    return parsed


def slug_of(entry) -> str:
    return urlsplit(entry.link).path.strip("/")


def full_text(entry) -> str:
    return entry.content[0].value if "content" in entry else entry.description


@pytest.mark.parametrize("rel,slugs", ALL_FEEDS)
def test_feed_parses_and_lists_the_right_posts(built, rel, slugs):
    parsed = parse(built, rel)
    assert parsed.version in ("atom10", "rss20")
    assert {slug_of(e) for e in parsed.entries} == slugs


@pytest.mark.parametrize("rel,slugs", ALL_FEEDS)
def test_feed_carries_full_content_and_dates(built, rel, slugs):
    parsed = parse(built, rel)
    assert parsed.feed.get("updated_parsed"), f"{rel}: feed has no updated date"
    for entry in parsed.entries:
        slug = slug_of(entry)
        assert f"closing line of {slug}" in full_text(entry), f"{rel}: {slug} is cut short"
        assert entry.published_parsed[:3] == (2024, 2, list(POSTS).index(slug) + 1)
        if parsed.version == "atom10":
            assert entry.updated_parsed[:3] == (2024, 2, 11 + list(POSTS).index(slug))


@pytest.mark.parametrize("rel", [rel for rel, _ in ALL_FEEDS])
def test_ids_are_unique_and_stable_across_builds(published, rel):
    first, second = ([e.id for e in parse(build, rel).entries] for build in published)
    assert len(set(first)) == len(first)
    assert first == second


@pytest.mark.parametrize("rel", [rel for rel, _ in ALL_FEEDS])
def test_every_link_in_a_production_feed_is_absolute(published, rel):
    parsed = parse(published[0], rel)
    hrefs = [link.href for link in parsed.feed.links]
    for entry in parsed.entries:
        hrefs += [link.href for link in entry.links]
        assert urlsplit(SITEURL).netloc in entry.id
        body = full_text(entry)
        assert f'href="{SITEURL}/second-wind/"' in body
    assert all(h.startswith(SITEURL + "/") for h in hrefs), hrefs


def autodiscovery(build: Build, siteurl: str = ""):
    """(page URL, feed href, output file) for every <link rel=alternate>."""
    for file in build.files("**/*.html"):
        url = file.relative_to(build.output).as_posix().removesuffix("index.html")
        for link in build.page(url).select('link[rel~="alternate"]'):
            href = link["href"]
            assert href.startswith(siteurl + "/"), f"{url}: {href}"
            yield url, link, build.path(href[len(siteurl):])


@pytest.mark.parametrize("mode", ["dev", "publish"])
def test_every_autodiscovery_link_leads_to_a_feed(built, published, mode):
    build, siteurl = (built, "") if mode == "dev" else (published[0], SITEURL)
    seen = set()
    for url, link, target in autodiscovery(build, siteurl):
        assert target.is_file(), f"{url}: {link['href']} is not in the output"
        assert link["type"] in ("application/atom+xml", "application/rss+xml")
        assert link.get("title")
        seen.add(target.relative_to(build.output).as_posix())
    assert seen == {rel for rel, _ in ALL_FEEDS}


@pytest.mark.parametrize("listing,feed", [
    ("", "feeds/all"),
    ("first-light/", "feeds/all"),
    ("category/notes/", "feeds/category/notes"),
    ("tag/dawn/", "feeds/tag/dawn"),
    ("author/bob/", "feeds/author/bob"),
])
def test_pages_advertise_the_site_feed_and_listings_their_own(built, listing, feed):
    hrefs = [link["href"] for link in built.page(listing).select('link[rel~="alternate"]')]
    assert "/feeds/all.atom.xml" in hrefs and "/feeds/all.rss.xml" in hrefs
    assert f"/{feed}.atom.xml" in hrefs and f"/{feed}.rss.xml" in hrefs
    if feed != "feeds/all":
        visible = {a["href"] for a in built.page(listing).main.select(".feed-links a")}
        assert visible == {f"/{feed}.atom.xml", f"/{feed}.rss.xml"}


def test_project_feeds_carry_the_whole_essay(project_site):
    """The project's own content with the full default settings."""
    build = project_site.build()
    assert build.ok, build.log
    for kind in ("atom", "rss"):
        parsed = parse(build, f"feeds/all.{kind}.xml")
        essay = next(e for e in parsed.entries if slug_of(e) == "mutual-learning")
        text = full_text(essay)
        assert "Mutual Learning and the Leader" in text
        assert "What do you think?" in text
