"""Roles as a Pelican taxonomy: which roles each essay addresses.

A post's roles are the ones it declares in `Roles:` metadata; a post without
`Roles:` gets the roles its section headings address. An empty `Roles:`
declares none and stops the inference.
"""

from __future__ import annotations

from dataclasses import dataclass

from pelican.urlwrappers import URLWrapper

from .recognise import RoleDefinition, RoleMatcher, closest_role


class Role(URLWrapper):
    """A role with its hub URL (ROLE_URL / ROLE_SAVE_AS) and its essays.

    `articles` holds the role's published essays, newest first; templates
    also get `plural`, `description`, `feed_atom` and `feed_rss` (public
    feed URLs relative to SITEURL, or None when that feed is off or the role
    has no essays yet: an empty feed's <updated> would be the build time,
    and builds must be reproducible).
    """

    def __init__(self, definition: RoleDefinition, settings: dict):
        super().__init__(definition.name, settings)
        self.slug = definition.slug
        self.plural = definition.plural
        self.description = definition.description
        self.articles = []

    def _feed(self, kind: str) -> str | None:
        path = self.settings.get(f"ROLE_FEED_{kind}")
        if not path or not self.articles:
            return None
        return str(self.settings.get(f"ROLE_FEED_{kind}_URL", path)).format(slug=self.slug)

    @property
    def feed_atom(self) -> str | None:
        return self._feed("ATOM")

    @property
    def feed_rss(self) -> str | None:
        return self._feed("RSS")


@dataclass
class UnknownRole:
    source_path: str
    value: str
    suggestion: str | None


def declared_roles(value, matcher: RoleMatcher, definitions: list[RoleDefinition],
                   source_path: str, unknown: list[UnknownRole]) -> list[str]:
    """Slugs of a `Roles:` value, in order, each once; unknown values go to `unknown`."""
    values = value if isinstance(value, (list, tuple)) else str(value).split(",")
    slugs = []
    for raw in (str(v).strip() for v in values):
        if not raw:
            continue
        slug = matcher.resolve(raw)
        if slug is None:
            unknown.append(UnknownRole(source_path, raw, closest_role(raw, definitions)))
        elif slug not in slugs:
            slugs.append(slug)
    return slugs

