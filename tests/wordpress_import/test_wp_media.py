"""`--media`: the posts' images and files move from the old blog into content/, from a local
stand-in for the old host that serves, fails, redirects, stalls and oversizes on purpose."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest
from rich.console import Console
from sitebuild import REPO, Site
from wp_helpers import FIXTURES, PLUGINS, SHARED_EXPORTS, refresh_target
from wp_servers import MediaServer

from pelican.plugins.wordpress_import.cli import main, run_import
from pelican.plugins.wordpress_import.media import Limits

UPLOADS = "/blog/wp-content/uploads/2011/05/"
WHITEBOARD = b"\xff\xd8\xff\xe0whiteboard, full size" + bytes(range(256)) * 4
SMALL = b"\xff\xd8\xff\xe0whiteboard, 300x200"
HANDOUT = b"%PDF-1.4 the handout"
RETRO = b"\x89PNG\r\n\x1a\nretro"
SLIDES = b"%PDF-1.4 slides, attached to the post but not linked"
MOVED = b"\xff\xd8\xff\xe0moved"
SITEURL = "https://new.example.org"
LIMITS = Limits(max_bytes=100_000, seconds=2, stall=1)
# What the stand-in fails with, and the reason the summary must give.
TROUBLE = {
    "missing.jpg": "404",
    "broken.jpg": "500",
    "escape.jpg": "localhost is neither the blog's host nor a WordPress media host",
    "away.jpg": "evil.example.net is neither the blog's host nor a WordPress media host",
    "stall.jpg": "stopped sending (timed out)",
    "trickle.jpg": "took longer than 2 s",
    "huge.jpg": "200,000 bytes, more than the 100,000 bytes a file may have",
    "bottomless.jpg": "more than the 100,000 bytes a file may have",
    "page.jpg": "sent a web page (text/html)",
    "photo.jpg": "sent application/pdf, which is not a .jpg file",
}
TROUBLE_POST = """
	<item>
		<title><![CDATA[Media trouble]]></title>
		<link>https://example.org/blog/2011/07/media-trouble/</link>
		<dc:creator><![CDATA[bob]]></dc:creator>
		<guid isPermaLink="false">https://example.org/blog/?p=44</guid>
		<content:encoded><![CDATA[{images}

<a href="https://example.org/blog/wp-content/uploads/2011/05/script.svg">drawing</a>
<a href="https://example.org/blog/wp-content/uploads/2011/05/..%2f..%2f..%2f..%2fREADME.jpg">sneaky</a>]]></content:encoded>
		<wp:post_id>44</wp:post_id>
		<wp:post_date><![CDATA[2011-07-01 11:00:00]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[2011-07-01 10:00:00]]></wp:post_date_gmt>
		<wp:post_name><![CDATA[media-trouble]]></wp:post_name>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_type><![CDATA[post]]></wp:post_type>
	</item>
