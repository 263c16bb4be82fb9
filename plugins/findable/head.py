"""`seo_head()`: everything the head partial prints, computed from the page's variables.

The partial `theme/templates/partials/seo/head.html` calls it once per page:
canonical URL, robots noindex, Open Graph and Twitter Card properties (text,
which the partial escapes) and the JSON-LD, serialised by
`safe_input.script_json`: nothing in it can end the script element, and it is
compact and in UTF-8, because every byte of the article page counts.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import pass_context
from markupsafe import Markup
from safe_input import script_json

from . import structured_data
from .describe import PageInfo, describe
from .settings import absolute, is_absolute


@dataclass
class Image:
    url: str
    alt: str | None = None  # only when someone wrote one: the site name adds nothing
    width: int | None = None
    height: int | None = None


@dataclass
class SeoHead:
    canonical: str
    noindex: bool
    open_graph: list[tuple[str, str]] = field(default_factory=list)
    twitter: list[tuple[str, str]] = field(default_factory=list)
    structured_data: list[Markup] = field(default_factory=list)


def png_size(path: Path) -> tuple[int, int] | None:
    """Width and height from a PNG's header, so crawlers can lay out the preview at once."""
    with open(path, "rb") as handle:
        header = handle.read(24)
    if header[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", header[16:24])


def default_image(settings: dict) -> Image:
    configured = settings["SEO_DEFAULT_IMAGE"]
    alt = settings.get("SEO_DEFAULT_IMAGE_ALT")
    if is_absolute(configured):
        return Image(configured, alt)
    size = None
    for folder in settings.get("THEME_STATIC_PATHS", ["static"]):
        source = Path(settings["THEME"]) / folder / configured
        if source.is_file():
            size = png_size(source)
            break
    url = absolute(settings, f"{settings.get('THEME_STATIC_DIR', 'theme')}/{configured}")
    return Image(url, alt, *(size or (None, None)))


def page_image(settings: dict, info: PageInfo, fallback: Image) -> Image:
    """A post's own `Image:` (a URL, or a path relative to SITEURL), else the site's preview."""
    own = getattr(info.content, "image", None) if info.kind in ("article", "page") else None
    if not own:
        return fallback
    return Image(absolute(settings, str(own)), getattr(info.content, "image_alt", None))


def open_graph(settings: dict, info: PageInfo, image: Image) -> list[tuple[str, str]]:
    properties = [
        ("og:site_name", settings.get("SITENAME", "")),
        ("og:type", "article" if info.kind == "article" else "website"),
        ("og:title", info.title),
        ("og:description", info.description),
        ("og:url", info.url),
        ("og:image", image.url),
    ]
    if image.alt:
        properties.append(("og:image:alt", image.alt))
    if image.width:
        properties += [("og:image:width", str(image.width)), ("og:image:height", str(image.height))]
    if info.kind == "article":
        # Only what previews use: the article page has a 30 KB budget.
        article = info.content
        properties.append(("article:published_time", article.date.isoformat()))
        modified = getattr(article, "modified", None)
        if modified and modified != article.date:
            properties.append(("article:modified_time", modified.isoformat()))
        for person in getattr(article, "authors", []):
            properties.append(("article:author", absolute(settings, person.url)
                               if settings.get("AUTHOR_SAVE_AS") else str(person)))
    return properties


def twitter_card(settings: dict) -> list[tuple[str, str]]:
    # X/Twitter takes the title, description and image from Open Graph.
    card = [("twitter:card", "summary_large_image")]
    if settings.get("TWITTER_USERNAME"):
        card.append(("twitter:site", settings["TWITTER_USERNAME"]))
    return card


def make_seo_head(settings: dict):
    """A fresh `seo_head` global for one build (generator_init), bound to its settings."""
    fallback = default_image(settings)
    search = settings.get("SEARCH_URL") if "search" in settings.get("DIRECT_TEMPLATES", []) else None
    search_url = absolute(settings, search) if search else None

    @pass_context
    def seo_head(context) -> SeoHead:
        info = describe(context, settings)
        image = page_image(settings, info, fallback)
        return SeoHead(
            canonical=info.url,
            noindex=info.noindex,
            open_graph=open_graph(settings, info, image),
            twitter=twitter_card(settings),
            structured_data=[script_json(data) for data in
                             structured_data.for_page(settings, info, image.url, search_url)],
        )

    return seo_head

