"""Settings that cannot work stop the build with a message naming them and the fix."""

from __future__ import annotations

from pathlib import Path

from safe_input.errors import ContentError
from safe_input.problems import report

from .settings import is_absolute

SETTINGS_FILE = "pelicanconf.py / publishconf.py"


def problems(settings: dict) -> list[tuple[str, str, str]]:
    """(setting, what is wrong, how to fix it) for each unusable setting."""
    found = []
    if settings.get("SITEMAP") is True and not is_absolute(settings.get("SITEURL")):
        found.append(("SITEMAP", f"is True but SITEURL ({settings.get('SITEURL')!r}) is not an "
                      "absolute address, and a sitemap must list absolute URLs",
                      "set SITEURL = 'https://your.domain', or SITEMAP = None to write the "
                      "sitemap only in production builds"))
    image = settings.get("SEO_DEFAULT_IMAGE")
    if not isinstance(image, str) or not image:
        found.append(("SEO_DEFAULT_IMAGE", f"must be a path or URL, not {image!r}",
                      "e.g. SEO_DEFAULT_IMAGE = 'images/preview.png' (under theme/static/)"))
    elif not is_absolute(image) and not any(
            (Path(settings["THEME"]) / folder / image).is_file()
            for folder in settings.get("THEME_STATIC_PATHS", ["static"])):
        found.append(("SEO_DEFAULT_IMAGE", f"{image!r} is not a file in the theme's static "
                      f"folders under {settings['THEME']}",
                      "give a path relative to theme/static/ (e.g. 'images/preview.png') "
                      "or an absolute https:// URL"))
    exclude = settings.get("SITEMAP_EXCLUDE")
    if not isinstance(exclude, (list, tuple)) or not all(isinstance(p, str) for p in exclude):
        found.append(("SITEMAP_EXCLUDE", f"must be a list of output paths, not {exclude!r}",
                      "e.g. SITEMAP_EXCLUDE = ['private/*']"))
    handle = settings.get("TWITTER_USERNAME")
    if handle is not None and not (isinstance(handle, str) and handle.startswith("@")):
        found.append(("TWITTER_USERNAME", f"must start with '@', not {handle!r}",
                      "e.g. TWITTER_USERNAME = '@mutuallearning', or None"))
    feed = settings.get("FEED_ALL_JSON")
    if feed is not None and not (isinstance(feed, str) and feed.endswith(".json")):
        found.append(("FEED_ALL_JSON", f"must be an output path ending in .json, not {feed!r}",
                      "e.g. FEED_ALL_JSON = 'feeds/all.json', or None to turn it off"))
    return found


def report_problems(pelican) -> None:
    """Add each problem to the build's list (content_checks stops the build with them all)."""
    found = problems(pelican.settings)
    if found:
        for setting, problem, fix in found:
            report(pelican, ContentError(SETTINGS_FILE, problem, fix, field=setting))
