"""The static_hosting plugin's settings and their defaults (README.md: "Publishing")."""

from __future__ import annotations

DEFAULTS = {
    # Host configuration files written into the output; None leaves one out.
    "HOSTING_HEADERS_FILE": "_headers",      # Netlify, Cloudflare Pages
    "HOSTING_NGINX_FILE": "_nginx.conf",     # `include` it in your nginx server block
    "HOSTING_REFERRER_POLICY": "strict-origin-when-cross-origin",
    # More CSP sources by directive, e.g. {"img-src": ["https://images.example.org"]}.
    "HOSTING_CSP_EXTRA": {},
    "HOSTING_CACHE_IMMUTABLE": "public, max-age=31536000, immutable",
    "HOSTING_CACHE_DEFAULT": "public, max-age=0, must-revalidate",
}


def apply_defaults(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def problems(settings: dict) -> list[tuple[str, str, str]]:
    found = []
    extra = settings.get("HOSTING_CSP_EXTRA")
    if not isinstance(extra, dict) or not all(
            isinstance(k, str) and isinstance(v, (list, tuple)) and all(isinstance(s, str) for s in v)
            for k, v in extra.items()):
        found.append(("HOSTING_CSP_EXTRA", f"must map CSP directives to lists of sources, not {extra!r}",
                      "e.g. HOSTING_CSP_EXTRA = {'img-src': ['https://images.example.org']}"))
    for key in ("HOSTING_HEADERS_FILE", "HOSTING_NGINX_FILE"):
        value = settings.get(key)
        if value is not None and not (isinstance(value, str) and value and "/" not in value):
            found.append((key, f"must be a file name in the output root or None, not {value!r}",
                          f"e.g. {key} = {DEFAULTS[key]!r}"))
    return found
