"""Every assumption pelican_compat makes about Pelican, checked against the installed
release. A failure here after a Pelican upgrade names the helper to adapt."""

from __future__ import annotations

import datetime
import sys
import textwrap
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.contents import Article
from pelican.readers import Readers
from pelican.settings import DEFAULT_CONFIG, read_settings

import pelican_compat as compat

POST = """\
Title: A post
Date: 2024-01-01 10:00
Summary: The *own* summary.

Words with a [link]({filename}/other.md).
"""


@pytest.fixture
def settings(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "post.md").write_text(POST, encoding="utf-8")
    (content / "other.md").write_text("Title: Other\nDate: 2024-01-02\n\nOther.\n",
                                      encoding="utf-8")
    return read_settings(None, override={
        "PATH": str(content), "OUTPUT_PATH": str(tmp_path / "output"), "SITEURL": "",
        "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False, "PLUGINS": []})


def read_post(settings) -> Article:
    readers = Readers(settings)
    return readers.read_file(settings["PATH"], "post.md", content_class=Article,
                             context={"generated_content": {}, "static_content": {},
                                      "static_links": set(), "localsiteurl": ""})


def test_raw_text_is_the_text_before_links_are_resolved(settings):
    post = read_post(settings)
    assert "{filename}/other.md" in compat.raw_text(post)
    compat.set_raw_text(post, "<p>New.</p>")
    assert post.content == "<p>New.</p>"


def test_a_summary_set_is_the_summary_and_none_goes_back_to_the_text(settings):
    post = read_post(settings)
    assert compat.summary_of(post) == "<p>The <em>own</em> summary.</p>"
    compat.set_summary(post, "<p>Another.</p>")
    post.refresh_metadata_intersite_links()  # as Pelican does for every post
    assert post.summary == "<p>Another.</p>"
    compat.set_summary(post, None)
    compat.forget_rendered([post])
    post.refresh_metadata_intersite_links()
    assert compat.summary_of(post) is None and post.summary.startswith("<p>Words with")


def test_text_from_a_getter_is_the_posts_text(settings):
    post = read_post(settings)
    compat.text_from(post, lambda: "<p>From elsewhere.</p>")
    assert post.content == "<p>From elsewhere.</p>"


def test_pelican_memoises_text_and_forgetting_drops_it(settings):
    post, other = read_post(settings), read_post(settings)
    assert post.content and other.content  # memoised now
    compat.set_raw_text(post, "<p>Changed.</p>")
    compat.set_raw_text(other, "<p>Changed too.</p>")
    assert "Changed" not in post.content  # Pelican still answers from its memo
    compat.forget_rendered([post])
    assert post.content == "<p>Changed.</p>" and "Changed" not in other.content
    compat.forget_text(other)
    assert other.content == "<p>Changed too.</p>"
    compat.forget_rendered()
    assert not Article.get_content.cache and not Article.get_summary.cache


def test_wrap_run_puts_a_wrapper_around_the_whole_build(settings):
    pelican = Pelican(settings)
    seen = []
    compat.wrap_run(pelican, lambda p, run: seen.append((p, run)))
    pelican.run()
    assert seen and seen[0][0] is pelican and callable(seen[0][1])


def test_reader_classes_changed_on_readers_init_decide_who_reads_a_file(settings):
    from pelican import signals

    class Marked(compat.reader_classes(Readers(settings))["md"]):
        def read(self, source_path):
            content, metadata = super().read(source_path)
            return "<p>marked</p>", metadata

    def swap(readers):
        compat.reader_classes(readers)["md"] = Marked

    signals.readers_init.connect(swap)
    try:
        post = Readers(settings).read_file(settings["PATH"], "post.md", content_class=Article)
    finally:
        signals.readers_init.disconnect(swap)
    assert compat.raw_text(post) == "<p>marked</p>"


def test_discardable_metadata_is_removed_as_pelican_does():
    from pelican.readers import _DISCARD

    assert compat.discardable_metadata_removed({"title": "T", "tags": _DISCARD}) == {"title": "T"}


def test_cached_data_answered_first_is_what_read_file_uses(settings):
    readers = Readers(settings)
    asked = []

    def lookup(path, default, original):
        asked.append(path)
        return "<p>from the cache</p>", {"title": "Cached",
                                         "date": datetime.datetime(2024, 1, 1)}

    compat.answer_cached_data(readers, lookup)
    post = readers.read_file(settings["PATH"], "post.md", content_class=Article)
    assert asked and asked[0].endswith("post.md")
    assert compat.raw_text(post) == "<p>from the cache</p>"


def test_every_output_file_is_opened_through_open_output(settings, tmp_path):
    opened = []

    class Recording(compat.OpeningWriter):
        def open_output(self, filename, encoding, override=False):
            opened.append(Path(filename).name)
            return super().open_output(filename, encoding, override)

    writer = Recording(settings["OUTPUT_PATH"], settings=settings)
    template = type("T", (), {"render": lambda self, context: "page"})()
    writer.write_file("a.html", template, {})
    writer.write_feed([], {**settings, "SITENAME": "S"}, "feed.xml")
    assert opened == ["a.html", "feed.xml"]


def test_a_converting_reader_converts_the_formatted_fields(settings, tmp_path):
    class Shouting(compat.ConvertingMarkdownReader):
        def converter(self):
            return type("C", (), {"reset": lambda self: None,
                                  "convert": lambda self, text: text.upper()})()

    meta = Shouting(settings).metadata({"summary": ["quiet words"], "title": ["T"]},
                                       str(tmp_path / "x.md"))
    assert meta["summary"] == "QUIET WORDS" and meta["title"] == "T"


def test_a_plugins_register_sees_the_pelican_object(settings, tmp_path):
    folder = tmp_path / "plugins" / "looking"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text(textwrap.dedent("""
        import pelican_compat
        SEEN = []
        def register():
            SEEN.append(pelican_compat.initialising_pelican())
    """), encoding="utf-8")
    pelican = Pelican({**settings, "PLUGIN_PATHS": [str(folder.parent)], "PLUGINS": ["looking"]})
    assert sys.modules["looking"].SEEN == [pelican]
    del sys.modules["looking"]


def test_the_pinned_release_is_the_installed_one():
    import importlib.metadata

    assert importlib.metadata.version("pelican").startswith("4.12.")
    assert DEFAULT_CONFIG["MARKDOWN"]["extension_configs"]  # what commonmark compares with
