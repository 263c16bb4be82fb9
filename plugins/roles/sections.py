"""Role sections inside an essay's HTML: link their headings to the role
hubs and put a "More for <role plural>" block after each."""

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


def link_role_sections(html: str, sections: list[RoleSection],
                       hub_href: Callable[[str], str],
                       block_html: Callable[[str], str]) -> str:
    """The essay with each role heading linked to its hub (the first role it
    names) and each role's block inserted at the end of its section.

    A heading that already holds a link is left as it is, since links may
    not nest.
    """
    edits = []  # (position, order, replaced length, text)
    for section in sections:
        span = section.heading
        inner = html[span.inner_start:span.inner_end]
        if "<a " not in inner.lower():
            linked = f'<a href="{hub_href(section.slugs[0])}">{inner}</a>'
            edits.append((span.inner_start, 0, len(inner), linked))
        blocks = "".join(block_html(slug) for slug in section.slugs)
        if blocks:
            # A nested section ends where its parent does: deeper blocks first.
            edits.append((section.end, -span.level, 0, "\n" + blocks + "\n"))
    out, cursor = [], 0
    for position, _, length, text in sorted(edits, key=lambda e: (e[0], e[1])):
        out.append(html[cursor:position])
        out.append(text)
        cursor = position + length
    out.append(html[cursor:])
    return "".join(out)
