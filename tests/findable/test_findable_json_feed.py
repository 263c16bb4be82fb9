"""The JSON Feed, read as a JSON Feed 1.1 reader reads it (https://www.jsonfeed.org/version/1.1/)."""

from __future__ import annotations

import json
from datetime import datetime

import feedparser
import pytest

from sitebuild import Site

SITEURL = "https://essays.example.org"


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("jsonfeed") / "site", copy_project_content=True)
    site.write("linking.md", """
        Title: Links inside an essay
        Date: 2024-03-01 08:00
        Modified: 2024-03-02 09:15
        Summary: An essay that links to another one.

        See [the first essay]({filename}mutual-learning.md) and [the about page](/about/).
    """)
    build = site.build(publish=True, SITEURL=SITEURL, FEED_DOMAIN=SITEURL)
    assert build.ok, build.log
    return build


def rfc3339(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    assert parsed.tzinfo is not None, value
    return parsed


def test_the_feed_has_every_field_json_feed_1_1_requires(production):
    feed = json.loads(production.text("feeds/all.json"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str) and feed["title"]
    assert isinstance(feed["items"], list) and feed["items"]
    assert feed["home_page_url"] == f"{SITEURL}/"
    assert feed["feed_url"] == f"{SITEURL}/feeds/all.json"
    ids = [item["id"] for item in feed["items"]]
    assert len(set(ids)) == len(ids)
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert item.get("content_html") or item.get("content_text")
        rfc3339(item["date_published"])
        if "date_modified" in item:
            rfc3339(item["date_modified"])
        for author in item.get("authors", []):
            assert author["name"]


def test_the_feed_carries_the_same_posts_as_the_atom_feed_with_absolute_links(production):
    feed = json.loads(production.text("feeds/all.json"))
    atom = feedparser.parse(production.text("feeds/all.atom.xml"))
    assert [item["url"] for item in feed["items"]] == [entry.link for entry in atom.entries]
    newest = feed["items"][0]
    assert newest["title"] == "Links inside an essay"
    assert newest["date_modified"].startswith("2024-03-02T09:15")
    assert f'href="{SITEURL}/mutual-learning/"' in newest["content_html"]
    assert f'href="{SITEURL}/about/"' in newest["content_html"]
    essay = next(item for item in feed["items"] if item["url"] == f"{SITEURL}/mutual-learning/")
    assert "What do you think?" in essay["content_html"]


def test_every_page_announces_the_feed(production):
    for url in ("", "mutual-learning/", "tag/coaching/", "about/"):
        links = production.page(url).select('link[rel="alternate"][type="application/feed+json"]')
        assert [link["href"] for link in links] == [f"{SITEURL}/feeds/all.json"], url
