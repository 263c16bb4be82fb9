"""Roles on a small site built by the real Pelican: declared and inferred
roles, hubs (paginated), feeds, "More for …" blocks, previous/next within a
role, related essays, a role with no essays, and an unknown role."""

from __future__ import annotations

import os
import subprocess
import sys

import feedparser
import pytest

from sitebuild import Build, Site

ROLES = [
    {"name": "Coach", "plural": "coaches", "description": "For people who coach."},
    # No slug: it comes from the name, and must make a clean URL.
    {"name": "Scrum Master", "plural": "Scrum Masters", "description": "For Scrum Masters."},
    {"name": "Leader", "plural": "leaders", "description": "For people who lead."},
]
MORE_FOR = 2
RELATED = 3
PER_PAGE = 1
# A role hub's page lists three tag pages' worth of essays.
HUB_PER_PAGE = 3 * PER_PAGE


def essay(title, day, *, roles=None, tags=(), body="Some words.\n"):
    lines = [f"Title: {title}", f"Date: 2020-01-{day:02d} 10:00"]
    if roles is not None:
        lines.append(f"Roles: {roles}")
    if tags:
        lines.append("Tags: " + ", ".join(tags))
    return "\n".join(lines) + "\n\n" + body


# title -> (day, Roles: value or None, tags, body); every slug is the title's.
ESSAYS = {
    "Declared": (10, "coach, Scrum Master", ("alpha", "beta"),
                 "Intro.\n\n## Declared and the Coach\n\nCoach text.\n\n---\n\n"
                 "Set apart.\n\n## Declared and the Leader\n\nDeclared roles win.\n"),
    "Inferred": (11, None, (),
                 "Intro.\n\n## Inferred for the Scrum Master\n\nText.\n\n"
                 "## Something else\n\nMore.\n"),
    "Opted out": (12, "", (), "## Opted out and the Coach\n\nNo roles wanted.\n"),
    "Both roles": (5, "coach, scrum-master", (), "Text.\n"),
    "Two tags": (6, "coach", ("alpha", "beta"), "Text.\n"),
    "One tag": (7, "coach", ("alpha",), "Text.\n"),
    "Newest coach": (20, "coach", (), "Text.\n"),
    "Old coach": (1, "coach", (), "Text.\n"),
}


def slug(title: str) -> str:
    return title.lower().replace(" ", "-")


def titles_newest_first(word: str, *also: str) -> list[str]:
    """Titles of the essays whose Roles: mention `word`, plus `also`, newest first."""
    titles = [t for t, (_, roles, _, _) in ESSAYS.items()
              if roles and word in roles.lower() or t in also]
    return sorted(titles, key=lambda t: ESSAYS[t][0], reverse=True)


def coach_titles_newest_first() -> list[str]:
    return titles_newest_first("coach")


# Pelican logs through rich, which wraps lines at the terminal's width.
WIDE = {**os.environ, "COLUMNS": "400"}


def build_verbose(site: Site, **overrides) -> Build:
    """Like Site.build, with Pelican's -v so that info lines are in the log."""
    settings = site.settings_file(False, overrides)
    output = site.root / "output"
    proc = subprocess.run(
        [sys.executable, "-m", "pelican", str(site.content), "-s", str(settings),
         "-o", str(output), "-v"],
        cwd=site.root, capture_output=True, text=True, timeout=600, env=WIDE,
    )
    return Build(proc.returncode, output, proc.stdout + proc.stderr)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Build:
    site = Site(tmp_path_factory.mktemp("roles") / "site", ROLES=ROLES,
                ROLES_MORE_FOR_COUNT=MORE_FOR, ROLES_RELATED_COUNT=RELATED,
                DEFAULT_PAGINATION=PER_PAGE)
    for title, (day, roles, tags, body) in ESSAYS.items():
        site.write(f"{slug(title)}.md", essay(title, day, roles=roles, tags=tags, body=body))
    build = build_verbose(site)
    assert build.ok, build.log
    return build


