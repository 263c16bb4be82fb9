"""Hostile reply files: whatever a stranger wrote, nothing of it runs on the page,
and the words of each reply are still shown."""

from __future__ import annotations

import json
import re

import pytest

from sitebuild import Site

POST = "Title: A Post\nDate: 2024-01-01 10:00\nSlug: a-post\n\nAn essay.\n"

# Each body carries "Marker N", the words that must survive; every vector
# tries to run alert() or console.log("XSS…").
VECTORS = [
    "Marker 1 <script>alert('XSS1')</script>",
    "Marker 2 <img src=x onerror=\"alert('XSS2')\">",
    "[Marker 3](javascript:alert('XSS3'))",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">Marker 4</a>',
    "<svg onload=\"alert('XSS5')\"><script>alert('XSS5b')</script></svg> Marker 5",
    "<math><mtext><table><mglyph><style><img src=x onerror=\"alert('XSS6')\"></style>"
    "</mglyph></table></mtext></math> Marker 6",
    "<p style=\"background:url(javascript:alert('XSS7'))\" onclick=\"alert('XSS7')\">Marker 7</p>",
    "<div><b>Marker 8 <i>unclosed <a href=\"https://ok.example/\" "
    "onmouseover=\"alert('XSS8')\">link",
    "<iframe src=\"javascript:alert('XSS9')\"></iframe><form action=\"https://evil.example/\">"
    "<input name=x autofocus onfocus=\"alert('XSS9b')\"></form> Marker 9",
    "Marker 10 </div></article></section><script>console.log('XSS10')</script>",
    "<a href=\"jav&#x09;ascript:alert('XSS11')\">Marker 11</a>",
    "<object data=\"javascript:alert('XSS12')\"></object>"
    "<embed src=\"javascript:alert('XSS12b')\"> Marker 12",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('XSS13')>\">Marker 13</p></noscript>",
    "Marker 14 `</script><script>alert('XSS14')</script>`",
    "<details open ontoggle=\"alert('XSS15')\"><summary>Marker 15</summary></details>",
    "<base href=\"javascript:alert('XSS16')//\"><meta http-equiv=\"refresh\" "
    "content=\"0;url=javascript:alert('XSS16b')\"> Marker 16",
]
HOSTILE_AUTHOR = "<script>alert('XSS-author')</script> Mallory \"'><img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("hostile") / "site")
    site.write("a-post.md", POST)
    for n, body in enumerate(VECTORS, start=1):
        site.write(f"replies/a-post/{n}.md", f"Author: Reader {n}\nDate: 2024-02-{n:02d}\n\n{body}\n")
    site.write("replies/a-post/99.md", f"Author: {HOSTILE_AUTHOR}\nDate: 2024-03-01\n\nMarker 99\n")
    build = site.build()
    assert build.ok, build.log
    return build


def test_nothing_executable_survives_in_the_static_page(hostile):
    page = hostile.page("a-post/")
    replies = page.select("#replies article.reply")
    assert len(replies) == len(VECTORS) + 1
    for reply in replies:
        body = reply.select_one(".e-content")
        assert not body.select("script, style, iframe, form, input, object, embed, svg, math,"
                               " img, base, meta, noscript, details")
        for tag in body.find_all(True):
            assert not [a for a in tag.attrs if a.startswith("on") or a == "style"], tag
            href = tag.get("href", "")
            assert href == "" or href.startswith(("http://", "https://", "mailto:")), tag
    # Only the plugin's own scripts: the loader and the JSON-LD block.
    scripts = page.select("script")
    assert all(re.search(r"/reader-response(\.[0-9a-f]{8})?\.js$", s.get("src", ""))
               or s.get("type") == "application/ld+json" for s in scripts)
    json.loads(page.select_one('script[type="application/ld+json"]').string)


def test_every_reply_still_shows_its_words(hostile):
    text = " ".join(hostile.page("a-post/").select_one("#replies").get_text().split())
    for n in [*range(1, len(VECTORS) + 1), 99]:
        assert f"Marker {n}" in text
    assert "<script>alert('XSS-author')</script> Mallory" in text  # shown as text


@pytest.mark.slow
@pytest.mark.browser
def test_nothing_runs_in_chromium(hostile, serve, browser):
    base = serve(hostile.output)
    context = browser.new_context()
    page = context.new_page()
    dialogs, console, errors = [], [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: console.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base}/a-post/", wait_until="load")
    for reply in page.locator("#replies article.reply").all():
        reply.hover()
    page.locator("#replies .e-content a").first.focus()
    # Let anything queued for the next frame run before looking.
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => done()))")
    visible = page.inner_text("#replies")
    context.close()
    assert dialogs == []
    assert [m for m in console if "XSS" in m] == []
    assert errors == []
    for n in [*range(1, len(VECTORS) + 1), 99]:
        assert f"Marker {n}" in visible
