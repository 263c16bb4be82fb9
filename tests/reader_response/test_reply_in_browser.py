"""End to end in Debian's Chromium against a live Isso and our own reply form: a
reader posts through the form, answers a reply, sees inline errors; after sync and
rebuild every reply shows once, with JavaScript and without, in the page, its feed
and the index count. When the provider is down the page still reads whole."""

from __future__ import annotations

import feedparser
import pytest
from playwright.sync_api import expect

from pelican.plugins.reader_response.sync import sync_replies

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ARCHIVED = "I have had some super experiences with mutual learning"
NEW_REPLY = "Posting from the browser: mutual learning works both ways."
ANSWER = "An answer to the first reply on this page."


def isso_requests(isso) -> list[str]:
    """The requests the Isso server itself logged."""
    log = (isso.root / "isso.log").read_text(encoding="utf-8", errors="replace")
    return [line for line in log.splitlines() if '"GET ' in line or '"POST ' in line]


def open_page(browser, url, **context_options):
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.seen, page.errors = [], []
    page.on("request", lambda request: page.seen.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.goto(url, wait_until="networkidle")
    # The form and the newer replies load as the reader comes near them.
    page.locator("#replies").scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    return context, page


def test_reply_from_our_form_to_static_page_feed_and_count(project_site, isso_server, serve,
                                                           browser):
    settings = {"REPLIES_COMMENTS": {"provider": "isso", "url": isso_server.url}}
    first = project_site.build(**settings)
    assert first.ok, first.log
    base = serve(first.output)
    isso = isso_server.start(base)

    context, page = open_page(browser, f"{base}/mutual-learning/")
    replies = page.locator("#replies")
    assert ARCHIVED in replies.inner_text()
    # Only Isso's API is asked (for newer replies): no script or stylesheet of Isso's.
    assert not [url for url in page.seen if url.startswith(isso.url) and "/js/" in url]
    form = replies.locator("form.reply-form").first
    expect(form).to_be_visible()

    form.get_by_role("button", name="Send reply").click()
    text = form.get_by_label("Your reply")
    expect(text).to_have_attribute("aria-invalid", "true")
    expect(form.locator("[data-error-for=text]")).to_have_text("Write your reply first.")
    expect(text).to_be_focused()

    text.fill(NEW_REPLY)
    form.get_by_role("textbox", name="Name (optional, shown)").fill("Browser Reader")
    form.get_by_role("button", name="Send reply").click()
    posted = replies.locator("article.reply-live", has_text="both ways")
    expect(posted).to_have_count(1)
    expect(posted).to_contain_text("Browser Reader")
    expect(form.locator("[data-form-status]")).to_contain_text("published")

    # Answer the first archived reply (imported, so Isso does not have it).
    first_reply = replies.locator("article.reply").first
    first_id = first_reply.get_attribute("id")
    first_reply.get_by_role("button", name="Reply", exact=False).first.click()
    answer_form = first_reply.locator("form.reply-form")
    expect(answer_form.locator("textarea")).to_be_focused()
    answer_form.get_by_label("Your answer to").fill(ANSWER)
    answer_form.get_by_role("button", name="Send reply").click()
    expect(first_reply.locator(".reply-children article.reply-live", has_text=ANSWER)) \
        .to_have_count(1)
    assert page.errors == []
    context.close()

    report = sync_replies(project_site.settings_file(False, settings), progress=False)
    assert len(report.added) == 2
    second = project_site.build(**settings)
    assert second.ok, second.log

    static, page = open_page(browser, f"{base}/mutual-learning/", java_script_enabled=False)
    replies = page.locator("#replies")
    expect(replies.locator(".reply .e-content", has_text="both ways")).to_have_count(1)
    expect(replies.locator(f"#{first_id} .reply-children article", has_text=ANSWER)) \
        .to_have_count(1)
    # Without JavaScript no control is shown that could not work, and no server address.
    expect(page.get_by_role("button")).to_have_count(0)
    assert isso.url.rstrip("/") not in replies.inner_text()
    page.goto(f"{base}/")
    expect(page.locator('a[href="/mutual-learning/#replies"]')).to_contain_text("3 replies")
    static.close()

    # With JavaScript, the archived copies are not shown a second time.
    context, page = open_page(browser, f"{base}/mutual-learning/")
    expect(page.locator("#replies .reply .e-content", has_text="both ways")).to_have_count(1)
    expect(page.locator("#replies .reply .e-content", has_text=ANSWER)).to_have_count(1)
    expect(page.locator("[data-live-note]")).to_be_hidden()
    assert page.errors == []
    context.close()

    feed = feedparser.parse(second.path("feeds/replies/mutual-learning.atom.xml").read_bytes())
    assert feed.bozo == 0
    assert any(NEW_REPLY in entry.content[0].value and entry.author == "Browser Reader"
               for entry in feed.entries)


def built_and_served_with_isso(project_site, isso_server, serve) -> str:
    """The project's site built for the local Isso, served, with Isso running: its address."""
    built = project_site.build(REPLIES_COMMENTS={"provider": "isso", "url": isso_server.url})
    assert built.ok, built.log
    base = serve(built.output)
    isso_server.start(base)
    return base


def test_a_reply_the_newer_replies_already_brought_is_shown_once(project_site, isso_server,
                                                                 serve, browser):
    # The page asks Isso for the newer replies as the reader nears them. On a slow
    # line that answer can come after Isso has taken the reader's own reply and
    # before Isso's answer to the form: then both hold the reply.
    base = built_and_served_with_isso(project_site, isso_server, serve)
    isso = isso_server.url
    context = browser.new_context()
    page = context.new_page()
    held = {}

    def hold(route):
        if route.request.method == "POST":
            held["post"] = (route, route.fetch())  # Isso has the reply from here on
        elif route.request.url.startswith(isso + "?uri="):
            held["thread"] = route
        else:
            route.continue_()

    page.route(f"{isso}**", hold)
    page.goto(f"{base}/mutual-learning/")
    page.locator("#replies").scroll_into_view_if_needed()
    form = page.locator("#replies [data-form-slot] form.reply-form")
    form.get_by_label("Your reply").fill(NEW_REPLY)
    form.get_by_role("button", name="Send reply").click()
    while len(held) < 2:
        page.wait_for_timeout(50)

    thread = held["thread"]
    thread.fulfill(response=thread.fetch())  # the newer replies, with the reader's own
    expect(page.locator("#replies article.reply-live", has_text="both ways")).to_have_count(1)
    post, answer = held["post"]
    post.fulfill(response=answer)
    expect(form.locator("[data-form-status]")).to_contain_text("published")
    expect(page.locator("#replies article.reply-live", has_text="both ways")).to_have_count(1)
    context.close()


def test_a_reply_not_yet_archived_is_shown_in_the_thread_and_said_so(project_site, isso_server,
                                                                      serve, browser):
    base = built_and_served_with_isso(project_site, isso_server, serve)
    isso_server.post("/mutual-learning/", "Sent <script>alert(1)</script> from elsewhere.",
                     author="Tom & <b>Jerry</b>")
    dialogs = []
    context = browser.new_context()
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{base}/mutual-learning/")
    page.locator("#replies").scroll_into_view_if_needed()
    live = page.locator("#replies article.reply-live")
    expect(live).to_have_count(1)
    expect(live).to_contain_text("from elsewhere")
    # Isso stores the name escaped; it shows as the reader typed it, as text.
    expect(live.locator("span.p-name")).to_have_text("Tom & <b>Jerry</b>")
    expect(page.locator("[data-live-note]")).to_contain_text("1 newer reply")
    assert live.locator("script, b").count() == 0 and dialogs == []
    context.close()


def test_provider_down_leaves_the_page_whole(project_site, isso_server, serve, browser):
    # The Isso fixture reserves a port but is never started: nothing answers there.
    build = project_site.build(REPLIES_COMMENTS={"provider": "isso", "url": isso_server.url})
    assert build.ok, build.log
    base = serve(build.output)
    context, page = open_page(browser, f"{base}/mutual-learning/")
    expect(page.locator("[data-live-note]")).to_contain_text("could not be loaded")
    expect(page.locator("#replies")).to_contain_text(ARCHIVED)
    form = page.locator("#replies form.reply-form").first
    form.get_by_label("Your reply").fill("Kept if it cannot be sent.")
    form.get_by_role("button", name="Send reply").click()
    expect(form.locator("[data-form-status]")).to_contain_text("Your text is still here")
    expect(form.get_by_label("Your reply")).to_have_value("Kept if it cannot be sent.")
    expect(form.get_by_role("button", name="Send reply")).to_be_enabled()
    context.close()
