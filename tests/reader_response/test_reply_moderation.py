"""The live site's Isso configuration (isso.production.cfg), run for real on loopback
with a local SMTP sink: replies wait for approval, the author is e-mailed with the
links to approve, `invoke moderate`'s code approves from the terminal, only approved
replies are synced, and a reader who asked is e-mailed when someone answers."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from email import message_from_bytes
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from pelican.plugins.reader_response.isso_server import local_isso, write_config
from pelican.plugins.reader_response.moderate import ModerationError, Moderator
from sitebuild import REPO, free_port

PASSWORD = "correct horse battery staple"
THREAD = "/mutual-learning/"


class Sink:
    """An SMTP server on 127.0.0.1 that keeps every message it is sent."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"

    def wait_for(self, count: int, seconds: float = 15):
        deadline = time.monotonic() + seconds
        while len(self.messages) < count:
            assert time.monotonic() < deadline, f"only {len(self.messages)} e-mails arrived"
            time.sleep(0.1)
        return self.messages


@pytest.fixture
def live_isso(tmp_path, monkeypatch):
    """isso.production.cfg with its environment filled in, the way the server would run it."""
    sink = Sink()
    smtp_port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    for name, value in {
        "ISSO_DB": str(tmp_path / "comments.db"), "SITEURL": "http://127.0.0.1:8000",
        "ISSO_PUBLIC_URL": endpoint, "ISSO_ADMIN_PASSWORD": PASSWORD,
        "ISSO_SMTP_HOST": "127.0.0.1", "ISSO_SMTP_PORT": str(smtp_port),
        "ISSO_SMTP_SECURITY": "none", "ISSO_SMTP_USER": "", "ISSO_SMTP_PASSWORD": "",
        "ISSO_NOTIFY_TO": "author@example.org", "ISSO_NOTIFY_FROM": "isso@example.org",
        "ISSO_HASH_SALT": "a-test-salt",
    }.items():
        monkeypatch.setenv(name, value)
    # Every test reader posts from 127.0.0.1: loosen the guard that tells
    # readers apart by address, and keep the rest of the production config.
    config = write_config(REPO / "isso.production.cfg", tmp_path / "production.cfg",
                          guard={"ratelimit": "100", "direct-reply": "100",
                                 "reply-to-self": "true"})
    with local_isso(config, tmp_path / "isso", listen=f"{endpoint}/"):
        yield endpoint, sink
    controller.stop()


def post(endpoint: str, text: str, **fields) -> urllib.request.Request:
    request = urllib.request.Request(
        f"{endpoint}/new?uri={THREAD}", method="POST",
        data=json.dumps({"text": text, "title": "Mutual Learning", **fields}).encode(),
        headers={"Content-Type": "application/json", "Origin": "http://127.0.0.1:8000"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.load(response)


def shown(endpoint: str) -> list[str]:
    try:
        with urllib.request.urlopen(f"{endpoint}/?uri={THREAD}&plain=1", timeout=10) as response:
            return [c["text"] for c in json.load(response)["replies"]]
    except urllib.error.HTTPError as error:
        assert error.code == 404  # a thread with nothing approved yet
        return []


def test_the_production_config_holds_no_secret():
    text = (REPO / "isso.production.cfg").read_text()
    for line in text.splitlines():
        key, _, value = line.partition("=")
        if key.strip() in {"password", "username", "salt", "host", "to", "from"}:
            assert value.strip().startswith("${"), line


def test_a_reply_waits_for_approval_and_the_author_is_emailed_the_links(live_isso):
    endpoint, sink = live_isso
    status, _ = post(endpoint, "First thoughts.", author="Ann", email="ann@example.org")
    assert status == 202  # accepted, awaiting moderation
    assert shown(endpoint) == []
    (to, mail), = sink.wait_for(1)
    assert to == ["author@example.org"]
    assert "First thoughts." in mail.get_payload(decode=True).decode()
    assert re.search(rf"Activate comment: {endpoint}/id/\d+/activate/\S+",
                     mail.get_payload(decode=True).decode())


def test_the_author_approves_from_the_terminal_and_the_reader_is_told_of_an_answer(live_isso):
    endpoint, sink = live_isso
    _, first = post(endpoint, "First thoughts.", author="Ann", email="ann@example.org",
                    notification=1)
    moderator = Moderator(endpoint, PASSWORD)
    waiting = moderator.waiting()
    assert [(w.id, w.author, w.text, w.thread) for w in waiting] \
        == [(first["id"], "Ann", "First thoughts.", THREAD)]
    moderator.decide(waiting[0], "activate")
    assert shown(endpoint) == ["First thoughts."]

    _, answer = post(endpoint, "An answer.", author="Bob", parent=first["id"])
    spam_status, spam = post(endpoint, "Buy now.", author="Spam")
    assert spam_status == 202
    for reply in Moderator(endpoint, PASSWORD).waiting():
        moderator.decide(reply, "activate" if reply.id == answer["id"] else "delete")
    assert moderator.waiting() == []
    recipients = [to for to, _ in sink.wait_for(4)]  # 3 to the author, 1 to Ann
    assert ["ann@example.org"] in recipients
    ann = next(mail for to, mail in sink.messages if to == ["ann@example.org"])
    assert "An answer." in ann.get_payload(decode=True).decode()
    assert "Unsubscribe" in ann.get_payload(decode=True).decode()


def test_a_wrong_password_changes_nothing_and_says_so(live_isso):
    endpoint, _ = live_isso
    post(endpoint, "Waiting.", author="Ann")
    with pytest.raises(ModerationError, match="refused the admin password"):
        Moderator(endpoint, "guess")
    with pytest.raises(ModerationError, match="ISSO_ADMIN_PASSWORD"):
        Moderator(endpoint, "")
    assert [w.text for w in Moderator(endpoint, PASSWORD).waiting()] == ["Waiting."]


def test_invoke_moderate_lists_publishes_and_refuses_unknown_ids(live_isso, tmp_path):
    endpoint, _ = live_isso
    _, kept = post(endpoint, "Keep me.", author="Ann")
    post(endpoint, "Not yet.", author="Cy")
    settings = tmp_path / "live.py"
    settings.write_text(f"SITEURL = 'https://example.org'\n"
                        f"REPLIES_COMMENTS = {{'provider': 'isso', 'url': '{endpoint}/'}}\n")
    invoke = [str(Path(sys.executable).parent / "invoke"), "moderate", "--settings", str(settings)]
    env = {**os.environ, "ISSO_ADMIN_PASSWORD": PASSWORD}

    listed = subprocess.run(invoke, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0, listed.stderr
    assert f"#{kept['id']} on {THREAD} by Ann: Keep me." in listed.stdout
    assert "2 replies waiting for approval." in listed.stdout

    unknown = subprocess.run([*invoke, "--approve", "999"], cwd=REPO, env=env,
                             capture_output=True, text=True, timeout=60)
    assert unknown.returncode == 1 and "no reply #999 is waiting" in unknown.stderr
    assert "Traceback" not in unknown.stderr

    done = subprocess.run([*invoke, "--approve", str(kept["id"])], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "1 reply waiting for approval." in done.stdout
    assert shown(endpoint) == ["Keep me."]
