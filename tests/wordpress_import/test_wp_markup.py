"""WordPress markup arrives converted, never raw: block-editor posts, shortcodes in their named
and positional forms, embeds as plain links (nothing from another site loads)."""

from __future__ import annotations

import pytest
from sitebuild import Site
from wp_helpers import FIXTURES, PLUGINS, published_text, run_import

EXPORT = FIXTURES / "blocks.xml"


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("blocks") / "site", PLUGINS=PLUGINS)
    report = run_import(EXPORT, site.content, settings_file=site.settings_file(False, {}))
    build = site.build(publish=True)
    assert build.ok, build.log
    return site, report, build


def body(build, url):
    return build.page(url).select_one(".essay-body")


def test_no_block_comment_is_left_anywhere(imported):
    site, _, build = imported
    written = "".join(p.read_text() for p in site.content.glob("*.md"))
    assert "wp:" not in written and "<!--" not in written
    assert "wp:" not in published_text(build.output).replace("wp-content", "")


def test_every_kind_of_block_becomes_its_html(imported):
    _, _, build = imported
    post = body(build, "every-block/")
    assert post.find("strong").get_text() == "bold"
    assert post.find("h2").get_text() == "A heading block"
    assert [li.get_text() for li in post.find_all("li")] == ["First item", "Second item"]
    quote = post.find("blockquote")
    assert "A quoted thought." in quote.get_text() and quote.find("cite")
    assert [img["alt"] for img in post.find_all("img")] == [
        "A desk by the window", "Gallery one", "Gallery two", ""]
    # A cover block's background picture, above its text.
    cover = post.find_all("img")[-1]
    assert cover["src"] == "https://blocks.example.org/wp-content/uploads/2024/01/cover.jpg"
    assert cover.find_next("p").get_text() == "Text over a picture."
    assert post.find("em", string="The desk")
    assert "Left column text." in post.get_text() and "Right column text." in post.get_text()
    assert post.find("a", string="Subscribe now")["href"] == "https://blocks.example.org/subscribe/"
    assert post.find("pre").get_text().strip() == "for step in steps:\n    print(step)"
    assert [th.get_text() for th in post.find_all("th")] == ["Role", "Learns"]
    assert post.find("hr")
    assert "Signed, the REUSABLE-SIGNATURE." in post.get_text()  # the reusable block, put in
    assert post.find_all("p")[-1].get_text() == "The closing paragraph."


def test_embeds_are_plain_links_and_nothing_from_another_site_loads(imported):
    _, report, build = imported
    for url in ("every-block/", "shortcodes/"):
        post = body(build, url)
        assert not post.find(["iframe", "script", "embed", "object", "video", "audio"])
        for img in post.find_all("img"):  # only the blog's own images (moved by --media)
            assert img["src"].startswith("https://blocks.example.org/")
    post = body(build, "every-block/")
    for link in ("https://www.youtube.com/watch?v=abc123XYZ",
                 "https://twitter.com/someone/status/123456",
                 "https://maps.example.com/embed?pb=xyz",
                 "https://www.youtube.com/watch?v=QNNl_uWmQXE"):  # the player's page
        assert post.find("a", href=link), link
    assert any("wp:latest-posts" in note for note in report.notes)


def test_shortcodes_in_named_and_positional_forms(imported):
    _, _, build = imported
    post = body(build, "shortcodes/")
    uploads = "https://blocks.example.org/wp-content/uploads/"
    for link in (uploads + "2012/05/episode-1.mp3", uploads + "2012/05/episode-2.mp3",
                 uploads + "2012/05/talk.mp4", "https://vimeo.com/76979871"):
        assert post.find("a", href=link), link
    assert "The same, named:" in post.get_text()
    assert post.find("img", alt="The desk, captioned")
    assert post.find("em", string="The desk, captioned")
    assert [img["alt"] for img in post.find_all("img")][1:] == ["Gallery one", "Gallery two"]
    assert "return a < b" in post.select_one("code.language-python").get_text()
    assert 'echo "done" && ls' in post.get_text()


def test_an_unknown_shortcode_is_kept_as_text_with_one_note(imported):
    _, report, build = imported
    text = body(build, "shortcodes/").get_text()
    assert '[contact-form-7 id="7" title="Contact form"]' in text
    assert '[contact-form-7 id="8" title="Other form"]' in text
    assert len([n for n in report.notes if "[contact-form-7]" in n]) == 1
    # Bracketed words and language tags are not a plugin's shortcodes.
    assert "Written in [format=html] with a [lang=en] tag, [sic]." in text
    assert not [n for n in report.notes if "[format]" in n or "[lang]" in n or "[sic]" in n]


def test_the_text_before_more_is_the_summary(imported):
    site, _, build = imported
    source = (site.content / "every-block.md").read_text()
    assert "Summary: An opening paragraph with **bold** and [a link](https://example.com/)." \
        in source
    listing = build.page("index.html").get_text()
    assert "An opening paragraph with bold" in listing and "The closing paragraph" not in listing
