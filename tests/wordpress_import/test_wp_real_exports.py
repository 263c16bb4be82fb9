"""Real WordPress exports written by other projects import and build cleanly, threads intact."""

from __future__ import annotations

import html
from urllib.parse import urlsplit

import pytest
from wp_helpers import (SHARED_EXPORTS, expected_depths, export_items, imported_site,
                        nginx_shortlinks, output_path, private_strings, refresh_target,
                        reply_depths, written_text)

EXPORTS = ["pelican-tests-wordpressexport.xml", "isso-tests-wordpress.xml",
           "wpaccessibility-a11y-theme-unit-test-data.xml"]


@pytest.fixture(scope="module", params=EXPORTS)
def imported(request, tmp_path_factory):
    export = SHARED_EXPORTS / request.param
    site, report = imported_site(tmp_path_factory.mktemp("real") / "site", export)
    build = site.build()
    assert build.ok, build.log
    return export, site, report, build


def published(items, kind="post"):
    """Items a visitor could read on the old site; an export with no date at all for one
    cannot say when it was published, so the importer keeps that one as a draft."""
    return [i for i in items if i["type"] == kind and i["status"] == "publish"
            and not i["password"] and i["dated"]]


def first_claims(items):
    """Items whose old address no earlier item had (a broken export may repeat one)."""
    seen, first = set(), []
    for item in items:
        if item["link"] not in seen:
            seen.add(item["link"])
            first.append(item)
    return first


def new_address(build, item) -> str | None:
    """Where the old post now lives, found the way a visitor's old link finds it."""
    parts = urlsplit(item["link"])
    if parts.query:
        name, _, value = parts.query.partition("=")
        return nginx_shortlinks(build, name).get(value)
    target = output_path(build, parts.path)
    if not target.is_file():
        return None
    page = build.page(str(target.relative_to(build.output)))
    return refresh_target(page) if page.find("meta", attrs={"http-equiv": "refresh"}) else parts.path


def test_every_approved_comment_is_on_its_page_at_its_depth(imported):
    export, site, _, build = imported
    checked = 0
    for item in published(export_items(export)):
        depths = expected_depths(item["comments"])
        if not depths:
            continue
        url = new_address(build, item)
        assert url, f"{item['title']}: its old address {item['link']} leads nowhere"
        page = build.page(url)
        assert page.h1.get_text(" ", strip=True) == html.unescape(item["title"])
        shown = reply_depths(page)
        for comment_id, depth in depths.items():
            assert shown.get(comment_id) == depth, f"{item['title']}: comment {comment_id}"
        checked += len(depths)
    assert checked


def test_comments_without_a_reply_section_are_kept_aside(imported):
    export, site, _, _ = imported
    for item in export_items(export):
        hidden = (item["type"] == "page" or item["password"] or item["status"] == "private")
        if item["type"] not in ("post", "page") or not hidden:
            continue
        for comment_id in expected_depths(item["comments"]):
            assert list(site.content.glob(f"replies/.held/*/{comment_id}.md")), item["title"]


def test_old_permalinks_lead_to_the_new_pages(imported):
    export, _, _, build = imported
    items = export_items(export)
    for item in first_claims(published(items) + published(items, "page")):
        if not item["link"] or urlsplit(item["link"]).path.strip("/") in ("tags", "archives"):
            continue  # the site's own listing pages live there now
        url = new_address(build, item)
        assert url and build.path(url).is_file(), item["link"]
        if item["title"]:
            assert build.page(url).h1.get_text(" ", strip=True) == html.unescape(item["title"])


def test_not_content_is_counted_not_written(imported):
    export, site, report, _ = imported
    items = export_items(export)
    others = [i for i in items if i["type"] not in ("post", "page")]
    assert sum(report.skipped.values()) == len(others)
    posts_and_pages = [i for i in items if i["type"] in ("post", "page")]
    assert sum(report.imported.values()) == len(posts_and_pages)
    assert len(list(site.content.glob("*.md"))) + len(list(site.content.glob("pages/*.md"))) \
        == len(posts_and_pages)


def test_no_commenter_address_is_written(imported):
    export, site, _, _ = imported
    written = written_text(site.content).lower()
    assert not [s for s in private_strings(export) if s.lower() in written]



def test_line_breaks_inside_a_paragraph_stay_line_breaks(imported):
    """WordPress turns a single newline in a post or comment into a line
    break; the importer writes it as CommonMark's backslash at a line's end,
    which a reader must see as a line break, never as a backslash."""
    _, site, _, build = imported
    written_breaks = sum(p.read_text(encoding="utf-8").count("\\\n")
                         for p in site.content.rglob("*.md"))
    shown_breaks = 0
    for page in build.files("**/index.html"):
        for text in build.page(str(page.relative_to(build.output))).select(
                ".essay-body, .reply .e-content"):
            for code in text.select("pre, code"):
                code.decompose()
            assert not [s for s in text.strings if "\\\n" in s], page
            shown_breaks += len(text.select("br"))
    assert shown_breaks >= (1 if written_breaks else 0)
