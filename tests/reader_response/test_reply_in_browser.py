"""End to end in Debian's Chromium against a live Isso: the page asks nothing of the
provider until the reader does; a reply posted through Isso's form becomes, after
sync and rebuild, part of the static page, its feed and the index count. And when
the provider is down, the page still reads whole."""

from __future__ import annotations

import feedparser
import pytest
from playwright.sync_api import expect

from reader_response.sync import sync_replies

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ARCHIVED = "I have had some super experiences with mutual learning"
NEW_REPLY = "Posting from the browser: mutual learning works both ways."


def isso_requests(isso) -> list[str]:
    """The requests the Isso server itself logged."""
    log = (isso.root / "isso.log").read_text(encoding="utf-8", errors="replace")
    return [line for line in log.splitlines() if '"GET ' in line or '"POST ' in line]


def test_reply_from_isso_form_to_static_page_feed_and_count(project_site, isso_server, serve,
                                                            browser):
    settings = {"REPLIES_COMMENTS": {"provider": "isso", "url": isso_server.url}}
    first = project_site.build(**settings)
    assert first.ok, first.log
    base = serve(first.output)
    isso = isso_server.start(base)

    context = browser.new_context()
    page = context.new_page()
    seen, errors = [], []
    page.on("request", lambda request: seen.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base}/mutual-learning/", wait_until="networkidle")
    assert ARCHIVED in page.inner_text("#replies")
    assert [url for url in seen if url.startswith(isso.url)] == []
    assert isso_requests(isso) == []

    page.get_by_role("button", name="Join the discussion").click()
    thread = page.locator("#isso-thread")
    thread.locator("textarea.isso-textarea").fill(NEW_REPLY)
    thread.locator("#isso-postbox-author").fill("Browser Reader")
    thread.locator(".isso-postbox input[type=submit]").click()
    expect(thread.locator("#isso-root .isso-comment .isso-text")).to_contain_text("both ways")
    assert [url for url in seen if url.startswith(isso.url)]
    assert errors == []
    context.close()

    report = sync_replies(project_site.settings_file(False, settings), progress=False)
    assert [p.parent.name for p in report.added] == ["mutual-learning"]
    second = project_site.build(**settings)
    assert second.ok, second.log

    static = browser.new_context(java_script_enabled=False)
    page = static.new_page()
    page.goto(f"{base}/mutual-learning/")
    replies = page.locator("#replies")
    expect(replies.locator("article.reply")).to_have_count(2)
    expect(replies).to_contain_text(NEW_REPLY)
    expect(replies).to_contain_text("Browser Reader")
    # Without JavaScript no control is shown that could not work.
    expect(page.get_by_role("button", name="Join the discussion")).to_have_count(0)
    page.goto(f"{base}/")
    expect(page.locator('a[href="/mutual-learning/#replies"]')).to_contain_text("2 replies")
    static.close()

    feed = feedparser.parse(second.path("feeds/replies/mutual-learning.atom.xml").read_bytes())
    assert feed.bozo == 0
    assert any(NEW_REPLY in entry.content[0].value and entry.author == "Browser Reader"
               for entry in feed.entries)


def test_provider_down_leaves_the_page_whole(project_site, isso_server, serve, browser):
    # The Isso fixture reserves a port but is never started: nothing answers there.
    build = project_site.build(REPLIES_COMMENTS={"provider": "isso", "url": isso_server.url})
    assert build.ok, build.log
    base = serve(build.output)
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base}/mutual-learning/", wait_until="networkidle")
    page.get_by_role("button", name="Join the discussion").click()
    expect(page.get_by_role("status")).to_contain_text("could not be loaded")
    expect(page.locator("#replies")).to_contain_text(ARCHIVED)
    expect(page.get_by_role("button", name="Join the discussion")).to_be_enabled()
    assert errors == []
    context.close()
