"""Exports as old blogs really have them: undeclared prefixes, PHP warnings, stray bytes, and
ids that are paths. What can be read is read and listed; nothing is written outside content/."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from sitebuild import Site
from wp_helpers import FIXTURES, PLUGINS, import_and_build, published_text, reply_depths, run_import
from pelican.plugins.wordpress_import import archive
from pelican.plugins.wordpress_import.cli import ImportFailed
from pelican.plugins.wordpress_import.documents import PlannedFile
from pelican.plugins.wordpress_import.report import ImportReport

WPCOM = FIXTURES / "wpcom-2012.xml"
OUTSIDE = Path("/tmp/wordpress-import-hostile-id.md")


@pytest.fixture(scope="module")
def wpcom(tmp_path_factory):
    root = tmp_path_factory.mktemp("wpcom") / "site"
    root.mkdir()
    (root / "README.md").write_text("The project's own README.\n")
    OUTSIDE.unlink(missing_ok=True)
    return import_and_build(root, WPCOM)


def test_an_undeclared_prefix_is_declared_and_listed(wpcom):
    _, report, build, *_ = wpcom
    assert report.repairs == ["line 15: the prefix 'atom:' is used but not declared; declared "
                              "as http://www.w3.org/2005/Atom"]
    assert "Repaired in" in "\n".join(report.lines())
    page = build.page("ten-years-of-notes/")
    assert reply_depths(page) == {"1": 0, "2": 1}


def test_http_with_no_host_is_no_website(wpcom):
    site, _, build, *_ = wpcom
    assert "URL:" not in (site.content / "replies/ten-years-of-notes/1.md").read_text()
    page = build.page("ten-years-of-notes/")
    assert page.select_one("#reply-1 > .reply-meta .p-author a") is None
    assert page.select_one("#reply-2 > .reply-meta .p-author a")["href"] == \
        "http://withwebsite.example.net/"


def test_comment_ids_that_are_paths_are_refused_and_write_nothing_outside(wpcom):
    site, report, build, before, after = wpcom
    assert (site.root / "README.md").read_text() == "The project's own README.\n"
    assert not OUTSIDE.exists()
    assert len(report.refused) == 2
    summary = "\n".join(report.lines())
    assert "REFUSED (2)" in summary and "../../../README" in summary
    changed = {path for path in set(before) | set(after) if before.get(path) != after.get(path)}
    assert changed and all(path.startswith("content/") for path in changed)
    everything = published_text(site.root)
    assert "HOSTILE-ID" not in everything


def test_a_path_outside_the_content_folder_is_refused_when_writing(tmp_path):
    """The last check before anything is written, whatever the planner produced."""
    content = tmp_path / "site" / "content"
    content.mkdir(parents=True)
    files = [PlannedFile("../README.md", "overwritten\n"), PlannedFile("/tmp/x.md", "outside\n"),
             PlannedFile("replies/a/1.md", "Author: A\n\nfine\n")]
    report = ImportReport(source="test")
    staging = archive.stage(files, content)
    try:
        manifest = archive.commit(files, staging, content, {}, False, report)
    finally:
        archive.discard(staging)
    assert list(manifest) == ["replies/a/1.md"]
    assert len(report.refused) == 2
    assert not (tmp_path / "site" / "README.md").exists()
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()] == [
        "site/content/replies/a/1.md"]


DAMAGED_TITLE = "Caf\xe9 \x01notes&#1; &nbsp;&amp; Tom & Jerry".encode("latin-1")


def damaged_export(tmp_path) -> Path:
    """The 2012 export as a broken server and an old database would hand it over."""
    data = WPCOM.read_bytes().replace(b"<title>Ten years of notes</title>",
                                      b"<title>" + DAMAGED_TITLE + b"</title>")
    export = tmp_path / "damaged.xml"
    export.write_bytes(b"\nWarning: Cannot modify header information in /var/www/wp-admin/"
                       b"export.php on line 12\n" + data + b"\n<!-- cached by a plugin -->junk\n")
    return export


def test_damage_real_exports_carry_is_repaired_and_listed(tmp_path):
    site = Site(tmp_path / "site", PLUGINS=PLUGINS)
    report = run_import(damaged_export(tmp_path), site.content,
                        settings_file=site.settings_file(False, {}))
    repaired = "\n".join(report.repairs)
    for what in ("prefix 'atom:'", "text before the XML", "text after </rss>",
                 "control character", "read as Windows-1252", "HTML entity", "bare '&'"):
        assert what in repaired
    build = site.build(publish=True)
    assert build.ok, build.log
    title = build.page("ten-years-of-notes/").h1.get_text()
    assert " ".join(title.split()) == "Café notes & Tom & Jerry"


def test_a_damaged_file_with_a_dtd_is_still_refused(tmp_path):
    export = tmp_path / "hostile.xml"
    export.write_bytes(b"Warning: junk first\n" + WPCOM.read_bytes().replace(
        b"<rss", b'<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<rss', 1))
    with pytest.raises(ImportFailed, match="line 6: the file declares a DTD"):
        run_import(export, tmp_path / "content")
    assert not (tmp_path / "content").exists() or not any((tmp_path / "content").iterdir())


def test_a_feed_that_is_not_an_export_says_so(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text("""<?xml version="1.0"?>
<rss version="2.0"><channel><title>A blog</title>
<item><title>A post</title><link>https://blog.example.org/a-post/</link>
<description>FEED-TEXT</description></item>
</channel></rss>
""")
    with pytest.raises(ImportFailed, match="RSS feed, not a WordPress export"):
        run_import(feed, tmp_path / "content")
    assert not (tmp_path / "content").exists() or not any((tmp_path / "content").iterdir())


@pytest.mark.parametrize("start, says", [
    (b"\x1f\x8b\x08\x00", "gzip-compressed"),
    (b"<!DOCTYPE html>\n<html><head><title>My blog</title>", "a web page (HTML)"),
])
def test_what_people_give_instead_of_the_export_is_named(tmp_path, start, says):
    given = tmp_path / "export.xml"
    given.write_bytes(start + b"\n" * 10)
    with pytest.raises(ImportFailed, match=re.escape(says)):
        run_import(given, tmp_path / "content")
    assert not (tmp_path / "content").exists() or not any((tmp_path / "content").iterdir())


def test_the_zip_wordpress_com_sends_is_imported_as_one_export(tmp_path):
    export = tmp_path / "oldtimer.wordpress.2024-01-01.zip"
    with zipfile.ZipFile(export, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(WPCOM, "oldtimer.wordpress.2024-01-01.000.xml")
        archive.write(FIXTURES / "https-statuses.xml", "oldtimer.wordpress.2024-01-01.001.xml")
        archive.writestr("../../README.txt", "a member that is not an export, and a hostile name")
    site = Site(tmp_path / "site", PLUGINS=PLUGINS)
    report = run_import(export, site.content, settings_file=site.settings_file(False, {}))
    assert (site.content / "ten-years-of-notes.md").is_file()  # from the first file
    assert (site.content / "pages/about.md").is_file()  # from the second
    assert report.repairs[0].startswith("oldtimer.wordpress.2024-01-01.000.xml: line 15:")
    assert not (tmp_path / "README.txt").exists()
    build = site.build(publish=True)
    assert build.ok, build.log
    assert build.page("about/").find(id="reply-31")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    bomb = tmp_path / "export.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("export.xml", b"<rss>" + b" " * 20_000_000 + b"</rss>")
    with pytest.raises(ImportFailed, match="refused, nothing was imported"):
        run_import(bomb, tmp_path / "content")
    assert not (tmp_path / "content").exists() or not any((tmp_path / "content").iterdir())
