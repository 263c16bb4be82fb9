"""Static search: the Pagefind index built with the site, and the search page
as readers use it, with and without JavaScript."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from sitebuild import Site, search_index

# A remembered phrase, typed in quotes as search engines have taught readers,
# and loose words from the reply.
ESSAY_PHRASE = '"sense of well-being and connectedness"'
REPLY_PHRASE = "laving voicemail cold"
# The address the site will be published at: a web search can see it, so the
# form falls back to one. (A site served from this computer gets no fallback.)
PUBLIC_SITE = "https://mutual-learning.example.org"
PUBLIC_HOST = "mutual-learning.example.org"


@pytest.fixture(scope="module")
def searchable(tmp_path_factory):
    """The project's site, plus a reply whose text looks like markup."""
    site = Site(tmp_path_factory.mktemp("search") / "site", copy_project_content=True)
    site.write("replies/asking-before-telling/hostile.md", """
        Author: Mallory
        Date: 2012-01-01 10:00

        Try this trick: `<img src=x onerror=alert(document.domain)>` quietlyexplodes nothing.
    """)
    # A dev build (root-relative links, servable anywhere) with its search
    # index, in parts of a few pages as a big site's would be, that knows its
    # public address.
    build = site.build(SEARCH_INDEX=True, SEARCH_PAGES_PER_INDEX=2, FEED_DOMAIN=PUBLIC_SITE)
    assert build.ok, build.log
    return build


def test_dev_builds_skip_the_index_unless_asked(site):
    site.write("post.md", """
        Title: A post
        Date: 2024-01-02

        Some words.
    """)
    build = site.build()
    assert build.ok, build.log
    assert build.path("search/").is_file() and not build.path("pagefind").exists()


def test_the_build_writes_a_search_index_of_the_essays_not_the_listings(searchable):
    parts = json.loads(searchable.text("pagefind/parts.json"))["parts"]
    assert len(parts) > 1
    for part in parts:
        assert searchable.path(f"pagefind/{part}pagefind.js").is_file()
    essays = {"/" + path.parent.name + "/" for path in searchable.files("*/index.html")
              if searchable.page(path.parent.name + "/").select("article.essay")}
    pages = search_index(searchable.output)
    assert set(pages) == essays and len(essays) == 5
    text = pages["/mutual-learning/"]
    assert text.startswith("Mutual Learning.")
    assert "sense of well-being and connectedness" in text
    # The replies are indexed with the essay; the "More for …" blocks are not.
    assert REPLY_PHRASE in text
    assert "More for" not in text and "All essays for" not in text
    assert "quietlyexplodes" in pages["/asking-before-telling/"]


def test_the_search_form_works_without_javascript(searchable):
    form = searchable.page("search/").select_one("form[role=search]")
    assert form["method"] == "get"
    assert form["action"] == "https://duckduckgo.com/"
    assert form.select_one('input[name="q"]')
    assert form.select_one('input[name="sites"]')["value"] == PUBLIC_HOST


@pytest.mark.parametrize("settings", [{}, {"SEARCH_FALLBACK_URL": "https://duckduckgo.com/"},
                                      {"FEED_DOMAIN": "http://192.168.1.20:8000"}])
def test_a_site_served_from_this_computer_offers_no_web_search(site, settings):
    """No web search has seen it: the form would lead to a page of no results."""
    site.write("post.md", """
        Title: A post
        Date: 2024-01-02

        Some words.
    """)
    build = site.build(**settings)
    assert build.ok, build.log
    page = build.page("search/")
    form = page.select_one("form[role=search]")
    assert form["action"] == "/search/"
    assert not form.select_one('input[name="sites"]')
    assert "duckduckgo" not in build.text("search/")
    assert "needs JavaScript and the site’s search index" in page.select_one(
        "[data-search-fallback]").get_text(" ", strip=True).replace("\n", " ")


def test_an_unusable_fallback_is_named_in_a_local_build_too(site):
    site.write("post.md", """
        Title: A post
        Date: 2024-01-02

        Some words.
    """)
    build = site.build(SEARCH_FALLBACK_URL="http://search.example.net/")
    assert build.returncode == 1
    log = " ".join(build.log.split())  # as one line, however the log was wrapped
    assert "SEARCH_FALLBACK_URL" in log and "must be an https:// address" in log


def search(page, base: str, query: str):
    page.goto(f"{base}/search/")
    page.fill("input[name=q]", query)
    page.click("form[role=search] button[type=submit]")
    page.wait_for_selector(".search-result", timeout=15000)
    return page.query_selector_all(".search-result")


@pytest.mark.slow
@pytest.mark.browser
def test_readers_find_an_essay_and_its_reply_by_a_phrase(searchable, serve, browser):
    base = serve(searchable.output)
    context = browser.new_context()
    page = context.new_page()
    elsewhere = []
    page.on("request", lambda request: elsewhere.append(request.url)
            if not request.url.startswith(base) else None)
    essay_page = searchable.page("mutual-learning/")
    shown_date = essay_page.select_one("time.dt-published").get_text(strip=True)

    for phrase in (ESSAY_PHRASE, REPLY_PHRASE):
        first = search(page, base, phrase)[0]
        link = first.query_selector("h2 a")
        assert link.inner_text() == "Mutual Learning"
        assert link.get_attribute("href") == "/mutual-learning/"
        assert first.query_selector("time").inner_text() == shown_date
        meta = first.query_selector(".meta").inner_text()
        assert "Coach" in meta and "Scrum Master" in meta and "Leader" in meta
        marked = " ".join(m.inner_text() for m in first.query_selector_all("mark")).lower()
        assert phrase.strip('"').split()[-1] in marked
        assert parse_qs(urlsplit(page.url).query)["q"] == [phrase]
    assert elsewhere == []
    context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_a_search_link_with_a_query_shows_results_and_markup_in_replies_stays_text(
        searchable, serve, browser):
    base = serve(searchable.output)
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{base}/search/?q=quietlyexplodes")
    page.wait_for_selector(".search-result", timeout=15000)
    assert page.input_value("input[name=q]") == "quietlyexplodes"
    snippet = page.inner_text(".search-result .search-snippet")
    assert "<img src=x onerror=" in snippet
    assert page.query_selector(".search-results img") is None
    assert dialogs == []
    context.close()


@pytest.fixture(scope="module")
def unindexed(tmp_path_factory):
    """A build with no search index (yet)."""
    site = Site(tmp_path_factory.mktemp("unindexed") / "site", copy_project_content=True)
    build = site.build(SEARCH_INDEX=False, FEED_DOMAIN=PUBLIC_SITE)
    assert build.ok, build.log
    assert not build.path("pagefind").exists()
    return build


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("case", ["javascript off", "no index"])
def test_without_the_index_the_form_asks_a_web_search_engine_for_this_site_only(
        case, searchable, unindexed, serve, browser):
    build = searchable if case == "javascript off" else unindexed
    base = serve(build.output)
    context = browser.new_context(java_script_enabled=case != "javascript off")
    page = context.new_page()
    asked = []

    def answer(route):
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<p>results</p>")

    page.route("https://duckduckgo.com/**", answer)
    page.goto(f"{base}/search/", wait_until="networkidle")
    assert asked == []  # nothing is sent before the reader submits
    assert page.is_visible("[data-search-fallback]")
    page.fill("input[name=q]", "mutual learning")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("https://duckduckgo.com/**")
    (url,) = asked
    query = parse_qs(urlsplit(url).query)
    assert query["q"] == ["mutual learning"] and query["sites"] == [PUBLIC_HOST]
    context.close()
