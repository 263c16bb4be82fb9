"""The theme in a real browser (Debian's Chromium): light and dark schemes,
phone width without sideways scrolling, a visible keyboard focus, a print
style, no JavaScript needed and no request to another host."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuild import Site

pytestmark = [pytest.mark.slow, pytest.mark.browser]

LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    site = Site(tmp_path_factory.mktemp("browser") / "site")
    site.write("wide.md", f"""
        Title: Wide things on a narrow screen
        Date: 2024-04-01
        Tags: layout
        Slug: wide

        A very long word: {LONG_WORD}, and a link
        <https://example.org/{LONG_WORD}>.

            a_long_line_of_code = "{LONG_WORD}"

        | Column one | Column two | Column three | Column four | Column five |
        |------------|------------|--------------|-------------|-------------|
        | {LONG_WORD} | value | value | value | value |
        """)
    site.write("pages/about.md", """
        Title: About
        Slug: about

        About this site.
        """)
    build = site.build(PLUGINS=[])
    assert build.ok, build.log
    return build.output


@pytest.fixture
def open_page(browser, serve, output):
    """open_page(url, **context options) -> a loaded Playwright page."""
    base = serve(output)
    contexts = []

    def open_(url: str, **options):
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        page.requests = []
        page.on("request", lambda request: page.requests.append(request.url))
        page.goto(f"{base}/{url}")
        return page

    yield open_
    for context in contexts:
        context.close()


def luminance(css_colour: str) -> float:
    """Relative luminance (WCAG) of an rgb()/rgba() computed colour."""
    channels = [int(float(c)) / 255 for c in css_colour[css_colour.index("(") + 1:-1].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


COLOURS = """() => {
  const style = (sel) => getComputedStyle(document.querySelector(sel));
  return {bg: style('body').backgroundColor, text: style('body').color,
          link: style('main a').color, muted: style('.meta').color};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_colour_scheme_follows_the_reader_and_keeps_contrast(open_page, scheme):
    page = open_page("wide/", color_scheme=scheme)
    colours = page.evaluate(COLOURS)
    assert (luminance(colours["bg"]) > 0.5) == (scheme == "light"), colours
    for role in ("text", "link", "muted"):
        assert contrast(colours[role], colours["bg"]) >= 4.5, (role, colours)


@pytest.mark.parametrize("url", ["", "wide/", "tags/", "archives/"])
def test_phone_width_needs_no_sideways_scrolling(open_page, url):
    page = open_page(url, viewport={"width": 320, "height": 640})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_keyboard_focus_is_visible_and_skip_link_works(open_page):
    page = open_page("wide/")
    page.keyboard.press("Tab")
    skip = page.evaluate("""() => {
      const el = document.activeElement, box = el.getBoundingClientRect();
      return {text: el.textContent, width: box.width, height: box.height,
              outline: getComputedStyle(el).outlineStyle};
    }""")
    assert skip["text"] == "Skip to content"
    assert skip["width"] > 50 and skip["height"] > 20 and skip["outline"] != "none"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    for _ in range(4):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => [document.activeElement.tagName,
            getComputedStyle(document.activeElement).outlineStyle]""")
        assert focused[0] == "A" and focused[1] != "none", focused


def test_works_without_javascript_and_asks_no_other_host(open_page):
    page = open_page("", java_script_enabled=False)
    page.get_by_role("link", name="Wide things on a narrow screen").click()
    page.wait_for_url("**/wide/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="About").click()
    page.wait_for_url("**/about/")
    assert page.get_by_role("heading", level=1).inner_text() == "About"
    assert all(url.startswith("http://127.0.0.1:") for url in page.requests), page.requests


def test_print_style_leaves_out_navigation(open_page):
    page = open_page("wide/")
    page.emulate_media(media="print")
    assert page.locator(".site-nav").is_hidden()
    assert page.locator("main h1").is_visible()
