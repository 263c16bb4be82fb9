"""What a static host is told to send: content-hashed assets with long cache
lifetimes, and security headers whose Content-Security-Policy allows scripts
from the site and the configured comment provider only."""

from __future__ import annotations

import hashlib
import re

import pytest

from host_files import headers_for, parse_headers_file, policy_of
from sitebuild import REPO, Site

POST = """
    Title: A post
    Date: 2024-01-02 10:00
    Summary: A post to reply to.

    What do you think?
"""
# Every provider's hosts; a policy must name its own and none of the others.
PROVIDERS = {
    "isso": ({"url": "https://talk.example.net/isso/"}, {"https://talk.example.net"}),
    "giscus": ({"repo": "bob/essays", "repo_id": "R_1", "category": "Comments",
                "category_id": "DIC_1"}, {"https://giscus.app"}),
    "utterances": ({"repo": "bob/essays"}, {"https://utteranc.es"}),
    "disqus": ({"shortname": "bobs-essays"}, {"https://bobs-essays.disqus.com", "https://c.disqus.com"}),
    "remark42": ({"host": "https://remark.example.net", "site_id": "essays"},
                 {"https://remark.example.net"}),
    "comentario": ({"url": "https://comentario.example.net"}, {"https://comentario.example.net"}),
    "none": ({}, set()),
}
PROVIDER_MARKS = ("talk.example.net", "giscus", "utteranc", "disqus", "remark", "comentario")


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_policy_names_exactly_the_configured_comment_provider(site, provider):
    options, origins = PROVIDERS[provider]
    site.write("post.md", POST)
    build = site.build(publish=True, SITEURL="https://essays.example.org",
                       PLUGINS=["content_checks", "pelican.plugins.reader_response", "static_hosting"],
                       REPLIES_COMMENTS={"provider": provider, **options})
    assert build.ok, build.log
    headers, nginx = build.text("_headers"), build.text("_nginx.conf")
    policy = policy_of(headers)
    assert policy == policy_of(nginx)
    # Isso is only talked to by our reply form; the others' scripts are loaded.
    used = "connect-src" if provider == "isso" else "script-src"
    assert set(policy[used]) - {"'self'", "'wasm-unsafe-eval'"} == origins
    if provider == "isso":
        assert set(policy["script-src"]) <= {"'self'", "'wasm-unsafe-eval'"}
    assert policy["object-src"] == ["'none'"] and policy["default-src"] == ["'self'"]
    named = {mark for mark in PROVIDER_MARKS if mark in headers}
    assert named == {mark for mark in PROVIDER_MARKS if any(mark in o for o in origins)}


def test_forms_may_go_only_to_the_site_the_search_engine_and_the_webmention_endpoint(site):
    site.write("post.md", POST)
    build = site.build(publish=True, SITEURL="https://essays.example.org",
                       REPLIES_WEBMENTION_ENDPOINT="https://webmention.io/essays.example.org/webmention")
    assert build.ok, build.log
    assert policy_of(build.text("_headers"))["form-action"] == [
        "'self'", "https://duckduckgo.com", "https://webmention.io"]
    form = build.page("a-post/").select_one("form.webmention")
    assert form["action"].startswith("https://webmention.io/")


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("hosting") / "site", copy_project_content=True)
    build = site.build(publish=True)
    assert build.ok, build.log
    return build


STATIC_FOLDERS = [REPO / "theme" / "static",
                  *REPO.glob("plugins/*/pelican/plugins/*/static")]


def test_stylesheets_and_scripts_carry_a_content_hash_and_exist(production):
    for url in ("", "mutual-learning/", "search/", "404.html"):
        page = production.page(url)
        links = [link["href"] for link in page.select('link[rel="stylesheet"]')]
        links += [script["src"] for script in page.select("script[src]")]
        for href in links:
            path = href.split("://", 1)[-1].split("/", 1)[1]
            name = re.fullmatch(r"theme/(.+)\.([0-9a-f]{8})(\.\w+)", path)
            assert name, f"{href} on {url or 'the home page'} has no content hash"
            # From the theme's static folder, or a plugin's that ships its own.
            source = next(folder / (name[1] + name[3]) for folder in STATIC_FOLDERS
                          if (folder / (name[1] + name[3])).is_file())
            served = production.path(path).read_bytes()
            # Served minified: smaller than the theme's file, same rules.
            assert len(served) < len(source.read_bytes())
            assert served.count(b"{") == source.read_bytes().count(b"{") or path.endswith(".js")
            assert hashlib.sha256(served).hexdigest().startswith(name[2])


def test_hosts_are_told_to_cache_hashed_files_for_a_year_and_to_send_security_headers(production):
    headers = production.text("_headers")
    rules = parse_headers_file(headers)
    everything = dict(rules["/*"])
    assert everything["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert everything["X-Content-Type-Options"] == "nosniff"
    assert "Cache-Control" not in everything
    stylesheet = next(p for p in production.files("theme/css/*.css") if re.search(r"\.[0-9a-f]{8}\.css$", p.name))
    assert headers_for(rules, "/" + stylesheet.relative_to(production.output).as_posix())[
        "Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Cache-Control" not in headers_for(rules, "/theme/css/site.css")
    fragment = production.files("pagefind/*/fragment/*")[0]
    assert "immutable" in headers_for(rules, "/" + fragment.relative_to(production.output).as_posix())[
        "Cache-Control"]
    nginx = production.text("_nginx.conf")
    assert 'add_header X-Content-Type-Options "nosniff" always;' in nginx
    assert "location = /_nginx.conf { return 404; }" in nginx


@pytest.mark.slow
@pytest.mark.browser
def test_the_site_works_under_its_own_policy(tmp_path, serve, browser):
    # Served first, so that the site is built for its address and the
    # policy's 'self' is the site itself.
    output = tmp_path / "output"
    base = serve(output)
    site = Site(tmp_path / "site", copy_project_content=True)
    build = site.build(publish=True, output=output, SITEURL=base, FEED_DOMAIN=base,
                       REPLIES_COMMENTS={"provider": "isso", "url": base + "/isso/"})
    assert build.ok, build.log
    rules = parse_headers_file(build.text("_headers"))

    def with_host_headers(route):
        # What Netlify or Cloudflare Pages would add from the `_headers` file.
        response = route.fetch()
        path = route.request.url.removeprefix(base).split("?")[0]
        route.fulfill(response=response, headers={**response.headers, **headers_for(rules, path)})

    context = browser.new_context()
    context.route(f"{base}/**", with_host_headers)
    page = context.new_page()
    violations = []
    # Chromium reports a policy it cannot apply and a feature name it does not know.
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text or "Permissions-Policy" in message.text
            else None)
    response = page.goto(f"{base}/mutual-learning/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "camera=()" in response.headers["permissions-policy"]
    for url in ("", "roles/coach/", "search/"):
        page.goto(f"{base}/{url}")
        page.wait_for_load_state("load")
    page.goto(f"{base}/search/?q=mutual")
    page.wait_for_selector(".search-result", timeout=15000)
    assert violations == []
    context.close()
