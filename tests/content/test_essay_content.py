"""The project's own content, read as a reader would.

"Mutual Learning" must come through the conversion whole (headings, list,
quote, note, closing question, sign-off), the saved WordPress page's debris
must not appear anywhere, the one reader reply belongs to the reply archive
rather than the essay, and the About page and the sample essays are there
for the listings and role links to show.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlparse

import feedparser
import pytest

from sitebuild import PROJECT_CONTENT, REPO, Site

# What the saved WordPress page carried after the essay: its comment form and
# like widget. None of it is content.
DEBRIS = [
    "Leave a Reply",
    "Fill in your details",
    "You are commenting using",
    "Twitter picture",
    "Facebook photo",
    "Connecting to %s",
    "%d bloggers like this",
    "Log Out",
    "Log\u00a0Out",
    "Change )",
    "Change\u00a0)",
]

ROLE_HEADINGS = [
    "Mutual Learning and The Coach",
    "Mutual Learning and the Scrum Master",
    "Mutual Learning and the Consultant",
    "Mutual Learning and the Manager",
    "Mutual Learning and the Leader",
]

BENEFITS = [
    "Quicker learning for all parties",
    "Increased retention of things learned (more scope for putting the learning into action)",
    "Higher commitment to coaching sessions (on both sides) and to the idea of coaching, in general",
    "Improved working relationships (and not just between coach and player)",
    "Greater personal satisfaction all round",
]

ROLES = {"coach", "scrum-master", "consultant", "manager", "leader"}
REPLY_TEXT = "I have had some super experiences with mutual learning"
SIGN_OFF = "\u2013 Bob"
CLOSING_QUESTION = "In the spirit of mutual learning, please let me ask: \u201cWhat do you think?\u201d"
# The page saved from the author's old blog that the essay was converted from.
SEED = REPO / "tests" / "fixtures" / "seeds" / "mutual-learning.txt"


def text_of(tag) -> str:
    return " ".join(tag.get_text(" ").replace("\u00a0", " ").split())


def metadata(path: Path) -> dict[str, str]:
    """The `Key: value` header of a Markdown content file, keys lower-cased."""
    fields = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        fields[key.strip().lower()] = value.strip()
    return fields


def split_list(value: str) -> set[str]:
    return {item.strip() for item in value.split(",") if item.strip()}


def samples() -> dict[Path, dict[str, str]]:
    posts = {path: metadata(path) for path in sorted(PROJECT_CONTENT.glob("*.md"))}
    return {path: meta for path, meta in posts.items() if "sample" in split_list(meta.get("tags", ""))}


def url_path(href: str) -> str:
    return urlparse(urljoin("http://site.invalid/", href)).path


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    """One build of the project's own content with the project's own settings."""
    site = Site(tmp_path_factory.mktemp("content") / "site", copy_project_content=True)
    result = site.build()
    assert result.ok, result.log
    return result


@pytest.fixture(scope="module")
def essay(build):
    return build.page("mutual-learning/")


def essay_body(page):
    """The smallest element holding the essay from its first line to its sign-off."""
    first = page.find("p", string=lambda s: s and s.startswith("I have an admission to make."))
    last = page.find(lambda tag: tag.name == "p" and text_of(tag) == SIGN_OFF)
    assert first is not None and last is not None, "the essay's first paragraph or sign-off is missing"
    return next(parent for parent in first.parents if last in parent.descendants)


def test_no_content_file_carries_wordpress_debris():
    for path in sorted(p for p in PROJECT_CONTENT.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8")
        found = [s for s in DEBRIS if s in text]
        assert not found, f"{path.relative_to(REPO)} contains page debris {found}"


def test_no_output_file_carries_wordpress_debris(build):
    checked = 0
    for path in build.files():
        if path.suffix not in {".html", ".xml", ".txt", ".json", ".js", ".css"}:
            continue
        text = path.read_text(encoding="utf-8")
        found = [s for s in DEBRIS if s in text]
        assert not found, f"{path.relative_to(build.output)} contains page debris {found}"
        checked += 1
    assert checked > 5


def test_essay_title_author_and_date(essay):
    headings = [text_of(h) for h in essay.find_all("h1")]
    assert headings == ["Mutual Learning"]
    assert "Mutual Learning" in essay.title.get_text()
    assert any(t.get("datetime", "").startswith("2011-05-12") for t in essay.find_all("time"))
    assert "Bob" in text_of(essay)


def test_essay_has_the_five_role_sections_in_order(essay):
    found = [
        name for h2 in essay.find_all("h2") for name in ROLE_HEADINGS if name in text_of(h2)
    ]
    assert found == ROLE_HEADINGS


def test_essay_lists_the_five_benefits(essay):
    lists = [[text_of(li) for li in ul.find_all("li")] for ul in essay_body(essay).find_all("ul")]
    assert BENEFITS in lists


def test_essay_quotes_the_home_page_paragraph(essay):
    opening = "\u201cyou\u2019ll never guess what I\u2019ve found\u201d"
    quotes = [text_of(q) for q in essay_body(essay).find_all("blockquote")]
    [quote] = [q for q in quotes if q.startswith(opening)]
    assert "Effective transformational leaders engage people" in quote
    assert quote.endswith("the courage to be different.")


def test_essay_keeps_note_closing_question_and_sign_off(essay):
    paragraphs = [text_of(p) for p in essay_body(essay).find_all("p")]
    assert any(p.startswith("(Note: This was not intended to imply that a leader is \u201cabove\u201d") for p in paragraphs)
    # Plugins may add blocks after the last role section, so check order, not position.
    assert paragraphs.index(CLOSING_QUESTION) < paragraphs.index(SIGN_OFF)
    assert any("\u201cThe Great Game of Business\u201d, Jack Stack" in p for p in paragraphs)


def test_reader_reply_is_not_part_of_the_essay(build, essay):
    assert REPLY_TEXT not in text_of(essay_body(essay))
    # The essay's feed entry is the essay alone.
    feed = feedparser.parse(build.text("feeds/all.atom.xml"))
    entry = next(e for e in feed.entries if e.title == "Mutual Learning")
    content = entry.content[0].value
    assert "Mutual Learning and the Leader" in content
    assert "super experiences" not in content


def test_reply_archive_holds_the_reader_reply():
    reply = PROJECT_CONTENT / "replies" / "mutual-learning" / "1.md"
    meta = metadata(reply)
    assert meta["author"] == "An unnamed reader"
    assert meta["date"] > metadata(PROJECT_CONTENT / "mutual-learning.md")["date"]
    assert meta["source"] == "wordpress"
    assert REPLY_TEXT in reply.read_text(encoding="utf-8")


def test_every_seed_paragraph_is_on_the_page(essay):
    seed = SEED.read_text(encoding="utf-8")
    body = seed.split("\n\n", 2)[2].split("  1. Hi Bob")[0]
    paragraphs = [" ".join(line.replace("\u00a0", " ").lstrip(" \u2022").split()) for line in body.splitlines()]
    page = text_of(essay_body(essay))
    missing = [p for p in paragraphs if p and p not in page]
    assert not missing


def test_samples_are_marked_and_cover_every_role():
    found = samples()
    assert len(found) >= 4
    addressed: dict[str, int] = {}
    for path, meta in found.items():
        text = path.read_text(encoding="utf-8")
        assert "This is a sample essay shipped with the site template." in text, path.name
        roles = split_list(meta.get("roles", ""))
        assert roles and roles <= ROLES, path.name
        for role in roles:
            addressed[role] = addressed.get(role, 0) + 1
        assert meta["date"] > "2011-05-12", path.name
    assert set(addressed) == ROLES
    assert max(addressed.values()) >= 2
    assert len({meta["date"] for meta in found.values()}) == len(found)


def test_about_page_and_samples_are_listed_on_the_index(build):
    index_pages = [build.output / "index.html", *build.output.glob("page/*/index.html")]
    linked = set()
    for path in index_pages:
        page = build.page(str(path.relative_to(build.output)))
        linked |= {url_path(a["href"]) for a in page.find_all("a", href=True)}
    expected = {"/about/", "/mutual-learning/"} | {f"/{meta['slug']}/" for meta in samples().values()}
    assert expected <= linked

    about = build.page("about/")
    assert [text_of(h) for h in about.find_all("h1")] == ["About"]
    assert "mutual learning" in text_of(about)
    for meta in samples().values():
        page = build.page(f"{meta['slug']}/")
        assert meta["title"] in [text_of(h) for h in page.find_all("h1")]
