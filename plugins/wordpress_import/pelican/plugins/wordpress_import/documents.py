"""Decide what an export becomes: one Markdown file per post or page, one per reply.

Decisions (docs/wordpress.md says the same for authors):
- posts -> <slug>.md, pages -> pages/<slug>.md; attachments, menu items,
  revisions, reusable blocks and custom post types are not content and are
  counted, not written; an item whose type or status cannot be read is
  never published: it is left out and listed first in the summary;
- published stays published; drafts and pending posts become `Status: draft`
  (production builds write no drafts); scheduled (`future`) posts keep their
  date and no Status, so the first production build after that date
  publishes them (publishconf.py: WITH_FUTURE_DATES = False); private and
  password-protected items, whatever their status, are kept in the
  repository with `Status: skip`, which Pelican never builds;
- approved comments become replies (content/replies/<slug>/<id>.md) on posts
  and pages alike; pending, spam and trashed ones are counted and left out;
  pingbacks and trackbacks are kept as mentions. A comment id becomes a file
  name only if it is digits, as WordPress writes it; a reply the archive
  would refuse (no text, too big, too deep, dated far ahead) is left out with
  a note. Replies of skipped items have no reply section to appear in, so
  they are kept in content/replies/.held/<slug>/, which the build ignores;
- every old address of a published post or page (its permalink and its
  ?p= / ?page_id= shortlink) goes into `Redirect-From:` for the redirects
  that the plugin writes at build time.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qs, unquote, urlsplit

from bs4 import BeautifulSoup
from pelican.plugins.roles.recognise import (
    headings_in_html, role_definitions, roles_in_headings,
)
from safe_input import clean_title_html, one_line, title_text, web_url
from safe_input.replies import date_problem, text_problem
from safe_input.text import TITLE_TAGS
from slugify import slugify

from .dates import metadata_date, wordpress_date
from .markup import Converter
from .report import ImportReport
from .shortcodes import Attachment, Shortcodes
from .wxr import Comment, Export, Item

CONTENT_TYPES = ("post", "page")
HELD = ".held"
NO_TEXT = "*(This {} had no text in WordPress.)*"
REMOVED = "[address removed]"
WORDPRESS_ID = re.compile(r"[0-9]{1,20}")
# What a commenter's e-mail or IP address (v4 or v6) looks like inside a text.
PRIVATE_CANDIDATE = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w:.])[0-9A-Fa-f]*[:.][0-9A-Fa-f:.]*[0-9A-Fa-f](?![\w:])")
SLUG_PATTERN = r"[^-a-z0-9_]+"
# First path segments the site's own pages and listings use, whatever the settings say.
ALWAYS_RESERVED = {"feeds", "drafts", "theme", "roles", "search", "replies", "page", "tag",
                   "tags", "category", "categories", "author", "authors", "archives", "static"}
REPLY_SOURCES = {"": "wordpress", "comment": "wordpress", "pingback": "pingback",
                 "trackback": "trackback", "webmention": "webmention"}
# WordPress status -> (status here, what the summary calls it); others (trash,
# auto-draft, inherit) are not imported. "scheduled" is written with no Status:
# its date keeps it off production builds until that date has passed.
STATUSES = {
    "publish": ("published", "published"),
    "draft": ("draft", "draft"),
    "pending": ("draft", "draft (pending review in WordPress)"),
    "future": ("scheduled", "scheduled (published by the first production build after its date)"),
    "private": ("skip", "kept out of the site (private)"),
}
PASSWORD = ("skip", "kept out of the site (password-protected)")
# Item types that are not posts or pages, and what they are.
OTHER_TYPES = {
    "attachment": "media library entries; the files stay where they are",
    "nav_menu_item": "menu entries; the theme has its own menu",
    "revision": "earlier versions of posts",
    "wp_block": "reusable blocks; their text is put into the posts that use them",
    "wp_navigation": "navigation menus; the theme has its own menu",
    "wp_template": "theme templates", "wp_template_part": "theme templates",
    "wp_global_styles": "theme styles", "custom_css": "theme styles",
    "customize_changeset": "theme settings", "oembed_cache": "cached embeds",
    "user_request": "privacy requests", "wp_font_family": "fonts", "wp_font_face": "fonts",
}
STATUS_NOTES = {"trash": "in WordPress's trash", "auto-draft": "never saved by their author",
                "inherit": "attached to another item"}
COMMENT_STATES = {"0": "pending (not approved)", "spam": "spam", "trash": "trashed",
                  "post-trashed": "trashed with their post"}


@dataclass
class PlannedFile:
    path: str  # relative to the content folder, with "/"
    text: str
    # Where it goes, resolved and checked inside content/ (archive.stage), or why it may not.
    target: Path | None = None
    refused: str = ""


@dataclass
class Entry:
    """One post or page to import."""

    item: Item
    kind: str  # "post" or "page"
    status: str  # "published", "draft" or "skip"
    label: str  # the status as the summary counts it
    title: str = ""
    slug: str = ""
    path: str = ""
    # False when the author's own file already holds this post: only its replies are written.
    write: bool = True
    old_urls: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.kind} '{title_text(self.title)}'"

    @property
    def shows_replies(self) -> bool:
        return self.status != "skip"

    def replies_dir(self, root: str) -> str:
        return f"{root}/{self.slug}" if self.shows_replies else f"{root}/{HELD}/{self.slug}"


def make_slug(text: str) -> str:
    return slugify(unquote(text or ""), regex_pattern=SLUG_PATTERN)


def _host(netloc: str) -> str:
    return netloc.lower().rsplit("@", 1)[-1].split(":")[0].removeprefix("www.")


def old_key(url: str, hosts: set[str]) -> str | None:
    """A comparable form of an old-site address ('/2011/05/x', '?p=12'), or None if not the old site."""
    parts = urlsplit(url.strip())
    if parts.scheme and parts.scheme.lower() not in ("http", "https"):
        return None
    if parts.netloc and _host(parts.netloc) not in hosts:
        return None
    if not parts.netloc and not parts.path.startswith("/") and not parts.query:
        return None
    query = parse_qs(parts.query)
    for name in ("p", "page_id"):
        if query.get(name, [""])[0].isdigit():
            return f"?{name}={query[name][0]}"
    path = unquote(parts.path).rstrip("/").lower() or "/"
    return path + (f"?{parts.query}" if parts.query else "")


def old_address(url: str) -> str:
    """The path (and query) of an old address, as a server sees it."""
    parts = urlsplit(url.strip())
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def reserved_slugs(settings: dict) -> set[str]:
    """Slugs that would land on a page the site itself writes (tags/, feeds/…)."""
    names = set(ALWAYS_RESERVED)
    for key, value in settings.items():
        if key.endswith(("_SAVE_AS", "_URL")) and isinstance(value, str) and "/" in value:
            first = value.split("/", 1)[0]
            if first and "{" not in first:
                names.add(first)
    names.update(str(p).strip("/").split("/")[0] for p in settings.get("STATIC_PATHS", []))
    names.add(str(settings.get("THEME_STATIC_DIR", "theme")))
    return names


BLOCK_MARKER = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-+*]\s+|\d{1,9}[.)]\s+)+")


def one_line_markdown(markdown: str) -> str:
    """A summary for one metadata line: its lines joined, block markers (#, >, -) dropped."""
    return one_line(" ".join(BLOCK_MARKER.sub("", line).removesuffix("\\")
                             for line in markdown.split("\n")))


TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)")


