"""Posts read by pelican.plugins.pulldown_cmark (pulldown-cmark), in a real Pelican
build of a plain site (Pelican's simple theme, no other plugin, the installed
package): tables, strikethrough, task lists, footnotes and definition lists;
Pelican's metadata header and link prefixes; the author's own HTML; and the
same essay as Pelican's own Python-Markdown renders it."""

from __future__ import annotations

import os
import re
import textwrap

import pytest

from sitebuild import PlainSite

PLUGIN = "pelican.plugins.pulldown_cmark"

FEATURES = """\
    Title: Features
    Date: 2024-03-01 10:00
    Summary: A **short** look,
        over two lines.

    | Role | Asks |
    |------|------|
    | Coach | *What do you see?* |

    Learning is ~~one-way~~ mutual.[^why]

    - [x] asked
    - [ ] listened

    Mutual learning
    : Both sides learn from each other.

    See [the about page]({filename}pages/about.md) and
    [the old form](|filename|pages/about.md).

    ![A picture]({static}images/pic.png)

    <figure class="wide"><iframe src="https://video.example/embed/1" title="A talk"></iframe></figure>

    ```python
    print("learn")
    ```

    [^why]: Because both sides learn.
    """

# Markdown both engines read alike: what most essays (and the importer) write.
PLAIN = """\
    Title: Plain
    Date: 2024-03-02 10:00

    I have an admission to make. (I have others, but I'll stick to *one*.)

    ## Mutual Learning and the Coach

    As a coach, I have a bias:

    - Quicker learning for **all** parties
    - Greater satisfaction, [see why](https://example.org/why?a=1&b=2)

    > "You'll never guess what I've found"

    1. Ask
    2. Listen

    What do you think?
    """


def build(tmp_path_factory, name, **settings):
    site = PlainSite(tmp_path_factory.mktemp(name) / "site", **settings)
    site.write("features.md", FEATURES)
    site.write("plain.md", PLAIN)
    site.write("pages/about.md", "Title: About\n\nAbout this site.\n")
    site.write_bytes("images/pic.png", b"\x89PNG\r\n\x1a\n")
    result = site.build()
    assert result.ok, result.log
    return result


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build(tmp_path_factory, "commonmark", PLUGINS=[PLUGIN])


@pytest.fixture(scope="module")
def python_markdown_site(tmp_path_factory):
    return build(tmp_path_factory, "python-markdown")


def body(build, slug):
    """The post's text: the simple theme's <article> without its header and footer."""
    article = build.page(f"{slug}/").select_one("article")
    for part in article.find_all(["header", "footer"], recursive=False):
        part.decompose()
    return article


def test_markdown_extensions(site):
    essay = body(site, "features")
    assert [cell.get_text() for cell in essay.select("table td")] == ["Coach", "What do you see?"]
    assert essay.select_one("del").get_text() == "one-way"
    assert [box.has_attr("checked") for box in essay.select("li input[type=checkbox]")] == [True, False]
    assert essay.select_one("code.language-python").get_text() == 'print("learn")\n'
    assert [essay.select_one("dt").get_text(), essay.select_one("dd").get_text()] \
        == ["Mutual learning", "Both sides learn from each other."]
    reference = essay.select_one("sup a")
    note = essay.select_one(reference["href"])
    assert note.get_text(" ", strip=True).endswith("Because both sides learn.")


def test_pelican_link_prefixes_resolve(site):
    essay = body(site, "features")
    assert [a["href"] for a in essay.find_all("a", string=re.compile("about page|old form"))] \
        == ["/about/", "/about/"]
    assert essay.select_one("img")["src"] == "/images/pic.png"
    assert site.path("images/pic.png").exists()


def test_the_authors_html_is_kept(site):
    frame = body(site, "features").select_one("figure.wide > iframe")
    assert frame["src"] == "https://video.example/embed/1"


def test_summary_metadata_is_markdown_over_continuation_lines(site):
    entry = site.page("").find("a", href="/features/").find_parent("article")
    summary = entry.select_one("section p")
    assert summary.decode_contents() == "A <strong>short</strong> look,\nover two lines."


def test_plain_markdown_reads_as_python_markdown_reads_it(site, python_markdown_site):
    ours, theirs = body(site, "plain"), body(python_markdown_site, "plain")
    assert [tag.name for tag in ours.find_all(True)] == [tag.name for tag in theirs.find_all(True)]
    assert ours.get_text() == theirs.get_text()
    assert ours.find("a", string="see why")["href"] == "https://example.org/why?a=1&b=2"


def test_code_blocks_are_highlighted_as_pelicans_codehilite_does(site, python_markdown_site):
    ours = body(site, "features").select_one("div.highlight pre code")
    theirs = body(python_markdown_site, "features").select_one("div.highlight pre code")
    assert ours.get_text() == theirs.get_text() == 'print("learn")\n'
    assert [span.get("class") for span in ours.find_all("span")] \
        == [span.get("class") for span in theirs.find_all("span")]


def test_headings_get_the_ids_pythons_toc_extension_gives(tmp_path_factory):
    text = textwrap.dedent(PLAIN) + "\n## Mutual Learning and the Coach\n\nAgain.\n\n### Café & “Quotes”!\n\nX.\n"
    ids = {}
    for engine, settings in [("ours", {"PLUGINS": [PLUGIN]}), ("toc", {"MARKDOWN": {
            "extension_configs": {
                "markdown.extensions.codehilite": {"css_class": "highlight"},
                "markdown.extensions.extra": {}, "markdown.extensions.meta": {},
                "markdown.extensions.toc": {}}, "output_format": "html5"}})]:
        site = PlainSite(tmp_path_factory.mktemp(engine) / "site", **settings)
        site.write("plain.md", text)
        built = site.build()
        assert built.ok, built.log
        ids[engine] = [h.get("id") for h in body(built, "plain").find_all(re.compile("^h[2-6]$"))]
    assert ids["ours"] == ids["toc"]
    assert ids["ours"][:2] == ["mutual-learning-and-the-coach", "mutual-learning-and-the-coach_1"]


def test_a_markdown_extension_it_cannot_match_is_named_once_at_build_start(tmp_path_factory):
    site = PlainSite(tmp_path_factory.mktemp("attr_list") / "site", PLUGINS=[PLUGIN])
    site.write("plain.md", PLAIN)
    built = site.build(env={**os.environ, "COLUMNS": "400"}, MARKDOWN={"extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {}, "markdown.extensions.meta": {},
        "markdown.extensions.attr_list": {}, "markdown.extensions.toc": {}}})
    assert built.ok, built.log
    log = " ".join(built.log.split())  # the console wraps long lines
    assert log.count("pulldown-cmark cannot") == 1
    assert "MARKDOWN configures attr_list," in log
    assert 'remove "pelican.plugins.pulldown_cmark" from PLUGINS' in log


def test_the_default_settings_give_no_warning(site):
    assert "pulldown-cmark cannot" not in site.log


def test_a_reader_the_site_names_in_readers_is_kept(tmp_path):
    # READERS = {"md": None} tells Pelican to leave .md files unread; the plugin defers to it.
    site = PlainSite(tmp_path / "site", PLUGINS=[PLUGIN], READERS={"md": None})
    site.write("plain.md", PLAIN)
    site.write("other.markdown", "Title: Other\nDate: 2024-03-03\n\n~~Read~~ by pulldown-cmark.\n")
    built = site.build()
    assert built.ok, built.log
    assert not built.path("plain/").exists()
    assert body(built, "other").select_one("del").get_text() == "Read"
