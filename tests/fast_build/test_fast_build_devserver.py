"""The dev server: edits are served, and the served site is always what a full build makes."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from fastsite import DevServer, differences, rewrite, save
from sitebuild import free_port, search_index, tree_state


def first_sentence(path: Path) -> str:
    body = path.read_text(encoding="utf-8").split("\n\n", 1)[1]
    return body[:body.index(". ") + 1]


def slug_of(path: Path) -> str:
    return re.search(r"^Slug: (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE).group(1)


def full_build(site, tmp_path: Path, name: str) -> Path:
    """A clean build of the same content, with the search index the dev server makes."""
    build = site.build(output=tmp_path / name, CACHE_PATH=str(tmp_path / f"{name}-cache"),
                       SEARCH_INDEX=True)
    assert build.ok, build.log
    return build.output


def reindexed(server) -> int:
    """Index parts the dev server has brought up to date after fast edits."""
    return server.log().count("Search: re-indexed")


def indexed_text(server, page: str) -> str:
    """What the served index holds for `page` ("" between a part's two renames)."""
    try:
        return search_index(server.output).get(page, "")
    except FileNotFoundError:
        return ""


def after_fast_edit(server, change, what: str) -> None:
    """An edit to an essay's text: its page at once, then its part of the search index."""
    before = reindexed(server)
    server.after(change, what)
    assert "Done: updated" in last_update(server)
    server.wait_until(lambda: reindexed(server) > before, f"the search index after {what}", 30)


def last_update(server) -> str:
    return [line for line in server.log().splitlines() if "Done:" in line][-1]


def test_an_edited_text_is_served_at_once_and_matches_a_full_build(dev_server, big_site, tmp_path):
    # Several essays, so that some pages were first written by a worker process.
    for number, essay in enumerate(sorted(big_site.content.glob("*.md"))[3:9]):
        opening = f"A freshly edited opening, number {number}."
        dev_server.after(lambda: rewrite(essay, first_sentence(essay), opening), "the edit")
        assert opening in dev_server.fetch(f"/{slug_of(essay)}/")
        assert "Done: updated" in last_update(dev_server)

    # Without its role headings, the essay loses its "More for" lines, and the
    # hubs and other essays that linked into those sections must change too:
    # the dev server sees that and rebuilds the site.
    declared = next(p for p in sorted(big_site.content.glob("*.md"))
                    if "\nRoles: " in p.read_text(encoding="utf-8") and "\n## " in p.read_text(encoding="utf-8"))
    plain = re.sub(r"^## .*$", "## Another look", declared.read_text(encoding="utf-8"), flags=re.MULTILINE)
    page = f"/{slug_of(declared)}/"
    assert 'class="more-for"' in dev_server.fetch(page)
    dev_server.after(lambda: save(declared, plain), "the headings edit")
    assert 'class="more-for"' not in dev_server.fetch(page)
    assert differences(dev_server.output, full_build(big_site, tmp_path, "after-edit")) == []

    # No `Summary:`: listings show its first words, so they change too.
    unsummarised = big_site.content / "learning-in-public.md"
    after_fast_edit(dev_server, lambda: rewrite(unsummarised, "Writing where others can read it",
                                                "Writing in the open"), "the second edit")
    assert "Writing in the open" in dev_server.fetch("/tag/learning/")
    assert differences(dev_server.output, full_build(big_site, tmp_path, "after-summary")) == []


def test_search_is_indexed_on_start_and_an_edit_reindexes_only_its_part(big_site, tmp_path):
    # Several parts, as on a big site: an edit re-indexes its own part only.
    big_site.settings["SEARCH_PAGES_PER_INDEX"] = 10
    server = DevServer(big_site, free_port())
    try:
        essay = sorted(big_site.content.glob("*.md"))[5]
        page = f"/{slug_of(essay)}/"
        assert first_sentence(essay) in search_index(server.output)[page]
        parts = sorted(p for p in (server.output / "pagefind").iterdir() if p.is_dir())
        assert len(parts) > 2
        before = {part.name: tree_state(part) for part in parts}
        after_fast_edit(server, lambda: rewrite(essay, first_sentence(essay),
                                                "A zanzibarish opening."), "the edit")
        assert "zanzibarish" in search_index(server.output)[page]
        # The other parts' files are not even written again.
        changed = [part.name for part in parts if tree_state(part) != before[part.name]]
        assert len(changed) == 1
        assert differences(server.output, full_build(big_site, tmp_path, "full")) == []
    finally:
        server.stop()


def searched(page, base: str, query: str) -> list[str]:
    """The links the search page lists for `query`, once it has answered."""
    page.goto(f"{base}/search/?q={quote(query)}")
    page.wait_for_function("""() => {
        const status = document.querySelector("[data-search-status]").textContent;
        return status && !status.startsWith("Searching"); }""", timeout=15000)
    return [link.get_attribute("href") for link in page.query_selector_all(".search-result h2 a")]


@pytest.mark.slow
@pytest.mark.browser
def test_search_under_the_dev_server_finds_an_edit_seconds_after_it_is_served(
        dev_server, big_site, browser):
    context = browser.new_context()
    page = context.new_page()
    elsewhere = []
    page.on("request", lambda request: elsewhere.append(request.url)
            if not request.url.startswith(dev_server.base) else None)
    assert "/learning-in-public/" in searched(page, dev_server.base, '"where others can read it"')
    # The index loaded, so the note that search needs it is gone; no web search is offered.
    assert page.is_hidden("[data-search-fallback]")
    assert "duckduckgo" not in page.content()

    essay = sorted(big_site.content.glob("*.md"))[6]
    dev_server.after(lambda: rewrite(essay, first_sentence(essay), "A quokkaphonic opening."),
                     "the edit")
    assert "Done: updated" in last_update(dev_server)
    assert "quokkaphonic" in dev_server.fetch(f"/{slug_of(essay)}/")  # served first
    deadline = time.monotonic() + 10
    while f"/{slug_of(essay)}/" not in searched(page, dev_server.base, "quokkaphonic"):
        assert time.monotonic() < deadline, f"not found by search:\n{dev_server.log()}"
        time.sleep(0.2)
    assert elsewhere == []
    context.close()


@pytest.mark.slow
def test_other_changes_rebuild_everything_and_match_full_builds(dev_server, big_site, tmp_path):
    unsummarised = big_site.content / "learning-in-public.md"
    # Its roles come from its headings: a heading for another role moves it between role pages.
    dev_server.after(lambda: rewrite(unsummarised, "## What managers can do", "## What leaders can do"),
                     "the heading edit")
    assert "Done: Processed" in last_update(dev_server)
    assert "learning-in-public" in dev_server.fetch("/roles/leader/")
    assert differences(dev_server.output, full_build(big_site, tmp_path, "roles")) == []

    essay = sorted(big_site.content.glob("*.md"))[5]
    dev_server.after(lambda: rewrite(essay, "Title: ", "Title: Renamed: "), "the title edit")
    assert "Renamed: " in dev_server.fetch("/archives/")
    assert differences(dev_server.output, full_build(big_site, tmp_path, "title")) == []

    new = big_site.content / "a-new-essay.md"
    dev_server.after(lambda: save(new, unsummarised.read_text(encoding="utf-8")
                                  .replace("Slug: learning-in-public", "Slug: a-new-essay")
                                  .replace("Title: Learning in Public", "Title: A New Essay")),
                     "the new essay")
    assert "A New Essay" in dev_server.fetch("/a-new-essay/")
    assert differences(dev_server.output, full_build(big_site, tmp_path, "added")) == []

    gone = sorted(big_site.content.glob("*.md"))[7]
    slug = slug_of(gone)
    # Its replies first: replies to a post that does not exist stop the build.
    dev_server.after(lambda: shutil.rmtree(big_site.content / "replies" / slug), "the replies' deletion")
    dev_server.after(gone.unlink, "the deletion")
    assert dev_server.fetch(f"/{slug}/") is None
    assert differences(dev_server.output, full_build(big_site, tmp_path, "deleted")) == []


def test_an_edit_saved_while_the_site_is_rebuilt_is_not_lost(dev_server, big_site, tmp_path):
    # Pelican's own autoreload makes a new watcher after each build, so it
    # never sees a file saved during one; the dev server keeps watching.
    renamed, edited = sorted(big_site.content.glob("*.md"))[4:6]
    staging = dev_server.output.with_name(dev_server.output.name + ".building")
    done = dev_server.updates()
    rewrite(renamed, "Title: ", "Title: Renamed: ")
    dev_server.wait_until(staging.exists, "the full build to start")
    rewrite(edited, first_sentence(edited), "Saved while the site was being rebuilt.")
    dev_server.wait_until(lambda: dev_server.updates() >= done + 2, "the edit saved meanwhile")
    dev_server.wait_until(lambda: "Saved while the site was being rebuilt." in indexed_text(
        dev_server, f"/{slug_of(edited)}/"), "the search index", 30)
    assert "Saved while the site was being rebuilt." in dev_server.fetch(f"/{slug_of(edited)}/")
    assert "Renamed: " in dev_server.fetch(f"/{slug_of(renamed)}/")
    assert differences(dev_server.output, full_build(big_site, tmp_path, "full")) == []


def test_an_error_in_an_edited_file_is_reported_and_the_last_good_page_stays(dev_server, big_site):
    essay = sorted(big_site.content.glob("*.md"))[9]
    page = f"/{slug_of(essay)}/"
    good = dev_server.fetch(page)
    dev_server.after(lambda: rewrite(essay, "\nDate: ", "\nDate: soon, "), "the broken edit")
    log = dev_server.log()
    assert f"{essay.name}, line 2" in log
    assert "is not a date" in log and "Fix: write it as YYYY-MM-DD" in log
    assert "the last good site is still served" in log
    assert dev_server.fetch(page) == good

    dev_server.after(lambda: rewrite(essay, "\nDate: soon, ", "\nDate: "), "the fix")
    dev_server.after(lambda: rewrite(essay, first_sentence(essay), "Fixed and edited."), "the edit")
    assert "Fixed and edited." in dev_server.fetch(page)


def test_a_plugin_that_stops_loading_is_named_and_the_last_good_site_stays(dev_server, big_site):
    essay = sorted(big_site.content.glob("*.md"))[2]
    page = f"/{slug_of(essay)}/"
    good = dev_server.fetch(page)
    settings = dev_server.settings.read_text(encoding="utf-8")
    dev_server.after(lambda: save(dev_server.settings, settings + "PLUGINS = PLUGINS + ['galery_typo']\n"),
                     "the settings edit")
    log = dev_server.log()
    assert "the last good site is still served" in log
    assert "- galery_typo: there is no plugin of that name" in log
    assert "Fix: correct the name in PLUGINS" in log
    assert dev_server.fetch(page) == good

    dev_server.after(lambda: save(dev_server.settings, settings), "the settings fixed")
    dev_server.after(lambda: rewrite(essay, first_sentence(essay), "Served again."), "the edit")
    assert "Served again." in dev_server.fetch(page)
