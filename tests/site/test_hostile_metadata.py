"""Post metadata and reply fields written to break out of their context.

One site is built whose titles, summary, tag, category, author and reply
authors carry quotes, ampersands, `<script>`, event handlers, a meta-refresh
payload and Pagefind attributes. Every page, feed and search document is then
read as a parser (and, for the pages, a browser) reads it: each value must
arrive as the text that was written, in its own context, and nothing from
the metadata may become an element, an attribute or a redirect.

`CASES` names each bad input as the table in docs/security/escaping.md does.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from sitebuild import Site, search_index

SITENAME = 'Tom & Jerry\'s "Essays"'
QUOTED_TITLE = 'He said "hello" & left'
REFRESH = '0;url=https://evil.example/" http-equiv="refresh'
SCRIPT_TAG = '"><script>alert("tag")</script>'
SCRIPT_CATEGORY = 'Notes "><img src=x onerror=alert(3)>'
SCRIPT_AUTHOR = 'Mallory "><script>alert(4)</script>'
IMAGE_ALT = 'A "quoted" <b>alt</b> & more'
# Pelican reads a title as HTML: the script and the image go, their text with them.
EVIL_TITLE_SOURCE = 'Evil <script>alert("title")</script><img src=x onerror=alert(1)> title'
EVIL_TITLE = "Evil title"
MARKUP_TITLE_SOURCE = "Title <em>With</em> Markup"
MARKUP_TITLE = "Title With Markup"
REPLY_SCRIPT = '"><script>alert(1)</script>'
REPLY_PAGEFIND = ('<span data-pagefind-meta="url:https://evil.example/">x</span>'
                  '<img data-pagefind-meta="image[src], title[alt]" src="https://evil.example/i.png" alt="Owned">')

# The first column of the table in docs/security/escaping.md, one row per
# bad input this file tries (a test below keeps the two in step).
CASES = [
    "`Title: He said \"hello\" & left`",
    "`Title: Evil <script>…</script><img src=x onerror=…> title`",
    "`Summary: 0;url=https://evil.example/\" http-equiv=\"refresh`",
    "tag `\"><script>alert(\"tag\")</script>`",
    "category `Notes \"><img src=x onerror=alert(3)>`",
    "author `Mallory \"><script>alert(4)</script>`",
    "`Image_Alt: A \"quoted\" <b>alt</b> & more`",
    "`SITENAME` of `Tom & Jerry's \"Essays\"`",
    "reply author `\"><script>alert(1)</script>`",
    "reply author holding `data-pagefind-meta` elements (url, image, title)",
    "page `Title: About <script>…</script>\"us\"`",
    "`Title: Title <em>With</em> Markup`",
    "`Title: <script>alert(1)</script>` and nothing else",
    "`Lang: en\" onmouseover=\"alert(5)`",
]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "security" / "escaping.md"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("hostile") / "site")
    site.write("quoted.md", f"""
        Title: {QUOTED_TITLE}
        Date: 2024-01-03
        Slug: quoted
        Summary: {REFRESH}
        Tags: {SCRIPT_TAG}, plain
        Category: {SCRIPT_CATEGORY}
        Author: {SCRIPT_AUTHOR}
        Image: https://img.example.org/preview.png
        Image_Alt: {IMAGE_ALT}

        A post whose metadata tries to break out.
    """)
    site.write("evil.md", f"""
        Title: {EVIL_TITLE_SOURCE}
        Date: 2024-01-02
        Slug: evil

        An imported post with a script in its title.
    """)
    site.write("markup.md", f"""
        Title: {MARKUP_TITLE_SOURCE}
        Date: 2024-01-01
        Slug: markup

        A title with a little emphasis.
    """)
    site.write("pages/about.md", f"""
        Title: About <script>alert("page")</script>"us"
        Slug: about

        About this site.
    """)
    site.write("replies/quoted/1.md", f"""
        Author: {REPLY_SCRIPT}
        Date: 2024-01-04 10:00

        First reply.
    """)
    site.write("replies/quoted/2.md", f"""
        Author: {REPLY_PAGEFIND}
        Date: 2024-01-05 10:00

        Second reply.
    """)
    build = site.build(SITENAME=SITENAME, SEARCH_INDEX=True)
    assert build.ok, build.log
    return build


def html_pages(build):
    return [p for p in build.files("**/*.html") if "pagefind" not in p.parts]


def test_no_page_gains_a_script_a_handler_or_a_redirect(hostile):
    for path in html_pages(hostile):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        where = path.relative_to(hostile.output)
        for element in soup.find_all(True):
            handlers = [name for name in element.attrs if name.lower().startswith("on")]
            assert not handlers, f"{where}: <{element.name}> has {handlers}"
            assert not any(name.startswith("data-pagefind") for name in element.attrs), where
            assert "evil.example" not in " ".join(
                str(element.get(name, "")) for name in ("href", "src", "action")), where
        for meta in soup.find_all("meta", attrs={"http-equiv": True}):
            assert meta["http-equiv"].lower() == "content-security-policy", f"{where}: {meta}"
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":
                json.loads(script.string)
            else:
                assert re.fullmatch(r"/theme/js/[\w.-]+\.js", script.get("src", "")), f"{where}: {script}"
        assert not soup.find("img"), where
        assert not soup.find(attrs={"name": "x"}), where


def meta_content(soup, key: str) -> str:
    found = soup.find_all("meta", attrs={"property": key}) or soup.find_all("meta", attrs={"name": key})
    assert len(found) == 1, f"{key}: {found}"
    return found[0]["content"]


def test_the_article_head_carries_each_value_as_its_exact_text(hostile):
    soup = hostile.page("quoted/")
    assert soup.title.string == f"{QUOTED_TITLE} — {SITENAME}"
    assert soup.h1.get_text() == QUOTED_TITLE
    assert meta_content(soup, "og:title") == QUOTED_TITLE
    assert meta_content(soup, "og:description") == REFRESH
    assert meta_content(soup, "description") == REFRESH
    assert meta_content(soup, "og:site_name") == SITENAME
    assert meta_content(soup, "og:image:alt") == IMAGE_ALT
    shown = {a.get_text() for a in soup.select(".tag-list a, .meta a")}
    assert {SCRIPT_TAG, SCRIPT_CATEGORY, SCRIPT_AUTHOR} <= shown
    authors = [p.get_text(strip=True) for p in soup.select(".reply-meta .p-name")]
    assert authors == [REPLY_SCRIPT, REPLY_PAGEFIND]
    posting = json.loads(soup.find("script", type="application/ld+json").string)
    assert posting["headline"] == QUOTED_TITLE
    assert posting["keywords"] == [SCRIPT_TAG, "plain"]
    assert posting["articleSection"] == SCRIPT_CATEGORY
    assert [a["name"] for a in posting["author"]] == [SCRIPT_AUTHOR]
    assert [c["author"]["name"] for c in posting["comment"]] == [REPLY_SCRIPT, REPLY_PAGEFIND]
    assert soup.select_one(".site-title a").get_text() == SITENAME
    # The reply feed's link names the essay as text too.
    feed_link = soup.find("link", type="application/atom+xml", title=re.compile("Replies to"))
    assert feed_link["title"] == f"Replies to “{QUOTED_TITLE}” (Atom)"


def test_a_script_in_a_title_is_gone_everywhere_and_markup_stays_in_the_heading(hostile):
    evil = hostile.page("evil/")
    assert evil.h1.get_text() == EVIL_TITLE
    assert evil.title.string == f"{EVIL_TITLE} — {SITENAME}"
    assert meta_content(evil, "og:title") == EVIL_TITLE
    marked = hostile.page("markup/")
    assert str(marked.h1) == f'<h1 class="p-name">{MARKUP_TITLE_SOURCE}</h1>'
    assert marked.title.string == f"{MARKUP_TITLE} — {SITENAME}"
    assert meta_content(marked, "og:title") == MARKUP_TITLE
    about = hostile.page("about/")
    assert about.h1.get_text() == 'About "us"'
    for page in (about, marked, hostile.page("")):
        assert 'About "us"' in [a.get_text() for a in page.select(".site-nav a")]
    archives = hostile.page("archives/")
    hidden = [s.get_text() for s in archives.select(".reply-count .visually-hidden")]
    assert " to “Evil title”" in hidden and f" to “{QUOTED_TITLE}”" in hidden
    listed = {a.get_text() for a in archives.select(".archive-list > li > a:first-of-type")}
    assert {EVIL_TITLE, QUOTED_TITLE, MARKUP_TITLE} <= listed


def term_page(build, kind: str, name: str) -> str:
    """The URL path of the listing whose heading names `name`."""
    for path in build.files(f"{kind}/*/index.html"):
        heading = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").h1.get_text()
        if heading.endswith(name):
            return str(path.relative_to(build.output).parent) + "/"
    raise AssertionError(f"no {kind} page is headed {name!r}")


@pytest.mark.parametrize("kind, name", [
    ("tag", SCRIPT_TAG), ("category", SCRIPT_CATEGORY), ("author", SCRIPT_AUTHOR)])
def test_term_pages_name_the_term_as_text(hostile, kind, name):
    soup = hostile.page(term_page(hostile, kind, name))
    assert meta_content(soup, "og:title") == name
    assert name in soup.title.string
    assert meta_content(soup, "description").startswith(soup.h1.get_text())
    for kind in ("Atom", "RSS"):
        link = soup.find("link", title=f"{SITENAME} — {name} ({kind})")
        feed = feedparser.parse(hostile.text(link["href"]))
        assert not feed.bozo and feed.feed.title == f"{SITENAME} - {name}"
    trails = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    assert name in [item["name"] for t in trails for item in t.get("itemListElement", [])]


def test_feeds_and_the_json_feed_carry_the_titles_as_text(hostile):
    titles = {QUOTED_TITLE, EVIL_TITLE, MARKUP_TITLE}
    for feed in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        parsed = feedparser.parse(hostile.text(feed))
        assert not parsed.bozo, parsed.bozo_exception
        assert {entry.title for entry in parsed.entries} == titles
        assert parsed.feed.title == SITENAME
    replies = feedparser.parse(hostile.text("feeds/replies/quoted.atom.xml"))
    assert not replies.bozo
    assert {entry.title for entry in replies.entries} == {
        f"{REPLY_SCRIPT} on “{QUOTED_TITLE}”", f"{REPLY_PAGEFIND} on “{QUOTED_TITLE}”"}
    assert replies.feed.title == f"{SITENAME} - Replies to “{QUOTED_TITLE}”"
    items = json.loads(hostile.text("feeds/all.json"))["items"]
    assert {item["title"] for item in items} == titles
    quoted = next(item for item in items if item["title"] == QUOTED_TITLE)
    assert quoted["summary"] == REFRESH
    assert quoted["tags"] == [SCRIPT_TAG, "plain"]
    assert quoted["authors"][0]["name"] == SCRIPT_AUTHOR


def test_reply_authors_cannot_set_the_search_results_meta(hostile):
    assert set(search_index(hostile.output)) == {"/quoted/", "/evil/", "/markup/"}
    documents = {}
    for fragment in hostile.output.glob("pagefind/*/fragment/*"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        documents[data["url"]] = data
    quoted = documents["/quoted/"]
    assert quoted["meta"]["title"] == QUOTED_TITLE
    assert "image" not in quoted["meta"]
    assert "Owned" not in json.dumps(quoted["meta"])
    assert "evil.example" not in json.dumps(quoted["meta"])
    assert REPLY_SCRIPT in quoted["content"]
    assert documents["/evil/"]["meta"]["title"] == EVIL_TITLE
    assert documents["/markup/"]["meta"]["title"] == MARKUP_TITLE


@pytest.mark.slow
@pytest.mark.browser
def test_in_chromium_no_script_runs_and_no_page_moves_away(hostile, serve, browser):
    base = serve(hostile.output)
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    paths = ["quoted/", "evil/", "markup/", "about/", "archives/", "", "search/?q=hello",
             "tags/", "categories/", "authors/", term_page(hostile, "tag", SCRIPT_TAG),
             term_page(hostile, "category", SCRIPT_CATEGORY),
             term_page(hostile, "author", SCRIPT_AUTHOR)]
    for path in paths:
        url = f"{base}/{path}"
        page.goto(url)
        page.wait_for_timeout(1500)
        assert page.url == url, f"{path} navigated to {page.url}"
        assert dialogs == [], f"{path}: {dialogs}"
        assert page.evaluate("document.querySelectorAll('img').length") == 0, path
    context.close()


@pytest.mark.parametrize("field, value, problem", [
    ("Title", "<script>alert(1)</script>", "Title: has no text, or only markup a title may not hold"),
    ("Lang", 'en" onmouseover="alert(5)', "Lang: 'en\" onmouseover=\"alert(5)' is not a language tag"),
])
def test_a_field_that_cannot_be_made_safe_stops_the_build_naming_it(site, field, value, problem):
    site.write("bad.md", f"""
        Date: 2024-01-01
        {field}: {value}
        Title: A title

        Text.
    """ if field != "Title" else f"""
        Date: 2024-01-01
        Title: {value}

        Text.
    """)
    build = site.build()
    assert not build.ok
    log = " ".join(build.log.split())
    assert "content/bad.md, line 2" in log
    assert problem in log
    assert not [p for p in build.files("**/*.html") if "alert" in p.name]


def test_the_documentation_table_has_a_row_for_every_bad_input_tried():
    table = DOCS.read_text(encoding="utf-8")
    for case in CASES:
        assert f"| {case} |" in table, case
    assert f"Tried: {len(CASES)}. Held: {len(CASES)}." in table


def test_plugin_partials_escape_even_where_the_theme_leaves_autoescape_off(site):
    """The reply section, the seo head and the role blocks promise this to any theme."""
    site.write("quoted.md", f"""
        Title: {QUOTED_TITLE}
        Date: 2024-01-03
        Slug: quoted
        Summary: {REFRESH}
        Roles: coach

        Text.
    """)
    site.write("replies/quoted/1.md", f"""
        Author: {REPLY_SCRIPT}
        Date: 2024-01-04 10:00

        First reply.
    """)
    build = site.build(SITENAME=SITENAME,
                       JINJA_ENVIRONMENT={"trim_blocks": True, "lstrip_blocks": True})
    assert build.ok, build.log
    soup = build.page("quoted/")
    assert meta_content(soup, "og:title") == QUOTED_TITLE
    assert meta_content(soup, "og:description") == REFRESH
    assert not soup.find("meta", attrs={"http-equiv": "refresh"})
    replies = soup.select_one("section#replies")
    assert [p.get_text(strip=True) for p in replies.select(".reply-meta .p-name")] == [REPLY_SCRIPT]
    assert not replies.find("script")
    feed_link = soup.find("link", type="application/atom+xml", title=re.compile("Replies to"))
    assert feed_link["title"] == f"Replies to “{QUOTED_TITLE}” (Atom)"
    assert soup.select_one(".role-links a").get_text() == "coaches"
