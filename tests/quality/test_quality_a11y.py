"""Accessibility in Debian's Chromium: axe-core on every page kind, and the keyboard.

axe-core (npm, tools/node) checks WCAG 2.2 AA on each kind of page of both
production builds, in the light and dark colour schemes, at phone and
desktop widths. The keyboard test tabs through an article with replies and
checks that every control can be reached and shows where the focus is.
"""

from __future__ import annotations

import pytest

from checkers import axe_violations, describe_violations
from quality_sites import slugs_in

pytestmark = [pytest.mark.slow, pytest.mark.browser]

WIDTHS = {"phone": 375, "desktop": 1280}
SCHEMES = ["light", "dark"]


def first(build, pattern: str) -> str | None:
    """The URL of the first output page matching a glob, e.g. 'tag/*/index.html'."""
    found = build.files(pattern)
    return found[0].relative_to(build.output).parent.as_posix() + "/" if found else None


def page(served) -> str:
    return f"{slugs_in(served.site.content / 'pages')[0]}/"


PAGE_KINDS = {
    "index": lambda s: "",
    "index-page-2": lambda s: first(s.build, "page/2/index.html"),
    "article": lambda s: s.article_with_replies(),
    "page": page,
    "archives": lambda s: "archives/",
    "tags": lambda s: "tags/",
    "tag": lambda s: first(s.build, "tag/*/index.html"),
    "categories": lambda s: "categories/",
    "category": lambda s: first(s.build, "category/*/index.html"),
    "authors": lambda s: "authors/",
    "author": lambda s: first(s.build, "author/*/index.html"),
    "roles": lambda s: first(s.build, "roles/index.html"),
    "role": lambda s: first(s.build, "roles/*/index.html"),
    "search": lambda s: first(s.build, "search/index.html"),
    "404": lambda s: "404.html",
}


def open_page(browser, url: str, *, scheme: str, width: int):
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
    tab = context.new_page()
    response = tab.goto(url, wait_until="load")
    assert response and response.ok, f"{url} answered {response and response.status}"
    return context, tab


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_kind_has_no_axe_violations(served, browser, kind):
    """One load per page; the colour scheme and width change in place, as a reader's would."""
    rel = PAGE_KINDS[kind](served)
    if rel is None:
        pytest.skip(f"the {served.name} build has no {kind} page")
    url = served.page_url(rel)
    context, tab = open_page(browser, url, scheme=SCHEMES[0], width=WIDTHS["phone"])
    try:
        found = violations_in_every_scheme_and_width(tab)
    finally:
        context.close()
    assert not found, f"axe-core: WCAG 2.2 AA violations on {url}\n" + "\n".join(found)


def violations_in_every_scheme_and_width(tab) -> list[str]:
    """axe-core's findings, with the colour scheme and width changed in place."""
    found = []
    for scheme in SCHEMES:
        for width, pixels in WIDTHS.items():
            tab.emulate_media(color_scheme=scheme)
            tab.set_viewport_size({"width": pixels, "height": 900})
            violations = axe_violations(tab)
            if violations:
                found.append(f"--- {scheme}, {width} ({pixels}px):\n"
                             + describe_violations(violations))
    return found


def load_the_reply_form(tab) -> None:
    """Bring the replies into view, as a reader would (the form loads then), and go back up."""
    tab.locator("#replies").scroll_into_view_if_needed()
    tab.locator("#replies [data-form-slot] form").wait_for(timeout=15000)
    tab.evaluate("window.scrollTo(0, 0)")


def test_the_open_reply_form_has_no_axe_violations(project, browser):
    """The form as a reader meets it: open under a reply, one inline error shown."""
    url = project.page_url(project.article_with_replies())
    context, tab = open_page(browser, url, scheme="light", width=WIDTHS["desktop"])
    try:
        load_the_reply_form(tab)
        tab.locator("#replies .reply-actions button").first.click()
        tab.locator("#replies .reply form").wait_for()
        tab.locator("#replies [data-form-slot] button[type=submit]").click()
        tab.locator("#replies [data-form-slot] [data-error-for=text]").wait_for()
        found = violations_in_every_scheme_and_width(tab)
    finally:
        context.close()
    assert not found, f"axe-core: WCAG 2.2 AA violations with the reply form open on {url}\n" \
        + "\n".join(found)


# Every control a keyboard user must reach, in the order the page has them,
# with its look before it has focus.
CONTROLS_JS = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary,'
                 + ' [tabindex]:not([tabindex="-1"])';
  const look = el => { const s = getComputedStyle(el);
    return {outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
            shadow: s.boxShadow}; };
  return [...document.querySelectorAll(selector)]
    .filter(el => !el.disabled && el.checkVisibility({visibilityProperty: true}))
    .map((el, i) => { const html = el.outerHTML.slice(0, 120);
      el.dataset.qualityControl = i;
      return {i, html, ...look(el)}; });
}"""
FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el.dataset.qualityControl === undefined) return null;
  const s = getComputedStyle(el);
  return {i: Number(el.dataset.qualityControl),
          outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
          outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth),
          shadow: s.boxShadow};
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_keyboard_reaches_every_control_with_visible_focus(project, browser, scheme):
    url = project.page_url(project.article_with_replies())
    context, tab = open_page(browser, url, scheme=scheme, width=WIDTHS["desktop"])
    try:
        load_the_reply_form(tab)
        controls = tab.evaluate(CONTROLS_JS)
        reached = {}
        for _ in range(len(controls) + 10):
            tab.keyboard.press("Tab")
            focused = tab.evaluate(FOCUSED_JS)
            if focused is None or focused["i"] in reached:
                if len(reached) >= len(controls):
                    break
                continue
            reached[focused["i"]] = focused
    finally:
        context.close()

    assert controls, f"no interactive controls found on {url}"
    first_stop = controls[next(iter(reached))]["html"] if reached else "nothing"
    assert "skip" in first_stop.lower(), f"the first Tab on {url} reaches {first_stop}, not the skip link"
    unreached = [c["html"] for c in controls if c["i"] not in reached]
    assert not unreached, f"Tab never reaches these controls on {url}:\n" + "\n".join(unreached)
    invisible = []
    for control in controls:
        focused = reached[control["i"]]
        indicator = (focused["outlineStyle"] != "none" and focused["outlineWidth"] > 0) \
            or focused["shadow"] != "none"
        changed = (focused["outline"], focused["shadow"]) != (control["outline"], control["shadow"])
        if not (indicator and changed):
            invisible.append(f"{control['html']}\n    unfocused: {control['outline']} / "
                             f"{control['shadow']}\n    focused:   {focused['outline']} / "
                             f"{focused['shadow']}")
    assert not invisible, f"no visible focus indicator ({scheme}) on {url}:\n" + "\n".join(invisible)
