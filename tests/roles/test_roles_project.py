"""Roles on the project's own content, built with the project's full settings.

What each page should show is worked out from the essays' own metadata
(`Roles:`, `Date:`), the way an author would check it by hand.
"""

from __future__ import annotations

import sys
from datetime import datetime

import feedparser
import pytest

from sitebuild import PROJECT_CONTENT, REPO, Site

sys.path.insert(0, str(REPO / "plugins"))

from pelican.plugins.roles.recognise import role_definitions, roles_in_headings  # noqa: E402
from pelican.plugins.roles.settings import DEFAULTS  # noqa: E402

ROLES = role_definitions({})
MORE_FOR = DEFAULTS["ROLES_MORE_FOR_COUNT"]


def essay_metadata() -> dict[str, dict]:
    """slug -> title, date and roles of each essay in content/, from its header."""
    essays = {}
    for path in PROJECT_CONTENT.glob("*.md"):
        header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        fields = dict(line.split(":", 1) for line in header.splitlines())
        fields = {k.strip().lower(): v.strip() for k, v in fields.items()}
        essays[fields["slug"]] = {
            "title": fields["title"],
            "date": datetime.fromisoformat(fields["date"]),
            "roles": [r.strip() for r in fields.get("roles", "").split(",") if r.strip()],
        }
    return essays


ESSAYS = essay_metadata()


def essays_for(role: str) -> list[str]:
    """Slugs of the essays declaring `role`, newest first."""
    slugs = [s for s, e in ESSAYS.items() if role in e["roles"]]
    return sorted(slugs, key=lambda s: ESSAYS[s]["date"], reverse=True)


@pytest.fixture(scope="module")
def dev_build(tmp_path_factory):
    build = Site(tmp_path_factory.mktemp("project") / "site", copy_project_content=True).build()
    assert build.ok, build.log
    return build


@pytest.fixture(scope="module")
def publish_build(tmp_path_factory):
    build = Site(tmp_path_factory.mktemp("publish") / "site",
                 copy_project_content=True).build(publish=True)
    assert build.ok, build.log
    return build


def role_sections(page):
    """(heading, role slug, elements up to the next heading) for each role heading."""
    body = page.select_one(".essay-body")
    for heading in body.find_all("h2"):
        slugs = roles_in_headings([heading.get_text()], ROLES)
        if not slugs:
            continue
        section = []
        for sibling in heading.find_next_siblings():
            if sibling.name in {"h1", "h2", "hr"}:
                break
            section.append(sibling)
        yield heading, slugs[0], section


def test_each_role_section_of_mutual_learning_ends_with_a_line_for_that_role(dev_build):
    page = dev_build.page("mutual-learning/")
    sections = list(role_sections(page))
    assert [slug for _, slug, _ in sections] == ESSAYS["mutual-learning"]["roles"]
    linked = []
    for heading, slug, section in sections:
        assert heading.a is None, "a role heading reads as a heading, not a link"
        lines = [el for el in section if "more-for" in (el.get("class") or [])]
        assert len(lines) == 1 and section[-1] is lines[0], heading.get_text()
        *essays, hub = lines[0].select("a")
        assert hub["href"] == f"/roles/{slug}/"
        for a in essays:
            path, _, anchor = a["href"].partition("#")
            assert path.strip("/") in essays_for(slug) and path.strip("/") != "mutual-learning"
            # The link leads to that essay's section for this role.
            target = dev_build.page(path.lstrip("/")).find(id=anchor)
            assert target is not None and target.name in {"h2", "h3"}
            linked.append(path)
    # One essay is not offered again by the next section.
    assert len(linked) == len(set(linked))


def test_every_essay_links_the_roles_it_declares(dev_build):
    for slug, essay in ESSAYS.items():
        links = [a["href"] for a in dev_build.page(f"{slug}/").select(".role-links a")]
        assert links == [f"/roles/{role}/" for role in essay["roles"]]


def test_hubs_list_each_roles_essays_and_the_nav_links_them(dev_build):
    nav = [a["href"] for a in dev_build.page("").select("nav.site-nav a")]
    assert "/roles/" in nav
    index = [a["href"] for a in dev_build.page("roles/").select(".hub-list h2 a")]
    assert index == [f"/roles/{role.slug}/" for role in ROLES]
    for role in ROLES:
        listed = [a["href"] for a in dev_build.page(f"roles/{role.slug}/").select("main h2 a")]
        # Each essay's link leads to its section for the role.
        assert [href.split("#")[0] for href in listed] == [f"/{s}/" for s in essays_for(role.slug)]
        assert all("#" in href for href in listed), listed


def test_role_feeds_parse_and_carry_absolute_links(publish_build):
    siteurl = "https://mutual-learning.example.org"
    for role in ROLES:
        for kind in ("atom", "rss"):
            feed = feedparser.parse(
                publish_build.path(f"feeds/role/{role.slug}.{kind}.xml").read_bytes())
            assert feed.bozo == 0, feed.bozo_exception
            assert [e.link for e in feed.entries] == [
                f"{siteurl}/{s}/" for s in essays_for(role.slug)]
    feed = feedparser.parse(publish_build.path("feeds/role/coach.atom.xml").read_bytes())
    mutual = next(e for e in feed.entries if e.link.endswith("/mutual-learning/"))
    content = mutual.content[0].value
    assert f'href="{siteurl}/roles/coach/"' in content
    assert 'href="/' not in content
