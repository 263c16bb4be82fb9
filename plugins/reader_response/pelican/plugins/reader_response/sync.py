"""Copy the replies readers left at the comment provider into the reply archive.

    from pelican.plugins.reader_response.sync import sync_replies, SyncError
    report = sync_replies(Path("pelicanconf.py"))   # or publishconf.py for the live site
    print(report)

For every post (read with Pelican itself, so slugs and URLs are the site's)
that has comments (Isso's `POST /count`), the Isso thread is fetched over
Isso's public HTTP API and each comment not yet in the archive is written to
<PATH>/<REPLIES_PATH>/<post-slug>/isso-<comment id>.md with Source: isso and
Parent threading. Existing files are never touched (so re-running adds only
new replies and keeps edits), except to undo the HTML escaping that earlier
syncs copied from Isso. Isso's API carries no e-mail or IP address, and
nothing else from the comment is written besides author, website, date and
text.

Everything the provider sends is treated as hostile (docs/security/replies.md):

- The shape of an answer and the provider's own fields (an object, `replies`
  a list, every comment an object with an `id` and a plausible `created`)
  are its promise. When one is broken the sync stops with one line naming
  the thread and the field, and nothing is written: every thread is fetched
  and checked before the first file is written.
- Values that carry what a reader typed are checked one by one: a comment
  whose id is not Isso's (digits), whose text is empty, or that breaks the
  archive's rules (safe_input.replies) is skipped with a note, and its
  answers move up to the comment it answered; author and website are made
  one line, and a website that is not an http(s) address is dropped.
- Every answer has a deadline for the whole of it (REPLIES_SYNC_TIMEOUT) and
  a size cap (MAX_ANSWER_BYTES); every path is checked to be inside the
  post's folder of the archive.
"""

from __future__ import annotations

import datetime
import html
import http.client
import json
import math
import os
import re
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from pelican.generators import ArticlesGenerator
from pelican.settings import read_settings
from rich.progress import track
from safe_input import OutsideFolder, inside, one_line, web_url
from safe_input.replies import text_problem

from . import providers
from .archive import Limits, split_metadata
from .errors import ReaderResponseError, shown_path
from .response import all_articles, thread_id
from .settings import DEFAULTS

DELETED = 4  # Isso's mode for a comment deleted while it still had answers
MAX_ANSWER_BYTES = 20 * 1024 * 1024
# Isso's comment ids are row numbers.
ISSO_ID = re.compile(r"[0-9]{1,18}", re.ASCII)
# A name is not a text: longer ones are cut, so no author can outgrow the file limits.
MAX_AUTHOR_CHARS = 200
MAX_WEBSITE_CHARS = 2000
ISSO_FILE = re.compile(r"isso-[0-9]+\.md")


class SyncError(RuntimeError):
    """The provider could not be read or broke its promise; the archive was left as it was."""


@dataclass
class SyncReport:
    added: list[Path] = field(default_factory=list)
    repaired: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    # Archived replies edited or deleted at the provider since; changed only with `update`.
    edited: list[Path] = field(default_factory=list)
    gone: list[Path] = field(default_factory=list)
    updated: bool = False
    already_archived: int = 0
    threads: int = 0
    fetched: int = 0

    def __str__(self) -> str:
        new = len(self.added)
        parts = [f"{new} new repl{'y' if new == 1 else 'ies'} archived",
                 f"{self.already_archived} already in the archive"]
        if self.repaired:
            parts.append(f"{len(self.repaired)} repaired")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        done = "updated" if self.updated else "left as archived"
        if self.edited:
            parts.append(f"{len(self.edited)} edited at the provider ({done})")
        if self.gone:
            parts.append(f"{len(self.gone)} deleted at the provider ({done})")
        parts.append(f"{self.threads} posts checked ({self.fetched} with comments)")
        return ", ".join(parts)


class _Broken(Exception):
    """The answer for one thread broke the provider's promise (its shape or its own fields)."""


class _Skip(Exception):
    """One comment cannot be archived; the others can."""


