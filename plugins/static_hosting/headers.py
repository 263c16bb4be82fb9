"""The response headers a static host should send, written as host config files.

`_headers` is read by Netlify and Cloudflare Pages; the nginx snippet is for a
server of your own (`include` it in the site's `server {}` block).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from .csp import header_policy
from .cache_policy import PAGEFIND_HASHED_FOLDERS
from .fingerprint import FINGERPRINTED


def security_headers(settings: dict) -> list[tuple[str, str]]:
    headers = [
        ("Content-Security-Policy", header_policy(settings)),
        ("Referrer-Policy", settings["HOSTING_REFERRER_POLICY"]),
        ("X-Content-Type-Options", "nosniff"),
    ]
    if settings.get("HOSTING_PERMISSIONS_POLICY"):
        headers.append(("Permissions-Policy", settings["HOSTING_PERMISSIONS_POLICY"]))
    # Browsers ignore HSTS that arrives over http; a site served over http
    # only must not promise https.
    if settings.get("HOSTING_HSTS") and (settings.get("SITEURL") or "").startswith("https://"):
        headers.append(("Strict-Transport-Security", settings["HOSTING_HSTS"]))
    return headers


def path_prefix(settings: dict) -> str:
    """'/blog' when the site lives under https://example.org/blog, else ''."""
    return urlsplit(settings.get("SITEURL") or "").path.rstrip("/")


def immutable_paths(settings: dict, hashed_files: list[str]) -> list[str]:
    """URL paths (patterns for the search index) of the files named by their content."""
    prefix = path_prefix(settings)
    paths = [f"{prefix}/{rel}" for rel in hashed_files]
    bundle = settings.get("SEARCH_BUNDLE_DIR")
    if bundle:
        # A :placeholder matches one path segment, a * the rest (Netlify and
        # Cloudflare Pages allow one * per rule).
        paths += [f"{prefix}/{bundle}/:part/{folder}/*" for folder in PAGEFIND_HASHED_FOLDERS]
    return paths


def netlify_headers(settings: dict, hashed_files: list[str]) -> str:
    # Netlify joins the values of a header that several rules set, so
    # Cache-Control appears only in the rules for hashed files.
    lines = [f"{path_prefix(settings)}/*"]
    lines += [f"  {name}: {value}" for name, value in security_headers(settings)]
    for path in immutable_paths(settings, hashed_files):
        lines += [path, f"  Cache-Control: {settings['HOSTING_CACHE_IMMUTABLE']}"]
    return "\n".join(lines) + "\n"


def nginx_snippet(settings: dict) -> str:
    prefix = path_prefix(settings)
    static_dir = settings.get("THEME_STATIC_DIR", "theme")
    security = [f'add_header {name} "{value}" always;' for name, value in security_headers(settings)]

    def location(match: str, *body: str) -> list[str]:
        # nginx drops the server-level add_header lines inside a location that
        # has its own, so each location repeats them.
        return [f"location {match} {{", *(f"    {line}" for line in (*security, *body)), "}"]

    immutable = f'add_header Cache-Control "{settings["HOSTING_CACHE_IMMUTABLE"]}" always;'
    default = f'add_header Cache-Control "{settings["HOSTING_CACHE_DEFAULT"]}" always;'
    lines = [
        f"# Headers for {settings.get('SITENAME', 'the site')}, written by each build.",
        "# Include this file inside the server { } block whose root is the output folder:",
        "#     include /path/to/output/" + settings["HOSTING_NGINX_FILE"] + ";",
        *security,
        default,
        f"error_page 404 {prefix}/{settings.get('NOT_FOUND_SAVE_AS') or '404.html'};",
        "",
        *location(f'~ "^{prefix}/{static_dir}/.+{FINGERPRINTED.pattern}"', immutable),
    ]
    bundle = settings.get("SEARCH_BUNDLE_DIR")
    if bundle:
        folders = "|".join(PAGEFIND_HASHED_FOLDERS)
        lines += location(f'~ "^{prefix}/{bundle}/[^/]+/({folders})/"', immutable)
    for private in (settings.get("HOSTING_HEADERS_FILE"), settings["HOSTING_NGINX_FILE"]):
        if private:
            lines.append(f"location = {prefix}/{private} {{ return 404; }}")
    return "\n".join(lines) + "\n"


def write_host_files(settings: dict, output_path: Path, hashed_files: list[str]) -> None:
    if settings.get("HOSTING_HEADERS_FILE"):
        target = Path(output_path) / settings["HOSTING_HEADERS_FILE"]
        target.write_text(netlify_headers(settings, hashed_files), encoding="utf-8")
    if settings.get("HOSTING_NGINX_FILE"):
        target = Path(output_path) / settings["HOSTING_NGINX_FILE"]
        target.write_text(nginx_snippet(settings), encoding="utf-8")
