"""Keep old WordPress addresses working, resolved at every build from the posts' real URLs.

Each imported post or page lists its old addresses in `Redirect-From:`. After
Pelican has written the site, this generator writes:
- a small page at every old path (meta refresh, canonical link, and a plain
  link for readers without automatic redirects), so any static host works;
- redirects from the old feed addresses (/feed/, /comments/feed/,
  /category/<slug>/feed/…) to the new feeds; those pages also carry feed
  autodiscovery links, which feed readers follow;
- the same list for servers that do real 301s: `_redirects` (Netlify,
  Cloudflare Pages) and an nginx snippet, which also covers the ?p=<id>
  shortlinks a static page cannot answer.
Changing ARTICLE_URL changes every target on the next build.

Settings (defaults below):
  WORDPRESS_REDIRECTS_NETLIFY  file name of the Netlify/Cloudflare list, None for none
  WORDPRESS_REDIRECTS_NGINX    file name of the nginx snippet, None for none
  WORDPRESS_FEED_REDIRECTS     redirect the old feed addresses (when anything was imported)
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

logger = logging.getLogger(__name__)

DEFAULTS = {
    "WORDPRESS_REDIRECTS_NETLIFY": "_redirects",
    "WORDPRESS_REDIRECTS_NGINX": "wordpress-redirects.nginx.conf",
    "WORDPRESS_FEED_REDIRECTS": True,
}
METADATA = "redirect-from"
WRITTEN_KEY = "WORDPRESS_IMPORT_WRITTEN"
FEED_TYPES = {"atom": "application/atom+xml", "rss": "application/rss+xml"}
TEMPLATES = Environment(
    loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
    autoescape=select_autoescape(["html"]), keep_trailing_newline=True, trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass
class Redirect:
    old: str  # "/2011/05/12/mutual-learning/" or "/?p=12"
    new: str  # where it goes now
    title: str  # plain text
    origin: str  # the source file (or setting) that asked for it
    feed_type: str | None = None
    feed_file: str | None = None  # the feed's path in the output, for feeds
    static: bool = True  # False once a real page of the site turned out to live there

    @property
    def save_as(self) -> str | None:
        """Where a static redirect page for `old` goes, or None if it cannot have one."""
        path = unquote(urlsplit(self.old).path)
        if urlsplit(self.old).query or path in ("", "/"):
            return None
        parts = PurePosixPath(path.lstrip("/")).parts
        if any(part in ("..", ".") for part in parts):
            return None
        if not path.endswith("/") and re.search(r"\.html?$", parts[-1]):
            return "/".join(parts)
        return "/".join((*parts, "index.html"))


def setting(settings: dict, key: str):
    return settings.get(key, DEFAULTS[key])


def old_addresses(value) -> list[str]:
    """'/a/, /?p=3' -> ['/a/', '/?p=3'] (full URLs are cut down to their path)."""
    text = ", ".join(value) if isinstance(value, (list, tuple)) else str(value or "")
    found = []
    for token in re.split(r",?\s+|,$", text.strip()):
        token = token.strip().rstrip(",")
        if token:
            parts = urlsplit(token)
            path = parts.path if parts.path.startswith("/") else "/" + parts.path
            found.append(path + (f"?{parts.query}" if parts.query else ""))
    return found


class Collector:
    def __init__(self, context: dict, settings: dict):
        self.context = context
        self.settings = settings
        self.base = (settings.get("SITEURL") or "").rstrip("/")
        self.redirects: dict[str, Redirect] = {}

    def url(self, rel: str) -> str:
        return f"{self.base}/{rel.lstrip('/')}"

    def add(self, redirect: Redirect) -> None:
        if redirect.old.rstrip("/") == urlsplit(redirect.new).path.rstrip("/"):
            return  # the post kept its address
        earlier = self.redirects.get(redirect.old)
        if earlier is None:
            self.redirects[redirect.old] = redirect
        elif earlier.new != redirect.new:
            logger.warning("%s: Redirect-From %s is also claimed by %s; it keeps pointing to %s. "
                           "Remove it from one of the two files.",
                           redirect.origin, redirect.old, earlier.origin, earlier.new)

    def collect(self) -> list[Redirect]:
        c = self.context
        contents = [*c.get("articles", []), *c.get("hidden_articles", []),
                    *c.get("pages", []), *c.get("hidden_pages", [])]
        imported = []
        for content in sorted(contents, key=lambda x: x.source_path):
            olds = old_addresses(content.metadata.get(METADATA))
            if not olds:
                continue
            imported.append((content, olds))
            title = Markup(content.title).striptags()
            for old in olds:
                self.add(Redirect(old, self.url(content.url), title, content.source_path))
        if imported and setting(self.settings, "WORDPRESS_FEED_REDIRECTS"):
            self._feeds(imported)
        return list(self.redirects.values())

    def _feed(self, old: str, title: str, atom: str | None, rss: str | None = None,
              prefer_rss: bool = False, **names) -> None:
        choices = [("rss", rss), ("atom", atom)] if prefer_rss else [("atom", atom), ("rss", rss)]
        for kind, pattern in choices:
            if pattern:
                target = pattern.format(**names)
                self.add(Redirect(old, self.url(target), title, "WORDPRESS_FEED_REDIRECTS",
                                  FEED_TYPES[kind], target))
                return

    def _feeds(self, imported) -> None:
        s, site = self.settings, Markup(self.settings.get("SITENAME", "")).striptags()
        atom, rss = s.get("FEED_ALL_ATOM"), s.get("FEED_ALL_RSS")
        # WordPress's /feed/ is RSS 2.0; give readers the same format where the site has it.
        for old in ("/feed/", "/feed/rss2/", "/feed/rss/", "/feed/rdf/"):
            self._feed(old, f"{site} (feed)", atom, rss, prefer_rss=True)
        self._feed("/feed/atom/", f"{site} (feed)", atom, rss)
        self._feed("/comments/feed/", f"Replies on {site}", s.get("REPLIES_FEED_ATOM"))
        for key, old, atom_key, rss_key in (
                ("categories", "/category/{slug}/feed/", "CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS"),
                ("tags", "/tag/{slug}/feed/", "TAG_FEED_ATOM", "TAG_FEED_RSS"),
                ("authors", "/author/{slug}/feed/", "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS")):
            for term, _ in self.context.get(key, []):
                self._feed(old.format(slug=term.slug), f"{term} (feed)", s.get(atom_key),
                           s.get(rss_key), prefer_rss=True, slug=term.slug)
        post_feed = s.get("REPLIES_POST_FEED_ATOM")
        for content, olds in imported:
            if content in self.context.get("articles", []):
                title = f"Replies to {Markup(content.title).striptags()}"
                for old in olds:
                    if "?" not in old and old.endswith("/"):
                        self._feed(old + "feed/", title, post_feed, slug=content.slug)


def nginx_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


TEMPLATES.filters["nginx"] = nginx_string


def record_written(path, context=None, **kwargs) -> None:
    """`content_written` / `feed_written` receiver: what the site itself wrote in this build."""
    written = (context or {}).get(WRITTEN_KEY)
    if written is not None:
        # abspath, not realpath: both sides start from the writer's output
        # path, and realpath costs a system call per folder of every page.
        written.add(os.path.abspath(path))


class RedirectGenerator:
    """Runs after Pelican's own generators, so their pages win over an old address.

    Redirect pages are not pages of the site: they are written directly, not
    through Pelican's writer, so that nothing listens to them as content
    (the sitemap, for one).
    """

    def __init__(self, context, settings, path, theme, output_path, **kwargs):
        self.context = context
        self.settings = settings
        # Shared by every copy of the context the writer makes, and new with each build.
        context[WRITTEN_KEY] = set()

    def generate_output(self, writer) -> None:
        output = Path(writer.output_path)
        redirects = Collector(self.context, self.settings).collect()
        # Reply feeds exist only for posts with replies, and only with the reader_response plugin.
        redirects = [r for r in redirects if r.feed_file is None or (output / r.feed_file).is_file()]
        if not redirects:
            return
        page = TEMPLATES.get_template("redirect.html")
        written = self.context[WRITTEN_KEY]
        for redirect in redirects:
            if redirect.save_as is None:
                continue
            target = output / redirect.save_as
            if os.path.abspath(target) in written:
                redirect.static = False
                logger.warning("%s: the old address %s is now a page of this site, so it is not "
                               "redirected to %s", redirect.origin, redirect.old, redirect.new)
                continue
            self._write(target, page.render(redirect=redirect, DEFAULT_LANG=self.settings.get(
                "DEFAULT_LANG", "en")))
        # A server-level rule must not hide a page the site itself has at that address.
        served = [r for r in redirects if r.static]
        paths = [r for r in served if "?" not in r.old]
        shortlinks = {name: [(r.old.split("=", 1)[1], r) for r in served
                             if re.fullmatch(rf"/\?{name}=\d+", r.old)] for name in ("p", "page_id")}
        for key, template in (("WORDPRESS_REDIRECTS_NETLIFY", "netlify_redirects.txt"),
                              ("WORDPRESS_REDIRECTS_NGINX", "nginx_redirects.conf")):
            name = setting(self.settings, key)
            if name:
                self._write(output / name, TEMPLATES.get_template(template).render(
                    paths=paths, shortlinks=shortlinks, unquote=unquote))

    @staticmethod
    def _write(target: Path, text: str) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        logger.info('Writing "%s"', target)
