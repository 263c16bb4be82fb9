"""sitemap.xml and robots.txt, from the pages the build actually wrote.

Every page Pelican's writer renders announces itself on `content_written`
with its template variables; the page is recorded with its `lastmod` (a
post's modified date, a listing's newest shown post) unless it asks not to
be indexed. The list lives in the build's shared context, so each build
(and each autoreload rebuild) starts with an empty one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from .describe import PageInfo, describe
from .settings import absolute

COLLECTOR_KEY = "SEO_SITEMAP"
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass(frozen=True)
class Entry:
    url: str
    lastmod: datetime | None


class Collector:
    """The pages of one build, by output path, with the build's settings.

    Template variables may carry a relative SITEURL (RELATIVE_URLS), so the
    URLs are made from the settings themselves.
    """

    def __init__(self, settings: dict):
        self.settings = settings
        self.entries: dict[str, Entry] = {}


def start_collecting(context: dict, settings: dict) -> None:
    context.setdefault(COLLECTOR_KEY, Collector(settings))


def last_modified(info: PageInfo, context) -> datetime | None:
    if info.kind in ("article", "page"):
        content = info.content
        return getattr(content, "modified", None) or getattr(content, "date", None)
    shown = info.articles or context.get("articles") or []
    dates = [getattr(a, "modified", None) or a.date for a in shown if getattr(a, "date", None)]
    return max(dates, default=None)


def record(path, context) -> None:
    """`content_written` receiver."""
    collector = context.get(COLLECTOR_KEY)
    if collector is None or not context.get("output_file"):
        return
    info = describe(context, collector.settings)
    if not info.noindex:
        collector.entries[info.output_file] = Entry(info.url, last_modified(info, context))


def sitemap_xml(entries: dict[str, Entry]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{NAMESPACE}">']
    for entry in sorted(entries.values(), key=lambda e: e.url):
        lines.append(f"<url><loc>{escape(entry.url)}</loc>"
                     + (f"<lastmod>{entry.lastmod.isoformat()}</lastmod>" if entry.lastmod else "")
                     + "</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(settings: dict) -> str:
    return "\n".join([
        "User-agent: *",
        "Allow: /",
        "",
        f"Sitemap: {absolute(settings, settings['SITEMAP_SAVE_AS'])}",
    ]) + "\n"


def write(context: dict, output_path: Path) -> None:
    collector = context[COLLECTOR_KEY]
    settings = collector.settings
    files = {settings["SITEMAP_SAVE_AS"]: sitemap_xml(collector.entries)}
    if settings.get("ROBOTS_SAVE_AS"):
        files[settings["ROBOTS_SAVE_AS"]] = robots_txt(settings)
    for name, text in files.items():
        target = Path(output_path) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
