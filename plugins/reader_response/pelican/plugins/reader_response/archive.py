"""Read the reply archive: <REPLIES_PATH>/<post-slug>/<reply-id>.md.

Each file is Markdown with metadata lines first (as in a Pelican post):

    Author: Sam Reader
    Date: 2013-03-07 12:15
    URL: https://reader.example.org/      (optional, the replier's site)
    Parent: 1                             (optional, the id of the reply answered)
    Source: isso                          (optional: isso, wordpress, email, pingback…)
    Note: anything for the site's author  (optional, never shown)

    The reply text, in Markdown.

Every problem in every file is collected, so that one failed build lists them all.
The archive's rules (safe_input.replies) hold for every file, hand-written
or written by a tool: each field on one line, no date over a day ahead, no
text over REPLIES_MAX_BYTES or nested deeper than REPLIES_MAX_DEPTH.
"""

from __future__ import annotations

import datetime
import difflib
import fnmatch
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import dateutil.parser
from markupsafe import Markup
from safe_input import line_break_in
from safe_input.replies import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, date_problem, text_problem

from .errors import Problems, shown_path

FIELD_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):[ \t]*(.*)$")
CONTINUATION = re.compile(r"^(?: {4}|\t)\s*(\S.*)$")
REPLY_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
REPLY_SUFFIXES = (".md", ".markdown")
# Mentions are links from elsewhere; they may come without any text of their own.
MENTION_SOURCES = {"pingback", "trackback", "webmention"}
FIELD_NAMES = {"url": "URL"}
# "2024-05-01", "2024-05-01 14:30", "2024-05-01T14:30:05": no zone, every part a number.
WHOLE_LOCAL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")
DATE_FIX = "write it like 'Date: 2024-05-01 14:30' (or with a zone: 2024-05-01T14:30+02:00)"
# Room for the metadata lines of a reply whose text is at the limit; a file
# larger than text limit + this is refused without being read.
METADATA_ROOM = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """The archive's limits, and the moment the build started (no reply is dated after it)."""
    max_bytes: int = DEFAULT_MAX_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH
    now: datetime.datetime = field(
        default_factory=lambda: datetime.datetime.now(datetime.timezone.utc))

    @classmethod
    def of(cls, settings: dict) -> Limits:
        return cls(settings.get("REPLIES_MAX_BYTES", DEFAULT_MAX_BYTES),
                   settings.get("REPLIES_MAX_DEPTH", DEFAULT_MAX_DEPTH))


@dataclass
class Reply:
    id: str
    post_slug: str
    author: str
    date: datetime.datetime
    text: str
    path: Path
    url: str | None = None
    parent: str | None = None
    source: str | None = None
    parent_line: int | None = None
    children: list[Reply] = field(default_factory=list)
    html: Markup = Markup("")

    @property
    def is_mention(self) -> bool:
        return (self.source or "").lower() in MENTION_SOURCES

    @property
    def anchor(self) -> str:
        return f"reply-{self.id}"


