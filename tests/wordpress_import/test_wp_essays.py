"""Import our own WordPress export (threads, drafts, pages, shortcodes…) and read the built site."""

from __future__ import annotations

import datetime
import os
import shutil
import signal
import socket
import subprocess
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import feedparser
import pytest
from wp_helpers import (FIXTURES, imported_site, nginx_shortlinks, output_path, private_strings,
                        refresh_target, reply_depths, written_text)

EXPORT = FIXTURES / "essays.xml"


@pytest.fixture(scope="module")
def essays(tmp_path_factory):
    site, report = imported_site(tmp_path_factory.mktemp("essays") / "site", EXPORT)
    build = site.build()
    assert build.ok, build.log
    return site, report, build


def test_summary_counts_every_kind_and_status(essays):
    _, report, _ = essays
    assert report.imported[("posts", "published")] == 5
    assert report.imported[("posts", "draft")] == 1
    assert report.imported[("posts", "scheduled (published by the first production build "
                                     "after its date)")] == 1
    assert report.imported[("posts", "kept out of the site (private)")] == 1
    assert report.imported[("pages", "published")] == 3
    assert report.comments["replies"] == 8
    assert report.comments["mentions (pingbacks, trackbacks)"] == 2
    assert report.comments["pending (not approved)"] == 1
    assert report.comments["spam"] == 1
    assert report.comments["trashed"] == 1
    assert report.skipped["attachment (media library entries; the files stay where they are)"] == 2
    assert report.skipped["nav_menu_item (menu entries; the theme has its own menu)"] == 1
    summary = "\n".join(report.lines())
    assert "1 spam" in summary and "1 pending (not approved)" in summary
    kept_off = summary.split("Kept off the public site:")[1].split("Files:")[0]
    for title in ("Work in progress", "Coming soon", "Private thoughts"):
        assert title in kept_off


def test_threads_keep_their_depth_on_the_page(essays):
    _, _, build = essays
    page = build.page("mutual-learning/")
    depths = reply_depths(page)
    assert {key: depths[key] for key in ("101", "102", "103", "104")} == {
        "101": 0, "102": 1, "103": 2, "104": 3}
    # 110 answered a spam comment, 111 a comment missing from the export: both stay, at the top.
    assert depths["110"] == 0 and depths["111"] == 0
    reply = page.find(id="reply-101")
    assert reply.select_one(".p-name").get_text() == "Alice Reader"
    assert reply.select_one("a.u-url")["href"] == "https://alice.example.net/"
    assert "I learned a lot from it." in reply.get_text()
    assert reply.find("strong").get_text() == "bold"


def test_pending_spam_and_trash_are_left_out(essays):
    site, _, build = essays
    everything = written_text(site.content) + written_text(build.output)
    for marker in ("PENDING-MARKER", "SPAM-MARKER", "TRASH-MARKER"):
        assert marker not in everything


def test_pingbacks_and_trackbacks_are_mentions(essays):
    _, _, build = essays
    page = build.page("mutual-learning/")
    for reply_id, url in (("108", "https://another.example.com/learning-in-pairs/"),
                          ("109", "https://weekly.example.com/issue-12/")):
        reply = page.find(id=f"reply-{reply_id}")
        assert "mentioned this essay" in reply.get_text()
        link = reply.select_one("a.u-url")
        assert link["href"] == url and set(link["rel"]) >= {"nofollow", "ugc"}
    assert "Another Blog » Learning in pairs" in page.find(id="reply-108").get_text()


def test_drafts_show_in_development_only(essays, tmp_path):
    site, _, build = essays
    assert "Status: draft" in (site.content / "work-in-progress.md").read_text()
    assert "DRAFT-MARKER" in build.text("drafts/work-in-progress/")
    listed = build.text("index.html") + build.text("feeds/all.atom.xml")
    assert "Work in progress" not in listed
    production = site.build(publish=True, output=tmp_path / "public")
    assert production.ok, production.log
    assert not (production.output / "drafts").exists()
    assert "DRAFT-MARKER" not in written_text(production.output)


def test_a_scheduled_post_appears_with_the_first_build_after_its_date(essays, tmp_path):
    site, _, _ = essays
    source = site.content / "coming-soon.md"
    text = source.read_text()
    assert "Status" not in text and "Date: 2031-01-01 10:00:00+01:00" in text
    production = site.build(publish=True, output=tmp_path / "before")
    assert production.ok, production.log
    assert "SCHEDULED-MARKER" not in written_text(production.output)
    assert not production.path("coming-soon/").exists()
    # The day has come (as if the clock had moved on): the next build publishes it.
    source.write_text(text.replace("Date: 2031-01-01", "Date: 2021-01-01"))
    try:
        later = site.build(publish=True, output=tmp_path / "after")
    finally:
        source.write_text(text)
    assert later.ok, later.log
    assert "SCHEDULED-MARKER" in later.text("coming-soon/")


