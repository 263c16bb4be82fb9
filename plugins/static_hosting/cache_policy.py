"""Which files may be cached for a year, and the type and caching of each file.

One place decides, so the `_headers` file, the nginx snippet and the S3
upload agree.
"""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath

from .fingerprint import FINGERPRINTED

# Pagefind names these parts of its index by their content (see search/pagefind.py
# for the bundle's layout: one folder per part of the index).
PAGEFIND_HASHED_FOLDERS = ("fragment", "index")

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".xml": "application/xml",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".webmanifest": "application/manifest+json",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
}
# Feeds are recognised by the end of their name, as this site names them.
FEED_TYPES = {
    ".atom.xml": "application/atom+xml",
    ".rss.xml": "application/rss+xml",
}


def is_fingerprinted(relpath: str, settings: dict) -> bool:
    """True for files whose name changes whenever their content does."""
    path = PurePosixPath(relpath)
    static_dir = settings.get("THEME_STATIC_DIR", "theme")
    if path.parts[:1] == (static_dir,) and FINGERPRINTED.search(path.name):
        return True
    bundle = settings.get("SEARCH_BUNDLE_DIR")
    if bundle and path.parts[:1] == (bundle,):
        # <bundle>/<part>/fragment/… and <bundle>/<part>/index/…
        return len(path.parts) == 4 and path.parts[2] in PAGEFIND_HASHED_FOLDERS
    return False


def cache_control(relpath: str, settings: dict) -> str:
    if is_fingerprinted(relpath, settings):
        return settings["HOSTING_CACHE_IMMUTABLE"]
    return settings["HOSTING_CACHE_DEFAULT"]


def content_type(relpath: str, settings: dict) -> str:
    if relpath == settings.get("FEED_ALL_JSON"):
        return "application/feed+json"
    name = PurePosixPath(relpath).name
    for ending, mime in FEED_TYPES.items():
        if name.endswith(ending):
            return mime
    suffix = PurePosixPath(relpath).suffix.lower()
    if suffix in TYPES:
        return TYPES[suffix]
    guessed, _ = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"
