"""The packaged plugins in a plain Pelican, as another Pelican user would have them:
pip installs them (with only their declared dependencies) into a fresh virtualenv,
`python -m pelican.plugins.wordpress_import` imports a real WordPress export, and a
site on Pelican's own simple theme, extended by one include line, shows the imported
replies under the post and writes the role hubs from the plugin's own templates.
A Markdown post of the author's own is read as CommonMark (pulldown_cmark: its code
highlighted, its headings with ids), its feed entry carries absolute links
(feed_quality), and a build that fails half-way leaves that site as it was
(atomic_output).

The wheels come from .wheelhouse, which `bash run.sh test` makes once, so the
install needs no network."""

from __future__ import annotations

import subprocess
import sys

import feedparser
import pytest
from bs4 import BeautifulSoup

from sitebuild import REPO, tree_state

pytestmark = pytest.mark.slow

WHEELS = REPO / ".wheelhouse"
EXPORT = REPO / "tests" / "fixtures" / "wxr" / "pelican-tests-wordpressexport.xml"
PACKAGES = ["reader_response", "roles", "wordpress_import", "pulldown_cmark", "feed_quality",
            "atomic_output"]
ARTICLE = """\
{% extends "!simple/article.html" %}
{% block content %}{{ super() }}{% include "reader_response/section.html" %}{% endblock %}
"""
SETTINGS = """\
PATH = "content"
SITENAME = "A plain Pelican"
SITEURL = ""
TIMEZONE = "UTC"
THEME = "theme"
ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
PLUGINS = ["pelican.plugins.pulldown_cmark", "pelican.plugins.atomic_output",
           "pelican.plugins.reader_response", "pelican.plugins.roles",
           "pelican.plugins.wordpress_import", "pelican.plugins.feed_quality"]
REPLIES_COMMENTS = {"provider": "none"}
FEED_DOMAIN = "https://plain.example.org"
"""
POST = """\
Title: Notes in Markdown
Date: 2024-05-01 10:00
Slug: notes

## First Steps

Learning is ~~one-way~~ mutual: see [the roles](/roles/).

```python
print("learn")
```
"""
# The archives page is written after the posts: a build with this typo fails half-way.
TYPO = '{% extends "!simple/archives.html" %}{% block content %}{{ dates_typo.first }}{% endblock %}'


def run(*argv, cwd):
    proc = subprocess.run([str(a) for a in argv], cwd=cwd, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc


def test_the_plugins_work_in_a_plain_pelican_with_its_simple_theme(tmp_path):
    assert WHEELS.is_dir(), "no .wheelhouse: run the suite with `bash run.sh test`"
    env = tmp_path / "venv"
    run(sys.executable, "-m", "venv", env, cwd=tmp_path)
    python = env / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", "--no-index", "--find-links", WHEELS,
        "pelican[markdown]", *(REPO / "plugins" / name for name in PACKAGES), cwd=tmp_path)
    # Only Pelican and what the plugins declare: none of the site's own plugins.
    listed = run(python, "-m", "pip", "list", "--format=freeze", cwd=tmp_path).stdout.lower()
    assert "mutual-learning-site" not in listed
    assert all(f"pelican-{name.replace('_', '-')}==" in listed for name in PACKAGES), listed

    site = tmp_path / "site"
    (site / "theme" / "templates").mkdir(parents=True)
    (site / "theme" / "static").mkdir()
    (site / "theme" / "templates" / "article.html").write_text(ARTICLE, encoding="utf-8")
    (site / "pelicanconf.py").write_text(SETTINGS, encoding="utf-8")
    imported = run(python, "-m", "pelican.plugins.wordpress_import", EXPORT,
                   "--content", site / "content", "--settings", site / "pelicanconf.py",
                   cwd=site)
    assert "replies" in imported.stdout.lower()
    (site / "content" / "notes.md").write_text(POST, encoding="utf-8")
    run(python, "-m", "pelican", site / "content", "-s", site / "pelicanconf.py",
        "-o", site / "output", cwd=site)

    threads = {}
    for page in (site / "output").glob("*/index.html"):
        section = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(
            "section#replies")
        if section is not None:
            threads[page.parent.name] = section
    assert threads, "no post shows the reply section"
    replies = max(threads.values(), key=lambda s: len(s.select("article.reply")))
    assert len(replies.select("article.reply")) >= 3
    assert replies.select(".reply-children article.reply"), "the threaded answer is not nested"
    assert "What do you think?" in replies.get_text()

    hub = site / "output" / "roles" / "coach" / "index.html"
    assert "Essays for coaches" in hub.read_text(encoding="utf-8")
    assert "Roles" in (site / "output" / "roles" / "index.html").read_text(encoding="utf-8")

    # pulldown_cmark: the author's Markdown read as CommonMark, as Pelican's Markdown would
    # (code highlighted by Pygments, headings with ids), and GitHub's strikethrough too.
    post = BeautifulSoup((site / "output" / "notes" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert post.select_one("h2#first-steps").get_text() == "First Steps"
    assert post.select_one("div.highlight pre code.language-python span.nb").get_text() == "print"
    assert post.select_one("del").get_text() == "one-way"

    # feed_quality: in the feed, the link in the post is absolute and the feed has its own id.
    feed = feedparser.parse((site / "output" / "feeds" / "all.atom.xml").read_text(encoding="utf-8"),
                            resolve_relative_uris=False, sanitize_html=False)
    assert feed.feed.id == "https://plain.example.org/feeds/all.atom.xml"
    entry = next(e for e in feed.entries if e.title == "Notes in Markdown")
    content = BeautifulSoup(entry.content[0].value, "html.parser")
    assert content.find("a", string="the roles")["href"] == "https://plain.example.org/roles/"
    assert post.find("a", string="the roles")["href"] == "/roles/"  # the page keeps it as written

    # atomic_output: a template typo fails the next build after the posts are written;
    # the site stays the last good one, whole.
    before = tree_state(site / "output")
    (site / "content" / "notes.md").write_text(POST.replace("mutual", "never published"),
                                               encoding="utf-8")
    (site / "theme" / "templates" / "archives.html").write_text(TYPO, encoding="utf-8")
    failed = subprocess.run([python, "-m", "pelican", site / "content", "-s", site / "pelicanconf.py",
                             "-o", site / "output"], cwd=site, capture_output=True, text=True,
                            timeout=600)
    assert failed.returncode != 0 and "dates_typo" in failed.stdout + failed.stderr
    assert tree_state(site / "output") == before
    assert "mutual" in (site / "output" / "notes" / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in site.iterdir() if p.name.startswith("output")) == ["output"]
