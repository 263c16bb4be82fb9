"""pelican.plugins.feed_quality on a plain Pelican site, read as a feed reader reads it:
each Atom feed has its own id (its own address); production entry ids are exactly
the ones Pelican writes without the plugin; a dev build's entries get proper ids
and links; a tag's feed is titled with the tag as written."""

from __future__ import annotations

import feedparser
import pytest

from sitebuild import Build, PlainSite

PLUGIN = "pelican.plugins.feed_quality"
SITEURL = "https://feeds.example.test"
DEV_ORIGIN = "http://127.0.0.1:8000"
TAG = "R&D <drafts>"
FEEDS = {
    "FEED_ALL_ATOM": "feeds/all.atom.xml",
    "FEED_ALL_RSS": "feeds/all.rss.xml",
    "CATEGORY_FEED_ATOM": "feeds/category/{slug}.atom.xml",
    "TAG_FEED_ATOM": "feeds/tag/{slug}.atom.xml",
    "AUTHOR_FEED_ATOM": "feeds/author/{slug}.atom.xml",
}
POSTS = {
    "first.md": f"Title: First\nDate: 2024-02-01 10:00\nCategory: Essays\nTags: {TAG}, coaching\n"
                "Author: Ann\n\nThe first.\n",
    "second.md": "Title: Second\nDate: 2024-03-01 10:00\nCategory: Notes\nTags: coaching\n"
                 "Author: Bob\n\nThe second.\n",
}


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Build]:
    made = {}
    for name, plugins, origin in (("publish", [PLUGIN], SITEURL), ("pelican", [], SITEURL),
                                  ("dev", [PLUGIN], None)):
        site = PlainSite(tmp_path_factory.mktemp(name) / "site", PLUGINS=plugins, **FEEDS)
        for rel, text in POSTS.items():
            site.write(rel, text)
        urls = {"SITEURL": origin, "FEED_DOMAIN": origin} if origin else {"FEED_DOMAIN": DEV_ORIGIN}
        build = site.build(**urls)
        assert build.ok, build.log
        made[name] = build
    return made


def feeds(build: Build) -> dict[str, feedparser.FeedParserDict]:
    found = {}
    for path in sorted(build.output.glob("feeds/**/*.xml")):
        parsed = feedparser.parse(path.read_text(encoding="utf-8"))
        assert parsed.bozo == 0, f"{path}: {parsed.get('bozo_exception')}"
        found[path.relative_to(build.output).as_posix()] = parsed
    return found


def entry_ids(build: Build) -> dict[tuple[str, str], str]:
    return {(rel, entry.link): entry.id
            for rel, parsed in feeds(build).items() for entry in parsed.entries}


@pytest.mark.parametrize("name, origin", [("publish", SITEURL), ("dev", DEV_ORIGIN)])
def test_each_atom_feed_has_its_own_id_its_own_address(builds, name, origin):
    atom = {rel: parsed for rel, parsed in feeds(builds[name]).items() if rel.endswith(".atom.xml")}
    assert {"feeds/all.atom.xml", "feeds/category/essays.atom.xml", "feeds/tag/coaching.atom.xml",
            "feeds/author/ann.atom.xml"} <= set(atom)
    for rel, parsed in atom.items():
        assert parsed.feed.id == f"{origin}/{rel}", rel
    # Pelican alone gives every one of them the site's address.
    assert {parsed.feed.id for parsed in feeds(builds["pelican"]).values()
            if parsed.version.startswith("atom")} == {f"{SITEURL}/"}


def test_production_entry_ids_are_the_ones_pelican_writes(builds):
    ours, pelicans = entry_ids(builds["publish"]), entry_ids(builds["pelican"])
    assert ours == pelicans
    assert ours["feeds/all.atom.xml", f"{SITEURL}/first/"] == "tag:feeds.example.test,2024-02-01:/first/"


def test_dev_entries_have_proper_ids_and_links(builds):
    found = entry_ids(builds["dev"])
    assert found
    for (rel, link), entry_id in found.items():
        assert link.startswith(DEV_ORIGIN + "/"), (rel, link)
        assert entry_id.startswith("tag:127.0.0.1,") and "None" not in entry_id, (rel, entry_id)
    assert found["feeds/all.atom.xml", f"{DEV_ORIGIN}/second/"] == "tag:127.0.0.1,2024-03-01:/second/"


def test_a_tags_feed_is_titled_with_the_tag_as_written(builds):
    feed = "feeds/tag/rd.atom.xml"
    assert feeds(builds["publish"])[feed].feed.title == f"A plain Pelican - {TAG}"
    # Pelican alone strips what looks like a tag out of the name.
    assert feeds(builds["pelican"])[feed].feed.title == "A plain Pelican - R&D"
