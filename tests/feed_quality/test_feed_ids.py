"""Feed and entry ids, read as a feed reader would: every Atom feed of the
site (site, category, tag, author, role, reply feeds) has its own id, its own
address, the same from build to build; production entry ids are exactly what
subscribers already have; dev builds have proper entry ids too."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from dateutil.parser import parse as parse_date
from lxml import etree

from sitebuild import Build, Site

SITEURL = "https://feeds.example.test"
DEV_ORIGIN = "http://127.0.0.1:8000"
WORDPRESS_GUID = "http://old-blog.example.net/?p=412"
ATOM = "{http://www.w3.org/2005/Atom}"
# Every kind of Atom feed the site writes.
KINDS = {"feeds/all.atom.xml", "feeds/replies.atom.xml", "feeds/category", "feeds/tag",
         "feeds/author", "feeds/role", "feeds/replies"}


def make_site(root: Path) -> Site:
    """The project's essays (roles, replies) and one imported from WordPress."""
    site = Site(root, copy_project_content=True)
    site.write("imported.md", f"""
        Title: An Imported Post
        Date: 2009-04-02 23:30
        Author: Bob
        Category: Essays
        Tags: coaching
        Slug: an-imported-post
        Feed-Id: {WORDPRESS_GUID}

        Written long ago on WordPress; subscribers know it by its guid.
        """)
    return site


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Build]:
    root = tmp_path_factory.mktemp("feed-ids")
    site = make_site(root / "site")
    made = {}
    for name, publish in (("dev", False), ("dev-again", False),
                          ("publish", True), ("publish-again", True)):
        extra = {"SITEURL": SITEURL, "FEED_DOMAIN": SITEURL} if publish else {}
        build = site.build(publish=publish, output=root / name, **extra)
        assert build.ok, build.log
        made[name] = build
    return made


def atom_feeds(build: Build) -> list[str]:
    return sorted(path.relative_to(build.output).as_posix()
                  for path in build.output.glob("feeds/**/*.atom.xml"))


def all_feeds(build: Build) -> list[str]:
    return atom_feeds(build) + sorted(path.relative_to(build.output).as_posix()
                                      for path in build.output.glob("feeds/**/*.rss.xml"))


def parse(build: Build, rel: str):
    parsed = feedparser.parse(build.text(rel))
    assert parsed.bozo == 0, f"{rel}: {parsed.get('bozo_exception')}"
    return parsed


def root_id(build: Build, rel: str) -> str:
    """The feed's own <id>, read straight from the XML (not an entry's)."""
    tree = etree.fromstring(build.path(rel).read_bytes(),
                            etree.XMLParser(resolve_entities=False, no_network=True))
    return tree.findtext(f"{ATOM}id")


def entry_ids(build: Build) -> dict[tuple[str, str], str]:
    """(feed, entry link) -> entry id, for every entry of every Atom and RSS feed."""
    return {(rel, entry.link): entry.id
            for rel in all_feeds(build) for entry in parse(build, rel).entries}


@pytest.mark.parametrize("name, origin", [("dev", DEV_ORIGIN), ("publish", SITEURL)])
def test_each_atom_feed_has_its_own_id_its_own_address(builds, name, origin):
    build = builds[name]
    feeds = atom_feeds(build)
    assert {rel if rel.count("/") == 1 else rel.rsplit("/", 1)[0] for rel in feeds} == KINDS
    ids = {}
    for rel in feeds:
        parsed = parse(build, rel)
        own = f"{origin}/{rel}"
        assert root_id(build, rel) == own == parsed.feed.id, rel
        assert {link.href for link in parsed.feed.links if link.rel == "self"} == {own}, rel
        ids[rel] = own
    assert len(set(ids.values())) == len(feeds)


@pytest.mark.parametrize("name", ["dev", "publish"])
def test_feed_and_entry_ids_are_the_same_in_the_next_build(builds, name):
    first, second = builds[name], builds[f"{name}-again"]
    assert [root_id(first, rel) for rel in atom_feeds(first)] == \
        [root_id(second, rel) for rel in atom_feeds(second)]
    assert entry_ids(first) == entry_ids(second)


def test_production_entry_ids_are_the_ones_subscribers_already_have(builds):
    """Pelican's tag URI, `tag:HOST,DATE:PATH[/FRAGMENT]`, from the entry's
    link and its date as published; an imported post's WordPress guid."""
    host = urlsplit(SITEURL).hostname
    found = entry_ids(builds["publish"])
    published = {(rel, entry.link): entry.published
                 for rel in all_feeds(builds["publish"])
                 for entry in parse(builds["publish"], rel).entries}
    for (rel, link), entry_id in found.items():
        if link == f"{SITEURL}/an-imported-post/":
            assert entry_id == WORDPRESS_GUID, rel
            continue
        parts = urlsplit(link)
        # As written (Atom's ISO date, RSS's RFC 822), in the site's time zone.
        local_date = parse_date(published[rel, link]).strftime("%Y-%m-%d")
        fragment = f"/{parts.fragment}" if parts.fragment else ""
        assert entry_id == f"tag:{host},{local_date}:{parts.path}{fragment}", (rel, link)
    all_posts = {link: entry_id for (rel, link), entry_id in found.items()
                 if rel == "feeds/all.atom.xml"}
    assert all_posts[f"{SITEURL}/mutual-learning/"] == f"tag:{host},2011-05-12:/mutual-learning/"
    replies = {link: entry_id for (rel, link), entry_id in found.items()
               if rel == "feeds/replies.atom.xml"}
    assert f"tag:{host},2011-05-20:/mutual-learning//reply-1" in replies.values()


def test_dev_entries_have_proper_ids_and_links(builds):
    found = entry_ids(builds["dev"])
    assert found
    for (rel, link), entry_id in found.items():
        assert "None" not in entry_id, (rel, entry_id)
        assert link.startswith(DEV_ORIGIN + "/"), (rel, link)
        if link != f"{DEV_ORIGIN}/an-imported-post/":
            assert entry_id.startswith("tag:127.0.0.1,"), (rel, entry_id)
    assert found["feeds/all.atom.xml", f"{DEV_ORIGIN}/an-imported-post/"] == WORDPRESS_GUID
    assert found["feeds/all.atom.xml", f"{DEV_ORIGIN}/mutual-learning/"] == \
        "tag:127.0.0.1,2011-05-12:/mutual-learning/"
