"""The reply loop as the author runs it: the dev server of `invoke serve` with the real
local Isso. A reader posts through our form; the author syncs; the dev server rebuilds
on its own; the reply is then shown once, with JavaScript and without."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from pelican.plugins.reader_response.sync import sync_replies
from sitebuild import REPO, free_port

pytestmark = [pytest.mark.slow, pytest.mark.browser]

REPLY = "Posted through the form while the author's dev server runs."


def served(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(condition, what: str, seconds: float = 120):
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.1)
    return found


@pytest.fixture
def dev_server(project_site, isso_server):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = project_site.settings_file(False, {
        "REPLIES_COMMENTS": {"provider": "isso", "url": isso_server.url},
        "FEED_DOMAIN": base})
    isso_server.start(base)
    log = open(project_site.root / "devserver.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, str(REPO / "plugins" / "fast_build"), str(project_site.content),
         "-s", str(settings), "-o", str(project_site.root / "served"), "--port", str(port)],
        cwd=project_site.root, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "COLUMNS": "200"})
    wait_for(lambda: served(f"{base}/mutual-learning/"), "the first build")
    yield base, settings
    proc.terminate()
    proc.wait(timeout=30)
    log.close()


def test_a_reply_posted_on_the_dev_server_is_shown_once_after_sync(dev_server, browser):
    base, settings = dev_server
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base}/mutual-learning/")
    page.locator("#replies").scroll_into_view_if_needed()
    form = page.locator("#replies [data-form-slot] form.reply-form")
    form.get_by_label("Your reply").fill(REPLY)
    form.get_by_role("textbox", name="Name (optional, shown)").fill("Dev Reader")
    form.get_by_role("button", name="Send reply").click()
    expect(page.locator("#replies article.reply-live", has_text=REPLY)).to_have_count(1)
    assert errors == []
    context.close()

    before = served(f"{base}/mutual-learning/")
    assert len(sync_replies(settings, progress=False).added) == 1
    # The dev server sees the new reply file and rebuilds by itself.
    wait_for(lambda: REPLY in (served(f"{base}/mutual-learning/") or "") and
             served(f"{base}/mutual-learning/") != before, "the rebuilt page")

    for javascript in (False, True):
        context = browser.new_context(java_script_enabled=javascript)
        page = context.new_page()
        page.goto(f"{base}/mutual-learning/")
        page.locator("#replies").scroll_into_view_if_needed()
        page.wait_for_load_state("networkidle")
        expect(page.locator("#replies .reply .e-content", has_text=REPLY)).to_have_count(1)
        if javascript:
            expect(page.locator("#replies [data-form-slot] form")).to_have_count(1)
            expect(page.locator("[data-live-note]")).to_be_hidden()
        else:
            expect(page.get_by_role("button")).to_have_count(0)
        context.close()