def wordpress_title(title: str) -> str:
    """A title as Pelican HTML: inline markup kept (cleaned), any other tag kept as its text.

    `Title <em>With</em> Markup` keeps its emphasis; `Some <html> tags` (a
    title that names a tag) and `<script>` show as the text they were.
    """
    text = TAG.sub(lambda m: m.group(0) if m.group(2).lower() in TITLE_TAGS else "&lt;" + m.group(0)[1:],
                   title.strip())
    return clean_title_html(text) if title_text(text) else ""


def header(fields: Iterable[tuple[str, str | None]]) -> str:
    return "".join(f"{name}: {one_line(value)}\n" for name, value in fields if value)


class Planner:
    def __init__(self, export: Export, settings: dict, existing: dict[str, tuple[str, str, str | None]],
                 report: ImportReport):
        """`existing`: slug -> (path, title, feed id) of the content files; the feed id
        (WordPress's guid, "" if none) is None for files the import did not write."""
        self.export = export
        self.settings = settings
        self.existing = existing
        self.report = report
        report.repairs = list(export.repairs)
        self.hosts = {_host(urlsplit(u).netloc) for u in
                      (export.link, export.base_blog_url, export.base_site_url,
                       *(i.link for i in export.items)) if urlsplit(u).netloc}
        self.attachments = {i.post_id: Attachment(i.attachment_url, i.title, i.post_parent)
                            for i in export.items if i.post_type == "attachment" and i.post_id}
        self.links: dict[str, str] = {}
        self.converter = Converter(self._resolve_link, export.base_blog_url or export.link,
                                   {key: a.title for key, a in self.attachments.items()},
                                   {i.post_id: i.content for i in export.items
                                    if i.post_type == "wp_block" and i.post_id})
        # Looked up token by token: one alternation of every commenter's address is slow.
        self.private = {p.lower() for p in export.private_strings}
        self.roles = self._roles()
        self.replies_root = str(settings.get("REPLIES_PATH", "replies")).strip("/")
        self.several_categories = 0

    # -- what each item is ------------------------------------------------

    def entries(self) -> list[Entry]:
        entries = []
        for item in self.export.items:
            kind = item.post_type
            if kind is None or (kind in CONTENT_TYPES and item.status is None):
                self._unreadable(item)
            elif kind not in CONTENT_TYPES:
                what = OTHER_TYPES.get(kind, "a custom post type of a plugin or theme")
                self.report.skipped[f"{kind} ({what})"] += 1
            elif entry := self._classify(item, kind):
                entries.append(entry)
                continue
            # Comments go with the item they answer (on attachment pages, say).
            left_out = sum(c.approved == "1" for c in item.comments)
            if left_out:
                self.report.comments["left out with the item they answer"] += left_out
        return entries

    def _unreadable(self, item: Item) -> None:
        missing = " and ".join(name for name, value in (("type", item.post_type),
                                                         ("status", item.status)) if value is None)
        where = item.link or item.guid or (f"id {item.post_id}" if item.post_id else "no address")
        comments = f", with {len(item.comments)} comment(s)" if item.comments else ""
        self.report.unreadable.append(
            f"'{title_text(item.title) or 'untitled'}' ({one_line(where)}{comments}): its {missing} "
            "cannot be read; left out, as it may be a draft or private")

    def _classify(self, item: Item, kind: str) -> Entry | None:
        status = item.status
        if item.password and status in STATUSES:
            return Entry(item, kind, *PASSWORD)
        if status not in STATUSES:
            why = STATUS_NOTES.get(status, "not a status WordPress publishes")
            self.report.skipped[f"{kind} with status '{status}' ({why})"] += 1
            self.report.keep_off(f"{status} (not imported)", f"{kind} '{title_text(item.title)}'")
            return None
        return Entry(item, kind, *STATUSES[status])

    # -- names ----------------------------------------------------------------

    def assign_slugs(self, entries: list[Entry]) -> None:
        taken = set(reserved_slugs(self.settings))
        page_names = {e.item.post_id: make_slug(e.item.post_name) for e in entries if e.kind == "page"}
        for entry in entries:
            item = entry.item
            entry.title = wordpress_title(item.title) or self._untitled(entry)
            wanted = (make_slug(item.post_name) or make_slug(title_text(entry.title))
                      or make_slug(f"{entry.kind}-{self._wordpress_id(item)}") or entry.kind)
            existing = self.existing.get(wanted)
            if existing and existing[2] is None and _same_title(existing[1], entry.title):
                entry.slug, entry.path, entry.write = wanted, existing[0], False
                taken.add(wanted)
                self.report.note(f"{entry.name} is already in the site as {existing[0]}; "
                                 "kept that file, imported only its replies")
                continue
            slug = wanted
            parent = page_names.get(item.post_parent) if entry.kind == "page" else None


            def used(candidate: str) -> bool:
                # An earlier import's file of this same item is refreshed, not renamed; one of
                # another item (an earlier import of another blog, say) is never overwritten.
                return candidate in taken or (candidate in self.existing and not _same_item(
                    self.existing[candidate], item, entry.title))

            if used(slug):
                candidates = ([f"{parent}-{wanted}"] if parent else []) + [
                    f"{wanted}-{n}" for n in range(2, 10_000)]
                slug = next(c for c in candidates if not used(c))
                self.report.note(f"{entry.name}: the slug '{wanted}' is already used; "
                                 f"imported as '{slug}'")
            taken.add(slug)
            entry.slug = slug
            entry.path = f"pages/{slug}.md" if entry.kind == "page" else f"{slug}.md"

    def _untitled(self, entry: Entry) -> str:
        words = BeautifulSoup(entry.item.content, "html.parser").get_text(" ").split()
        title = " ".join(words[:8]) + (" …" if len(words) > 8 else "") if words else ""
        title = title or make_slug(entry.item.post_name).replace("-", " ").capitalize() or "Untitled"
        entry.notes.append(f"has no title in WordPress; titled '{title}'")
        return clean_title_html(html.escape(title, quote=False))

    @staticmethod
    def _wordpress_id(item: Item) -> str:
        if item.post_id:
            return item.post_id
        query = parse_qs(urlsplit(item.link or item.guid).query)
        return next((query[k][0] for k in ("p", "page_id") if k in query), "")

    # -- old addresses --------------------------------------------------------

    def collect_old_urls(self, entries: list[Entry]) -> None:
        reserved = reserved_slugs(self.settings)
        claimed: dict[str, Entry] = {}
        for entry in entries:
            # A scheduled post's old addresses count from the build that publishes it.
            if entry.status not in ("published", "scheduled"):
                continue
            item = entry.item
            candidates = [item.link, item.guid]
            conflicts: set[str] = set()
            wp_id = self._wordpress_id(item)
            if wp_id:
                # The shortlink lives under the folder the blog lived in (/blog/?p=42).
                folder = urlsplit(self.export.base_blog_url or self.export.link).path.rstrip("/")
                candidates.append(
                    f"{folder}/?{'page_id' if entry.kind == 'page' else 'p'}={wp_id}")
            for url in candidates:
                key = old_key(url, self.hosts) if url else None
                if key is None or key == "/":
                    continue
                address = old_address(url)
                # Only the listing itself ("/archives/"): WordPress's numeric permalinks
                # (/archives/123) live below it and are redirected.
                if key.strip("/") in reserved:
                    entry.notes.append(f"its old address {address} is now the site's own "
                                       f"{key.strip('/')}/ page; that address is not redirected")
                    continue
                if key in claimed:
                    if claimed[key] is not entry and address not in conflicts:
                        conflicts.add(address)
                        entry.notes.append(f"its old address {address} also belongs to "
                                           f"{claimed[key].name}; redirected there")
                    continue
                claimed[key] = entry
                entry.old_urls.append(address)
        self.links = {key: "{filename}/" + entry.path for key, entry in claimed.items()}

    def _resolve_link(self, href: str) -> str | None:
        key = old_key(href, self.hosts)
        target = self.links.get(key) if key else None
        fragment = urlsplit(href).fragment
        return target + (f"#{fragment}" if fragment and target else "") if target else None

    # -- files ------------------------------------------------------------------

    def plan(self, advance: Callable[[], None] = lambda: None) -> list[PlannedFile]:
        """Every file to write; `advance()` is called once per item of the export."""
        entries = self.entries()
        for _ in range(len(self.export.items) - len(entries)):
            advance()
        self.assign_slugs(entries)
        self.collect_old_urls(entries)
        files = []
        ids_seen: dict[str, str] = {}
        for entry in entries:
            if entry.write:
                files.append(PlannedFile(entry.path, self._post_text(entry)))
            self.report.imported[(f"{entry.kind}s", entry.label)] += 1
            if entry.status != "published":
                self.report.keep_off(entry.label, f"{entry.name} ({entry.path})")
            elif entry.item.sticky == "1":
                self.report.sticky.append(f"{entry.name} ({entry.path})")
            files += self._replies(entry, ids_seen)
            for note in entry.notes:
                self.report.note(f"{entry.name} ({entry.path}): {note}")
            advance()
        if self.several_categories:
            self.report.note(f"{self.several_categories} post(s) had several categories; Pelican "
                             "allows one, so the first is the Category and the others became tags")
        return files

    def _post_text(self, entry: Entry) -> str:
        item = entry.item
        shortcodes = Shortcodes(self.attachments, item.post_id)
        body = self.converter.post(item.content, shortcodes, entry.notes)
        if not body:
            body = NO_TEXT.format(entry.kind)
            entry.notes.append("has no text; the file says so")
        date = wordpress_date(item.post_date, item.post_date_gmt, item.pub_date)
        if date is None:
            date = self._first_comment_date(item)
            if date is not None:
                entry.notes.append("has no date in the export; dated by its first comment")
            elif entry.status in ("published", "scheduled"):
                entry.status, entry.label = "draft", "draft (no date in the export)"
                entry.notes.append("has no date in the export; imported as a draft: add a Date "
                                   "line and remove the Status line to publish it")
        if entry.kind == "page" and entry.status == "scheduled" and date and _after_now(date):
            # Pelican holds back only articles dated in the future, never pages.
            entry.status, entry.label, entry.old_urls = "draft", "draft (a scheduled page)", []
            entry.notes.append("was scheduled in WordPress; Pelican publishes pages at once, so "
                               "it is a draft: remove its Status line on the day")
        modified = wordpress_date(item.modified, item.modified_gmt)
        summary_notes: list[str] = []
        summary = self.converter.text(item.excerpt, summary_notes) or self.converter.teaser(
            item.content, Shortcodes(self.attachments, item.post_id), summary_notes)
        fields = [
            ("Title", entry.title),
            ("Slug", entry.slug),
            ("Date", metadata_date(date) if date else None),
            ("Modified", metadata_date(modified) if modified and modified != date else None),
            ("Author", self._author(item)),
        ]
        if entry.kind == "post":
            fields += self._taxonomy(entry)
        fields += [("Summary", one_line_markdown(summary))]
        if entry.kind == "post" and self.roles:
            found = self.roles(self.converter.headings_html(item.content))
            fields.append(("Roles", ", ".join(found)))
        if item.comment_status == "closed":
            fields.append(("Replies", "closed"))
        fields += [
            ("Status", entry.status if entry.status in ("draft", "skip") else None),
            ("Redirect-From", ", ".join(entry.old_urls)),
            ("Feed-Id", item.guid),  # feed_ids.py: subscribers do not see the post as new
            ("Note", f"{entry.label.rsplit('(', 1)[-1].rstrip(')')} in WordPress; 'Status: skip' "
             "keeps it off the site" if entry.status == "skip" else None),
        ]
        return header(fields) + "\n" + body + "\n"

    def _author(self, item: Item) -> str:
        creator = html.unescape(item.creator).strip()
        return self.export.authors.get(creator.lower(), creator)

    def _taxonomy(self, entry: Entry) -> list[tuple[str, str]]:
        categories = [html.unescape(n) for d, n in entry.item.categories if d == "category" and n]
        tags = [html.unescape(n) for d, n in entry.item.categories if d == "post_tag" and n]
        if len(categories) > 1:
            self.several_categories += 1
        tags = list(dict.fromkeys(categories[1:] + tags))
        return [("Category", categories[0] if categories else None),
                ("Tags", ", ".join(t.replace(",", " ") for t in tags))]

    def _roles(self):
        definitions = role_definitions(self.settings)
        return lambda page: roles_in_headings(headings_in_html(page), definitions)

    @staticmethod
    def _first_comment_date(item: Item):
        dates = [wordpress_date(c.date, c.date_gmt) for c in item.comments if c.approved == "1"]
        dates = [d for d in dates if d is not None]
        return min(dates, key=lambda d: d.replace(tzinfo=None)) if dates else None

    # -- replies ----------------------------------------------------------------

    def _replies(self, entry: Entry, ids_seen: dict[str, str]) -> list[PlannedFile]:
        kept: dict[str, tuple[str, Comment]] = {}  # WordPress id -> (file id, comment)
        all_ids: dict[str, Comment] = {}
        for number, comment in enumerate(entry.item.comments, 1):
            if comment.id and not WORDPRESS_ID.fullmatch(comment.id):
                # It becomes a file name: only what WordPress writes (digits) may.
                self.report.refused.append(
                    f"comment {one_line(comment.id)[:80]!r} on {entry.name}: its id is not a "
                    "WordPress comment id (digits); not written")
                continue
            wp_id = comment.id or f"c{number}"
            all_ids.setdefault(wp_id, comment)
            if comment.approved != "1":
                self.report.comments[COMMENT_STATES.get(comment.approved,
                                                        f"with status '{comment.approved}'")] += 1
                continue
            if comment.type not in REPLY_SOURCES:
                self.report.comments[f"of type '{comment.type}' (not a comment)"] += 1
                continue
            file_id = wp_id
            if wp_id in kept:
                file_id = next(f"{wp_id}-{n}" for n in range(2, 10_000) if f"{wp_id}-{n}" not in kept)
                entry.notes.append(f"comment id {wp_id} appears twice; the second is kept as {file_id}")
            elif wp_id in ids_seen:
                entry.notes.append(f"comment id {wp_id} also appears on {ids_seen[wp_id]}; both kept")
            ids_seen.setdefault(wp_id, entry.name)
            kept[file_id] = (wp_id, comment)
        files = []
        for file_id, (wp_id, comment) in kept.items():
            parent, note = self._parent(comment, wp_id, kept, all_ids)
            if note:
                entry.notes.append(f"comment {file_id} {note}")
            if planned := self._reply_file(entry, file_id, comment, parent, note):
                files.append(planned)
        if kept and not entry.shows_replies:
            entry.notes.append(f"its {len(kept)} replies are kept in "
                               f"content/{entry.replies_dir(self.replies_root)}/, "
                               "as an item kept off the site has no reply section")
        return files

    @staticmethod
    def _parent(comment: Comment, wp_id: str, kept: dict, all_ids: dict) -> tuple[str | None, str]:
        """The reply this one answers, climbing past answers that were not kept."""
        kept_ids = {original: file_id for file_id, (original, _) in reversed(kept.items())}
        seen = {wp_id}
        parent = comment.parent
        skipped = False
        while parent and parent != "0":
            if parent in seen:
                return None, "is part of a loop of replies in the export; shown at the top level"
            seen.add(parent)
            if parent in kept_ids:
                return kept_ids[parent], ("answered a reply that was not approved; shown under "
                                          "the reply that one answered") if skipped else ""
            if parent not in all_ids:
                return None, (f"answered comment {parent}, which is not in the export; "
                              "shown at the top level")
            skipped = True
            parent = all_ids[parent].parent
        return None, ("answered a reply that was not approved; shown at the top level"
                      if skipped else "")

    def _reply_file(self, entry: Entry, file_id: str, comment: Comment, parent: str | None,
                    note: str) -> PlannedFile | None:
        """The reply's file, or None (with a note) when the reply archive would refuse it."""
        source = REPLY_SOURCES[comment.type]
        notes: list[str] = []
        body = self._private(self.converter.text(comment.content, notes))
        for n in notes:
            entry.notes.append(f"comment {file_id}: {n}")
        date = wordpress_date(comment.date, comment.date_gmt)
        if date is None:
            date = wordpress_date(entry.item.post_date, entry.item.post_date_gmt)
            note = "; ".join(filter(None, [note, "no date in the export: dated like its post"]))
            entry.notes.append(f"comment {file_id} has no date; dated like its post")
        # WordPress.com stores "http://" for a commenter without a website.
        url = web_url(comment.author_url) or ""
        if not url and comment.author_url.strip().lower() not in ("", "http://", "https://"):
            entry.notes.append(f"comment {file_id}: its website {one_line(comment.author_url)!r} "
                               "is not a web address; left out")
        if self._private(url) != url:
            url = ""
        if not body and source == "wordpress":
            body = "*(This comment had no text in WordPress.)*"
        problem = (text_problem(body) if body or source == "wordpress" else None) or (
            date_problem(date, datetime.datetime.now(date.tzinfo)) if date else None)
        if problem:
            self.report.comments["left out (the reply archive would refuse them)"] += 1
            entry.notes.append(f"comment {file_id} left out: {problem}")
            return None
        self.report.comments["mentions (pingbacks, trackbacks)" if source != "wordpress"
                             else "replies"] += 1
        fields = [
            ("Author", self._private(one_line(html.unescape(comment.author))) or "Anonymous"),
            ("Date", metadata_date(date) if date else None),
            ("URL", url),
            ("Parent", parent),
            ("Source", source),
            ("Note", note),
        ]
        path = str(PurePosixPath(entry.replies_dir(self.replies_root)) / f"{file_id}.md")
        return PlannedFile(path, header(fields) + "\n" + body + "\n")

    def _private(self, text: str) -> str:
        if not self.private:
            return text
        return PRIVATE_CANDIDATE.sub(
            lambda m: REMOVED if m.group(0).lower() in self.private else m.group(0), text)


