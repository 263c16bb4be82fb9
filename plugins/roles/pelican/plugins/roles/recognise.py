"""Which roles a piece of writing addresses, from its headings.

Pure functions with no Pelican in them, so that the WordPress importer can
fill in `Roles:` with exactly the recognition the build uses:

    roles = role_definitions(settings)            # settings: a dict with ROLES
    slugs = roles_in_headings(headings_in_html(html), roles)

A heading addresses a role when it names it (its name, plural, slug or one of
its aliases) as a whole word, case-insensitively, with spaces and hyphens
interchangeable: "Mutual Learning and the Scrum Master" addresses
scrum-master, "Coaching" addresses nobody.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from slugify import slugify

DEFAULT_ROLES = [
    {
        "slug": "coach",
        "name": "Coach",
        "plural": "coaches",
        "description": (
            "For anyone who helps others find their own way forward: team and agile "
            "coaches, mentors, and anyone asked to coach without the title. These "
            "essays are about learning alongside the people you coach rather than "
            "only watching them learn."
        ),
        "aliases": [],
    },
    {
        "slug": "scrum-master",
        "name": "Scrum Master",
        "plural": "Scrum Masters",
        "description": (
            "For Scrum Masters and others who serve a team's way of working, and who "
            "are often expected to be the expert in the room as well as its coach. "
            "These essays look at where that double role leaves room to learn with "
            "the team."
        ),
        "aliases": ["ScrumMaster"],
    },
    {
        "slug": "consultant",
        "name": "Consultant",
        "plural": "consultants",
        "description": (
            "For consultants and advisers, paid to know things and so tempted to "
            "hide what they don't. These essays ask what an engagement gains when "
            "client and consultant learn from each other."
        ),
        "aliases": [],
    },
    {
        "slug": "manager",
        "name": "Manager",
        "plural": "managers",
        "description": (
            "For managers at any level who have stopped pretending to have all the "
            "answers, or would like to. These essays are about finding things out "
            "together with the people you manage."
        ),
        "aliases": [],
    },
    {
        "slug": "leader",
        "name": "Leader",
        "plural": "leaders",
        "description": (
            "For leaders, with or without a title: anyone who invites others to look "
            "at how the work works and to change it. These essays are about being "
            "seen to learn, which makes learning safe for everyone else."
        ),
        "aliases": [],
    },
]


class RolesSettingError(ValueError):
    """The ROLES setting itself is malformed (not a post's fault)."""


@dataclass(frozen=True)
class RoleDefinition:
    """One role of the site, as the ROLES setting defines it."""

    slug: str
    name: str
    plural: str
    description: str = ""
    aliases: tuple[str, ...] = field(default=())

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every way of writing this role that names it."""
        return (self.name, self.plural, self.slug, *self.aliases)


def _default_plural(name: str) -> str:
    return name + ("es" if name.endswith(("s", "sh", "ch", "x", "z")) else "s")


def role_definitions(settings: dict) -> list[RoleDefinition]:
    """The site's roles, in the order of the ROLES setting (the defaults if unset).

    Each entry is a dict with `name` (required), `slug` (default: slugified
    name), `plural` (default: name + "s"/"es"), `description` and `aliases`.
    """
    entries = settings.get("ROLES", DEFAULT_ROLES)
    if not isinstance(entries, (list, tuple)):
        raise RolesSettingError("ROLES must be a list of dicts, one per role")
    roles, seen = [], set()
    for number, entry in enumerate(entries, 1):
        where = f"ROLES entry {number}"
        if not isinstance(entry, dict) or not str(entry.get("name", "")).strip():
            raise RolesSettingError(f"{where} must be a dict with at least a 'name'")
        unknown = set(entry) - {"slug", "name", "plural", "description", "aliases"}
        if unknown:
            raise RolesSettingError(
                f"{where} ({entry['name']!r}) has unknown keys {sorted(unknown)}; "
                "use slug, name, plural, description and aliases"
            )
        name = str(entry["name"]).strip()
        slug = slugify(str(entry.get("slug") or name))
        if not slug:
            raise RolesSettingError(f"{where} ({name!r}) gives an empty slug")
        if slug in seen:
            raise RolesSettingError(f"{where} ({name!r}) repeats the slug {slug!r}")
        aliases = entry.get("aliases", ())
        if isinstance(aliases, str):
            aliases = [aliases]
        seen.add(slug)
        roles.append(
            RoleDefinition(
                slug=slug,
                name=name,
                plural=str(entry.get("plural") or _default_plural(name)).strip(),
                description=str(entry.get("description", "")).strip(),
                aliases=tuple(str(a).strip() for a in aliases if str(a).strip()),
            )
        )
    return roles


def _spelling_pattern(spelling: str) -> str:
    words = re.split(r"[\s\-]+", spelling.strip())
    return r"[\s\-]+".join(re.escape(w) for w in words if w)


def _key(text: str) -> str:
    return slugify(text)


def spelling_index(roles: list[RoleDefinition]) -> dict[str, str]:
    """Every spelling of every role, normalised, -> that role's slug."""
    index = {}
    for role in roles:
        for spelling in role.spellings:
            index.setdefault(_key(spelling), role.slug)
    return index


class RoleMatcher:
    """Finds role mentions in heading text; build once per build and reuse."""

    def __init__(self, roles: list[RoleDefinition]):
        self._slug_of = spelling_index(roles)
        self._resolved = {}  # the same few spellings recur in every essay
        # Longest first, so that "scrum master" wins over a role called "master".
        alternatives = sorted(
            {_spelling_pattern(s) for r in roles for s in r.spellings}, key=len, reverse=True
        )
        self._pattern = re.compile(
            r"(?<![\w\-])(?:" + "|".join(alternatives) + r")(?![\w\-])", re.IGNORECASE
        )

    def resolve(self, value: str) -> str | None:
        """The slug a declared role value means ("Scrum Master" -> scrum-master), or None."""
        if value not in self._resolved:
            self._resolved[value] = self._slug_of.get(_key(value))
        return self._resolved[value]

    def roles_in(self, text: str) -> list[str]:
        """Slugs of the roles a heading names, in order, each once."""
        found = []
        for match in self._pattern.finditer(text):
            slug = self.resolve(match.group(0))
            if slug not in found:
                found.append(slug)
        return found


def roles_in_headings(headings: Iterable[str], roles: list[RoleDefinition]) -> list[str]:
    """Slugs of the roles that the headings address, in order of first appearance."""
    matcher = RoleMatcher(roles)
    found = []
    for heading in headings:
        for slug in matcher.roles_in(heading):
            if slug not in found:
                found.append(slug)
    return found


# Markdown and reStructuredText write headings as plain <hN> elements; a regex
# over their output is exact enough and much faster than parsing a tree.
_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class HeadingSpan:
    """A heading element in an HTML string: its level, text and where it is."""

    level: int
    text: str
    start: int  # of the opening tag
    end: int  # after the closing tag
    inner_start: int
    inner_end: int


def heading_spans(html_text: str) -> Iterator[HeadingSpan]:
    for m in _HEADING.finditer(html_text):
        text = " ".join(html.unescape(_TAG.sub("", m.group(2))).split())
        yield HeadingSpan(int(m.group(1)), text, m.start(), m.end(), m.start(2), m.end(2))


def headings_in_html(html_text: str) -> list[str]:
    """The text of every <h1>–<h6> in an HTML string, in order."""
    return [span.text for span in heading_spans(html_text)]


_MD_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)


def headings_in_markdown(text: str) -> list[str]:
    """The text of every ATX heading ("## Like this") in Markdown source."""
    return [m.group(1).strip() for m in _MD_HEADING.finditer(text)]


def resolve_role(value: str, roles: list[RoleDefinition]) -> str | None:
    """The slug a declared role value means ("Scrum Master" -> scrum-master), or None."""
    return spelling_index(roles).get(_key(value))


def closest_role(value: str, roles: list[RoleDefinition]) -> str | None:
    """The known role slug most like an unknown value, for "did you mean …?"."""
    index = spelling_index(roles)
    close = difflib.get_close_matches(_key(value), list(index), n=1, cutoff=0.5)
    return index[close[0]] if close else None
