"""Role sections inside an essay's HTML: where each one is, the id of its
heading (so that links made for a role lead to it), and a short "More for
<role plural>" line put after each."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from .recognise import HeadingSpan, RoleMatcher, heading_spans


@dataclass
class RoleSection:
    """A heading that addresses roles, and where its section ends in the HTML."""

    heading: HeadingSpan
    slugs: list[str]
    end: int


def role_sections(html: str, matcher: RoleMatcher) -> list[RoleSection]:
    """The role sections of an essay's HTML, in document order.

    A section runs from its heading to the next heading of the same or a
    higher level, or to a thematic break (`---` in Markdown), which is how an
    essay sets its closing words apart from its last section.
    """
    spans = list(heading_spans(html))
    breaks = [m.start() for m in _THEMATIC_BREAK.finditer(html)]
    sections = []
    for i, span in enumerate(spans):
        slugs = matcher.roles_in(span.text)
        if not slugs:
            continue
        nxt = next((s for s in spans[i + 1:] if s.level <= span.level), None)
        end = _section_end(html, nxt)
        first_break = bisect.bisect_left(breaks, span.end)
        if first_break < len(breaks):
            end = min(end, breaks[first_break])
        sections.append(RoleSection(span, slugs, end))
    return sections


_THEMATIC_BREAK = re.compile(r"<hr\b", re.IGNORECASE)
# reStructuredText wraps each section in <div class="section">: a section
# ends before the next one's wrapper opens, not inside it.
_OPENING_WRAPPERS = re.compile(r"(?:<(?:div|section)\b[^>]*>\s*)+\Z", re.IGNORECASE)


def _section_end(html: str, next_heading: HeadingSpan | None) -> int:
    if next_heading is None:
        return len(html)
    end = next_heading.start
    wrappers = _OPENING_WRAPPERS.search(html, max(0, end - 500), end)
    return wrappers.start() if wrappers else end


_ID = re.compile(r'\sid\s*=\s*["\']([^"\']+)["\']', re.IGNORECASE)


def section_anchors(html: str, sections: list[RoleSection]) -> dict[str, str]:
    """Role slug -> the id of the first heading addressing it ("" when it has none).

    The ids are the Markdown reader's (the pulldown_cmark plugin gives every
    heading the id Python-Markdown's `toc` would).
    """
    anchors: dict[str, str] = {}
    for section in sections:
        opening = html[section.heading.start:section.heading.inner_start]
        found = _ID.search(opening)
        for slug in section.slugs:
            anchors.setdefault(slug, found.group(1) if found else "")
    return anchors


def add_role_lines(html: str, sections: list[RoleSection],
                   line_html: Callable[[str], str]) -> str:
    """The essay with each role's line (`line_html(slug)`) at the end of its section.

    Headings are left as the author wrote them: a heading reads as a heading.
    """
    edits = []  # (position, order, text)
    for section in sections:
        lines = "".join(line_html(slug) for slug in section.slugs)
        if lines:
            # A nested section ends where its parent does: deeper lines first.
            edits.append((section.end, -section.heading.level, "\n" + lines + "\n"))
    out, cursor = [], 0
    for position, _, text in sorted(edits, key=lambda e: (e[0], e[1])):
        out.append(html[cursor:position])
        out.append(text)
        cursor = position
    out.append(html[cursor:])
    return "".join(out)