def _after_now(when: datetime.datetime) -> bool:
    return when > datetime.datetime.now(when.tzinfo)


def _same_title(a: str, b: str) -> bool:
    return title_text(a).lower() == title_text(b).lower()


def _same_item(existing: tuple[str, str, str | None], item: Item, title: str) -> bool:
    """Whether an earlier import wrote this file for `item` (by guid, else by title)."""
    path, written_title, feed_id = existing
    if feed_id is None:
        return False
    return feed_id == item.guid if feed_id and item.guid else _same_title(written_title, title)


def existing_content(content_dir: Path, own: set[str],
                     replies_path: str) -> dict[str, tuple[str, str, str | None]]:
    """Slug -> (path, title, feed id) of the Markdown content files; the feed id is None for
    the files the import did not write (`own` are those it did)."""
    found: dict[str, tuple[str, str, str | None]] = {}
    for path in sorted(content_dir.rglob("*.md")):
        rel = path.relative_to(content_dir).as_posix()
        if rel.split("/", 1)[0] == replies_path or "/." in "/" + rel:
            continue
        fields = {}
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for line in lines:
            m = re.match(r"^([A-Za-z][\w-]*):\s*(.*)$", line)
            if not m:
                break
            fields[m.group(1).lower()] = m.group(2).strip()
        slug = fields.get("slug") or make_slug(fields.get("title", "")) or make_slug(path.stem)
        found.setdefault(slug, (rel, fields.get("title", ""),
                                fields.get("feed-id", "") if rel in own else None))
    return found
