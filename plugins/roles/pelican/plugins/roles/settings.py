"""The roles plugin's settings and their defaults (README.md documents each)."""

from __future__ import annotations

from .recognise import DEFAULT_ROLES

DEFAULTS = {
    # The site's roles, in the order readers see them on /roles/.
    "ROLES": DEFAULT_ROLES,
    # A role's hub page: its address.
    "ROLE_URL": "roles/{slug}/",
    # Where a role's hub is written (pagination adds page/N/ below it).
    "ROLE_SAVE_AS": "roles/{slug}/index.html",
    # The page listing every role: its address.
    "ROLES_URL": "roles/",
    # Where the list of roles is written ("" turns that page off).
    "ROLES_SAVE_AS": "roles/index.html",
    # None (or "") turns a role feed kind off; *_URL settings may override the
    # public URL of a feed, as Pelican's own *_FEED_*_URL settings do.
    "ROLE_FEED_ATOM": "feeds/role/{slug}.atom.xml",
    # A role's RSS feed (the Atom feed's twin).
    "ROLE_FEED_RSS": "feeds/role/{slug}.rss.xml",
    # How many other essays the "More for <role>" line after a role section offers.
    "ROLES_MORE_FOR_COUNT": 3,
    # How many essays the "Read next" list after an essay holds (newer in its
    # roles, then related by shared roles and tags).
    "ROLES_RELATED_COUNT": 5,
    # How many essays of a role, at most, are looked at per tag or role when
    # ranking an essay's related essays: it keeps big sites linear.
    "ROLES_RELATED_CANDIDATES": 50,
}


# A role hub is where a reader who comes as a coach browses the essays for
# coaches, so a page of it lists three tag pages' worth; at 10,000 essays
# that is also about 670 pages to write instead of 2,020.
HUB_PAGE_IN_TAG_PAGES = 3


def apply_defaults(pelican) -> None:
    """Fill in every unset roles setting, and paginate role hubs as tag pages are, in longer pages."""
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    paginated = dict(settings["PAGINATED_TEMPLATES"])
    if "role" not in paginated:
        per_tag_page = paginated.get("tag") or settings["DEFAULT_PAGINATION"]
        paginated["role"] = per_tag_page * HUB_PAGE_IN_TAG_PAGES if per_tag_page else None
    settings["PAGINATED_TEMPLATES"] = paginated
