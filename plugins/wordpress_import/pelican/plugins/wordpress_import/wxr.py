"""Read a WordPress export (WXR 1.0–1.2) safely and in one streamed pass.

defusedxml refuses any DTD, so entity expansion ("billion laughs") and
external entities (reading local files or URLs) are stopped at the
declaration, before anything is expanded or fetched; nothing is ever
fetched from the network. Items are cleared as soon as they are read, so a
large export does not sit in memory as a tree.

WordPress's elements are recognised by their namespace, whatever its
version (1.0–1.2) and scheme (WordPress's own theme test data has used
https:// since 2017). Damage that real exports carry is repaired and
listed (repairs.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import re
import zipfile
from typing import BinaryIO

import defusedxml.ElementTree as safe_et
from defusedxml import DefusedXmlException

from .repairs import DeclaresDTD, Repairs

NAMESPACE_PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
}
WP_EXPORT = re.compile(
    r"^https?://(?:www\.)?wordpress\.(?:org|com)/export/(?:[\d.]+/?)?(excerpt/?)?$", re.IGNORECASE)
# Each repair needs a new kind of damage, so this only bounds a file damaged in every way.
MAX_READS = 16


class WXRError(Exception):
    """The file cannot be imported; the message says where and how to fix it."""


@dataclass
class Comment:
    id: str
    author: str
    author_url: str
    date: str
    date_gmt: str
    content: str
    approved: str
    type: str
    parent: str


@dataclass
class Item:
    title: str
    link: str
    guid: str
    pub_date: str
    creator: str
    content: str
    excerpt: str
    post_id: str
    post_date: str
    post_date_gmt: str
    modified: str
    modified_gmt: str
    post_name: str
    status: str | None
    post_type: str | None
    post_parent: str
    password: str
    attachment_url: str
    comment_status: str
    sticky: str
    categories: list[tuple[str, str]] = field(default_factory=list)  # (domain, name)
    comments: list[Comment] = field(default_factory=list)


@dataclass
class Export:
    path: Path
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    authors: dict[str, str] = field(default_factory=dict)  # login (lower case) -> display name
    items: list[Item] = field(default_factory=list)
    # Commenters' e-mail and IP addresses, only so that they can be kept out of what is written.
    private_strings: set[str] = field(default_factory=set)
    # What was wrong with the file and how it was read anyway (repairs.py).
    repairs: list[str] = field(default_factory=list)
    # Whether any element is in WordPress's export namespace: an RSS feed has none.
    is_wxr: bool = False


def qualified(tag: str) -> str:
    """'{http://wordpress.org/export/1.2/}post_id' -> 'wp:post_id' (the same for every WXR version).

    Other namespaces (atom:link beside the channel's link…) keep their full name.
    """
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    if found := WP_EXPORT.match(uri):
        return ("excerpt:" if found.group(1) else "wp:") + local
    prefix = NAMESPACE_PREFIXES.get(uri)
    return f"{prefix}:{local}" if prefix else tag


def _texts(element: Element) -> dict[str, str]:
    """The text of each simple child, by qualified name (the first one wins)."""
    found: dict[str, str] = {}
    for child in element:
        found.setdefault(qualified(child.tag), child.text or "")
    return found


COMMENT_FIELDS = {
    "id": "wp:comment_id", "author": "wp:comment_author", "author_url": "wp:comment_author_url",
    "date": "wp:comment_date", "date_gmt": "wp:comment_date_gmt",
    "content": "wp:comment_content", "approved": "wp:comment_approved",
    "type": "wp:comment_type", "parent": "wp:comment_parent",
}
ITEM_FIELDS = {
    "title": "title", "link": "link", "guid": "guid", "pub_date": "pubDate",
    "creator": "dc:creator", "post_id": "wp:post_id", "post_date": "wp:post_date",
    "post_date_gmt": "wp:post_date_gmt", "modified": "wp:post_modified",
    "modified_gmt": "wp:post_modified_gmt", "post_name": "wp:post_name",
    "post_parent": "wp:post_parent", "attachment_url": "wp:attachment_url",
    "comment_status": "wp:comment_status", "sticky": "wp:is_sticky",
}
# Bodies keep their whitespace (it carries WordPress's paragraphs), passwords their spaces.
ITEM_RAW_FIELDS = {"content": "content:encoded", "excerpt": "excerpt:encoded",
                   "password": "wp:post_password"}
# Missing or empty in damaged exports: such an item is never published (documents.py).
ITEM_OPTIONAL_FIELDS = {"status": "wp:status", "post_type": "wp:post_type"}


def _comment(element: Element, export: Export) -> Comment:
    t = _texts(element)
    for private in ("wp:comment_author_email", "wp:comment_author_IP"):
        if t.get(private, "").strip():
            export.private_strings.add(t[private].strip())
    return Comment(**{name: t.get(tag, "").strip() for name, tag in COMMENT_FIELDS.items()})


def _item(element: Element, export: Export) -> Item:
    t = _texts(element)
    item = Item(
        **{name: t.get(tag, "").strip() for name, tag in ITEM_FIELDS.items()},
        **{name: t.get(tag, "") for name, tag in ITEM_RAW_FIELDS.items()},
        **{name: t.get(tag, "").strip() or None for name, tag in ITEM_OPTIONAL_FIELDS.items()},
    )
    for child in element:
        name = qualified(child.tag)
        if name == "category":
            item.categories.append((child.get("domain", "category"), (child.text or "").strip()))
        elif name == "wp:comment":
            item.comments.append(_comment(child, export))
    return item


def _author(element: Element, export: Export) -> None:
    t = _texts(element)
    login = t.get("wp:author_login", "").strip()
    if login:
        export.authors[login.lower()] = t.get("wp:author_display_name", "").strip() or login
    if t.get("wp:author_email", "").strip():
        export.private_strings.add(t["wp:author_email"].strip())


class _RepairingReader:
    """The file as the parser reads it: repaired (repairs.py), with progress reported."""

    def __init__(self, raw, repairs: Repairs, advance: Callable[[int], None]):
        self._repairs = repairs
        self._lines = repairs.lines(raw)
        self._raw = raw
        self._advance = advance
        self._buffer = b""
        self._position = 0

    def read(self, size: int = -1) -> bytes:
        if not self._repairs.active:  # as written, in chunks (an export may be one long line)
            data = self._raw.read(size)
            self._advance(len(data))
            return data
        while size < 0 or len(self._buffer) < size:
            line = next(self._lines, None)
            if line is None:
                break
            self._buffer += line
        data, self._buffer = (self._buffer, b"") if size < 0 else (
            self._buffer[:size], self._buffer[size:])
        position = self._raw.tell()
        self._advance(position - self._position)
        self._position = position
        return data


def read_export(path: Path, advance: Callable[[int], None] = lambda n: None) -> Export:
    """Parse the export at `path` (or every .xml file in the zip WordPress.com sends, as one
    export); `advance(n)` is called as bytes are read.

    Raises WXRError naming the line for malformed or hostile XML that cannot
    be repaired, and for a file that is not a WordPress export.
    """
    path = Path(path)
    with path.open("rb") as raw:
        head = raw.read(512)
    if head.startswith(ZIP):
        return _read_zip(path, advance)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    for magic, what in NOT_AN_EXPORT:
        if start.startswith(magic):
            raise WXRError(f"{path}: this file is {what}; nothing was imported")
    return _read_source(Source(str(path), lambda: path.open("rb")), path, advance)


@dataclass
class Source:
    """One export file: on disk, or a member of a zip."""

    name: str  # for messages
    open: Callable[[], BinaryIO]


def _read_source(source: Source, path: Path, advance: Callable[[int], None]) -> Export:
    repairs = Repairs(source.open)
    read = [0]

    def progress(n: int) -> None:
        read[0] += n
        advance(n)

    for _ in range(MAX_READS):
        try:
            export = _read(source, path, repairs, progress)
        except ParseError as error:
            try:
                learnt = repairs.learn(error)
            except DeclaresDTD as found:
                raise WXRError(_dtd_refused(source.name, found.line, "DTD")) from None
            if not learnt:
                line, column = error.position
                raise WXRError(
                    f"{source.name}: line {line}, column {column + 1}: the XML is malformed "
                    f"({str(error).split(':')[0]}); nothing was imported. Fix that line or export "
                    "the site again from WordPress, then re-run the import") from None
            advance(-read[0])
            read[0] = 0
            continue
        export.repairs = repairs.described()
        return export
    raise WXRError(f"{source.name}: the file is damaged in too many ways to read; nothing was "
                   "imported. Export the site again from WordPress")


ZIP = b"PK\x03\x04"
# A zip's files are read as they are unpacked, never written out; these bound the work.
MAX_UNZIPPED = 4 * 1024**3
MAX_RATIO = 200  # XML packs about 10:1; far more is a zip bomb

# What people give instead of the export, recognised by how the file starts.
NOT_AN_EXPORT = [
    (b"\x1f\x8b", "gzip-compressed: uncompress it (gunzip) and import the .xml file"),
    (b"<!doctype html", "a web page (HTML), not a WordPress export: in WordPress use Tools → "
                        "Export → All content and download the file"),
    (b"<html", "a web page (HTML), not a WordPress export: in WordPress use Tools → Export → "
               "All content and download the file"),
]


def _read_zip(path: Path, advance: Callable[[int], None]) -> Export:
    """WordPress.com sends the export as a zip of one or more .xml files: one export."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = sorted((m for m in archive.infolist()
                              if not m.is_dir() and m.filename.lower().endswith(".xml")),
                             key=lambda m: m.filename)
            if not members:
                raise WXRError(f"{path}: this zip holds no .xml file, so no WordPress export; "
                               "nothing was imported")
            unzipped = sum(m.file_size for m in members)
            packed = [m for m in members if m.file_size > MAX_RATIO * max(m.compress_size, 1)]
            if unzipped > MAX_UNZIPPED or packed:
                raise WXRError(f"{path}: the zip would unpack to {unzipped:,} bytes (or packs a "
                               "file more tightly than any export), which no WordPress export "
                               "does; refused, nothing was imported")
            scale = path.stat().st_size / max(unzipped, 1)  # the progress bar counts the zip
            exports = [_read_source(Source(f"{path} ({m.filename})",
                                           lambda m=m: archive.open(m)),
                                    path, lambda n: advance(round(n * scale)))
                       for m in members]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError) as error:
        raise WXRError(f"{path}: the zip cannot be read ({error}); unzip it yourself and import "
                       "the .xml file inside") from None
    merged = Export(path=path, **{name: next((getattr(e, name) for e in exports
                                              if getattr(e, name)), "")
                                  for name in ("title", "link", "base_site_url", "base_blog_url")})
    for member, export in zip(members, exports):
        merged.items += export.items
        merged.authors.update(export.authors)
        merged.private_strings |= export.private_strings
        merged.repairs += [f"{member.filename}: {repair}" for repair in export.repairs]
    merged.is_wxr = True
    return merged


