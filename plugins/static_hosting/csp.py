"""The Content-Security-Policy of the site: its own files, plus the comment provider.

Scripts may come only from the site and from the one comment provider that
REPLIES_COMMENTS configures, so a hostile reply that slipped past the
sanitiser still cannot load or run code from anywhere else. The provider's
origins are published by the reader-response plugin, which knows each
provider's embed, in the REPLIES_CSP_SOURCES setting; without that plugin
there is no embed and nothing to allow.

One policy serves the header files (`_headers`, nginx) and the
`<meta http-equiv="Content-Security-Policy">` of every page; the meta tag
carries it minus the directives a browser ignores there, so the two never
disagree.
"""

from __future__ import annotations

from urllib.parse import urlsplit

# Browsers ignore these in a <meta> policy (CSP Level 3, section 3.3).
META_UNSUPPORTED = ("frame-ancestors", "report-uri", "report-to", "sandbox")


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def policy(settings: dict) -> dict[str, list[str]]:
    """Sources by directive, with a stable order of directives and sources."""
    directives: dict[str, list[str]] = {
        "default-src": ["'self'"],
        # Pagefind's search runs as WebAssembly, which needs this keyword.
        "script-src": ["'self'", "'wasm-unsafe-eval'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": [],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    # Forms that leave the site: the search form without JavaScript (to a web
    # search engine) and the reply section's Webmention form.
    for key in ("SEARCH_FALLBACK_URL", "REPLIES_WEBMENTION_ENDPOINT"):
        if settings.get(key):
            directives["form-action"].append(origin(settings[key]))
    for sources in (settings.get("REPLIES_CSP_SOURCES") or {}, settings.get("HOSTING_CSP_EXTRA") or {}):
        for directive, values in sources.items():
            target = directives.setdefault(directive, [])
            target.extend(v for v in values if v not in target)
    if not directives["frame-src"]:
        directives["frame-src"] = ["'none'"]
    return directives


def as_text(directives: dict[str, list[str]]) -> str:
    return "; ".join(" ".join((name, *values)) for name, values in directives.items())


def header_policy(settings: dict) -> str:
    """The value of the Content-Security-Policy header."""
    return as_text(policy(settings))


def meta_policy(settings: dict) -> str:
    """The same policy as a <meta> tag can carry it."""
    return as_text({name: values for name, values in policy(settings).items()
                    if name not in META_UNSUPPORTED})
