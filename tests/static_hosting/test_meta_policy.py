"""Hosts that send no headers of ours (GitHub Pages, an S3 website) still get the
site's Content-Security-Policy: every page carries it in a <meta> tag, the
same policy as the header files minus what a meta tag cannot carry. The
header files add Permissions-Policy, and HSTS when the site is https."""

from __future__ import annotations

import sys
import urllib.request

import pytest
from bs4 import BeautifulSoup

from host_files import parse_headers_file, parse_policy, policy_of
from sitebuild import REPO, Site, free_port

sys.path.insert(0, str(REPO / "plugins"))

from pelican.plugins.reader_response.isso_server import local_isso  # noqa: E402

META_UNSUPPORTED = {"frame-ancestors", "report-uri", "report-to", "sandbox"}
POST = """
    Title: A post
    Date: 2024-01-02 10:00
    Summary: A post to reply to.

    What do you think?
"""


def meta_policy(html: str) -> tuple[dict[str, list[str]], list[str]]:
    """The page's meta policy, and the tags of <head> in order."""
    head = BeautifulSoup(html, "html.parser").head
    tags = [tag for tag in head.find_all(True, recursive=False)]
    metas = head.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert len(metas) == 1, f"{len(metas)} meta policies"
    return parse_policy(metas[0]["content"]), [
        "csp" if tag is metas[0] else tag.name for tag in tags]


@pytest.fixture(scope="module", params=["publishconf", "pelicanconf"])
def project_build(request, tmp_path_factory):
    site = Site(tmp_path_factory.mktemp(request.param) / "site", copy_project_content=True)
    build = site.build(publish=request.param == "publishconf")
    assert build.ok, build.log
    return build


def test_every_page_carries_the_header_policy_as_its_first_tag_after_the_charset(project_build):
    header = policy_of(project_build.text("_headers"))
    assert header == policy_of(project_build.text("_nginx.conf"))
    expected = {name: values for name, values in header.items() if name not in META_UNSUPPORTED}
    assert header["frame-ancestors"] == ["'none'"] and "frame-ancestors" not in expected
    pages = project_build.files("**/*.html")
    assert len(pages) > 20
    for path in pages:
        policy, tags = meta_policy(path.read_text(encoding="utf-8"))
        assert policy == expected, path
        # charset must come first (within the first 1024 bytes); the policy
        # governs only what follows it, so it precedes every style and script.
        assert tags[:2] == ["meta", "csp"], (path, tags)


def test_the_meta_policy_leaves_out_what_a_meta_tag_cannot_carry(site):
    site.write("post.md", POST)
    build = site.build(publish=True, HOSTING_CSP_EXTRA={
        "report-uri": ["https://reports.example.org/csp"], "sandbox": ["allow-scripts"],
        "img-src": ["https://images.example.org"]})
    assert build.ok, build.log
    header = policy_of(build.text("_headers"))
    assert header["report-uri"] == ["https://reports.example.org/csp"]
    assert header["sandbox"] == ["allow-scripts"]
    policy, _ = meta_policy(build.text("a-post/"))
    assert policy == {k: v for k, v in header.items() if k not in META_UNSUPPORTED}
    assert policy["img-src"] == ["'self'", "data:", "https://images.example.org"]


def test_the_meta_policy_can_be_turned_off(site):
    site.write("post.md", POST)
    build = site.build(publish=True, HOSTING_META_CSP=False)
    assert build.ok, build.log
    assert "Content-Security-Policy" not in build.text("a-post/")
    assert "Content-Security-Policy" in build.text("_headers")