def _dtd_refused(name: str, line: int, what: str) -> str:
    return (f"{name}: line {line}: the file declares a DTD or entities ({what}), which "
            "WordPress exports never do and which can expand without end or read local files; "
            "refused, nothing was imported. Export the site again from WordPress")


def _read(source: Source, path: Path, repairs: Repairs,
          advance: Callable[[int], None]) -> Export:
    export = Export(path=path)
    parser = safe_et.DefusedXMLParser(target=None, forbid_dtd=True)
    stack: list[str] = []
    channel: Element | None = None
    try:
        with source.open() as raw:
            events = safe_et.iterparse(_RepairingReader(raw, repairs, advance), ("start", "end"),
                                       parser=parser)
            for event, element in events:
                name = qualified(element.tag)
                if event == "start":
                    if not stack and name != "rss":
                        raise WXRError(
                            f"{source.name}: line 1: this is not a WordPress export (its root "
                            f"element is <{name}>, an export starts with <rss>); export the site "
                            "again from WordPress (Tools → Export → All content)")
                    if name == "channel" and stack == ["rss"]:
                        channel = element
                    export.is_wxr = export.is_wxr or name.startswith("wp:")
                    stack.append(name)
                    continue
                stack.pop()
                parent = stack[-1] if stack else None
                if name == "item":
                    export.items.append(_item(element, export))
                elif name in ("wp:author", "wp:wp_author") and parent == "channel":
                    _author(element, export)
                elif parent == "channel" and name in ("title", "link", "wp:base_site_url",
                                                      "wp:base_blog_url"):
                    setattr(export, name.removeprefix("wp:"), (element.text or "").strip())
                else:
                    continue
                element.clear()
                if parent == "channel" and channel is not None:
                    channel.remove(element)
    except DefusedXmlException as error:
        raise WXRError(_dtd_refused(source.name, parser.parser.CurrentLineNumber,
                                    type(error).__name__)) from None
    if channel is None:
        raise WXRError(f"{source.name}: there is no <channel> in <rss>, so this is not a WordPress "
                       "export; export the site again from WordPress (Tools → Export)")
    if not export.is_wxr:
        raise WXRError(f"{source.name}: this is an RSS feed, not a WordPress export (no element "
                       "is in WordPress's export namespace, so no item says whether it is a post, "
                       "a page or a draft); nothing was imported. Export the site from WordPress "
                       "(Tools → Export → All content)")
    return export