def role_links(build: Build, title: str) -> list[str]:
    block = build.page(slug(title) + "/").select_one(".role-links")
    return [a["href"] for a in block.select("a")] if block else []


def test_declared_roles_win_and_headings_stay_headings(built):
    assert role_links(built, "Declared") == ["/roles/coach/", "/roles/scrum-master/"]
    # The Leader section still addresses leaders; its heading reads as a heading.
    page = built.page("declared/")
    heading = page.find("h2", string=lambda s: s and "Leader" in s)
    assert heading.a is None and heading["id"] == "declared-and-the-leader"


def test_roles_are_inferred_from_headings_and_logged(built):
    assert role_links(built, "Inferred") == ["/roles/scrum-master/"]
    assert "inferred.md: no Roles: metadata; inferred scrum-master" in built.log
    assert "Inferred" in built.text("roles/scrum-master/")


def test_an_empty_roles_line_opts_out_of_inference(built):
    assert role_links(built, "Opted out") == []
    assert "Opted out" not in built.text("roles/coach/")


def test_a_role_named_with_a_space_gets_clean_urls(built):
    assert built.path("roles/scrum-master/").is_file()
    assert built.path("feeds/role/scrum-master.atom.xml").is_file()
    hub = built.page("roles/")
    assert "/roles/scrum-master/" in [a["href"] for a in hub.select(".hub-list a")]


def test_hubs_are_paginated_newest_first(built):
    expected = coach_titles_newest_first()
    seen, url = [], "roles/coach/"
    pages = (len(expected) + HUB_PER_PAGE - 1) // HUB_PER_PAGE
    assert pages > 1
    for number in range(1, pages + 1):
        url = "roles/coach/" if number == 1 else f"roles/coach/page/{number}/"
        listed = [a.get_text() for a in built.page(url).select("main h2 a")]
        assert 0 < len(listed) <= HUB_PER_PAGE
        seen += listed
    assert seen == expected
    assert not built.path(f"roles/coach/page/{pages + 1}/").exists()


def test_the_roles_index_lists_each_role_with_its_count(built):
    items = built.page("roles/").select(".hub-list > li")
    assert [li.h2.get_text(strip=True) for li in items] == ["Coach", "Scrum Master", "Leader"]
    coach = items[0].get_text(" ", strip=True)
    assert f"{len(coach_titles_newest_first())} essays" in coach
    assert "For people who coach." in coach


def test_a_role_with_no_essays_has_a_hub_saying_so(built):
    text = built.page("roles/leader/").select_one("main").get_text(" ", strip=True)
    assert "No essays for leaders yet" in text
    assert "For people who lead." in text
    assert "0 essays" in built.page("roles/").select(".hub-list > li")[2].get_text()


def test_role_feeds_parse_and_carry_the_roles_essays(built):
    for kind in ("atom", "rss"):
        feed = feedparser.parse(built.path(f"feeds/role/coach.{kind}.xml").read_bytes())
        assert feed.bozo == 0, feed.bozo_exception
        assert [e.title for e in feed.entries] == coach_titles_newest_first()
    hub = built.page("roles/coach/")
    alternates = {link["href"] for link in hub.select('head link[rel="alternate"]')}
    assert {"/feeds/role/coach.atom.xml", "/feeds/role/coach.rss.xml"} <= alternates


def test_more_for_lines_follow_role_sections_and_never_list_the_essay(built):
    for title, essays, role, plural in [
        ("Declared", titles_newest_first("coach"), "coach", "coaches"),
        ("Inferred", titles_newest_first("scrum", "Inferred"), "scrum-master", "Scrum Masters"),
    ]:
        line = built.page(slug(title) + "/").select_one(".more-for")
        assert line.get_text(" ", strip=True).startswith(f"More for {plural}:")
        listed = [a.get_text() for a in line.select("a")][:-1]
        others = [t for t in essays if t != title]
        assert listed == others[:MORE_FOR]
        assert line.select("a")[-1]["href"] == f"/roles/{role}/"


