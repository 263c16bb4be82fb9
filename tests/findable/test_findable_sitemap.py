"""sitemap.xml and robots.txt, read as a search engine reads them."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

SITEURL = "https://essays.example.org"  # as conftest.py builds it
XSD = Path(__file__).with_name("sitemap-0.9.xsd")
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def page_url(build, path: Path) -> str:
    rel = path.relative_to(build.output).as_posix()
    pretty = re.sub(r"(^|/)index\.html$", r"\1", rel)
    return f"{SITEURL}/{pretty}"


def sitemap_entries(build) -> dict[str, str | None]:
    tree = etree.parse(str(build.path("sitemap.xml")))
    return {url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
            for url in tree.getroot().iterfind("s:url", NS)}


def test_sitemap_validates_against_the_sitemap_schema(production):
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    document = etree.parse(str(production.path("sitemap.xml")))
    assert schema.validate(document), schema.error_log


def test_sitemap_lists_every_page_a_reader_can_reach_and_nothing_else(production):
    # Redirects from old addresses (wordpress_import) are not pages of their own.
    pages = {page_url(production, p) for p in production.files("**/*.html")
             if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")}
    not_for_search_engines = {f"{SITEURL}/404.html", f"{SITEURL}/search/"}
    assert not_for_search_engines <= pages
    listed = set(sitemap_entries(production))
    assert listed == pages - not_for_search_engines
    # Every kind of page is there: essays, pages, paginated listings, role hubs.
    for url in ("mutual-learning/", "about/", "page/2/", "tag/coaching/", "category/essays/",
                "author/bob/", "archives/", "tags/", "roles/", "roles/scrum-master/"):
        assert f"{SITEURL}/{url}" in listed


def test_lastmod_is_the_date_the_page_shows(production):
    entries = sitemap_entries(production)
    essay = production.page("mutual-learning/")
    shown = essay.select_one("time.dt-updated") or essay.select_one("time.dt-published")
    assert entries[f"{SITEURL}/mutual-learning/"] == shown["datetime"]
    # A listing changes when its newest essay does.
    role_hub = production.page("roles/scrum-master/")
    newest = max(t["datetime"] for t in role_hub.select("main time[datetime]"))
    assert entries[f"{SITEURL}/roles/scrum-master/"] == newest


def test_robots_txt_points_at_the_sitemap(production):
    robots = production.text("robots.txt")
    assert f"Sitemap: {SITEURL}/sitemap.xml" in robots.splitlines()
    assert "User-agent: *" in robots


def test_dev_builds_write_no_sitemap_and_forcing_one_needs_an_absolute_siteurl(site):
    site.write("post.md", """
        Title: A post
        Date: 2024-01-02

        Some words.
    """)
    dev = site.build()
    assert dev.ok, dev.log
    assert not dev.path("sitemap.xml").exists() and not dev.path("robots.txt").exists()

    forced = site.build(SITEMAP=True)
    assert not forced.ok
    assert "SITEMAP" in forced.log and "SITEURL" in forced.log


def test_production_builds_write_every_discovery_and_hosting_file_by_default(production):
    # The project's own settings, unchanged: all of it is on in production.
    for name in ("sitemap.xml", "robots.txt", "feeds/all.json", "search/", "pagefind/parts.json",
                 "_headers", "_nginx.conf"):
        assert production.path(name).is_file(), (
            f"{name} missing: are seo, search and static_hosting in PLUGINS (pelicanconf.py)?")
