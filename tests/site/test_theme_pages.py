"""The theme, read as a reader would: every page kind exists, links to the
others, is semantic and accessible in its markup, loads nothing from other
hosts, and the article page stays light."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sitebuild import Build, Site

SITEURL = "https://blog.example.test"
POSTS = 12  # more than DEFAULT_PAGINATION (10), so the index has a page 2
PAGE_KINDS = {
    "index": "",
    "index page 2": "page/2/",
    "article": "post-01/",
    "page": "about/",
    "archives": "archives/",
    "categories": "categories/",
    "category": "category/field-notes/",
    "tags": "tags/",
    "tag": "tag/coaching/",
    "authors": "authors/",
    "author": "author/alice/",
    "404": "404.html",
}


def write_sample(site: Site) -> None:
    for n in range(1, POSTS + 1):
        author = "Alice" if n % 2 else "Bob"
        category = "Field notes" if n % 3 else "Essays"
        site.write(f"post-{n:02}.md", f"""
            Title: Post {n:02}
            Date: 2023-{n:02}-03 09:30
            Author: {author}
            Category: {category}
            Tags: coaching, week {n % 4}
            Slug: post-{n:02}

            Opening paragraph of post {n}.

            ## What happened

            The closing paragraph of post {n}, after the summary.
            """)
    site.write("pages/about.md", """
        Title: About
        Slug: about

        Who writes here, and why.
        """)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Build:
    site = Site(tmp_path_factory.mktemp("theme") / "site")
    write_sample(site)
    build = site.build(PLUGINS=[])
    assert build.ok, build.log
    return build


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Build:
    site = Site(tmp_path_factory.mktemp("theme-publish") / "site")
    write_sample(site)
    build = site.build(publish=True, env=None, PLUGINS=[], SITEURL=SITEURL)
    assert build.ok, build.log
    return build


def html_pages(build: Build) -> list[Path]:
    return build.files("**/*.html")


def url_of(build: Build, file: Path) -> str:
    rel = file.relative_to(build.output).as_posix()
    return rel.removesuffix("index.html")


def target_file(build: Build, href: str, siteurl: str = "") -> Path | None:
    """The output file an internal link points at, or None for other hosts."""
    if siteurl and href.startswith(siteurl):
        href = href[len(siteurl):]
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    return build.path(parts.path) if parts.path else None


def links(page) -> list[str]:
    return [a["href"] for a in page.select("a[href]")]


@pytest.mark.parametrize("kind,url", PAGE_KINDS.items())
def test_every_page_kind_is_written(built, kind, url):
    assert built.path(url).is_file(), f"no {kind} page at /{url}"


def test_every_internal_link_and_resource_resolves(built):
    missing = []
    for file in html_pages(built):
        page = built.page(url_of(built, file))
        hrefs = links(page) + [n["href"] for n in page.select("link[href]")]
        hrefs += [n["src"] for n in page.select("[src]")]
        for href in hrefs:
            if href.startswith("#"):
                assert page.find(id=href[1:]), f"{file}: no target for {href}"
                continue
            target = target_file(built, href)
            if target is not None and not target.is_file():
                missing.append(f"{url_of(built, file)} -> {href}")
    assert not missing


def test_navigation_reaches_every_section_from_every_page(built):
    expected = {"Home": "/", "Archives": "/archives/", "Tags": "/tags/",
                "Categories": "/categories/", "About": "/about/"}
    for file in html_pages(built):
        nav = built.page(url_of(built, file)).select_one("header nav")
        found = {a.get_text(strip=True): a["href"] for a in nav.select("a")}
        assert found == expected, file


def test_current_section_is_marked_in_navigation(built):
    current = built.page("archives/").select("nav a[aria-current=page]")
    assert [a.get_text() for a in current] == ["Archives"]
    assert not built.page("post-01/").select("nav a[aria-current]")


def test_index_lists_newest_posts_and_paginates(built):
    first, second = built.page(""), built.page("page/2/")
    titles = [a.get_text() for a in first.select("main article h2 a")]
    assert titles == [f"Post {n:02}" for n in range(POSTS, POSTS - 10, -1)]
    assert [a.get_text() for a in second.select("main article h2 a")] == ["Post 02", "Post 01"]
    older = first.select_one("a[rel=next]")["href"]
    assert older == "/page/2/"
    assert second.select_one("a[rel=prev]")["href"] == "/"
    assert "page 2 of 2" in second.h1.get_text()
    assert "page 2" in second.title.get_text()


def test_article_links_to_its_tags_category_and_author_which_link_back(built):
    article = built.page("post-03/")
    hrefs = links(article.select_one("main"))
    for listing in ("/tag/coaching/", "/tag/week-3/", "/category/essays/", "/author/alice/"):
        assert listing in hrefs
        assert "/post-03/" in links(built.page(listing).select_one("main")), listing


def test_taxonomy_indexes_link_every_term_with_counts(built):
    tags = built.page("tags/").select_one("main")
    assert {a["href"] for a in tags.select("a")} == {
        "/tag/coaching/", "/tag/week-0/", "/tag/week-1/", "/tag/week-2/", "/tag/week-3/"}
    assert "12 essays" in tags.get_text(" ")
    assert set(links(built.page("categories/").main)) == {"/category/essays/", "/category/field-notes/"}
    assert set(links(built.page("authors/").main)) == {"/author/alice/", "/author/bob/"}


def test_archives_list_every_post_by_year(built):
    archives = built.page("archives/").main
    assert archives.h2.get_text() == "2023"
    assert {a["href"] for a in archives.select("ol a")} == {f"/post-{n:02}/" for n in range(1, POSTS + 1)}


def test_pages_are_semantic_and_accessible_in_markup(built):
    for file in html_pages(built):
        page = built.page(url_of(built, file))
        where = url_of(built, file) or "index"
        assert page.html["lang"] == "en", where
        assert len(page.find_all("h1")) == 1, where
        for landmark in ("header", "nav", "main", "footer"):
            assert page.find(landmark), f"{where}: no <{landmark}>"
        skip = page.body.find("a")
        assert skip["href"] == "#main" and page.find(id="main").name == "main", where
        assert page.title.get_text(strip=True), where
        assert page.select_one('meta[name=viewport]'), where
        for time in page.find_all("time"):
            datetime.fromisoformat(time["datetime"])


def test_language_and_menu_follow_settings(tmp_path):
    site = Site(tmp_path / "site")
    write_sample(site)
    build = site.build(PLUGINS=[], DEFAULT_LANG="de", DISPLAY_PAGES_ON_MENU=False,
                       MENUITEMS=(("Elsewhere", "https://elsewhere.example/"),))
    assert build.ok, build.log
    page = build.page("post-01/")
    assert page.html["lang"] == "de"
    nav = [a.get_text() for a in page.select("header nav a")]
    assert "About" not in nav and nav[-1] == "Elsewhere"


def test_nothing_is_loaded_from_another_host(published):
    for file in html_pages(published):
        page = published.page(url_of(published, file))
        loaded = [n["src"] for n in page.select("script[src], img[src], iframe[src], "
                                                 "source[src], video[src], audio[src]")]
        loaded += [n["href"] for n in page.select("link[rel~=stylesheet], link[rel~=icon], "
                                                  "link[rel~=preload]")]
        foreign = [u for u in loaded if not u.startswith(SITEURL + "/")]
        assert not foreign, f"{file}: {foreign}"
    css = published.text("theme/css/site.css")
    assert "url(" not in css and "@import" not in css


def test_every_link_is_absolute_in_production(published):
    for file in html_pages(published):
        page = published.page(url_of(published, file))
        for href in links(page) + [n["href"] for n in page.select("link[href]")]:
            assert href.startswith(("#", "https://", "http://")), f"{file}: {href}"


def test_not_found_page_works_at_any_depth(built, published):
    page = built.page("404.html")
    hrefs = links(page) + [n["href"] for n in page.select("link[href]")]
    assert all(h.startswith(("/", "#", "https://")) for h in hrefs), hrefs
    assert "/archives/" in hrefs
    assert published.page("404.html").select_one("link[rel=stylesheet]")["href"] == (
        SITEURL + "/theme/css/site.css")


def page_weight(build: Build, url: str) -> int:
    """Bytes a reader downloads to see the page: the HTML and what it loads."""
    page = build.page(url)
    total = build.path(url).stat().st_size
    for node in page.select("link[rel~=stylesheet], link[rel~=icon], script[src], img[src]"):
        target = target_file(build, node.get("href") or node["src"], SITEURL)
        total += target.stat().st_size
    return total


def test_article_page_with_its_css_is_under_30_kb(built):
    assert page_weight(built, "post-01/") < 30 * 1024


def test_project_site_article_is_light_and_well_formed(project_site):
    """With the full default settings (every plugin on) and the real essay."""
    build = project_site.build()
    assert build.ok, build.log
    page = build.page("mutual-learning/")
    assert len(page.find_all("h1")) == 1
    assert page.find("main", id="main") and page.html["lang"] == "en"
    assert page_weight(build, "mutual-learning/") < 30 * 1024
    for kind, url in PAGE_KINDS.items():
        if kind in ("index", "archives", "tags", "categories", "authors", "404"):
            assert build.path(url).is_file(), kind
