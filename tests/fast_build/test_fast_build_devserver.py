"""The dev server: edits are served, and the served site is always what a full build makes."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from fastsite import DevServer, differences
from sitebuild import free_port, search_index


def rewrite(path: Path, old: str, new: str) -> None:
    """Save an edit the way many editors do: a new file renamed over the old one."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    save(path, text.replace(old, new, 1))


def save(path: Path, text: str) -> None:
    scratch = path.with_name(f".{path.name}.saving")
    scratch.write_text(text, encoding="utf-8")
    os.replace(scratch, path)


def first_sentence(path: Path) -> str:
    body = path.read_text(encoding="utf-8").split("\n\n", 1)[1]
    return body[:body.index(". ") + 1]


def slug_of(path: Path) -> str:
    return re.search(r"^Slug: (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE).group(1)


def full_build(site, tmp_path: Path, name: str) -> Path:
    build = site.build(output=tmp_path / name, CACHE_PATH=str(tmp_path / f"{name}-cache"))
    assert build.ok, build.log
    return build.output


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
    dev_server.after(lambda: rewrite(unsummarised, "Writing where others can read it",
                                     "Writing in the open"), "the second edit")
    assert "Writing in the open" in dev_server.fetch("/tag/learning/")
    assert "Done: updated" in last_update(dev_server)
    assert differences(dev_server.output, full_build(big_site, tmp_path, "after-summary")) == []


def test_with_search_on_an_edit_is_indexed_as_a_full_build_would(big_site, tmp_path):
    big_site.settings["SEARCH_INDEX"] = True
    server = DevServer(big_site, free_port())
    try:
        essay = sorted(big_site.content.glob("*.md"))[5]
        server.after(lambda: rewrite(essay, first_sentence(essay), "A zanzibarish opening."),
                     "the edit")
        assert "Done: updated" in last_update(server)
        assert "zanzibarish" in search_index(server.output)[f"/{slug_of(essay)}/"]
        assert differences(server.output, full_build(big_site, tmp_path, "full")) == []
    finally:
        server.stop()


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
