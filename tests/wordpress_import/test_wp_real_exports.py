"""Real WordPress exports written by other projects, imported and built for production as a
blogger would: everything public arrives with its threads, nothing private is published,
nothing is written outside content/."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from safe_input import title_text
from wp_helpers import (SHARED_EXPORTS, expected_depths, export_items, import_and_build,
                        is_private, is_public, nginx_shortlinks, output_path, private_strings,
                        published_text, refresh_target, reply_depths, written_text)

EXPORTS = ["pelican-tests-wordpressexport.xml", "isso-tests-wordpress.xml",
           "wpaccessibility-a11y-theme-unit-test-data.xml"]


@pytest.fixture(scope="module", params=EXPORTS)
def imported(request, tmp_path_factory):
    export = SHARED_EXPORTS / request.param
    return (export, *import_and_build(tmp_path_factory.mktemp("real") / "site", export))


def first_claims(items):
    """Items whose old address no earlier item had (a broken export may repeat one)."""
    seen, first = set(), []
    for item in items:
        if item["link"] not in seen:
            seen.add(item["link"])
            first.append(item)
    return first


def local(url: str) -> str:
    """The path of a (production, absolute) URL of the site."""
    return urlsplit(url).path


def new_address(build, item) -> str | None:
    """Where the old post now lives, found the way a visitor's old link finds it."""
    parts = urlsplit(item["link"])
    if parts.query:
        name, _, value = parts.query.partition("=")
        found = nginx_shortlinks(build, name, parts.path or "/").get(value)
        return local(found) if found else None
    target = output_path(build, parts.path)
    if not target.is_file():
        return None
    page = build.page(str(target.relative_to(build.output)))
    if page.find("meta", attrs={"http-equiv": "refresh"}):
        return local(refresh_target(page))
    return parts.path


def test_every_public_post_and_page_is_there_with_every_approved_reply_at_its_depth(imported):
    export, _, report, build, *_ = imported
    items = export_items(export)
    shown = expected = 0
    for item in first_claims([i for i in items if is_public(i)]):
        if urlsplit(item["link"]).path.strip("/") in ("tags", "archives"):
            continue  # the site's own listing pages live there now
        url = new_address(build, item)
        assert url and build.path(url).is_file(), f"{item['title']}: {item['link']} leads nowhere"
        page = build.page(url)
        if item["title"]:
            assert page.h1.get_text(" ", strip=True) == title_text(
                re.sub(r"<(?!/?(?:em|strong|b|i|code)\b)", "&lt;", item["title"]))
        depths = reply_depths(page)
        for comment_id, depth in expected_depths(item["comments"]).items():
            assert depths.get(comment_id) == depth, f"{item['title']}: comment {comment_id}"
        shown += len(depths)
        expected += len(expected_depths(item["comments"]))
    # No reply shown that the export does not have; pages' replies are shown too.
    assert shown == expected and shown


def test_items_are_counted_by_what_they_are(imported):
    export, site, report, *_ = imported
    items = export_items(export)
    readable = [i for i in items if i["type"] and (i["type"] not in ("post", "page") or i["status"])]
    others = [i for i in readable if i["type"] not in ("post", "page")]
    posts_and_pages = [i for i in readable if i["type"] in ("post", "page")]
    left_out = [i for i in posts_and_pages if i["status"] not in
                ("publish", "draft", "pending", "future", "private")]
    assert sum(report.skipped.values()) == len(others) + len(left_out)
    assert sum(report.imported.values()) == len(posts_and_pages) - len(left_out)
    assert len(report.unreadable) == len(items) - len(readable)
    written = list(site.content.glob("*.md")) + list(site.content.glob("pages/*.md"))
    assert len(written) == len(posts_and_pages) - len(left_out)
    summary = "\n".join(report.lines())
    if report.unreadable:
        assert summary.startswith("LEFT OUT, could not be read")


def test_nothing_private_is_published(imported):
    """Words found only in drafts, scheduled, private, password-protected and unreadable
    items are in no file of the production site, search index included."""
    export, _, _, build, *_ = imported
    items = export_items(export)

    def phrases(text: str) -> set[str]:
        """Every run of five words in a text (an HTML body, a feed, a page)."""
        words = re.findall(r"\w+", BeautifulSoup(html.unescape(text), "html.parser")
                           .get_text(" ").lower())
        return {" ".join(words[n:n + 5]) for n in range(len(words) - 4)}

    public = set().union(*(phrases(i["content"]) for i in items if not is_private(i)))
    secret = set().union(*(phrases(i["content"]) for i in items if is_private(i))) - public
    shown = phrases(published_text(build.output))
    assert not secret & shown
    # The check has something to look for wherever the export has private text of its own.
    assert secret or export.name == "isso-tests-wordpress.xml"


def test_nothing_is_written_outside_the_content_folder(imported):
    *_, before, after = imported
    changed = {path for path in set(before) | set(after) if before.get(path) != after.get(path)}
    assert changed and all(path.startswith("content/") for path in changed)


def test_replies_of_items_kept_off_the_site_are_kept_aside(imported):
    export, site, *_ = imported
    for item in export_items(export):
        if item["type"] in ("post", "page") and (item["password"] or item["status"] == "private"):
            for comment_id in expected_depths(item["comments"]):
                assert list(site.content.glob(f"replies/.held/*/{comment_id}.md")), item["title"]


def test_no_commenter_address_is_written(imported):
    export, site, _, build, *_ = imported
    written = (written_text(site.content) + published_text(build.output)).lower()
    assert not [s for s in private_strings(export) if s.lower() in written]


def test_line_breaks_inside_a_paragraph_stay_line_breaks(imported):
    """WordPress turns a single newline in a post or comment into a line
    break; the importer writes it as CommonMark's backslash at a line's end,
    which a reader must see as a line break, never as a backslash."""
    _, site, _, build, *_ = imported
    written_breaks = sum(p.read_text(encoding="utf-8").count("\\\n")
                         for p in site.content.rglob("*.md"))
    shown_breaks = 0
    for page in build.files("**/index.html"):
        for text in build.page(str(page.relative_to(build.output))).select(
                ".essay-body, article.page, .reply .e-content"):
            for code in text.select("pre, code"):
                code.decompose()
            assert not [s for s in text.strings if "\\\n" in s], page
            shown_breaks += len(text.select("br"))
    assert shown_breaks >= (1 if written_breaks else 0)