def sync_replies(settings_file: Path | str, *, provider: dict | None = None,
                 progress: bool = True, update: bool = False) -> SyncReport:
    """Pull new replies from the provider in `provider` (default: the settings' REPLIES_COMMENTS).

    Archived replies that were edited or deleted at the provider since are
    reported; with `update` the archive follows the provider (edited text
    replaced, deleted replies removed, their answers moved up).
    """
    settings = read_settings(str(settings_file))
    try:
        config = providers.checked(provider or settings.get("REPLIES_COMMENTS",
                                                            DEFAULTS["REPLIES_COMMENTS"]))
    except ReaderResponseError as error:
        raise SyncError(f"{str(error).splitlines()[0]} {'; '.join(error.problems)}") from None
    if config["provider"] != "isso":
        raise SyncError(f"sync can read Isso only; REPLIES_COMMENTS uses {config['provider']!r}. "
                        "Export its comments and add them as reply files instead.")
    endpoint = urllib.parse.urljoin((settings.get("SITEURL") or "") + "/", config["url"])
    if not endpoint.startswith(("http://", "https://")):
        raise SyncError(f"Isso's url {config['url']!r} is a path; set SITEURL (or pass "
                        "provider={'provider': 'isso', 'url': 'https://…/isso/'}) to sync.")
    timeout = settings.get("REPLIES_SYNC_TIMEOUT", DEFAULTS["REPLIES_SYNC_TIMEOUT"])
    if type(timeout) not in (int, float) or not 0 < timeout < math.inf:
        raise SyncError(f"REPLIES_SYNC_TIMEOUT is {timeout!r}; give a number of seconds, "
                        "such as 30.")
    isso = Isso(endpoint, float(timeout))
    archive = Path(settings["PATH"]) / settings.get("REPLIES_PATH", DEFAULTS["REPLIES_PATH"])
    limits = Limits.of(settings)
    posts = read_posts(settings)
    counts = isso.counts([thread for _, thread in posts])
    # A thread whose every comment was deleted counts 0, but its archived
    # replies still need checking.
    with_comments = [post for post, count in zip(posts, counts)
                     if count or _has_isso_replies(archive, post[0])]
    report = SyncReport(threads=len(posts), fetched=len(with_comments), updated=update)
    fetched = [(slug, thread, isso.thread(thread)) for slug, thread in
               track(with_comments, description="Fetching replies", transient=True,
                     disable=not progress)]
    writes = []
    for slug, thread, comments in fetched:
        writes += plan(archive, slug, thread, comments, limits, report, update)
    for target, text in writes:
        if text is None:
            target.unlink(missing_ok=True)
        else:
            write_atomically(target, text)
    if progress:
        for note in report.skipped:
            print(f"skipped: {note}")
        for path in report.repaired:
            print(f"repaired (HTML escaping undone): {shown_path(path)}")
        for path in report.added:
            print(f"new reply: {shown_path(path)}")
        for label, paths in (("edited", report.edited), ("deleted", report.gone)):
            for path in paths:
                print(f"{label} at the provider: {shown_path(path)}"
                      + ("" if update else " (kept as archived; --update to follow)"))
        print(report)
    return report


