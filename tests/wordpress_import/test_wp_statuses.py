"""An export with every status and type WordPress writes, under the https:// namespace
WordPress's own theme test data uses: what a visitor could read arrives, pages with their
replies; nothing else is published by a production build; the summary says what was kept off."""

from __future__ import annotations

import pytest
from sitebuild import search_index
from wp_helpers import FIXTURES, import_and_build, published_text, reply_depths

EXPORT = FIXTURES / "https-statuses.xml"
# Texts of items no visitor of the WordPress blog could read.
SECRETS = ["DRAFT-SECRET", "DRAFT-REPLY-SECRET", "PENDING-SECRET", "PRIVATE-SECRET",
           "PASSWORD-SECRET", "PASSWORD-REPLY-SECRET", "FUTURE-SECRET", "TRASH-SECRET",
           "AUTODRAFT-SECRET", "UNREADABLE-SECRET", "UNTYPED-SECRET", "PRODUCT-SECRET",
           "SCHEDULED-PAGE-SECRET"]


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    return import_and_build(tmp_path_factory.mktemp("statuses") / "site", EXPORT)


def test_an_https_namespace_export_is_read(imported):
    _, report, production, *_ = imported
    assert report.imported[("posts", "published")] == 1
    assert report.imported[("pages", "published")] == 2
    assert production.page("title-with-markup/").find("h1")
    assert production.page("about/").find("h1").get_text() == "About"


def test_nothing_private_is_in_any_file_of_the_production_site(imported):
    _, _, production, *_ = imported
    text = published_text(production.output)
    # The search index was built and is read too (its fragments are compressed).
    assert any("PUBLIC-MARKER" in page for page in search_index(production.output).values())
    assert [secret for secret in SECRETS if secret in text] == []
    assert not (production.output / "drafts").exists()


def test_the_development_site_still_shows_drafts(imported, tmp_path):
    site, *_ = imported
    development = site.build(output=tmp_path / "dev")
    assert development.ok, development.log
    assert "DRAFT-SECRET" in development.text("drafts/a-draft/")
    # Private and password-protected items are never built, not even for the author.
    text = published_text(development.output)
    assert "PRIVATE-SECRET" not in text and "PASSWORD-SECRET" not in text


def test_items_whose_type_or_status_cannot_be_read_are_left_out_and_listed_first(imported):
    site, report, *_ = imported
    summary = "\n".join(report.lines())
    assert summary.startswith("LEFT OUT, could not be read (2 item(s)):")
    assert "'Lost its status'" in summary.split("Imported from")[0]
    assert "'Lost its type'" in summary.split("Imported from")[0]
    written = "".join(p.read_text() for p in site.content.rglob("*.md"))
    assert "UNREADABLE-SECRET" not in written and "UNTYPED-SECRET" not in written


def test_every_item_kept_off_the_site_is_listed_by_kind(imported):
    _, report, *_ = imported
    kept_off = {why: " ".join(names) for why, names in report.kept_off.items()}
    assert "A draft" in kept_off["draft"]
    assert "Pending review, with a password" in kept_off["kept out of the site (password-protected)"]
    assert "Protected page" in kept_off["kept out of the site (password-protected)"]
    assert "Private notes" in kept_off["kept out of the site (private)"]
    assert "Thrown away" in kept_off["trash (not imported)"]
    assert "Auto Draft" in kept_off["auto-draft (not imported)"]
    assert any("Scheduled for later" in names for why, names in kept_off.items()
               if why.startswith("scheduled"))
    others = " ".join(report.skipped)
    for kind in ("attachment", "nav_menu_item", "wp_navigation", "wp_block", "product"):
        assert kind in others


def test_private_and_password_protected_items_are_kept_with_status_skip(imported):
    site, *_ = imported
    for path in ("private-notes.md", "pending-review.md", "pages/protected.md"):
        text = (site.content / path).read_text()
        assert "Status: skip" in text and "Note: " in text
    assert "swordfish" not in "".join(p.read_text() for p in site.content.rglob("*") if p.is_file())
    assert (site.content / "replies/.held/protected/45.md").is_file()


def test_a_scheduled_post_keeps_its_date(imported):
    site, *_ = imported
    text = (site.content / "scheduled-for-later.md").read_text()
    assert "Date: 2099-06-01 10:00:00+02:00" in text and "Status" not in text


def test_a_scheduled_page_is_a_draft_as_pelican_never_holds_pages_back(imported):
    site, report, *_ = imported
    assert "Status: draft" in (site.content / "pages/opening-soon.md").read_text()
    assert "Opening soon" in " ".join(report.kept_off["draft (a scheduled page)"])


def test_pages_show_their_replies_like_posts(imported):
    _, _, production, *_ = imported
    page = production.page("about/")
    assert reply_depths(page) == {"31": 0, "32": 1, "33": 0}
    assert "mentioned this" in page.find(id="reply-33").get_text()
    closed = production.page("colophon/")
    assert "Said before comments closed." in closed.find(id="reply-34").get_text()
    assert closed.select_one("#replies .notice")


def test_a_page_can_turn_its_replies_off(imported, tmp_path):
    site, *_ = imported
    quiet = site.write("pages/quiet.md", """\
        Title: Quiet
        Replies: off

        No replies here.
        """)
    try:
        build = site.build(publish=True, output=tmp_path / "out")
    finally:
        quiet.unlink()
    assert build.ok, build.log
    assert build.page("quiet/").find(id="replies") is None
    assert build.page("about/").find(id="replies")


def test_empty_commenter_addresses_are_dropped(imported):
    site, _, production, *_ = imported
    reply = (site.content / "replies/title-with-markup/21.md").read_text()
    assert "URL:" not in reply
    shown = production.page("title-with-markup/").select_one("#reply-21 > .reply-meta")
    assert shown.select_one(".p-author a") is None
    assert shown.select_one(".p-name").get_text() == "Walt Without Website"


def test_a_website_that_is_not_a_web_address_is_dropped_with_a_note(imported):
    site, report, production, *_ = imported
    assert "URL:" not in (site.content / "replies/title-with-markup/23.md").read_text()
    assert "javascript:" not in production.text("title-with-markup/")
    assert any("comment 23: its website 'javascript:alert(document.cookie)' is not a web "
               "address" in note for note in report.notes)


def test_a_reply_the_archive_would_refuse_is_left_out_with_a_note(imported):
    site, report, production, *_ = imported
    assert not (site.content / "replies/title-with-markup/22.md").exists()
    assert any("comment 22 left out" in note and "2999" in note for note in report.notes)


def test_titles_keep_their_inline_markup(imported):
    _, _, production, *_ = imported
    heading = production.page("title-with-markup/").find("h1")
    assert heading.find("em").get_text() == "With"
    assert heading.get_text() == "Title With Markup"


def test_the_text_before_more_is_the_summary(imported):
    site, _, production, *_ = imported
    assert "Summary: The teaser paragraph, shown in listings." in (
        site.content / "title-with-markup.md").read_text()
    listing = production.page("index.html").get_text()
    assert "The teaser paragraph" in listing and "PUBLIC-MARKER" not in listing


def test_sticky_posts_are_listed_in_the_summary(imported):
    _, report, *_ = imported
    assert report.sticky == ["post 'Title With Markup' (title-with-markup.md)"]
    assert "Sticky in WordPress" in "\n".join(report.lines())


def test_nothing_is_written_outside_the_content_folder(imported):
    *_, before, after = imported
    changed = {path for path in set(before) | set(after) if before.get(path) != after.get(path)}
    assert changed and all(path.startswith("content/") for path in changed)
