"""The packaged plugins in a plain Pelican, as another Pelican user would have them:
pip installs them (with only their declared dependencies) into a fresh virtualenv,
`python -m pelican.plugins.wordpress_import` imports a real WordPress export, and a
site on Pelican's own simple theme, extended by one include line, shows the imported
replies under the post and writes the role hubs from the plugin's own templates.

The wheels come from .wheelhouse, which `bash run.sh test` makes once, so the
install needs no network."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from sitebuild import REPO
from bs4 import BeautifulSoup

pytestmark = pytest.mark.slow

WHEELS = REPO / ".wheelhouse"
EXPORT = REPO / "tests" / "fixtures" / "wxr" / "pelican-tests-wordpressexport.xml"
PACKAGES = ["reader_response", "roles", "wordpress_import"]
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
PLUGINS = ["pelican.plugins.reader_response", "pelican.plugins.roles",
           "pelican.plugins.wordpress_import"]
REPLIES_COMMENTS = {"provider": "none"}
"""


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
    assert "mutual-learning-site" not in listed and "pelican-reader-response" in listed

    site = tmp_path / "site"
    (site / "theme" / "templates").mkdir(parents=True)
    (site / "theme" / "static").mkdir()
    (site / "theme" / "templates" / "article.html").write_text(ARTICLE, encoding="utf-8")
    (site / "pelicanconf.py").write_text(SETTINGS, encoding="utf-8")
    imported = run(python, "-m", "pelican.plugins.wordpress_import", EXPORT,
                   "--content", site / "content", "--settings", site / "pelicanconf.py",
                   cwd=site)
    assert "replies" in imported.stdout.lower()
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
