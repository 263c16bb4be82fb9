"""The SEO plugin's settings, their defaults, and the site's absolute address.

README.md ("Found by search engines and shared links") documents each one.
"""

from __future__ import annotations

from urllib.parse import urlsplit

DEFAULTS = {
    # sitemap.xml and robots.txt: None writes them whenever SITEURL is an
    # absolute http(s) address (production builds); True or False forces it.
    "SITEMAP": None,
    # Where the sitemap is written ("" leaves it out).
    "SITEMAP_SAVE_AS": "sitemap.xml",
    # Where robots.txt (naming the sitemap) is written ("" leaves it out).
    "ROBOTS_SAVE_AS": "robots.txt",
    # Output paths (glob patterns) left out of the sitemap and marked noindex,
    # besides drafts, hidden posts, the 404 page and the search page.
    "SITEMAP_EXCLUDE": [],
    # The preview image for shared links when a post names none in `Image:`:
    # a path under the theme's static folder, or an absolute URL.
    "SEO_DEFAULT_IMAGE": "images/preview.png",
    # The default preview image's description (og:image:alt), when it has one.
    "SEO_DEFAULT_IMAGE_ALT": None,
    # "@handle" of the site on X/Twitter, for twitter:site; None leaves it out.
    "TWITTER_USERNAME": None,
    # JSON Feed 1.1 of the whole site; None turns it off.
    "FEED_ALL_JSON": "feeds/all.json",
}


def apply_defaults(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def is_absolute(url: str | None) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def site_base(settings: dict) -> str:
    """The site's absolute root without a trailing slash.

    SITEURL in production; in development (SITEURL = "") FEED_DOMAIN, which
    points at the dev server; "" when neither is absolute.
    """
    for key in ("SITEURL", "FEED_DOMAIN"):
        if is_absolute(settings.get(key)):
            return settings[key].rstrip("/")
    return ""


def absolute(settings: dict, path: str) -> str:
    """An output path or URL path relative to SITEURL, as an absolute URL."""
    if is_absolute(path):
        return path
    return f"{site_base(settings)}/{path.lstrip('/')}"


def sitemap_enabled(settings: dict) -> bool:
    wanted = settings.get("SITEMAP")
    if wanted is None:
        return is_absolute(settings.get("SITEURL"))
    return bool(wanted)
