"""Each comment provider's partial renders from its options, and a build refuses
missing, misspelled or malformed ones with a message naming them."""

from __future__ import annotations

import json
import os
import sys

import pytest

from quality.checkers import vnu_errors
from sitebuild import REPO

sys.path.insert(0, str(REPO / "plugins"))

from pelican.plugins.reader_response.providers import csp_sources  # noqa: E402

POST = "Title: A Post\nDate: 2024-01-01 10:00\nSlug: a-post\n\nAn essay.\n"
WIDE = {**os.environ, "COLUMNS": "400"}

# provider -> (complete options, a required option, what the page must then carry)
PROVIDERS = {
    "giscus": (
        {"repo": "bob/essays", "repo_id": "R_1", "category": "Comments", "category_id": "DIC_1"},
        "repo_id",
        {"script": "https://giscus.app/client.js",
         "script_attrs": {"data-repo": "bob/essays", "data-repo-id": "R_1",
                          "data-category-id": "DIC_1", "data-theme": "preferred_color_scheme"},
         "link": "https://github.com/bob/essays/discussions"}),
    "utterances": (
        {"repo": "bob/essays"}, "repo",
        {"script": "https://utteranc.es/client.js",
         "script_attrs": {"repo": "bob/essays", "theme": "preferred-color-scheme"},
         "link": "https://github.com/bob/essays/issues"}),
    "disqus": (
        {"shortname": "bobs-essays"}, "shortname",
        {"script": "https://bobs-essays.disqus.com/embed.js",
         "container_attrs": {"id": "disqus_thread"},
         "link": "https://disqus.com/home/forum/bobs-essays/"}),
    "remark42": (
        {"host": "https://remark.example.org/", "site_id": "bob"}, "site_id",
        {"script": "https://remark.example.org/web/embed.js",
         "container_attrs": {"id": "remark42"}}),
    "comentario": (
        {"url": "https://comments.example.org"}, "url",
        {"script": "https://comments.example.org/comentario.js",
         "container_attrs": {"page-id": "/a-post/",
                             "theme": {"light": "light", "dark": "dark"}}}),
}


def test_each_provider_partial_renders_its_options_into_valid_html(site):
    site.write("a-post.md", POST)
    pages = []
    for name, (options, _, expected) in PROVIDERS.items():
        build = site.build(output=site.root / name, PLUGINS=["pelican.plugins.reader_response"],
                           REPLIES_COMMENTS={"provider": name, **options})
        assert build.ok, build.log
        page = build.page("a-post/")
        (embed,) = page.select("#replies .answer-ways .provider-embed")
        config = json.loads(embed["data-embed"])
        assert config["script"]["src"] == expected["script"], name
        assert expected.get("script_attrs", {}).items() <= config["script"]["attrs"].items(), name
        assert expected.get("container_attrs", {}).items() <= config["container"]["attrs"].items(), name
        if "link" in expected:
            assert f'href="{expected["link"]}"' in str(embed.noscript), name
        # Only the site's own loader script is on the page; the provider's waits for the click.
        assert [s["src"] for s in page.select("script[src]")] == ["/theme/js/reader-response.js"], name
        pages.append(build.path("a-post/"))
    assert vnu_errors(pages) == []


def test_isso_gets_our_reply_form_and_no_isso_script(site):
    site.write("a-post.md", POST)
    build = site.build(PLUGINS=["pelican.plugins.reader_response"],
                       REPLIES_COMMENTS={"provider": "isso", "url": "https://example.org/isso"})
    assert build.ok, build.log
    page = build.page("a-post/")
    replies = page.select_one("#replies")
    assert (replies["data-isso"], replies["data-thread"], replies["data-title"]) \
        == ("https://example.org/isso/", "/a-post/", "A Post")
    assert replies["data-form-script"] == "/theme/js/reply-form.js"
    # Only the loader is on the page; it fetches the form as the reader nears it.
    assert [s["src"] for s in page.select("script[src]")] == ["/theme/js/reader-response.js"]
    assert "example.org/isso" not in page.get_text()  # no reader sees a server address
    assert vnu_errors([build.path("a-post/")]) == []


def test_no_provider_leaves_no_embed_and_no_script(site):
    site.write("a-post.md", POST)
    build = site.build(PLUGINS=["pelican.plugins.reader_response"], REPLIES_COMMENTS={"provider": "none"})
    page = build.page("a-post/")
    assert page.select("#replies")
    assert not page.select(".provider-embed, script[src]")


@pytest.mark.parametrize("name", [*PROVIDERS, "isso"])
def test_provider_refuses_a_missing_option(site, name):
    options, required, _ = PROVIDERS.get(name) or ({"url": "https://example.org/isso"}, "url", {})
    site.write("a-post.md", POST)
    missing = {k: v for k, v in options.items() if k != required}
    build = site.build(PLUGINS=["pelican.plugins.reader_response"], env=WIDE,
                       REPLIES_COMMENTS={"provider": name, **missing, "colour": "red"})
    assert build.returncode != 0
    log = " ".join(build.log.split())
    assert f"REPLIES_COMMENTS ({name}) is not usable" in log
    assert f"{name} needs '{required}'" in log
    assert f"'colour' is not an option of {name}" in log
    assert "Traceback" not in build.log


@pytest.mark.parametrize("config, message", [
    ({"provider": "isso", "url": "ftp://example.org/"}, "isso option 'url' must be a full http(s)://"),
    ({"provider": "giscus", "repo": "b/e", "repo_id": "R", "category": "C", "category_id": "D",
      "reactions": "yes"}, "giscus option 'reactions' must be True or False"),
    ({"provider": "commento"}, "'provider' is 'commento'; set it to one of isso, giscus"),
])
def test_malformed_provider_settings_are_named(site, config, message):
    site.write("a-post.md", POST)
    build = site.build(PLUGINS=["pelican.plugins.reader_response"], env=WIDE, REPLIES_COMMENTS=config)
    assert build.returncode != 0
    assert message in " ".join(build.log.split())


def test_content_security_policy_sources_name_the_provider_only():
    # Our own reply form talks to Isso; no Isso script or style is loaded.
    assert csp_sources({"REPLIES_COMMENTS": {"provider": "isso", "url": "/isso/"}}) == {
        "script-src": [], "connect-src": ["'self'"], "style-src": [], "frame-src": []}
    assert csp_sources({"REPLIES_COMMENTS": {"provider": "isso",
                                             "url": "http://127.0.0.1:8080/"}})["connect-src"] \
        == ["http://127.0.0.1:8080"]
    giscus = csp_sources({"REPLIES_COMMENTS": {"provider": "giscus", **PROVIDERS["giscus"][0]}})
    assert giscus["script-src"] == giscus["frame-src"] == ["https://giscus.app"]
    disqus = csp_sources({"REPLIES_COMMENTS": {"provider": "disqus", "shortname": "bob"}})
    assert "https://bob.disqus.com" in disqus["script-src"]
    assert csp_sources({"REPLIES_COMMENTS": {"provider": "none"}})["script-src"] == []

