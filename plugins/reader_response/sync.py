"""Copy the replies readers left at the comment provider into the reply archive.

    from reader_response.sync import sync_replies, SyncError
    report = sync_replies(Path("pelicanconf.py"))   # or publishconf.py for the live site
    print(report)

For every post (read with Pelican itself, so slugs and URLs are the site's),
the Isso thread of the post is fetched over Isso's public HTTP API and each
comment not yet in the archive is written to
<PATH>/<REPLIES_PATH>/<post-slug>/isso-<comment id>.md with Source: isso and
Parent threading. Existing files are never touched, so re-running adds only
new replies and keeps edits. Isso's API carries no e-mail or IP address, and
nothing else from the comment is written besides author, website, date and
text. Every thread is fetched before anything is written: if the provider
cannot be reached, nothing changes.
"""

from __future__ import annotations

import datetime
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from pelican.generators import ArticlesGenerator
from pelican.settings import read_settings

from . import providers
from .response import all_articles, thread_id
from .settings import DEFAULTS

DELETED = 4  # Isso's mode for a comment deleted while it still had answers
TIMEOUT = 15


class SyncError(RuntimeError):
    """The provider could not be read; the archive was left as it was."""


@dataclass
class SyncReport:
    added: list[Path] = field(default_factory=list)
    already_archived: int = 0
    threads: int = 0

    def __str__(self) -> str:
        new = len(self.added)
        return (f"{new} new repl{'y' if new == 1 else 'ies'} archived, "
                f"{self.already_archived} already in the archive, {self.threads} posts checked")


def sync_replies(settings_file: Path | str, *, provider: dict | None = None,
                 progress: bool = True) -> SyncReport:
    """Pull new replies from the provider in `provider` (default: the settings' REPLIES_COMMENTS)."""
    settings = read_settings(str(settings_file))
    config = providers.checked(provider or settings.get("REPLIES_COMMENTS",
                                                        DEFAULTS["REPLIES_COMMENTS"]))
    if config["provider"] != "isso":
        raise SyncError(f"sync can read Isso only; REPLIES_COMMENTS uses {config['provider']!r}. "
                        "Export its comments and add them as reply files instead.")
    endpoint = urllib.parse.urljoin((settings.get("SITEURL") or "") + "/", config["url"])
    if not endpoint.startswith(("http://", "https://")):
        raise SyncError(f"Isso's url {config['url']!r} is a path; set SITEURL (or pass "
                        "provider={'provider': 'isso', 'url': 'https://…/isso/'}) to sync.")
    archive = Path(settings["PATH"]) / settings.get("REPLIES_PATH", DEFAULTS["REPLIES_PATH"])
    posts = read_posts(settings)
    threads = {slug: fetch_thread(endpoint, thread) for slug, thread in posts}
    report = SyncReport(threads=len(threads))
    for slug, comments in threads.items():
        for comment, parent in flatten(comments):
            target = archive / slug / f"isso-{comment['id']}.md"
            if target.exists():
                report.already_archived += 1
                continue
            write_atomically(target, reply_file(comment, parent))
            report.added.append(target)
            if progress:
                print(f"{slug}: new reply from {comment.get('author') or 'Anonymous'} -> {target}")
    if progress:
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


def fetch_thread(endpoint: str, thread: str) -> list[dict]:
    """The thread's comments, with answers nested, text as the commenter typed it."""
    url = f"{endpoint}?{urllib.parse.urlencode({'uri': thread, 'plain': 1})}"
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return json.load(response).get("replies", [])
    except urllib.error.HTTPError as error:
        if error.code == 404:  # older Isso answers 404 for a thread without comments
            return []
        raise SyncError(f"Isso at {endpoint} answered {error.code} {error.reason} for {thread}; "
                        "nothing was changed.") from error
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise SyncError(f"cannot reach Isso at {endpoint} ({reason}). Is it running? "
                        "`invoke serve` starts the local one. Nothing was changed.") from error
    except ValueError as error:
        raise SyncError(f"Isso at {endpoint} did not answer with JSON for {thread}; "
                        "is the url right? Nothing was changed.") from error


def flatten(comments: list[dict], parent: dict | None = None):
    """(comment, the comment it answers) for every live comment; answers to deleted ones move up."""
    for comment in comments:
        live = comment.get("mode") != DELETED
        if live:
            yield comment, parent
        yield from flatten(comment.get("replies") or [], comment if live else parent)


def reply_file(comment: dict, parent: dict | None) -> str:
    created = datetime.datetime.fromtimestamp(comment["created"], datetime.timezone.utc)
    author = " ".join(str(comment.get("author") or "").split()) or "Anonymous"
    lines = [f"Author: {author}", f"Date: {created.replace(microsecond=0).isoformat()}"]
    website = (comment.get("website") or "").strip()
    if urllib.parse.urlsplit(website).scheme in ("http", "https") and "\n" not in website:
        lines.append(f"URL: {website}")
    if parent is not None:
        lines.append(f"Parent: isso-{parent['id']}")
    lines.append("Source: isso")
    return "\n".join(lines) + "\n\n" + (comment.get("text") or "").strip() + "\n"


def write_atomically(target: Path, text: str) -> None:
    """Write via a hidden temp file (which the archive reader skips), so no half file is left."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, target)
