"""Keep old WordPress addresses working, resolved at every build from the posts' real URLs.

Each imported post or page lists its old addresses in `Redirect-From:`. After
Pelican has written the site, this generator writes:
- a small page at every old path (meta refresh, canonical link, and a plain
  link for readers without automatic redirects), so any static host works;
- redirects from the old feed addresses (/feed/, /comments/feed/,
  /category/<slug>/feed/…, under the folder the blog lived in) to the new
  feeds; those pages also carry feed autodiscovery links, which feed readers
  follow; and from the old category, tag and author pages to the site's;
- the same list for servers that do real 301s: `_redirects` (Netlify,
  Cloudflare Pages) and an nginx snippet; both also match the shortlinks
  (`/blog/?p=42`, `?page_id=`, `?attachment_id=`) under whatever folder the
  blog lived in (Cloudflare Pages skips the query-string lines);
- for any static host, where no rule can match a query string, a small
  script on each old front page (`/blog/index.html`, or the site's own
  index.html for a blog that lived at the root) that sends shortlink
  visitors on from a JSON map. It is a file of the site, not inline code,
  so the site's Content-Security-Policy (scripts from 'self') allows it;
- attachment pages, from content/wordpress-media.json (written by the
  import), redirected to the downloaded file or else to the post they
  belonged to.
Changing ARTICLE_URL changes every target on the next build.

Settings (defaults below):
  WORDPRESS_REDIRECTS_NETLIFY  file name of the Netlify/Cloudflare list, None for none
  WORDPRESS_REDIRECTS_NGINX    file name of the nginx snippet, None for none
  WORDPRESS_FEED_REDIRECTS     redirect the old feed addresses (when anything was imported)
  WORDPRESS_SHORTLINK_SCRIPT   the script and map for static hosts (True), False for none
  WORDPRESS_REDIRECTS_FORCE    `301!` in _redirects: Netlify serves the redirect page that
                               is there otherwise, not a 301 (False for a host without "!")
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .media import attachment_redirects

logger = logging.getLogger(__name__)

DEFAULTS = {
    "WORDPRESS_REDIRECTS_NETLIFY": "_redirects",
    "WORDPRESS_REDIRECTS_NGINX": "wordpress-redirects.nginx.conf",
    "WORDPRESS_FEED_REDIRECTS": True,
    "WORDPRESS_SHORTLINK_SCRIPT": True,
    "WORDPRESS_REDIRECTS_FORCE": True,
}
METADATA = "redirect-from"
WRITTEN_KEY = "WORDPRESS_IMPORT_WRITTEN"
# WordPress answers its shortlinks (and its feeds without pretty permalinks, ?feed=rss2)
# at the blog's front page, and at index.php there.
SHORTLINK = re.compile(r"(?P<base>/(?:[^?#]*/)?)(?:index\.php)?\?"
                       r"(?P<name>p|page_id|attachment_id|feed)=(?P<id>[\w-]+)")
SHORTLINK_NAMES = ("p", "page_id", "attachment_id", "feed")
# ?feed= values -> which of the site's feeds answers them.
QUERY_FEEDS = {"rss2": "site", "rss": "site", "rdf": "site", "atom": "site",
               "comments-rss2": "replies", "comments-atom": "replies"}
SCRIPT = "wordpress-shortlinks.js"
SCRIPT_MAP = "wordpress-shortlinks.json"
# Characters a path keeps unencoded (RFC 3986 pchar and "/").
PATH_SAFE = "/!$&'()*+,;=:@~-._"
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


@dataclass
class Shortlink:
    base: str  # the old front page, "/" or "/blog/"
    name: str  # "p", "page_id" or "attachment_id"
    id: str
    redirect: Redirect

    @property
    def new(self) -> str:
        return self.redirect.new


def shortlink(redirect: Redirect) -> Shortlink | None:
    found = SHORTLINK.fullmatch(redirect.old)
    if found is None or {".", ".."} & set(unquote(found["base"]).split("/")):
        return None  # its front page would be written outside the output folder
    return Shortlink(found["base"], found["name"], found["id"], redirect)


def address_forms(path: str) -> list[str]:
    """An old path as servers may be asked for it: as WordPress wrote it, percent-encoded
    the way browsers encode it, and decoded (non-ASCII permalinks)."""
    decoded = unquote(path)
    forms = [path, quote(decoded, safe=PATH_SAFE), decoded]
    return [f for f in dict.fromkeys(forms) if not re.search(r"\s", f)]


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
        if imported:
            # Where the blog lived: its shortlinks' front page (/blog/), else the root.
            bases = sorted({found["base"] for _, olds in imported for old in olds
                            if (found := SHORTLINK.fullmatch(old))}) or ["/"]
            self._listings(bases)
            if setting(self.settings, "WORDPRESS_FEED_REDIRECTS"):
                self._feeds(imported, bases)
        self._attachments()
        return list(self.redirects.values())

    def _listings(self, bases: list[str]) -> None:
        """The old category, tag and author pages -> the site's (same address at the root)."""
        for key, wordpress in (("categories", "category"), ("tags", "tag"), ("authors", "author")):
            for term, _ in self.context.get(key, []):
                for base in bases:
                    self.add(Redirect(f"{base}{wordpress}/{term.slug}/", self.url(term.url),
                                      str(term), "the old blog's listings"))

    def _attachments(self) -> None:
        """Attachment pages -> the downloaded file, or the post they belonged to."""
        manifest = Path(self.settings.get("PATH", "content"), "wordpress-media.json")
        found = {**self.context.get("generated_content", {}),
                 **self.context.get("static_content", {})}
        try:
            attachments = attachment_redirects(manifest)
        except ValueError as error:
            logger.warning("%s; the old attachment pages are not redirected", error)
            return
        for old, (target, title) in attachments.items():
            content = found.get(target)
            if content is None or getattr(content, "status", "published") not in ("published",
                                                                                  "hidden"):
                logger.warning("%s: the attachment page %s should lead to %s, which is not "
                               "published; put the file back or re-run the import",
                               manifest, old, target)
                continue
            self.add(Redirect(old, self.url(content.url), title or target, str(manifest)))

    def _feed(self, old: str, title: str, atom: str | None, rss: str | None = None,
              prefer_rss: bool = False, **names) -> None:
        choices = [("rss", rss), ("atom", atom)] if prefer_rss else [("atom", atom), ("rss", rss)]
        for kind, pattern in choices:
            if pattern:
                target = pattern.format(**names)
                self.add(Redirect(old, self.url(target), title, "WORDPRESS_FEED_REDIRECTS",
                                  FEED_TYPES[kind], target))
                return

    def _feeds(self, imported, bases: list[str]) -> None:
        for base in bases:
            self._blog_feeds(base)
        post_feed = self.settings.get("REPLIES_POST_FEED_ATOM")
        for content, olds in imported:
            if content in self.context.get("articles", []):
                title = f"Replies to {Markup(content.title).striptags()}"
                for old in olds:
                    if "?" not in old and old.endswith("/"):
                        self._feed(old + "feed/", title, post_feed, slug=content.slug)

    def _blog_feeds(self, base: str) -> None:
        """The feeds of a blog that lived at `base` ("/" or "/blog/")."""
        s, site = self.settings, Markup(self.settings.get("SITENAME", "")).striptags()
        atom, rss = s.get("FEED_ALL_ATOM"), s.get("FEED_ALL_RSS")
        # WordPress's /feed/ is RSS 2.0; give readers the same format where the site has it.
        for old in ("feed/", "feed/rss2/", "feed/rss/", "feed/rdf/"):
            self._feed(base + old, f"{site} (feed)", atom, rss, prefer_rss=True)
        self._feed(f"{base}feed/atom/", f"{site} (feed)", atom, rss)
        self._feed(f"{base}comments/feed/", f"Replies on {site}", s.get("REPLIES_FEED_ATOM"))
        for value, which in QUERY_FEEDS.items():
            if which == "site":
                self._feed(f"{base}?feed={value}", f"{site} (feed)", atom, rss,
                           prefer_rss=value != "atom")
            else:
                self._feed(f"{base}?feed={value}", f"Replies on {site}",
                           s.get("REPLIES_FEED_ATOM"))
        for key, old, atom_key, rss_key in (
                ("categories", "category/{slug}/feed/", "CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS"),
                ("tags", "tag/{slug}/feed/", "TAG_FEED_ATOM", "TAG_FEED_RSS"),
                ("authors", "author/{slug}/feed/", "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS")):
            for term, _ in self.context.get(key, []):
                self._feed(base + old.format(slug=term.slug), f"{term} (feed)", s.get(atom_key),
                           s.get(rss_key), prefer_rss=True, slug=term.slug)


