"""A blog that lived in /blog/ (and one at the root): every old address leads to the new page,
on Netlify, on nginx and on any static host, and feed readers know the old posts by their id."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from lxml import etree
from sitebuild import Site, free_port
from wp_helpers import (FIXTURES, PLUGINS, imported_site, nginx_shortlinks, output_path,
                        refresh_target)
from wp_servers import NGINX, nginx_serving

EXPORT = FIXTURES / "subfolder-blog.xml"
NEW = "https://new.example.org"


def export_for(tmp_path, base: str):
    """The fixture export with the blog at `base` ("https://example.org/blog" as written)."""
    export = tmp_path / "export.xml"
    export.write_text(EXPORT.read_text(encoding="utf-8").replace("https://example.org/blog", base),
                      encoding="utf-8")
    return export


@pytest.fixture(scope="module")
def subfolder(tmp_path_factory):
    site, _ = imported_site(tmp_path_factory.mktemp("subfolder") / "site", EXPORT)
    build = site.build(publish=True, SITEURL=NEW)
    assert build.ok, build.log
    return site, build


def test_netlify_rules_cover_shortlinks_permalinks_and_attachment_pages(subfolder):
    _, build = subfolder
    rules = build.text("_redirects").splitlines()
    for line in (f"/blog/2011/05/mutual-learning/ {NEW}/mutual-learning/ 301!",
                 f"/blog/about/ {NEW}/about/ 301!",
                 # The non-ASCII permalink as WordPress wrote it, as browsers encode it, decoded.
                 f"/blog/2011/06/%c3%bcber-das-lernen/ {NEW}/uber-das-lernen/ 301!",
                 f"/blog/2011/06/%C3%BCber-das-lernen/ {NEW}/uber-das-lernen/ 301!",
                 f"/blog/2011/06/über-das-lernen/ {NEW}/uber-das-lernen/ 301!",
                 # Query strings at the old front page; forced, as /blog/index.html exists.
                 f"/blog/ p=42 {NEW}/mutual-learning/ 301!",
                 f"/blog/index.php p=43 {NEW}/uber-das-lernen/ 301!",
                 f"/blog/ page_id=7 {NEW}/about/ 301!",
                 # Attachment pages: without --media, the post they belonged to.
                 f"/blog/2011/05/mutual-learning/whiteboard/ {NEW}/mutual-learning/ 301!",
                 f"/blog/ attachment_id=51 {NEW}/mutual-learning/ 301!",
                 # The blog's feeds and listings lived under /blog/ too.
                 f"/blog/feed/ {NEW}/feeds/all.rss.xml 301!",
                 f"/blog/category/essays/feed/ {NEW}/feeds/category/essays.rss.xml 301!",
                 f"/blog/category/essays/ {NEW}/category/essays/ 301!",
                 f"/blog/author/bob-example/ {NEW}/author/bob-example/ 301!",
                 # Feeds without pretty permalinks, as old subscriptions may still ask.
                 f"/blog/ feed=rss2 {NEW}/feeds/all.rss.xml 301!",
                 f"/blog/ feed=atom {NEW}/feeds/all.atom.xml 301!",
                 f"/blog/ feed=comments-rss2 {NEW}/feeds/replies.atom.xml 301!"):
        assert line in rules
    assert not [r for r in rules if r.startswith(("/ p=", "/?p="))]
    # Nothing leads to, or from, a draft or a private post (nor to its attachments).
    assert not [r for r in rules if re.search(r"p=4[567]|private-thoughts|attachment_id=53", r)]


def test_static_pages_answer_the_old_permalinks(subfolder):
    _, build = subfolder
    for old, new in (("/blog/2011/05/mutual-learning/", "/mutual-learning/"),
                     ("/blog/2011/06/%c3%bcber-das-lernen/", "/uber-das-lernen/"),
                     ("/blog/2011/06/%C3%BCber-das-lernen/", "/uber-das-lernen/"),
                     ("/blog/about/", "/about/"),
                     ("/blog/2011/05/mutual-learning/whiteboard/", "/mutual-learning/"),
                     ("/blog/feed/", "/feeds/all.rss.xml"),
                     ("/blog/comments/feed/", "/feeds/replies.atom.xml")):
        page = build.page(str(output_path(build, old).relative_to(build.output)))
        assert refresh_target(page) == NEW + new, old


def test_the_shortlink_map_and_the_old_front_page(subfolder):
    _, build = subfolder
    links = json.loads(build.text("wordpress-shortlinks.json"))
    assert links == {"/blog/": {
        "p": {"42": f"{NEW}/mutual-learning/", "43": f"{NEW}/uber-das-lernen/"},
        "page_id": {"7": f"{NEW}/about/"},
        "attachment_id": {"50": f"{NEW}/mutual-learning/", "51": f"{NEW}/mutual-learning/",
                          "52": f"{NEW}/mutual-learning/"},
        "feed": {"rss2": f"{NEW}/feeds/all.rss.xml", "rss": f"{NEW}/feeds/all.rss.xml",
                 "rdf": f"{NEW}/feeds/all.rss.xml", "atom": f"{NEW}/feeds/all.atom.xml",
                 "comments-rss2": f"{NEW}/feeds/replies.atom.xml",
                 "comments-atom": f"{NEW}/feeds/replies.atom.xml"}}}
    front = build.page("blog/")
    script = front.find("script")
    # An external file (the Content-Security-Policy allows scripts from the site only).
    assert script["src"] == f"{NEW}/wordpress-shortlinks.js" and not script.string
    assert build.path("wordpress-shortlinks.js").is_file()
    # Without JavaScript only: a refresh would leave before the script could look the id up.
    assert front.find("meta", attrs={"http-equiv": "refresh"}).find_parent("noscript")
    assert "script-src 'self'" in build.text("_headers")


def test_feed_entries_keep_their_wordpress_ids(subfolder):
    _, build = subfolder
    atom = feedparser.parse(build.text("feeds/all.atom.xml"))
    assert not atom.bozo
    assert {e.title: e.id for e in atom.entries} == {
        "Mutual learning": "https://example.org/blog/?p=42",
        "Über das Lernen": "https://example.org/blog/?p=43"}
    rss = etree.fromstring(build.path("feeds/all.rss.xml").read_bytes())
    guids = {item.findtext("title"): item.find("guid") for item in rss.iter("item")}
    assert guids["Mutual learning"].text == "https://example.org/blog/?p=42"
    assert guids["Mutual learning"].get("isPermaLink") == "false"
    # Every feed the post is in, not only the site's.
    category = feedparser.parse(build.text("feeds/category/essays.atom.xml"))
    assert "https://example.org/blog/?p=43" in {e.id for e in category.entries}


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (Debian: nginx-light)")
def test_the_nginx_snippet_redirects_the_subfolder_with_real_nginx(subfolder, tmp_path):
    _, build = subfolder
    assert nginx_shortlinks(build, "p", "/blog/") == {"42": f"{NEW}/mutual-learning/",
                                                      "43": f"{NEW}/uber-das-lernen/"}
    with nginx_serving(build.output, tmp_path) as status:
        for old, new in (("/blog/?p=42", "/mutual-learning/"),
                         ("/blog/index.php?p=43&utm_source=x", "/uber-das-lernen/"),
                         ("/blog?p=42", "/mutual-learning/"),
                         ("/blog/?page_id=7", "/about/"),
                         ("/blog/?attachment_id=50", "/mutual-learning/"),
                         ("/blog/2011/06/%C3%BCber-das-lernen/", "/uber-das-lernen/"),
                         ("/blog/2011/06/%c3%bcber-das-lernen", "/uber-das-lernen/"),
                         ("/blog/2011/05/mutual-learning/whiteboard/", "/mutual-learning/"),
                         ("/blog/?feed=rss2", "/feeds/all.rss.xml"),
                         ("/blog/feed/", "/feeds/all.rss.xml")):
            code, location = status(old)
            assert (code, urlsplit(location).path) == (301, new), old
        # ?p= elsewhere is not the old blog's shortlink.
        assert status("/?p=42")[0] != 301


# -- any static host: the script on the old front page, under the site's CSP ---------


class _HostHandler(http.server.SimpleHTTPRequestHandler):
    """A static host that sends the site's own Content-Security-Policy, as `_headers` says,
    and its 404.html for a path it does not have, as GitHub Pages and Netlify do."""

    policy = ""

    def end_headers(self):
        self.send_header("Content-Security-Policy", self.policy)
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def static_host():
    servers = []

    def start(folder, port):
        text = (folder / "_headers").read_text(encoding="utf-8")
        policy = re.search(r"Content-Security-Policy:\s*(.+)", text).group(1).strip()
        handler = functools.partial(type("Host", (_HostHandler,), {"policy": policy}),
                                    directory=str(folder))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)

    yield start
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.browser
@pytest.mark.parametrize("folder", ["/blog", ""], ids=["subfolder", "root"])
def test_shortlink_visitors_land_on_the_new_page_on_a_static_host(
        tmp_path, browser, static_host, folder):
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    site, _ = imported_site(tmp_path / "site", export_for(tmp_path, f"https://example.org{folder}"))
    build = site.build(publish=True, SITEURL=origin)
    assert build.ok, build.log
    static_host(build.output, port)
    page = browser.new_page()
    refused = []
    # The script and its map, not the old blog's images (only --media brings those in).
    page.on("console", lambda message: refused.append(message.text)
            if re.search(r"(script|connect)-src", message.text) else None)
    try:
        for old, new in ((f"{folder}/?p=42", "/mutual-learning/"),
                         (f"{folder}/?page_id=7&replytocom=3", "/about/"),
                         (f"{folder}/index.html?p=43", "/uber-das-lernen/"),
                         # No such file on a static host: its 404 page runs the script.
                         (f"{folder}/index.php?p=42", "/mutual-learning/"),
                         (f"{folder}/?attachment_id=51", "/mutual-learning/")):
            page.goto(origin + old)
            page.wait_for_url(origin + new, timeout=10_000)
        if folder:
            # The old front page itself, or an id the map does not know: the new front page.
            page.goto(f"{origin}{folder}/?p=999")
            page.wait_for_url(origin + "/", timeout=10_000)
        else:
            # The site's own front page runs the script too, and stays without a shortlink.
            page.goto(origin + "/")
            page.wait_for_load_state("networkidle")
            assert page.url == origin + "/" and page.locator("main").count() == 1
    finally:
        page.close()
    assert not refused


def test_a_hand_written_redirect_at_the_old_front_page_becomes_its_fallback(tmp_path):
    site, _ = imported_site(tmp_path / "site", EXPORT)
    site.write("pages/welcome.md", "Title: Welcome\nRedirect-From: /blog/\n\nHello.\n")
    build = site.build()
    assert build.ok, build.log
    front = build.page("blog/")
    assert front.find("script")["data-home"] == "/welcome/"
    assert refresh_target(front.find("noscript")) == "/welcome/"


def test_without_the_script_setting_no_front_page_is_written(tmp_path):
    site, _ = imported_site(tmp_path / "site", EXPORT)
    build = site.build(WORDPRESS_SHORTLINK_SCRIPT=False)
    assert build.ok, build.log
    assert not build.path("blog/").exists()
    assert not build.path("wordpress-shortlinks.js").exists()
    assert "/blog/ p=42 /mutual-learning/ 301!" in build.text("_redirects")


def test_for_a_host_without_forced_rules_none_are_forced(tmp_path):
    site, _ = imported_site(tmp_path / "site", EXPORT)
    build = site.build(WORDPRESS_REDIRECTS_FORCE=False)
    assert build.ok, build.log
    rules = build.text("_redirects").splitlines()
    assert "/blog/2011/05/mutual-learning/ /mutual-learning/ 301" in rules
    assert "/blog/ p=42 /mutual-learning/ 301" in rules
    assert not [r for r in rules if r.endswith("!")]


def test_a_shortlink_base_that_climbs_out_writes_nothing_outside(tmp_path):
    site = Site(tmp_path / "site", PLUGINS=PLUGINS)
    site.write("first.md", "Title: First\nDate: 2020-01-01\nRedirect-From: /../../escape/?p=1, "
                           "/blog/%2e%2e/%2e%2e/out/?p=2\n\nText.\n")
    build = site.build()
    assert build.ok, build.log
    assert not (tmp_path / "escape").exists() and not (site.root / "out").exists()
    assert not (tmp_path / "site" / "escape").exists()
    assert not [p for p in tmp_path.rglob("index.html") if not p.is_relative_to(build.output)]


def test_a_damaged_media_manifest_is_named_and_the_rest_still_redirects(tmp_path):
    site, _ = imported_site(tmp_path / "site", EXPORT)
    (site.content / "wordpress-media.json").write_text('{"attachments": [1, 2', encoding="utf-8")
    build = site.build(env={**os.environ, "COLUMNS": "1000"})
    assert build.ok, build.log
    assert "wordpress-media.json: the attachment pages cannot be read" in build.log
    assert refresh_target(build.page("blog/2011/05/mutual-learning/")) == "/mutual-learning/"
    assert not build.path("blog/2011/05/mutual-learning/whiteboard/").exists()


def test_shortlinks_stay_under_the_blogs_folder_when_guids_are_not_shortlinks(tmp_path):
    # Some exports (imports, migrations) carry guids that are not ?p= links:
    # the shortlink is then built from the post's id, under the blog's folder.
    export = tmp_path / "export.xml"
    export.write_text(re.sub(r"<guid isPermaLink=\"false\">https://example.org/blog/\?(p|page_id)=",
                             r'<guid isPermaLink="false">urn:uuid:old-\1-',
                             EXPORT.read_text(encoding="utf-8")), encoding="utf-8")
    site, _ = imported_site(tmp_path / "site", export)
    build = site.build(publish=True, SITEURL=NEW)
    assert build.ok, build.log
    rules = build.text("_redirects").splitlines()
    assert f"/blog/ p=42 {NEW}/mutual-learning/ 301!" in rules
    assert f"/blog/ page_id=7 {NEW}/about/ 301!" in rules
    assert not [r for r in rules if r.startswith(("/ p=", "/ page_id="))]