@pytest.mark.parametrize("publish, siteurl, hsts", [
    (True, "https://essays.example.org", "max-age=31536000"),
    (True, "http://essays.example.org", None),
    (False, "", None),
])
def test_permissions_policy_always_and_hsts_only_for_an_https_site(site, publish, siteurl, hsts):
    site.write("post.md", POST)
    build = site.build(publish=publish, SITEURL=siteurl)
    assert build.ok, build.log
    headers = dict(parse_headers_file(build.text("_headers"))["/*"])
    assert headers["Permissions-Policy"].startswith("accelerometer=(), ")
    assert "camera=()" in headers["Permissions-Policy"].split(", ")
    assert headers.get("Strict-Transport-Security") == hsts
    nginx = build.text("_nginx.conf")
    assert ("Strict-Transport-Security" in nginx) == bool(hsts)
    assert f'add_header Permissions-Policy "{headers["Permissions-Policy"]}" always;' in nginx


def test_the_permissions_policy_and_hsts_are_settings(site):
    site.write("post.md", POST)
    build = site.build(publish=True, SITEURL="https://essays.example.org",
                       HOSTING_PERMISSIONS_POLICY="camera=(), fullscreen=(self)",
                       HOSTING_HSTS="max-age=63072000; includeSubDomains")
    assert build.ok, build.log
    headers = dict(parse_headers_file(build.text("_headers"))["/*"])
    assert headers["Permissions-Policy"] == "camera=(), fullscreen=(self)"
    assert headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains"
    off = site.build(publish=True, SITEURL="https://essays.example.org",
                     HOSTING_PERMISSIONS_POLICY=None, HOSTING_HSTS=None)
    assert off.ok, off.log
    assert not {"Permissions-Policy", "Strict-Transport-Security"} & set(
        dict(parse_headers_file(off.text("_headers"))["/*"]))


# Values that would add a header of their own to `_headers`, end a quoted
# nginx string, or widen the policy by smuggling a directive into a source.
BAD_SETTINGS = {
    "a source that ends nginx's quoted string": (
        "HOSTING_CSP_EXTRA", {"script-src": ['https://a.example" always; add_header X-Evil 1']}),
    "a source that adds a directive": ("HOSTING_CSP_EXTRA", {"img-src": ["https://a.example; script-src *"]}),
    "two sources in one string": ("HOSTING_CSP_EXTRA", {"img-src": ["https://a.example https://b.example"]}),
    "a directive name with a space": ("HOSTING_CSP_EXTRA", {"script-src *; img-src": ["https://a.example"]}),
    "a source that is not a string": ("HOSTING_CSP_EXTRA", {"img-src": [42]}),
    "a line break that adds a header": ("HOSTING_REFERRER_POLICY", "no-referrer\n  X-Evil: 1"),
    "a double quote in the Permissions-Policy": ("HOSTING_PERMISSIONS_POLICY", 'camera=()" always;'),
    "HSTS that is not text": ("HOSTING_HSTS", 31536000),
    "a cache header with a line break": ("HOSTING_CACHE_DEFAULT", "no-cache\r\nSet-Cookie: a=b"),
    "a meta switch that is not True or False": ("HOSTING_META_CSP", "yes"),
    "a negative deletion limit": ("DEPLOY_MAX_DELETES", -1),
    "a deletion limit that is not a number": ("DEPLOY_MAX_DELETES", "many"),
}


@pytest.mark.parametrize("case", BAD_SETTINGS)
def test_an_unusable_hosting_setting_stops_the_build_naming_it(site, case):
    key, value = BAD_SETTINGS[case]
    site.write("post.md", POST)
    build = site.build(publish=True, **{key: value})
    assert not build.ok
    assert key in build.log and "Fix:" in build.log
    assert not build.path("_headers").exists() and not build.path("a-post/").exists()