def test_private_posts_stay_in_the_repository_only(essays):
    site, _, build = essays
    source = (site.content / "private-thoughts.md").read_text()
    assert "Status: skip" in source and "PRIVATE-MARKER" in source
    assert "PRIVATE-MARKER" not in written_text(build.output)
    assert (site.content / "replies/.held/private-thoughts/170.md").is_file()


def test_pages_are_pages(essays):
    site, _, build = essays
    assert build.page("about/").h1.get_text(strip=True) == "About"
    assert build.page("speaking/").h1.get_text(strip=True) == "Speaking"
    # The old page /archives/ collides with the site's archives: renamed, not overwritten.
    assert build.page("archives-2/").h1.get_text(strip=True) == "Archives"
    assert "Everything, by month." not in build.text("archives/")
    # Pages show their replies, as WordPress did.
    assert "Will you speak in Berlin?" in (site.content / "replies/speaking/210.md").read_text()
    assert "Will you speak in Berlin?" in build.page("speaking/").find(id="reply-210").get_text()


def test_shortcodes_become_markdown(essays):
    _, report, build = essays
    page = build.page("shortcodes-in-practice/")
    python = page.select_one("code.language-python") or page.find(
        lambda tag: tag.name == "pre" and "def learn" in tag.get_text())
    assert "if a < b:\n\n        return b" in python.get_text()
    assert 'echo "done" && ls' in page.get_text()
    assert page.find("a", href="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    assert page.find("th").get_text() == "Role"
    assert page.select("li li")[0].get_text(strip=True) == "Two and a half"
    assert page.find("blockquote").get_text(strip=True) == "A quoted line."
    # Not convertible: kept readable, and reported.
    assert '[contact-form-7 id="7" title="Contact form"]' in page.get_text()
    assert any("[contact-form-7]" in note for note in report.notes)

    essay = build.page("mutual-learning/")
    images = {(img["src"].rsplit("/", 1)[-1], img.get("alt")) for img in essay.find_all("img")}
    assert ("whiteboard.jpg", "The team at the whiteboard") in images  # [caption]
    assert ("sticky-notes.jpg", "Sticky notes on a wall") in images  # [gallery ids="50,51"]
    assert "The team at the whiteboard" in essay.get_text()


def test_block_editor_posts_keep_their_structure(essays):
    _, _, build = essays
    page = build.page("notes-for-managers/")
    assert page.find("h2", string="What the Manager learns")
    assert page.find("pre").get_text().strip() == "first line\nsecond line"
    assert "wp:paragraph" not in build.text("notes-for-managers/")


def test_comments_closed_in_wordpress_are_closed_here(essays):
    site, _, build = essays
    assert "Replies: closed" in (site.content / "notes-for-managers.md").read_text()
    assert "Replies to this essay are closed." in build.page("notes-for-managers/").get_text()
    assert "Replies:" not in (site.content / "mutual-learning.md").read_text()


def test_non_ascii_titles_and_old_addresses(essays, serve):
    _, _, build = essays
    title = "Über das Lernen — ça va? 日本語"
    assert build.page("uber-das-lernen/").h1.get_text(strip=True) == title
    base = serve(build.output)
    with urllib.request.urlopen(f"{base}/2012/01/20/%c3%bcber-das-lernen/", timeout=10) as old:
        text = old.read().decode("utf-8")
    assert "/uber-das-lernen/" in text and title in text


def test_a_post_without_comments(essays):
    _, _, build = essays
    page = build.page("a-quiet-post/")
    assert not page.select("article.reply")
    assert "No replies yet" in page.get_text()


def test_roles_are_recognised_from_headings(essays):
    site, _, build = essays
    assert "Roles: coach, scrum-master" in (site.content / "mutual-learning.md").read_text()
    assert "Roles: manager" in (site.content / "notes-for-managers.md").read_text()
    hub = build.page("roles/coach/")
    assert hub.find("a", href=lambda h: h and h.split("#")[0].rstrip("/").endswith("mutual-learning"))


def test_old_addresses_redirect_to_the_new_pages(essays):
    _, _, build = essays
    for old, new in (("/2011/05/12/mutual-learning/", "/mutual-learning/"),
                     ("/2012/02/02/shortcodes-in-practice/", "/shortcodes-in-practice/"),
                     ("/2019/04/04/notes-for-managers/", "/notes-for-managers/"),
                     ("/about/speaking/", "/speaking/")):
        page = build.page(str(output_path(build, old).relative_to(build.output)))
        assert refresh_target(page) == new
        assert page.find("link", rel="canonical")["href"] == new
        assert page.find("a", href=new)
        assert build.path(new).is_file()
    assert "/2011/05/12/mutual-learning/ /mutual-learning/ 301" in build.text("_redirects")
    assert nginx_shortlinks(build)["10"] == "/mutual-learning/"
    assert nginx_shortlinks(build, "page_id")["20"] == "/about/"


def test_links_between_old_posts_point_at_the_new_pages(essays):
    _, _, build = essays
    page = build.page("mutual-learning/")
    assert page.find("a", string="my note on learning")["href"] == "/uber-das-lernen/"
    assert page.find("a", string="the shortcode examples")["href"] == "/shortcodes-in-practice/"


def test_feeds_build_and_old_feed_addresses_lead_to_them(essays):
    _, _, build = essays
    feed = feedparser.parse(build.text("feeds/all.atom.xml"))
    assert not feed.bozo
    titles = {entry.title for entry in feed.entries}
    assert {"Mutual Learning", "Über das Lernen — ça va? 日本語", "A quiet post"} <= titles
    for old, kind in (("feed/", "application/rss+xml"), ("feed/atom/", "application/atom+xml")):
        page = build.page(old)
        alternate = page.find("link", rel="alternate", type=kind)
        assert alternate and build.path(alternate["href"]).is_file()
        assert refresh_target(page) == alternate["href"]
    replies = build.page("comments/feed/")
    target = refresh_target(replies)
    assert "Alice Reader" in build.text(target)
    post_replies = refresh_target(build.page("2011/05/12/mutual-learning/feed/"))
    assert not feedparser.parse(build.text(post_replies)).bozo


def test_dates_keep_the_blogs_utc_offset(essays):
    _, _, build = essays
    published = build.page("mutual-learning/").find("time", class_="dt-published")
    when = datetime.datetime.fromisoformat(published["datetime"])
    assert when == datetime.datetime(2011, 5, 12, 8, 30, tzinfo=datetime.UTC)


def test_no_email_or_ip_address_is_written(essays):
    site, _, build = essays
    secrets = private_strings(EXPORT)
    assert "carol@example.com" in secrets and "2001:db8::42" in secrets
    written = written_text(site.content) + written_text(build.output)
    assert not [s for s in secrets if s.lower() in written.lower()]
    assert "Write to me at [address removed] if you like." in build.page("mutual-learning/").get_text()


def test_redirects_follow_a_new_article_url(essays, tmp_path):
    site, _, _ = essays
    build = site.build(output=tmp_path / "out", ARTICLE_URL="essays/{slug}/",
                       ARTICLE_SAVE_AS="essays/{slug}/index.html")
    assert build.ok, build.log
    page = build.page("2011/05/12/mutual-learning/")
    assert refresh_target(page) == "/essays/mutual-learning/"
    assert "/2011/05/12/mutual-learning/ /essays/mutual-learning/ 301" in build.text("_redirects")


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.mark.skipif(not os.path.exists(NGINX), reason="nginx is not installed (Debian: nginx-light)")
def test_the_nginx_snippet_redirects_with_real_nginx(essays, tmp_path):
    _, _, build = essays
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (tmp_path / "logs").mkdir()
    config = tmp_path / "nginx.conf"
    config.write_text(f"""
        pid {tmp_path}/nginx.pid;
        error_log {tmp_path}/logs/error.log;
        events {{}}
        http {{
            access_log off;
            include {build.output}/wordpress-redirects.nginx.conf;
            server {{
                listen 127.0.0.1:{port};
                root {build.output};
                if ($wordpress_redirect) {{ return 301 $wordpress_redirect; }}
                if ($wordpress_redirect_p) {{ return 301 $wordpress_redirect_p; }}
                if ($wordpress_redirect_page_id) {{ return 301 $wordpress_redirect_page_id; }}
            }}
        }}
        """)
    subprocess.run([NGINX, "-c", str(config), "-p", str(tmp_path)], check=True, timeout=30)
    try:
        opener = urllib.request.build_opener(NoRedirect)
        for old, new in (("/2011/05/12/mutual-learning/", "/mutual-learning/"),
                         ("/2011/05/12/mutual-learning", "/mutual-learning/"),
                         ("/?p=10&utm_source=x", "/mutual-learning/"),
                         ("/?page_id=21", "/speaking/"),
                         ("/2012/01/20/%C3%BCber-das-lernen/", "/uber-das-lernen/"),
                         ("/feed/", "/feeds/all.rss.xml")):
            with pytest.raises(urllib.error.HTTPError) as answer:
                opener.open(f"http://127.0.0.1:{port}{old}", timeout=10)
            assert answer.value.code == 301
            assert urlsplit(answer.value.headers["Location"]).path == new, old
        # The new address itself is served, not redirected (the workers may not read a
        # private temp folder: 403 is fine here).
        try:
            status = opener.open(f"http://127.0.0.1:{port}/mutual-learning/", timeout=10).status
        except urllib.error.HTTPError as error:
            status = error.code
        assert status in (200, 403)
    finally:
        pid = int((tmp_path / "nginx.pid").read_text())
        os.kill(pid, signal.SIGQUIT)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
