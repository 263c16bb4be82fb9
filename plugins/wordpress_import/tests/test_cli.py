"""`python -m pelican.plugins.wordpress_import`: an export becomes posts and reply files;
a file that is not an export is refused, saying what it is, and nothing is written."""

from __future__ import annotations

import subprocess
import sys

EXPORT = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="https://wordpress.org/export/1.2/">
<channel><title>Blog</title><link>https://blog.example.org</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://blog.example.org</wp:base_site_url>
<item><title>Hello &amp; welcome</title><link>https://blog.example.org/hello/</link>
<dc:creator>bob</dc:creator><guid isPermaLink="false">https://blog.example.org/?p=1</guid>
<content:encoded><![CDATA[<p>First words.</p>]]></content:encoded>
<wp:post_id>1</wp:post_id><wp:post_date>2012-01-01 10:00:00</wp:post_date>
<wp:post_date_gmt>2012-01-01 10:00:00</wp:post_date_gmt><wp:post_name>hello</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<wp:comment><wp:comment_id>7</wp:comment_id><wp:comment_author>Ann</wp:comment_author>
<wp:comment_author_url>http://</wp:comment_author_url>
<wp:comment_date>2012-01-02 10:00:00</wp:comment_date>
<wp:comment_date_gmt>2012-01-02 10:00:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[Nice post.]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_type></wp:comment_type>
<wp:comment_parent>0</wp:comment_parent></wp:comment>
</item>
<item><title>Secret</title><wp:post_id>2</wp:post_id><wp:post_name>secret</wp:post_name>
<content:encoded><![CDATA[<p>Nobody should read this.</p>]]></content:encoded>
<wp:status>private</wp:status><wp:post_type>post</wp:post_type></item>
</channel></rss>
"""


def importer(*args, cwd):
    return subprocess.run([sys.executable, "-m", "pelican.plugins.wordpress_import", *map(str, args)],
                          cwd=cwd, capture_output=True, text=True, timeout=120)


def test_an_export_becomes_posts_and_reply_files(tmp_path):
    export = tmp_path / "export.xml"
    export.write_text(EXPORT, encoding="utf-8")
    done = importer(export, "--content", tmp_path / "content", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    post = (tmp_path / "content" / "hello.md").read_text(encoding="utf-8")
    assert "Title: Hello &amp; welcome" in post  # a Pelican title is HTML
    reply = (tmp_path / "content" / "replies" / "hello" / "7.md").read_text(encoding="utf-8")
    assert "Author: Ann" in reply and "Nice post." in reply and "URL:" not in reply
    secret = [p for p in (tmp_path / "content").rglob("*.md")
              if "Nobody should read this." in p.read_text(encoding="utf-8")]
    assert all("Status: skip" in p.read_text(encoding="utf-8") for p in secret)


def test_a_file_that_is_not_an_export_is_refused_and_nothing_written(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
                    "<item><title>y</title></item></channel></rss>", encoding="utf-8")
    done = importer(feed, "--content", tmp_path / "content", cwd=tmp_path)
    assert done.returncode != 0
    assert "export" in (done.stdout + done.stderr).lower()
    assert "Traceback" not in done.stderr
    assert not list(tmp_path.rglob("*.md"))
