"""Approve or delete the replies waiting in Isso's moderation queue, from the terminal.

    invoke moderate                      # list the waiting replies
    invoke moderate --approve 12,13      # publish them (the next sync archives them)
    invoke moderate --delete 14

It logs in to Isso's admin with ISSO_ADMIN_PASSWORD (the password of
isso.production.cfg's [admin] section), reads the queue from Isso's own
moderation page and uses the same signed links as its buttons and e-mails.
"""

from __future__ import annotations

import html
import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

TIMEOUT = 30
# Isso's admin page (isso/templates/admin.html): one block per comment, with
# its id and the signed key its buttons post to.
_COMMENT = re.compile(r"<div class='isso-comment' id='isso-(\d+)'>(.*?)validate_com\(\1, '([^']+)'",
                      re.DOTALL)
_AUTHOR = re.compile(r'<span class=.isso-author. id="isso-author-\d+">(.*?)</span>', re.DOTALL)
_TEXT = re.compile(r'<pre id="isso-text-\d+">(.*?)</pre>', re.DOTALL)
_THREAD = re.compile(r'Thread: .*?\(<a href="([^"]*)">', re.DOTALL)


class ModerationError(RuntimeError):
    """Isso could not be reached or refused the password; nothing was changed."""


def isso_endpoint(settings: dict) -> str:
    """Isso's address from REPLIES_COMMENTS, made absolute against SITEURL."""
    url = (settings.get("REPLIES_COMMENTS") or {}).get("url") or ""
    endpoint = urllib.parse.urljoin((settings.get("SITEURL") or "") + "/", url)
    if not endpoint.startswith(("http://", "https://")):
        raise ModerationError(f"Isso's url {url!r} is not an address; set REPLIES_COMMENTS "
                              "(and SITEURL) in the settings file")
    return endpoint


@dataclass
class Waiting:
    id: int
    author: str
    text: str
    key: str
    thread: str

    def __str__(self) -> str:
        words = " ".join(self.text.split())
        return (f"#{self.id} on {self.thread} by {self.author}: "
                f"{words[:70]}{'…' if len(words) > 70 else ''}")


class Moderator:
    def __init__(self, endpoint: str, password: str):
        if not password:
            raise ModerationError("set ISSO_ADMIN_PASSWORD to the password in Isso's [admin] "
                                  "section; nothing was changed")
        self.endpoint = endpoint.rstrip("/")
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self._log_in(password)

    def _open(self, path: str, data: bytes | None = None):
        try:
            return self.opener.open(urllib.request.Request(self.endpoint + path, data=data,
                                                           method="POST" if data is not None
                                                           else "GET"), timeout=TIMEOUT)
        except urllib.error.HTTPError as error:
            raise ModerationError(f"Isso at {self.endpoint} answered {error.code} for {path}; "
                                  "nothing was changed") from error
        except (urllib.error.URLError, OSError) as error:
            raise ModerationError(f"cannot reach Isso at {self.endpoint} "
                                  f"({getattr(error, 'reason', error)})") from error

    def _log_in(self, password: str) -> None:
        with self._open("/login/", urllib.parse.urlencode({"password": password}).encode()) as page:
            landed = page.geturl()
        # The right password redirects to the moderation page; a wrong one shows the form again.
        if not landed.rstrip("/").endswith("/admin"):
            raise ModerationError("Isso refused the admin password (or its admin is disabled: "
                                  "[admin] enabled = true); nothing was changed")

    def waiting(self) -> list[Waiting]:
        """The replies in the moderation queue, oldest first."""
        with self._open("/admin/?mode=2&asc=1") as page:
            body = page.read().decode("utf-8", "replace")
        found = []
        for match in _COMMENT.finditer(body):
            block = match[2]
            author, text, thread = (_AUTHOR.search(block), _TEXT.search(block),
                                    _THREAD.search(block))
            found.append(Waiting(
                int(match[1]), html.unescape(author[1]).strip() if author else "Anonymous",
                html.unescape(text[1]) if text else "", match[3],
                html.unescape(thread[1]) if thread else "?"))
        return found

    def decide(self, reply: Waiting, action: str) -> None:
        """`action`: "activate" (publish) or "delete"."""
        with self._open(f"/id/{reply.id}/{action}/{reply.key}", b""):
            pass