def read_archive(root: Path, post_slugs: set[str], timezone: str | None,
                 problems: Problems, ignore=(), share=None,
                 limits: Limits | None = None) -> dict[str, list[Reply]]:
    """Every reply under `root`, by post slug, threaded (top-level replies, children nested).

    `share(work, folders)`, when given, runs `work` on the list of post
    folders as it sees fit (in several processes, say) and returns its results.
    """
    by_post: dict[str, list[Reply]] = {}
    limits = limits or Limits()
    if not root.is_dir():
        return by_post
    folders = []
    for folder in sorted(root.iterdir()):
        if _ignored(folder, ignore):
            continue
        if folder.is_file():
            problems.add(folder, "a reply file must sit in the folder of its post",
                         f"move it to {shown_path(root)}/<post-slug>/{folder.name}")
        elif folder.name not in post_slugs:
            close = difflib.get_close_matches(folder.name, sorted(post_slugs), n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            problems.add(folder, f"no post has the slug '{folder.name}'",
                         f"rename the folder to the slug of the post these replies answer{hint}")
        else:
            folders.append(folder)

    def read(some: list[Path]) -> list[tuple[list[Reply], Problems]]:
        results = []
        for folder in some:
            found = Problems()
            replies = read_folder(folder, timezone, found, ignore, limits)
            results.append((thread(replies, found), found))
        return results

    for folder, (replies, found) in zip(folders, (share or _here)(read, folders)):
        by_post[folder.name] = replies
        problems.extend(found)
    return by_post


def _here(work, items):
    return work(items)


def _ignored(path: Path, ignore) -> bool:
    return path.name.startswith(".") or any(fnmatch.fnmatch(path.name, p) for p in ignore)


def read_folder(folder: Path, timezone: str | None, problems: Problems, ignore,
                limits: Limits) -> list[Reply]:
    replies = []
    for path in sorted(folder.iterdir()):
        if _ignored(path, ignore):
            continue
        if path.is_dir():
            problems.add(path, "reply folders do not nest",
                         f"keep every reply to this post directly in {shown_path(folder)}/")
        elif reply := read_reply(path, folder.name, timezone, problems, limits):
            replies.append(reply)
    return replies


def read_reply(path: Path, post_slug: str, timezone: str | None, problems: Problems,
               limits: Limits | None = None) -> Reply | None:
    limits = limits or Limits()
    if path.suffix.lower() not in REPLY_SUFFIXES:
        problems.add(path, "a reply file must be Markdown",
                     "give it the .md extension, or move it out of the reply archive")
        return None
    if not REPLY_ID.match(path.stem):
        problems.add(path, f"'{path.stem}' cannot be a reply id",
                     "rename the file with letters, digits, '-', '_' or '.' only, e.g. 3.md")
        return None
    with path.open("rb") as file:
        data = file.read(limits.max_bytes + METADATA_ROOM + 1)
        if len(data) > limits.max_bytes + METADATA_ROOM:
            size = file.seek(0, 2)
            problems.add(path, f"the file is {size:,} bytes, over the limit of "
                         f"{limits.max_bytes:,}", _TEXT_FIX)
            return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.add(path, f"the file is not UTF-8 (byte 0x{data[error.start]:02x})",
                     "re-save it with UTF-8 encoding",
                     line=data[: error.start].count(b"\n") + 1)
        return None
    fields, body = split_metadata(text)
    before = len(problems)
    for name, (value, line) in fields.items():
        if char := line_break_in(value):
            problems.add(path, f"the line holds {_named(char)}, which ends a line for other "
                         "readers and could forge a field", "keep each field on one line: "
                         "delete that character or put a space in its place",
                         line=line, field=FIELD_NAMES.get(name, name.capitalize()))
    author = _required(path, fields, "Author", problems,
                       "add a line like 'Author: Sam Reader' at the top "
                       "(write 'Anonymous' when the name is unknown)")
    date = _required(path, fields, "Date", problems, f"add a line at the top; {DATE_FIX}")
    when = parse_date(path, date, timezone, problems) if date else None
    if when and (problem := date_problem(when, limits.now)):
        problems.add(path, problem, "correct the date (replies cannot come from the future)",
                     line=date[1], field="Date")
    url = _url(path, fields.get("url"), problems)
    source = fields.get("source", ("", 0))[0] or None
    if not body.strip() and (source or "").lower() not in MENTION_SOURCES:
        problems.add(path, "the reply has no text",
                     "write the reply below the metadata, after a blank line")
    elif body.strip() and (problem := text_problem(body.strip(), limits.max_bytes,
                                                   limits.max_depth)):
        problems.add(path, problem, _TEXT_FIX)
    if len(problems) > before:
        return None
    parent, parent_line = fields.get("parent", ("", None))
    return Reply(id=path.stem, post_slug=post_slug, author=author[0], date=when,
                 text=body.strip(), path=path, url=url, parent=parent or None,
                 parent_line=parent_line, source=source)


_TEXT_FIX = ("shorten the reply or flatten its quotes and lists, or raise REPLIES_MAX_BYTES / "
             "REPLIES_MAX_DEPTH in pelicanconf.py if you trust it")


def _named(char: str) -> str:
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'a control character')})"


def _required(path, fields, name, problems: Problems, fix) -> tuple[str, int] | None:
    value = fields.get(name.lower())
    if value is None or not value[0]:
        problems.add(path, f"missing {name}", fix, line=value[1] if value else None)
        return None
    return value


