"""Hostile and broken exports are refused without writing anything; re-runs respect the author's edits."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sitebuild import Site
from wp_helpers import FIXTURES, PLUGINS, REPO, imported_site, run_import
from pelican.plugins.wordpress_import.cli import ImportFailed

EXPORT = FIXTURES / "essays.xml"
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<item><title>&lol9;</title><wp:post_type>post</wp:post_type></item>
</channel></rss>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rss [ <!ENTITY secret SYSTEM "file://{target}"> ]>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<item><title>&secret;</title><wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item>
</channel></rss>
"""
EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE rss SYSTEM "file://{target}">
<rss version="2.0"><channel></channel></rss>
"""


def import_command(export, content) -> subprocess.CompletedProcess:
    """`python -m wordpress_import`, as a separate process: a hang would fail, not block, the suite."""
    return subprocess.run(
        [sys.executable, "-m", "pelican.plugins.wordpress_import", str(export), "--content", str(content)],
        cwd=REPO / "plugins", capture_output=True, text=True, timeout=120)


def files_under(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("kind", ["billion-laughs", "external-entity", "external-dtd"])
def test_hostile_exports_are_refused_without_reading_anything(kind, tmp_path):
    # A FIFO blocks whoever opens it: if the parser tried to read it, the import would hang.
    trap = tmp_path / "trap"
    os.mkfifo(trap)
    text = {"billion-laughs": BILLION_LAUGHS, "external-entity": EXTERNAL_ENTITY,
            "external-dtd": EXTERNAL_DTD}[kind].format(target=trap)
    export = tmp_path / "hostile.xml"
    export.write_text(text)
    content = tmp_path / "content"
    result = import_command(export, content)
    assert result.returncode == 1
    assert f"{export}: line 2" in result.stderr
    assert "refused, nothing was imported" in result.stderr
    assert files_under(content) == []


def test_a_local_file_named_by_an_entity_never_reaches_the_output(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    export = tmp_path / "hostile.xml"
    export.write_text(EXTERNAL_ENTITY.format(target=secret))
    with pytest.raises(ImportFailed) as failure:
        run_import(export, tmp_path / "content")
    assert "TOP-SECRET-VALUE" not in str(failure.value)
    assert files_under(tmp_path / "content") == []


def test_a_malformed_export_names_its_line_and_writes_nothing(tmp_path):
    lines = EXPORT.read_text(encoding="utf-8").splitlines()
    broken_line = next(n for n, line in enumerate(lines, 1) if "A quiet post" in line)
    lines[broken_line - 1] = lines[broken_line - 1].replace("</title>", "</titel>")
    export = tmp_path / "broken.xml"
    export.write_text("\n".join(lines), encoding="utf-8")
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    (content / "pages" / "mine.md").write_text("Title: Mine\n\nMy own page.\n")
    result = import_command(export, content)
    assert result.returncode == 1
    assert f"{export}: line {broken_line}" in result.stderr and "malformed" in result.stderr
    assert files_under(content) == ["pages/mine.md"]
    assert not list(tmp_path.glob(".wordpress-import-*"))  # no staging left behind


def test_a_file_that_is_not_an_export_is_refused(tmp_path):
    page = tmp_path / "page.xml"
    page.write_text('<feed xmlns="http://www.w3.org/2005/Atom"><title>An Atom feed</title></feed>')
    with pytest.raises(ImportFailed, match="not a WordPress export"):
        run_import(page, tmp_path / "content")


def test_the_command_prints_a_summary(tmp_path):
    result = import_command(EXPORT, tmp_path / "content")
    assert result.returncode == 0, result.stderr
    assert "posts: " in result.stdout and "1 spam" in result.stdout
    assert "Files: 21 written" in result.stdout


def test_rerunning_adds_only_what_is_new_and_keeps_the_authors_edits(tmp_path):
    site, first = imported_site(tmp_path / "site", EXPORT)
    content = site.content
    before = {p: (content / p).read_bytes() for p in files_under(content)}

    again = run_import(EXPORT, content)
    assert again.written == [] and again.updated == [] and again.kept == []
    assert {p: (content / p).read_bytes() for p in files_under(content)} == before

    edited = content / "mutual-learning.md"
    edited.write_text(edited.read_text().replace("Learning flows both ways.", "My new opening."))
    (content / "a-quiet-post.md").unlink()
    (content / "replies/mutual-learning/101.md").unlink()
    grown = tmp_path / "grown.xml"
    grown.write_text(EXPORT.read_text(encoding="utf-8").replace(
        "<wp:comment_id>111</wp:comment_id>", "<wp:comment_id>112</wp:comment_id>"),
        encoding="utf-8")

    third = run_import(grown, content)
    assert third.written == ["replies/mutual-learning/112.md"]
    assert dict(third.kept) == {
        "mutual-learning.md": "edited since the import (--force replaces it)",
        "a-quiet-post.md": "deleted since the import (--force restores it)",
        "replies/mutual-learning/101.md": "deleted since the import (--force restores it)",
    }
    assert "My new opening." in edited.read_text()
    assert not (content / "a-quiet-post.md").exists()

    forced = run_import(grown, content, force=True)
    assert "Learning flows both ways." in edited.read_text()
    assert (content / "a-quiet-post.md").is_file()
    assert set(forced.updated) == {"mutual-learning.md"}
    assert forced.kept == []


def test_the_authors_own_post_is_kept_and_gets_its_replies(tmp_path):
    site = Site(tmp_path / "site", PLUGINS=PLUGINS)
    site.write("mutual-learning.md", """\
        Title: Mutual Learning
        Date: 2011-05-12

        The author's own, already converted copy.
        """)
    report = run_import(EXPORT, site.content)
    assert "already converted copy" in (site.content / "mutual-learning.md").read_text()
    assert "mutual-learning.md" not in report.written
    assert any("already in the site as mutual-learning.md" in n for n in report.notes)
    assert (site.content / "replies/mutual-learning/104.md").is_file()
    build = site.build()
    assert build.ok, build.log
    assert build.page("mutual-learning/").find(id="reply-104")


def test_a_second_blog_with_the_same_slug_never_overwrites_the_first(tmp_path):
    """Two blogs moved into one site, one export after the other: a post of the second
    with a slug the first already used is imported beside it, not over it."""
    first = FIXTURES / "wpcom-2012.xml"
    second = tmp_path / "second-blog.xml"
    second.write_text(first.read_text().replace("?p=5</guid>", "?p=99</guid>").replace(
        "A post from 2012, still worth reading.", "SECOND-BLOG-TEXT").replace(
        "<wp:post_id>5</wp:post_id>", "<wp:post_id>99</wp:post_id>"))
    site = Site(tmp_path / "site", PLUGINS=PLUGINS)
    settings = site.settings_file(False, {})
    run_import(first, site.content, settings_file=settings)
    kept = (site.content / "ten-years-of-notes.md").read_text()
    report = run_import(second, site.content, settings_file=settings)
    assert (site.content / "ten-years-of-notes.md").read_text() == kept
    assert "SECOND-BLOG-TEXT" in (site.content / "ten-years-of-notes-2.md").read_text()
    assert any("imported as 'ten-years-of-notes-2'" in note for note in report.notes)
    # The first blog imported again is its own file, refreshed in place.
    again = run_import(first, site.content, settings_file=settings)
    assert "ten-years-of-notes.md" in again.unchanged
