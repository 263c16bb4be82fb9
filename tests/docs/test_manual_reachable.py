"""Every page of the manual is reached by following links from its index page, not only from the nav."""

import posixpath
import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"
LINK = re.compile(r"\]\(([^)\s#]+\.md)(?:#[^)]*)?\)")


def test_every_page_is_reached_from_the_index():
    pages = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")
             if "hooks" not in p.relative_to(DOCS).parts}
    assert "replies/discussion.md" in pages
    reached, waiting = set(), ["index.md"]
    while waiting:
        page = waiting.pop()
        if page in reached or page not in pages:
            continue
        reached.add(page)
        for target in LINK.findall((DOCS / page).read_text(encoding="utf-8")):
            waiting.append(posixpath.normpath(posixpath.join(posixpath.dirname(page), target)))
    assert not sorted(pages - reached), "pages no link from docs/index.md leads to"