def split_metadata(text: str) -> tuple[dict[str, tuple[str, int]], str]:
    """Metadata lines (lower-cased name -> (value, line number)) and the body after them."""
    fields: dict[str, tuple[str, int]] = {}
    # Only LF (or CRLF) ends a line: str.splitlines() also splits on U+2028, a
    # lone CR and others, which is how a forged field would get in. Those stay
    # inside the line, where read_reply names them.
    lines = text.replace("\r\n", "\n").split("\n")
    last = None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            return fields, "\n".join(lines[number:])
        match = FIELD_LINE.match(line)
        continued = CONTINUATION.match(line) if last else None
        if match:
            last = match.group(1).lower()
            fields[last] = (match.group(2).strip(), number)
        elif continued:
            value, where = fields[last]
            fields[last] = (f"{value} {continued.group(1)}".strip(), where)
        else:
            return fields, "\n".join(lines[number - 1:])
    return fields, ""


def parse_date(path: Path, value: tuple[str, int], timezone: str | None,
               problems: Problems) -> datetime.datetime | None:
    raw, line = value
    first = second = _whole_local_date(raw)
    if first is None:
        # Parse against two different defaults: any part the file leaves out shows
        # up as a difference, and a reply's date must not depend on the build day.
        try:
            first = dateutil.parser.parse(raw, default=datetime.datetime(2001, 1, 1))
            second = dateutil.parser.parse(raw, default=datetime.datetime(2002, 2, 2))
        except (ValueError, OverflowError):
            problems.add(path, f"'{raw}' is not a date", DATE_FIX, line=line, field="Date")
            return None
    if first.date() != second.date():
        problems.add(path, f"'{raw}' is not a whole date (day, month and year)", DATE_FIX,
                     line=line, field="Date")
        return None
    if first.tzinfo is None and timezone:
        first = first.replace(tzinfo=ZoneInfo(timezone))
    return first


def _whole_local_date(raw: str) -> datetime.datetime | None:
    """The usual form, complete by its shape, read as dateutil would but many times faster."""
    if not WHOLE_LOCAL_DATE.fullmatch(raw):
        return None
    try:
        return datetime.datetime.fromisoformat(raw)
    except ValueError:
        return None  # dateutil names the problem


def _url(path: Path, value: tuple[str, int] | None, problems: Problems) -> str | None:
    if not value or not value[0]:
        return None
    raw, line = value
    parts = urlsplit(raw)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        problems.add(path, f"'{raw}' is not a web address",
                     "give the replier's site as http://… or https://…, or remove the line",
                     line=line, field="URL")
        return None
    return raw


def thread(replies: list[Reply], problems: Problems) -> list[Reply]:
    """Nest replies under their Parent; return the top-level ones, oldest first."""
    by_id = {reply.id: reply for reply in replies}
    roots = []
    for reply in sorted(replies, key=lambda r: (r.date, r.id)):
        if reply.parent is None:
            roots.append(reply)
            continue
        parent = by_id.get(reply.parent)
        if parent is None:
            known = ", ".join(sorted(set(by_id) - {reply.id})) or "none"
            problems.add(reply.path, f"'{reply.parent}' is not a reply to this post",
                         f"use the id (file name without .md) of a reply in the same folder "
                         f"(known: {known}), or remove the Parent line",
                         line=reply.parent_line, field="Parent")
        elif _loops(reply, by_id):
            problems.add(reply.path, f"'{reply.parent}' makes the thread loop back to this reply",
                         "point Parent at an earlier reply, or remove it",
                         line=reply.parent_line, field="Parent")
        else:
            parent.children.append(reply)
    return roots


def _loops(reply: Reply, by_id: dict[str, Reply]) -> bool:
    seen = {reply.id}
    current = by_id.get(reply.parent)
    while current is not None:
        if current.id in seen:
            return True
        seen.add(current.id)
        current = by_id.get(current.parent) if current.parent else None
    return False


def walk(replies: list[Reply]):
    """Every reply of a thread, depth first, in reading order."""
    for reply in replies:
        yield reply
        yield from walk(reply.children)