def fetch_headers(url: str) -> dict[str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return {name.lower(): value for name, value in response.headers.items()}


@pytest.mark.parametrize("siteurl, hsts", [("https://essays.example.org", True),
                                           ("http://essays.example.org", False)])
def test_nginx_with_the_snippet_sends_the_headers_the_meta_policy_agrees_with(site, nginx, siteurl, hsts):
    site.write("post.md", POST)
    build = site.build(publish=True, SITEURL=siteurl)
    assert build.ok, build.log
    base = nginx(build.output)
    for path in ("/a-post/", "/", "/" + build.files("theme/css/site.*.css")[-1]
                 .relative_to(build.output).as_posix()):
        sent = fetch_headers(base + path)
        assert sent["permissions-policy"] == dict(
            parse_headers_file(build.text("_headers"))["/*"])["Permissions-Policy"]
        assert ("strict-transport-security" in sent) == hsts
        assert sent["x-content-type-options"] == "nosniff"
        header = parse_policy(sent["content-security-policy"])
    meta, _ = meta_policy(build.text("a-post/"))
    assert meta == {k: v for k, v in header.items() if k != "frame-ancestors"}


INJECTED = ('<script>window.inlineRan = true</script>'
            '<script src="{foreign}/evil.js"></script>')
WATCH_VIOLATIONS = """
window.violations = [];
document.addEventListener('securitypolicyviolation',
    (e) => window.violations.push(e.effectiveDirective + ' ' + e.blockedURI));
"""


@pytest.mark.slow
@pytest.mark.browser
def test_without_any_header_the_meta_policy_blocks_injected_scripts_and_the_site_works(
        tmp_path, serve, browser):
    output, elsewhere = tmp_path / "output", tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "evil.js").write_text("window.foreignRan = true;\n", encoding="utf-8")
    # A plain static server sends no CSP header: only the meta tag protects.
    base, foreign = serve(output), serve(elsewhere)
    isso_url = f"http://127.0.0.1:{free_port()}/"
    site = Site(tmp_path / "site", copy_project_content=True)
    build = site.build(publish=True, output=output, SITEURL=base, FEED_DOMAIN=base,
                       REPLIES_COMMENTS={"provider": "isso", "url": isso_url})
    assert build.ok, build.log
    # A page as a hostile reply would leave it had it slipped past the sanitiser,
    # and the same page without the meta policy, to show that the policy is what stops it.
    article = build.text("mutual-learning/")
    attacked = article.replace("</main>", INJECTED.format(foreign=foreign) + "</main>")
    assert attacked != article
    for name, html in (("attacked", attacked),
                       ("unprotected", "\n".join(line for line in attacked.splitlines()
                                                 if 'http-equiv="Content-Security-Policy"' not in line))):
        (output / name).mkdir()
        (output / name / "index.html").write_text(html, encoding="utf-8")

    context = browser.new_context()
    context.add_init_script(WATCH_VIOLATIONS)
    page = context.new_page()
    page.goto(f"{base}/unprotected/")
    page.wait_for_function("window.foreignRan === true")
    assert page.evaluate("window.inlineRan") is True

    page.goto(f"{base}/attacked/")
    page.wait_for_function("window.violations.length >= 2")
    assert page.evaluate("[window.inlineRan, window.foreignRan]") == [None, None]
    assert sorted(page.evaluate("window.violations")) == sorted(
        ["script-src-elem inline", f"script-src-elem {foreign}/evil.js"])

    with local_isso(REPO / "isso.cfg", tmp_path / "isso", origins=[base], listen=isso_url):
        for url in ("", "mutual-learning/", "roles/coach/"):
            page.goto(f"{base}/{url}")
            page.wait_for_load_state("networkidle")
            assert page.evaluate("window.violations") == [], url
        # The reply section: our form, talking to Isso's API on its own origin.
        page.goto(f"{base}/mutual-learning/")
        page.locator("#replies").scroll_into_view_if_needed()
        form = page.locator("#replies [data-form-slot] form.reply-form")
        form.get_by_label("Your reply").fill("Posted under the site's own policy.")
        form.get_by_role("button", name="Send reply").click()
        page.locator("#replies article.reply-live", has_text="own policy").wait_for(timeout=15000)
        assert page.locator(f'[src^="{isso_url}"], link[href^="{isso_url}"]').count() == 0
        assert page.evaluate("window.violations") == []
    page.goto(f"{base}/search/?q=mutual")
    page.wait_for_selector(".search-result", timeout=15000)
    assert page.evaluate("window.violations") == []
    context.close()