def nginx_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


TEMPLATES.filters["nginx"] = nginx_string
TEMPLATES.filters["netlify_path"] = lambda path: quote(unquote(path), safe=PATH_SAFE)


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
        collector = Collector(self.context, self.settings)
        redirects = collector.collect()
        # Reply feeds exist only for posts with replies, and only with the reader_response plugin.
        redirects = [r for r in redirects if r.feed_file is None or (output / r.feed_file).is_file()]
        if not redirects:
            return
        written = self.context[WRITTEN_KEY]
        shortlinks = [s for s in map(shortlink, redirects) if s is not None]
        script = setting(self.settings, "WORDPRESS_SHORTLINK_SCRIPT") and shortlinks
        # An old front page gets the shortlink script; a redirect there would leave before it ran.
        front_pages = {self._front_page(s.base): None for s in shortlinks} if script else {}
        page = TEMPLATES.get_template("redirect.html")
        for redirect in redirects:
            if redirect.save_as is None:
                continue
            target = output / redirect.save_as
            if os.path.abspath(target) in written:
                redirect.static = False
                logger.warning("%s: the old address %s is now a page of this site, so it is not "
                               "redirected to %s", redirect.origin, redirect.old, redirect.new)
                continue
            if redirect.save_as in front_pages:
                front_pages[redirect.save_as] = redirect.new
                continue
            self._write(target, page.render(redirect=redirect, DEFAULT_LANG=self.settings.get(
                "DEFAULT_LANG", "en")))
        # A server-level rule must not hide a page the site itself has at that address.
        served = [r for r in redirects if r.static and "?" not in r.old]
        for key, template in (("WORDPRESS_REDIRECTS_NETLIFY", "netlify_redirects.txt"),
                              ("WORDPRESS_REDIRECTS_NGINX", "nginx_redirects.conf")):
            name = setting(self.settings, key)
            if name:
                self._write(output / name, TEMPLATES.get_template(template).render(
                    paths=served, shortlinks=shortlinks, names=SHORTLINK_NAMES,
                    address_forms=address_forms, unquote=unquote,
                    force="!" if setting(self.settings, "WORDPRESS_REDIRECTS_FORCE") else ""))
        if script:
            self._shortlink_script(output, shortlinks, front_pages, written, collector.url)

    @staticmethod
    def _front_page(base: str) -> str:
        return "/".join((*PurePosixPath(unquote(base).lstrip("/")).parts, "index.html"))

    def _shortlink_script(self, output: Path, shortlinks: list[Shortlink],
                          front_pages: dict[str, str | None], written: set[str],
                          url: Callable[[str], str]) -> None:
        """The map, the script, and the old front pages that run it."""
        links: dict[str, dict[str, dict[str, str]]] = {}
        for s in shortlinks:
            links.setdefault(unquote(s.base), {}).setdefault(s.name, {})[s.id] = s.new
        self._write(output / SCRIPT_MAP, json.dumps(links, ensure_ascii=False, sort_keys=True))
        self._write(output / SCRIPT, (Path(__file__).parent / "templates" / SCRIPT).read_text(
            encoding="utf-8"))
        tag = Markup('<script src="{}" data-map="{}" defer></script>').format(
            url(SCRIPT), url(SCRIPT_MAP))
        home = url("")
        site = Markup(self.settings.get("SITENAME", "")).striptags()
        # Static hosts answer an unknown path (/blog/index.php?p=42) with the site's 404 page.
        not_found = output / "404.html"
        if os.path.abspath(not_found) in written:
            self._add_script(not_found, tag)
        for save_as, fallback in front_pages.items():
            target = output / save_as
            if os.path.abspath(target) in written:
                # The blog lived where the site's own front page now is: that page runs it too.
                self._add_script(target, tag)
                continue
            self._write(target, TEMPLATES.get_template("front_page.html").render(
                home=fallback or home, script=url(SCRIPT), map=url(SCRIPT_MAP),
                site=site, DEFAULT_LANG=self.settings.get("DEFAULT_LANG", "en")))

    @staticmethod
    def _add_script(page: Path, tag: str) -> None:
        html = page.read_text(encoding="utf-8")
        if tag not in html:
            page.write_text(html.replace("</head>", f"{tag}\n</head>", 1), encoding="utf-8")

    @staticmethod
    def _write(target: Path, text: str) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        logger.info('Writing "%s"', target)