def test_a_line_sits_between_its_section_and_the_next_heading(built):
    page = built.page("inferred/")
    line = page.select_one(".more-for")
    assert line.find_previous_sibling("p").get_text() == "Text."
    assert line.find_next_sibling("h2").get_text() == "Something else"
    # A thematic break (---) ends a section too.
    declared = built.page("declared/")
    assert declared.select_one(".more-for").find_next_sibling().name == "hr"
    # A role with no other essays (leaders) gets no line.
    assert len(declared.select(".more-for")) == 1


def test_read_next_merges_newer_by_role_and_related_each_once(built):
    order = coach_titles_newest_first()
    for i, title in enumerate(order):
        page = built.page(slug(title) + "/")
        read_next = [a["href"] for a in page.select(".read-next li a")]
        assert len(read_next) == len(set(read_next)) <= RELATED
        if i:  # the next newer essay for coaches comes first
            assert read_next[0] == f"/{slug(order[i - 1])}/"
        assert not page.select(".role-nav, .related")


def test_related_essays_rank_shared_roles_then_shared_tags(built):
    read_next = [a.get_text() for a in built.page("declared/").select(".read-next li a")]
    # After the newer essays in its roles: both roles beats one role; among
    # one-role essays two shared tags beat one, and one beats none even when
    # the one with none is newer.
    related = [t for t in read_next if t not in ("Newest coach", "Inferred", "Opted out")]
    assert related == ["Both roles", "Two tags", "One tag"][:len(related)]
    assert ESSAYS["Newest coach"][0] > ESSAYS["One tag"][0]


def test_no_essay_is_linked_more_than_twice_by_the_sites_navigation(built):
    for title in ESSAYS:
        page = built.page(slug(title) + "/")
        added = page.select(".more-for a, .read-next a")
        counts = {}
        for a in added:
            counts[a["href"].split("#")[0]] = counts.get(a["href"].split("#")[0], 0) + 1
        assert all(n <= 2 for href, n in counts.items() if not href.startswith("/roles/")), \
            (title, counts)


def test_links_made_for_a_role_lead_to_the_section_for_it(built):
    line = built.page("inferred/").select_one(".more-for")
    hub = [a["href"] for a in built.page("roles/scrum-master/").select(".summary h2 a")]
    assert "/inferred/#inferred-for-the-scrum-master" in hub
    target = built.page("inferred/").select_one("#inferred-for-the-scrum-master")
    assert target.name == "h2"
    assert line is not None


def test_an_unknown_role_fails_the_build_with_a_suggestion(site):
    site.write("good.md", essay("Good", 1, roles="coach"))
    assert site.build().ok
    before = site.root.joinpath("output", "good", "index.html").read_bytes()
    site.write("typo.md", essay("Typo", 2, roles="coach, scrum-mastr"))
    build = site.build(env=WIDE)
    assert not build.ok
    assert "typo.md" in build.log
    assert "scrum-mastr" in build.log
    assert "did you mean 'scrum-master'?" in build.log
    # The site that was there before is still served as it was.
    assert build.path("good/").read_bytes() == before


def test_a_rebuild_from_the_content_cache_shows_the_same_essay(site):
    """Blocks are added after the cache is saved: a rebuild must not double them."""
    for title, (day, roles, tags, body) in ESSAYS.items():
        site.write(f"{slug(title)}.md", essay(title, day, roles=roles, tags=tags, body=body))
    pages = []
    for _ in range(2):
        build = site.build(ROLES=ROLES, CONTENT_CACHING_LAYER="generator")
        assert build.ok, build.log
        pages.append(build.text("declared/"))
    assert pages[0] == pages[1]
    assert pages[1].count('class="more-for"') == 1
    assert pages[1].count("<h2 id=") == pages[0].count("<h2 id=")
