"""The Content-Security-Policy of the site: its own files, plus the comment provider.

Scripts may come only from the site and from the one comment provider that
REPLIES_COMMENTS configures, so a hostile reply that slipped past the
sanitiser still cannot load or run code from anywhere else. The provider's
origins come from the reader-response plugin, which knows each provider's
embed; without that plugin there is no embed and nothing to allow.
"""

from __future__ import annotations

import importlib
import sys
from urllib.parse import urlsplit


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def provider_sources(settings: dict) -> dict[str, list[str]]:
    if "reader_response" not in sys.modules:
        return {}
    providers = importlib.import_module("reader_response.providers")
    return providers.csp_sources(settings)


def build_policy(settings: dict) -> str:
    """The policy as one header value, with a stable order of directives and sources."""
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
    for sources in (provider_sources(settings), settings.get("HOSTING_CSP_EXTRA") or {}):
        for directive, values in sources.items():
            target = directives.setdefault(directive, [])
            target.extend(v for v in values if v not in target)
    if not directives["frame-src"]:
        directives["frame-src"] = ["'none'"]
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())