</channel>"""


@pytest.fixture
def old_host():
    server = MediaServer()
    host = "127.0.0.1"
    file, route = server.file, server.routes
    route[(host, UPLOADS + "whiteboard.jpg")] = file(WHITEBOARD, "image/jpeg")
    route[(host, UPLOADS + "whiteboard-300x200.jpg")] = file(SMALL, "image/jpeg")
    route[(host, UPLOADS + "whiteboard-1024x683.jpg")] = file(SMALL, "image/jpeg")
    route[(host, UPLOADS + "Handout%20Final.pdf")] = file(HANDOUT, "application/pdf")
    route[("oldblog.files.wordpress.com", "/2009/03/retro.png")] = file(RETRO, "image/png")
    route[(host, UPLOADS + "slides.pdf")] = file(SLIDES, "application/pdf")
    # A draft's and a private post's media: never to be asked for.
    for name in ("2011/08/unfinished.jpg", "2011/08/private.jpg", "2011/08/secret.pdf",
                 "2099/01/later.jpg"):
        route[(host, f"/blog/wp-content/uploads/{name}")] = file(MOVED, "image/jpeg")
    yield server
    server.close()


def add_trouble(server: MediaServer) -> None:
    host, port = "127.0.0.1", server.port
    route = server.routes
    route[(host, UPLOADS + "missing.jpg")] = server.status(404)
    route[(host, UPLOADS + "broken.jpg")] = server.status(500)
    route[(host, UPLOADS + "moved.jpg")] = server.redirect(UPLOADS + "moved-here.jpg", 301)
    route[(host, UPLOADS + "moved-here.jpg")] = server.file(MOVED, "image/jpeg")
    # localhost is this same server, but not a host the export names.
    route[(host, UPLOADS + "escape.jpg")] = server.redirect(
        f"http://localhost:{port}{UPLOADS}escaped.jpg")
    route[(host, UPLOADS + "escaped.jpg")] = server.file(MOVED, "image/jpeg")
    route[(host, UPLOADS + "away.jpg")] = server.redirect("http://evil.example.net/x.jpg")
    route[(host, UPLOADS + "stall.jpg")] = server.stall()
    route[(host, UPLOADS + "trickle.jpg")] = server.trickle()
    route[(host, UPLOADS + "huge.jpg")] = server.declared(200_000)
    route[(host, UPLOADS + "bottomless.jpg")] = server.file(b"x" * 300_000, "image/jpeg",
                                                            length=False)
    route[(host, UPLOADS + "page.jpg")] = server.file(b"<html>Log in</html>", "text/html")
    route[(host, UPLOADS + "photo.jpg")] = server.file(HANDOUT, "application/pdf")
    route[(host, UPLOADS + "script.svg")] = server.file(b"<svg><script/></svg>", "image/svg+xml")
    # (urllib3 sends percent-escapes in upper case)
    route[(host, UPLOADS + "..%2F..%2F..%2F..%2FREADME.jpg")] = server.file(MOVED, "image/jpeg")


def export_at(tmp_path, server: MediaServer, trouble: bool = False, wordpress_com: bool = True):
    """The subfolder fixture, its blog on the stand-in, with the trouble post if asked.

    Without `wordpress_com` the WordPress.com image is on the blog's host too, for runs
    that cannot point WordPress.com's host at the stand-in (nothing is looked up outside).
    """
    text = (FIXTURES / "subfolder-blog.xml").read_text(encoding="utf-8")
    if not wordpress_com:
        text = text.replace("http://oldblog.files.wordpress.com/2009/03/",
                            "https://example.org/blog/wp-content/uploads/2009/03/")
        server.routes[("127.0.0.1", "/blog/wp-content/uploads/2009/03/retro.png")] = server.file(
            RETRO, "image/png")
    if trouble:
        images = "\n".join(f'<img src="https://example.org{UPLOADS}{name}" alt="{name}" />'
                           for name in [*TROUBLE, "moved.jpg"])
        text = text.replace("</channel>", TROUBLE_POST.format(images=images))
    export = tmp_path / "export.xml"
    export.write_text(text.replace("https://example.org", f"http://127.0.0.1:{server.port}"),
                      encoding="utf-8")
    return export


def bring(site: Site, export, server: MediaServer, media_private: bool = True):
    out = io.StringIO()
    report = run_import(export, site.content, settings_file=site.settings_file(False, {}),
                        console=Console(file=out, width=300), fetch_media=True,
                        media_limits=LIMITS, media_private=media_private, connect_to={
                            "oldblog.files.wordpress.com": ("127.0.0.1", server.port)})
    return report, out.getvalue()


def manifest(site: Site) -> dict:
    return json.loads((site.content / "wordpress-media.json").read_text(encoding="utf-8"))


def test_media_moves_in_and_the_site_uses_it(tmp_path, old_host):
    site = Site(tmp_path / "site", PLUGINS=PLUGINS)
    _, summary = bring(site, export_at(tmp_path, old_host), old_host)
    folder = site.content / "images" / "wp"
    assert (folder / "2011/05/whiteboard.jpg").read_bytes() == WHITEBOARD
    assert (folder / "2011/05/handout-final.pdf").read_bytes() == HANDOUT
    assert (folder / "2009/03/retro.png").read_bytes() == RETRO
    assert (folder / "2011/05/slides.pdf").read_bytes() == SLIDES
    # Resized copies lead to the original, fetched once; nothing else from the old host.
    assert old_host.asked(UPLOADS + "whiteboard.jpg") == 1
    assert not old_host.asked(UPLOADS + "whiteboard-300x200.jpg")
    # Every file in content/images/ is published: a draft's, a private or a scheduled post's
    # stay out.
    assert not [p for _, p in old_host.requests if re.search("/2011/08/|/2099/", p)]
    assert "Media: 4 downloaded, 0 already here, 0 could not be fetched" in summary
    assert "3 file(s) used only by drafts, private or scheduled posts were not fetched" in summary
    post = (site.content / "mutual-learning.md").read_text(encoding="utf-8")
    assert "whiteboard-300x200" not in post and "/wp-content/" not in post
    # The picture, the link to its full size, and the link to its attachment page.
    assert post.count("{static}/images/wp/2011/05/whiteboard.jpg") == 3
    assert "{static}/images/wp/2011/05/handout-final.pdf" in post
    assert "![Retro]({static}/images/wp/2009/03/retro.png)" in post
    assert "https://images.example.net/elsewhere.jpg" in post  # not the blog's: left alone

    build = site.build(publish=True, SITEURL=SITEURL)
    assert build.ok, build.log
    assert build.path("images/wp/2011/05/whiteboard.jpg").read_bytes() == WHITEBOARD
    page = build.page("mutual-learning/")
    files = f"{SITEURL}/images/wp/2011/05"
    assert page.find("img", alt="A whiteboard")["src"] == f"{files}/whiteboard.jpg"
    assert page.find("a", string="handout")["href"] == f"{files}/handout-final.pdf"
    assert page.find("img", alt="A whiteboard").parent["href"] == f"{files}/whiteboard.jpg"
    # The attachment page leads to the file now, by path and by ?attachment_id=.
    attachment = build.page("blog/2011/05/mutual-learning/whiteboard/")
    assert refresh_target(attachment) == f"{SITEURL}/images/wp/2011/05/whiteboard.jpg"
    assert (f"/blog/ attachment_id=51 {SITEURL}/images/wp/2011/05/handout-final.pdf 301!"
            in build.text("_redirects").splitlines())
    slides = build.page("blog/2011/05/mutual-learning/slides/")
    assert refresh_target(slides) == f"{SITEURL}/images/wp/2011/05/slides.pdf"
    assert not build.path("images/wp/2011/08").exists()


def test_a_second_run_fetches_nothing_and_changes_nothing(tmp_path, old_host):
    site = Site(tmp_path / "site", PLUGINS=PLUGINS)
    export = export_at(tmp_path, old_host)
    bring(site, export, old_host)
    before = {p: p.read_bytes() for p in site.content.rglob("*") if p.is_file()}
    asked = len(old_host.requests)
    report, summary = bring(site, export, old_host)
    assert len(old_host.requests) == asked
    assert "Media: 0 downloaded, 4 already here" in summary
    assert not report.written and not report.updated
    assert {p: p.read_bytes() for p in site.content.rglob("*") if p.is_file()} == before
    # A re-import without --media keeps the links to the files that are here.
    run_import(export, site.content, settings_file=site.settings_file(False, {}),
               console=Console(file=io.StringIO()))
    assert "{static}/images/wp/2011/05/whiteboard.jpg" in (
        site.content / "mutual-learning.md").read_text(encoding="utf-8")


def test_hostile_and_broken_downloads_are_refused_and_listed(tmp_path, old_host):
    add_trouble(old_host)
    site = Site(tmp_path / "site", PLUGINS=PLUGINS)
    export = export_at(tmp_path, old_host, trouble=True)
    before = sorted(p for p in tmp_path.rglob("*"))
    _, summary = bring(site, export, old_host)
    failed = manifest(site)["failed"]
    for name, reason in TROUBLE.items():
        (url,) = [u for u in failed if u.endswith(f"/{name}")]
        assert reason in failed[url], name
        assert f"not fetched: {url} — " in summary
    svg = next(u for u in failed if u.endswith("script.svg"))
    assert "not a file type the site keeps" in failed[svg]
    assert not old_host.asked(UPLOADS + "script.svg")
    # Redirects are checked at every hop: the forbidden host is never asked.
    assert not old_host.asked(UPLOADS + "escaped.jpg")
    assert (site.content / "images/wp/2011/05/moved.jpg").read_bytes() == MOVED
    # A name from the address stays a name inside content/images/wp/.
    assert (site.content / "images/wp/2011/05/readme.jpg").read_bytes() == MOVED
    created = sorted(p for p in tmp_path.rglob("*"))
    assert not [p for p in created if p not in before and not p.is_relative_to(site.root)]
    assert not [p for p in site.root.rglob("*") if p.name.startswith("download-")]
    folder = site.content / "images" / "wp"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "2009/03/retro.png", "2011/05/handout-final.pdf", "2011/05/moved.jpg",
        "2011/05/readme.jpg", "2011/05/slides.pdf", "2011/05/whiteboard.jpg"]
    # What failed keeps its old address in the post, so nothing is lost.
    post = (site.content / "media-trouble.md").read_text(encoding="utf-8")
    assert f"{UPLOADS}missing.jpg" in post and "{static}/images/wp/2011/05/moved.jpg" in post


def test_the_blogs_host_on_a_private_address_is_refused_unless_allowed(tmp_path, old_host):
    site = Site(tmp_path / "site", PLUGINS=PLUGINS)
    _, summary = bring(site, export_at(tmp_path, old_host, wordpress_com=False), old_host,
                       media_private=False)
    assert "Media: 0 downloaded, 0 already here, 4 could not be fetched" in summary
    assert "127.0.0.1 is at 127.0.0.1, an address of this computer or a private network" in summary
    assert not old_host.requests


def test_a_killed_run_resumes_where_it_stopped(tmp_path, old_host):
    """The import is killed while a file is on its way; the next run fetches only the rest."""
    route = ("oldblog.files.wordpress.com", "/2009/03/retro.png")
    old_host.routes[route] = old_host.hold(old_host.routes[route])
    site = Site(tmp_path / "site", PLUGINS=PLUGINS)
    export = export_at(tmp_path, old_host)
    code = (f"import sys; sys.path[:0] = [{str(REPO / 'plugins')!r}, {str(REPO)!r}]\n"
            "from pelican.plugins.wordpress_import.cli import run_import\n"
            f"run_import({str(export)!r}, {str(site.content)!r}, "
            f"settings_file={str(site.settings_file(False, {}))!r}, fetch_media=True, "
            f"media_private=True, connect_to={{'oldblog.files.wordpress.com': "
            f"('127.0.0.1', {old_host.port})}})\n")
    run = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while route not in old_host.requests and time.monotonic() < deadline:
            assert run.poll() is None, "the import ended before the held file"
            time.sleep(0.05)
    finally:
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
    folder = site.content / "images" / "wp"
    assert (folder / "2011/05/whiteboard.jpg").read_bytes() == WHITEBOARD
    assert not (folder / "2009/03").exists()
    old_host.release.set()
    asked = len(old_host.requests)
    _, summary = bring(site, export, old_host)
    assert old_host.requests[asked:] == [route]
    assert "Media: 1 downloaded, 3 already here, 0 could not be fetched" in summary
    assert (folder / "2009/03/retro.png").read_bytes() == RETRO
    assert not (site.root / ".wordpress-media-partial").exists()


def test_the_command_line_takes_the_media_flags(tmp_path, old_host, capsys):
    site = Site(tmp_path / "site", PLUGINS=PLUGINS)
    fresh = site.content / "fresh"  # a first import makes its content folder
    code = main([str(export_at(tmp_path, old_host, wordpress_com=False)),
                 "--content", str(fresh), "--settings", str(site.settings_file(False, {})),
                 "--media", "--media-max-mb", "0.001", "--media-timeout", "5", "--media-private"])
    assert code == 0
    out = capsys.readouterr().out
    # 1 KiB: the whiteboard is larger (its resized copy is not taken instead); the others fit.
    assert "Media: 3 downloaded" in out
    assert f"whiteboard.jpg — {len(WHITEBOARD):,} bytes, more than the 1,048 bytes" in out
    assert not (fresh / "images/wp/2011/05/whiteboard.jpg").exists()
    assert (fresh / "images/wp/2011/05/handout-final.pdf").read_bytes() == HANDOUT


def test_a_real_wordpress_com_export_moves_all_its_media(tmp_path):
    """WordPress's theme test data (a WordPress.com export): every image its published posts
    show comes from the site afterwards. The stand-in answers for both of its hosts, over
    http (it cannot be https: the export's https links are made http for it)."""
    server = MediaServer()
    try:
        hosts = ("wpthemetestdata.files.wordpress.com", "wpthemetestdata.wordpress.com")
        for host in hosts:
            server.routes[(host, "*")] = server.any_file()
        export = tmp_path / "export.xml"
        text = (SHARED_EXPORTS / "wpaccessibility-a11y-theme-unit-test-data.xml").read_text(
            encoding="utf-8")
        export.write_text(re.sub(r"https://(wpthemetestdata\.)", r"http://\1", text),
                          encoding="utf-8")
        site = Site(tmp_path / "site", PLUGINS=PLUGINS)
        out = io.StringIO()
        run_import(export, site.content, settings_file=site.settings_file(False, {}),
                   console=Console(file=out, width=300), fetch_media=True, media_limits=LIMITS,
                   media_private=True, connect_to={h: ("127.0.0.1", server.port) for h in hosts})
    finally:
        server.close()
    summary = out.getvalue()
    downloaded = int(re.search(r"Media: (\d+) downloaded, 0 already here, 0 could not", summary)[1])
    assert downloaded > 20, summary
    # Only the files of the old blog's media library were asked for, each once.
    assert {h for h, _ in server.requests} <= set(hosts)
    assert len({p for _, p in server.requests}) == len(server.requests)
    build = site.build(publish=True, SITEURL=SITEURL)
    assert build.ok, build.log
    shown = [img["src"] for page in build.files("**/*.html")
             for img in build.page(str(page.relative_to(build.output))).find_all("img", src=True)]
    assert [s for s in shown if s.startswith(f"{SITEURL}/images/wp/")]
    assert not [s for s in shown if "wordpress.com" in s]


@pytest.mark.skipif(not shutil.which("openssl"), reason="openssl makes the test certificate")
def test_https_hosts_are_checked_like_a_browser_does(tmp_path, monkeypatch):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    server = MediaServer(tls=(cert, key))
    try:
        server.routes[("127.0.0.1", UPLOADS + "whiteboard.jpg")] = server.file(WHITEBOARD,
                                                                             "image/jpeg")
        text = (FIXTURES / "subfolder-blog.xml").read_text(encoding="utf-8")
        export = tmp_path / "export.xml"
        export.write_text(text.replace("https://example.org", f"https://127.0.0.1:{server.port}"),
                          encoding="utf-8")
        site = Site(tmp_path / "site", PLUGINS=PLUGINS)
        # A certificate no one vouches for: refused.
        _, summary = bring(site, export, server)
        assert "whiteboard.jpg — the secure connection failed" in summary
        assert "CERTIFICATE_VERIFY_FAILED" in summary
        assert not (site.content / "images/wp/2011/05/whiteboard.jpg").exists()
        # The same certificate, trusted (as a real one is by the system's list): fetched.
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        bring(site, export, server)
    finally:
        server.close()
    assert (site.content / "images/wp/2011/05/whiteboard.jpg").read_bytes() == WHITEBOARD