def read_posts(settings: dict) -> list[tuple[str, str]]:
    """(slug, Isso thread id) of every post, as Pelican reads them with these settings."""
    settings = {**settings, "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False}
    settings["ARTICLE_EXCLUDES"] = [*settings.get("ARTICLE_EXCLUDES", []),
                                    settings.get("REPLIES_PATH", DEFAULTS["REPLIES_PATH"])]
    context = {**settings, "generated_content": {}, "static_links": set(),
               "static_content": {}, "localsiteurl": settings["SITEURL"]}
    generator = ArticlesGenerator(context=context, settings=settings, path=settings["PATH"],
                                  theme=settings["THEME"], output_path=settings["OUTPUT_PATH"])
    generator.generate_context()
    seen = {}
    for article in all_articles(generator):
        seen.setdefault(article.slug, thread_id(article))
    return sorted(seen.items())


class Isso:
    """Isso's public API, read with a deadline and a size cap on every answer."""

    def __init__(self, endpoint: str, timeout: float):
        self.endpoint = endpoint
        self.timeout = timeout
        self.parts = urllib.parse.urlsplit(endpoint)
        self.base = self.parts.path.rstrip("/") + "/"

    def counts(self, threads: list[str]) -> list[int]:
        """How many comments each thread has (Isso's POST /count), in the same order."""
        if not threads:
            return []
        answer = self._json("POST", "count", "the comment counts", json.dumps(threads).encode(),
                            missing_ok=False)
        if (not isinstance(answer, list) or len(answer) != len(threads)
                or not all(type(n) is int and n >= 0 for n in answer)):
            raise SyncError(f"Isso at {self.endpoint} answered the comment counts with "
                            f"{_shown(answer)}, not a list of {len(threads)} counts; "
                            "nothing was changed.")
        return answer

    def thread(self, thread: str) -> list[dict]:
        """The thread's comments, answers nested, text as typed; its shape checked."""
        query = urllib.parse.urlencode({"uri": thread, "plain": 1})
        answer = self._json("GET", f"?{query}", f"thread {thread}", missing_ok=True)
        try:
            if answer is None:
                return []
            if not isinstance(answer, dict):
                raise _Broken(f"the answer is {_kind(answer)}, not an object")
            if "replies" not in answer:
                raise _Broken("`replies` is missing")
            return _checked_comments(answer["replies"], "replies")
        except _Broken as broken:
            raise SyncError(f"Isso's answer for thread {thread}: {broken}; nothing was "
                            "changed. Is the url in REPLIES_COMMENTS an Isso server?") from None

    def _json(self, method: str, path: str, what: str, body: bytes | None = None, *,
              missing_ok: bool):
        """The answer as JSON (None for a 404 when `missing_ok`), or SyncError in one line."""
        status, data = self._request(method, path, what, body)
        if status == 404 and missing_ok:  # older Isso answers 404 for a thread without comments
            return None
        if status != 200:
            raise SyncError(f"Isso at {self.endpoint} answered {status} for {what}; "
                            "nothing was changed.")
        try:
            return json.loads(data)
        except (ValueError, RecursionError):
            raise SyncError(f"Isso at {self.endpoint} did not answer with JSON for {what}; "
                            "is the url right? Nothing was changed.") from None

    def _request(self, method: str, path: str, what: str, body: bytes | None) -> tuple[int, bytes]:
        connection_type = (http.client.HTTPSConnection if self.parts.scheme == "https"
                           else http.client.HTTPConnection)
        connection = connection_type(self.parts.hostname, self.parts.port, timeout=self.timeout)
        # The socket's timeout is per read: a server sending a byte now and then
        # would never trip it. The deadline is for the whole answer; when it
        # passes, the socket is shut, so a waiting read returns at once.
        expired = threading.Event()

        def cut():
            expired.set()
            if connection.sock is not None:
                try:
                    connection.sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        deadline = threading.Timer(self.timeout, cut)
        deadline.start()
        try:
            connection.request(method, self.base + path, body=body,
                               headers={"Accept": "application/json",
                                        "Content-Type": "application/json"})
            response = connection.getresponse()
            declared = response.getheader("Content-Length", "")
            if declared.isdigit() and int(declared) > MAX_ANSWER_BYTES:
                raise _TooLarge
            chunks, size = [], 0
            while not expired.is_set() and (chunk := response.read1(64 * 1024)):
                size += len(chunk)
                if size > MAX_ANSWER_BYTES:
                    raise _TooLarge
                chunks.append(chunk)
            if expired.is_set():
                raise _TooSlow
            return response.status, b"".join(chunks)
        except _TooLarge:
            raise SyncError(f"Isso at {self.endpoint} sent more than "
                            f"{MAX_ANSWER_BYTES // 2**20} MB for {what}; stopped reading. "
                            "Nothing was changed.") from None
        except (_TooSlow, OSError, http.client.HTTPException) as error:
            if expired.is_set():
                raise SyncError(f"Isso at {self.endpoint} did not finish its answer for {what} "
                                f"within {self.timeout:g} s (REPLIES_SYNC_TIMEOUT); "
                                "nothing was changed.") from None
            reason = getattr(error, "reason", None) or error or type(error).__name__
            raise SyncError(f"cannot reach Isso at {self.endpoint} ({one_line(reason)}). "
                            "Is it running? `invoke serve` starts the local one. "
                            "Nothing was changed.") from None
        finally:
            deadline.cancel()
            connection.close()


class _TooLarge(Exception):
    pass


class _TooSlow(Exception):
    pass


def _checked_comments(comments, where: str) -> list[dict]:
    """`comments` if it is a list of comments as Isso promises them, nested answers too."""
    if not isinstance(comments, list):
        raise _Broken(f"`{where}` is {_kind(comments)}, not a list")
    latest = time.time() + 86_400  # a day of clock difference between servers
    for n, comment in enumerate(comments, start=1):
        at = f"{where}[{n}]"
        if not isinstance(comment, dict):
            raise _Broken(f"{at} is {_kind(comment)}, not a comment")
        if comment.get("id") is None:
            raise _Broken(f"{at} has no `id`")
        created = comment.get("created")
        if (type(created) not in (int, float) or not math.isfinite(created)
                or not 0 <= created <= latest):
            raise _Broken(f"comment {_shown(comment['id'])} has `created` {_shown(created)}, "
                          "not a time (seconds since 1970, not in the future)")
        _checked_comments(comment.get("replies") or [], f"{at}.replies")
    return comments


def _has_isso_replies(archive: Path, slug: str) -> bool:
    try:
        return any(inside(archive, slug).glob("isso-*.md"))
    except OutsideFolder:
        return False


def plan(archive: Path, slug: str, thread: str, comments: list[dict], limits: Limits,
         report: SyncReport, update: bool = False) -> list[tuple[Path, str | None]]:
    """The files to write for one thread (text None: to remove): new replies, old ones to
    repair, and with `update` the ones edited or deleted at the provider."""
    try:
        folder = inside(archive, slug)
    except OutsideFolder as error:
        raise SyncError(f"the post slug {slug!r} would put replies outside the archive "
                        f"({error}); nothing was changed.") from None
    writes: dict[Path, str | None] = {}
    present = set()  # ids of the comments the provider still shows

    def archived(comment: dict, parent_id: str | None) -> bool:
        """Plan the comment's file; False if it is skipped."""
        where = f"thread {thread}, comment {_shown(comment['id'])}"
        try:
            if not ISSO_ID.fullmatch(str(comment["id"])):
                raise _Skip("its id is not a number, as Isso's ids are")
            present.add(f"isso-{comment['id']}")
            target = inside(folder, f"isso-{comment['id']}.md")
            if target.exists():
                report.already_archived += 1
                if repaired := repair(target, comment):
                    writes[target] = repaired
                    report.repaired.append(target)
                if edited := edit(writes.get(target) or target.read_text(encoding="utf-8"),
                                  comment, limits):
                    report.edited.append(target)
                    if update:
                        writes[target] = edited
            else:
                parent_id = parent_id or _answered(comment, folder)
                writes[target] = reply_file(comment, parent_id, limits, report.skipped, where)
                report.added.append(target)
            return True
        except (_Skip, OutsideFolder) as skip:
            report.skipped.append(f"{where}: {skip}")
            return False

    def walk(comments: list[dict], parent_id: str | None) -> None:
        # Answers to a deleted or skipped comment move up to the comment that
        # one answered, so that no Parent points at a reply that is not there.
        for comment in comments:
            live = comment.get("mode") != DELETED and archived(comment, parent_id)
            walk(comment.get("replies") or [], f"isso-{comment['id']}" if live else parent_id)

    walk(comments, None)
    # A thread the provider shows no comment in at all is more likely the wrong
    # server (or a new database) than every reply deleted: report, never remove.
    removable = update and bool(present)
    for target in sorted(folder.glob("isso-*.md")):
        if target.stem not in present and ISSO_FILE.fullmatch(target.name):
            report.gone.append(target)
            if removable:
                _remove(target, folder, writes)
    return list(writes.items())


# A reply to an archived reply the provider does not have (imported, e-mailed)
# is posted at the top level starting with a link to it (reply-form.js).
ANSWERS = re.compile(r"\s*\[@[^\]\n]{0,200}\]\(#reply-([A-Za-z0-9][A-Za-z0-9_.-]{0,100})\)")


def _answered(comment: dict, folder: Path) -> str | None:
    """The archived reply a top-level comment names as the one it answers, if it is there."""
    named = ANSWERS.match(comment.get("text") or "")
    if named and any((folder / f"{named[1]}{suffix}").is_file() for suffix in (".md", ".markdown")):
        return named[1]
    return None


def edit(text: str, comment: dict, limits: Limits) -> str | None:
    """The archived file with the provider's newer text, if the reply was edited there."""
    new = comment.get("text")
    if not comment.get("modified") or not isinstance(new, str):
        return None
    header, _, body = text.partition("\n\n")
    if body.strip() == new.strip() or text_problem(new.strip(), limits.max_bytes,
                                                   limits.max_depth):
        return None
    return f"{header}\n\n{new.strip()}\n"


def _remove(target: Path, folder: Path, writes: dict) -> None:
    """Plan the removal of a reply; its answers move up to the reply it answered."""
    fields, _ = split_metadata(writes.get(target) or target.read_text(encoding="utf-8"))
    grandparent = fields.get("parent", ("", 0))[0]
    for child in sorted(folder.glob("*.md")):
        text = writes.get(child) or (child.read_text(encoding="utf-8") if child != target
                                     and child not in writes else None)
        if text is None:
            continue
        child_fields, _ = split_metadata(text)
        value, number = child_fields.get("parent", ("", 0))
        if value == target.stem:
            lines = text.split("\n")
            if grandparent:
                lines[number - 1] = f"Parent: {grandparent}"
            else:
                del lines[number - 1]
            writes[child] = "\n".join(lines)
    writes[target] = None


def reply_file(comment: dict, parent_id: str | None, limits: Limits, notes: list[str],
               where: str) -> str:
    text = comment.get("text")
    if not isinstance(text, str):
        raise _Skip(f"its text is {_kind(text)}")
    text = text.strip()
    if problem := text_problem(text, limits.max_bytes, limits.max_depth):
        raise _Skip(problem)
    author = _author(comment.get("author"))
    created = datetime.datetime.fromtimestamp(comment["created"], datetime.timezone.utc)
    lines = [f"Author: {author}", f"Date: {created.replace(microsecond=0).isoformat()}"]
    if website := _website(comment.get("website")):
        lines.append(f"URL: {website}")
    elif comment.get("website"):
        notes.append(f"{where}: website {_shown(comment['website'])} dropped "
                     "(not an http(s) address)")
    if parent_id is not None:
        lines.append(f"Parent: {parent_id}")
    lines.append("Source: isso")
    return "\n".join(lines) + "\n\n" + text + "\n"


def _author(value) -> str:
    """The name as the reader typed it: Isso's HTML escaping undone once, on one line."""
    name = one_line(html.unescape(value)) if isinstance(value, str) else ""
    if len(name) > MAX_AUTHOR_CHARS:
        name = name[:MAX_AUTHOR_CHARS - 1].rstrip() + "…"
    return name or "Anonymous"


def _website(value) -> str | None:
    if not isinstance(value, str) or len(value) > MAX_WEBSITE_CHARS:
        return None
    return web_url(html.unescape(value))


def repair(target: Path, comment: dict) -> str | None:
    """The file with Isso's HTML escaping undone, if an earlier sync copied it; else None.

    Only a line that still holds exactly what the earlier sync wrote from
    this comment is changed, so the site author's edits are kept and a
    repaired file is never unescaped twice.
    """
    if not ISSO_FILE.fullmatch(target.name):
        return None
    text = target.read_text(encoding="utf-8")
    fields, _ = split_metadata(text)
    if fields.get("source", ("",))[0].lower() != "isso":
        return None
    raw_author, raw_website = comment.get("author"), comment.get("website")
    wanted = {}
    if isinstance(raw_author, str):
        wanted["author"] = (" ".join(raw_author.split()) or "Anonymous", _author(raw_author))
    if isinstance(raw_website, str) and (url := _website(raw_website)):
        wanted["url"] = (raw_website.strip(), url)
    lines = text.split("\n")
    changed = False
    for name, (written, meant) in wanted.items():
        value, number = fields.get(name, (None, 0))
        if value == written and meant != written:
            lines[number - 1] = f"{lines[number - 1].split(':', 1)[0]}: {meant}"
            changed = True
    return "\n".join(lines) if changed else None


def _kind(value) -> str:
    """What a JSON value is, for a message: 'an object', 'the text "abc"', 'null'…"""
    if isinstance(value, (dict, list)):
        return "an object" if isinstance(value, dict) else "a list"
    return f"the text {_shown(value)}" if isinstance(value, str) else _shown(value)


def _shown(value) -> str:
    """A value for a one-line message: as JSON (so printable and quoted), short."""
    if isinstance(value, (dict, list)):
        return _kind(value)
    shown = json.dumps(value, ensure_ascii=True)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def write_atomically(target: Path, text: str) -> None:
    """Write via a hidden temp file (which the archive reader skips), so no half file is left."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, target)
