"""The static_hosting plugin's settings and their defaults (docs/publishing.md)."""

from __future__ import annotations

import re

DEFAULTS = {
    # Host configuration files written into the output; None leaves one out.
    "HOSTING_HEADERS_FILE": "_headers",      # Netlify, Cloudflare Pages
    "HOSTING_NGINX_FILE": "_nginx.conf",     # `include` it in your nginx server block
    # Every page carries the Content-Security-Policy in a <meta> tag too, for
    # hosts that send no headers of ours (GitHub Pages, an S3 website).
    "HOSTING_META_CSP": True,
    # The Referrer-Policy header: other sites see where a reader came from, not the page.
    "HOSTING_REFERRER_POLICY": "strict-origin-when-cross-origin",
    # Browser features no page of a blog needs; a feature the site starts to
    # use (an embedded video that goes fullscreen) is allowed by editing this.
    "HOSTING_PERMISSIONS_POLICY": ", ".join(f"{feature}=()" for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media",
        "geolocation", "gyroscope", "magnetometer", "microphone", "midi", "payment",
        "publickey-credentials-get", "screen-wake-lock", "serial", "usb",
        "xr-spatial-tracking")),
    # Sent only when SITEURL is https:// (browsers ignore it over http).
    "HOSTING_HSTS": "max-age=31536000",
    # More CSP sources by directive, e.g. {"img-src": ["https://images.example.org"]}.
    "HOSTING_CSP_EXTRA": {},
    # Cache-Control for files whose name holds their content's hash (kept a year).
    "HOSTING_CACHE_IMMUTABLE": "public, max-age=31536000, immutable",
    # Cache-Control for everything else (checked again on every visit).
    "HOSTING_CACHE_DEFAULT": "public, max-age=0, must-revalidate",
    # A publish that would delete more files than this stops before changing
    # anything, unless forced (Hugo's deploy has the same default).
    "DEPLOY_MAX_DELETES": 256,
}

# Header values go into `_headers` lines and quoted nginx strings: a line
# break would add a header of its own, a double quote would end the string.
HEADER_VALUE = re.compile(r'[^\x00-\x1f\x7f"\\]+')
CSP_DIRECTIVE = re.compile(r"[a-z][a-z-]*")
CSP_SOURCE = re.compile(r"[^\s;,\"\\\x00-\x1f\x7f]+")


def apply_defaults(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def problems(settings: dict) -> list[tuple[str, str, str]]:
    found = []
    extra = settings.get("HOSTING_CSP_EXTRA")
    if not isinstance(extra, dict) or not all(
            isinstance(k, str) and CSP_DIRECTIVE.fullmatch(k) and isinstance(v, (list, tuple))
            and all(isinstance(s, str) and CSP_SOURCE.fullmatch(s) for s in v)
            for k, v in extra.items()):
        found.append(("HOSTING_CSP_EXTRA", "must map CSP directives (lowercase names) to lists of "
                      f"sources, each without spaces, ';', ',' or quotes, not {extra!r}",
                      "e.g. HOSTING_CSP_EXTRA = {'img-src': ['https://images.example.org']}"))
    for key in ("HOSTING_HEADERS_FILE", "HOSTING_NGINX_FILE"):
        value = settings.get(key)
        if value is not None and not (isinstance(value, str) and value and "/" not in value):
            found.append((key, f"must be a file name in the output root or None, not {value!r}",
                          f"e.g. {key} = {DEFAULTS[key]!r}"))
    for key in ("HOSTING_REFERRER_POLICY", "HOSTING_PERMISSIONS_POLICY", "HOSTING_HSTS",
                "HOSTING_CACHE_IMMUTABLE", "HOSTING_CACHE_DEFAULT"):
        value = settings.get(key)
        optional = key in ("HOSTING_PERMISSIONS_POLICY", "HOSTING_HSTS")
        if (value is None and optional) or (isinstance(value, str) and HEADER_VALUE.fullmatch(value)):
            continue
        found.append((key, "must be one line of header text without double quotes or backslashes"
                      f"{' (or None to leave the header out)' if optional else ''}, not {value!r}",
                      f"e.g. {key} = {DEFAULTS[key]!r}"))
    if not isinstance(settings.get("HOSTING_META_CSP"), bool):
        found.append(("HOSTING_META_CSP", f"must be True or False, not {settings.get('HOSTING_META_CSP')!r}",
                      "HOSTING_META_CSP = True"))
    limit = settings.get("DEPLOY_MAX_DELETES")
    if not (isinstance(limit, int) and not isinstance(limit, bool) and limit >= 0):
        found.append(("DEPLOY_MAX_DELETES", f"must be a whole number of files, 0 or more, not {limit!r}",
                      "e.g. DEPLOY_MAX_DELETES = 256"))
    return found
