"""The pagefind_search plugin's settings and their defaults (docs/found.md, "Search")."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

# Set by the dev server (`invoke serve`) in the settings of its builds.
DEV_SERVER = "DEV_SERVER"

DEFAULTS = {
    # Run Pagefind over the output at the end of the build. None: in production
    # builds (SITEURL is an absolute address) and under the dev server, which
    # then re-indexes only the part holding an edited essay (live.py); not in
    # other dev builds (`invoke build`), where indexing would add about 1.5 s
    # of CPU per 1,000 essays to each. True: always; False: never.
    "SEARCH_INDEX": None,
    # Where Pagefind writes its index and scripts, under the output folder.
    "SEARCH_BUNDLE_DIR": "pagefind",
    # Pages per Pagefind run: its memory grows with the pages of one run
    # (about 0.3 MB each), so big sites are indexed in parts of this size.
    "SEARCH_PAGES_PER_INDEX": 500,
    # Pagefind runs at once, each on one part. None: one per core this build
    # may use while there are no more parts than cores, else one (see
    # pagefind.runs_at_once). Each run holds its part in memory.
    "SEARCH_INDEX_PROCESSES": None,
    # The search page's address.
    "SEARCH_URL": "search/",
    # Where the search page is written ("" leaves it out).
    "SEARCH_SAVE_AS": "search/index.html",
    # Without JavaScript the search form sends the query here, limited to this
    # site with DuckDuckGo's `sites` parameter. Nothing is sent unless a reader
    # submits. Only for a site with a public address (see apply_defaults).
    "SEARCH_FALLBACK_URL": "https://duckduckgo.com/",
    # How many results the search page shows.
    "SEARCH_RESULTS": 20,
}


def apply_defaults(pelican) -> None:
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    # The search page is a direct template (theme/templates/search.html).
    if settings.get("SEARCH_SAVE_AS") and "search" not in settings["DIRECT_TEMPLATES"]:
        settings["DIRECT_TEMPLATES"] = [*settings["DIRECT_TEMPLATES"], "search"]
    # The host the fallback search is limited to: the site's own.
    base = settings.get("SITEURL") or settings.get("FEED_DOMAIN") or ""
    parts = urlsplit(base)
    settings.setdefault("SEARCH_FALLBACK_SITE", (parts.netloc + parts.path).rstrip("/"))
    # No web search can see a site served from this computer (the dev server,
    # a local preview): a fallback there would send readers to a page of no
    # results. (An unusable value stays, for `problems` to name it.)
    if not public(base) and _fallback_problem(settings.get("SEARCH_FALLBACK_URL")) is None:
        settings["SEARCH_FALLBACK_URL"] = None


def public(url: str) -> bool:
    """Whether `url` is an http(s) address a web search could have visited."""
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    if parts.scheme not in ("http", "https") or not host or host == "localhost" \
            or host.endswith(".localhost"):
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return True  # a name
    return address.is_global


def index_enabled(settings: dict) -> bool:
    wanted = settings.get("SEARCH_INDEX")
    if wanted is None:
        parts = urlsplit(settings.get("SITEURL") or "")
        return parts.scheme in ("http", "https") and bool(parts.netloc) \
            or bool(settings.get(DEV_SERVER))
    return bool(wanted)


def problems(settings: dict) -> list[tuple[str, str, str]]:
    found = []
    fallback = _fallback_problem(settings.get("SEARCH_FALLBACK_URL"))
    if fallback is not None:
        found.append(fallback)
    bundle = settings.get("SEARCH_BUNDLE_DIR")
    if not (isinstance(bundle, str) and bundle and "/" not in bundle.strip("/")):
        found.append(("SEARCH_BUNDLE_DIR", f"must be one folder name, not {bundle!r}",
                      "e.g. SEARCH_BUNDLE_DIR = 'pagefind'"))
    per_part = settings.get("SEARCH_PAGES_PER_INDEX")
    if not (isinstance(per_part, int) and not isinstance(per_part, bool) and per_part > 0):
        found.append(("SEARCH_PAGES_PER_INDEX", f"must be a whole number above 0, not {per_part!r}",
                      "e.g. SEARCH_PAGES_PER_INDEX = 500"))
    processes = settings.get("SEARCH_INDEX_PROCESSES")
    if processes is not None and not (isinstance(processes, int) and not isinstance(processes, bool)
                                      and processes > 0):
        found.append(("SEARCH_INDEX_PROCESSES",
                      f"must be a whole number above 0 or None, not {processes!r}",
                      "e.g. SEARCH_INDEX_PROCESSES = 2, or None for one per core"))
    return found


def _fallback_problem(fallback) -> tuple[str, str, str] | None:
    parts = urlsplit(fallback) if isinstance(fallback, str) else None
    if fallback is not None and not (parts and parts.scheme == "https" and parts.netloc):
        return ("SEARCH_FALLBACK_URL", f"must be an https:// address, not {fallback!r}",
                "e.g. SEARCH_FALLBACK_URL = 'https://duckduckgo.com/', or None for a "
                "form that needs JavaScript")
    return None
