"""Pelican's private names, used in one place (Pelican 4.12; see tests/test_assumptions.py).

Each helper says what it relies on. The plugins import these instead of
touching `_content`, `_summary`, `_get_content`, memo caches, `_open_w`,
`_parse_metadata`, `reader_classes` or `Pelican.run` themselves, and ship
their templates and static files through `ship_templates` and `ship_static`.
"""

from __future__ import annotations

import contextlib
import functools
import sys

from pelican.contents import Content
from pelican.readers import MarkdownReader, _filter_discardable_metadata
from pelican.writers import Writer

__all__ = [
    "ConvertingMarkdownReader", "OpeningWriter", "answer_cached_data",
    "discardable_metadata_removed", "forget_rendered", "forget_text",
    "initialising_pelican", "raw_text", "reader_classes", "set_raw_text", "set_summary",
    "no_display_thread", "ship_static", "ship_templates", "summary_of", "text_from",
    "wrap_run",
]


def raw_text(content) -> str:
    """The text as the reader produced it, before Pelican resolves {filename} links
    (`Content._content`)."""
    return content._content or ""


def set_raw_text(content, html: str) -> None:
    content._content = html


def summary_of(content) -> str | None:
    """The post's own summary (`Content._summary`, which `get_summary` prefers to
    one cut from the text), or None when it has none."""
    return getattr(content, "_summary", None)


def set_summary(content, html: str | None) -> None:
    """Give the post its summary; None goes back to one cut from the text.

    Pelican copies `_summary` into `metadata["summary"]` (which `get_summary`
    answers from) and resolves its links in `refresh_metadata_intersite_links`,
    which it calls for every post once all generators are finalized: set it
    before then, or call that method after.
    """
    if html is not None:
        content._summary = html
        return
    if hasattr(content, "_summary"):
        del content._summary
    content.metadata.pop("summary", None)


def text_from(content, getter) -> None:
    """Have Pelican take the post's text from `getter()` (`get_content` calls
    `self._get_content()` when the attribute exists), then resolve its links."""
    content._get_content = getter


def forget_rendered(contents=None) -> None:
    """Drop the text and summaries Pelican memoised (`get_content.cache` and
    `get_summary.cache`, keyed by (content, siteurl)): for these posts, or all."""
    changed = None if contents is None else {id(content) for content in contents}
    for memo in (Content.get_content.cache, Content.get_summary.cache):
        if changed is None:
            memo.clear()
        else:
            for key in [key for key in memo if id(key[0]) in changed]:
                del memo[key]


def forget_text(content) -> None:
    """Drop only the post's memoised text (its summary stays), once its page is written."""
    Content.get_content.cache.pop((content, content.get_siteurl()), None)


def wrap_run(pelican, wrapper) -> None:
    """Make `pelican.run()` call `wrapper(pelican, original_run)` (an instance attribute
    shadows the method, and Pelican's own callers use `pelican.run()`)."""
    pelican.run = functools.partial(wrapper, pelican, pelican.run)


def answer_cached_data(readers, lookup) -> None:
    """Have `readers` ask `lookup(path, default, original)` where it looks for a file's
    cached (content, metadata) before reading it (`Readers.get_cached_data`, which
    `read_file` calls first; an instance attribute shadows the method)."""
    original = readers.get_cached_data
    readers.get_cached_data = lambda path, default=None: lookup(path, default, original)


def reader_classes(readers) -> dict:
    """`Readers.reader_classes`: file extension -> reader class, consulted by `read_file`."""
    return readers.reader_classes


def discardable_metadata_removed(metadata: dict) -> dict:
    """Metadata as Pelican keeps it after reading (its `_filter_discardable_metadata`)."""
    return _filter_discardable_metadata(metadata)


class OpeningWriter(Writer):
    """Pelican's writer, with `open_output` deciding how each output file is opened.

    Pelican opens every page and feed through `Writer._open_w(filename,
    encoding, override)`, which also refuses to write one file twice.
    """

    def open_output(self, filename, encoding, override=False):
        return Writer._open_w(self, filename, encoding, override)

    def _open_w(self, filename, encoding, override=False):
        return self.open_output(filename, encoding, override)


class ConvertingMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, for a subclass that converts Markdown itself: its
    `metadata()` reads the header as Pelican does, converting the formatted fields
    (Summary…) with `self.converter()`, an object with `reset()` and `convert(text)`.

    Pelican's `_parse_metadata` converts them with `self._md` (a Python-Markdown
    instance, whose `meta` preprocessor it deregisters first) and names the file
    in its warnings from `self._source_path`.
    """

    def converter(self):
        raise NotImplementedError

    def metadata(self, meta: dict, source_path: str) -> dict:
        self._source_path = source_path
        self._md = _WithPreprocessors(self.converter())
        return self._parse_metadata(meta)


class _WithPreprocessors:
    """What `_parse_metadata` asks of the converter besides converting."""

    def __init__(self, converter):
        self._converter = converter
        self.preprocessors = _NoPreprocessors()

    def reset(self):
        self._converter.reset()
        return self

    def convert(self, text: str) -> str:
        return self._converter.convert(text)


class _NoPreprocessors:
    def deregister(self, name: str) -> None:
        pass


def ship_templates(generator, folder) -> None:
    """`generator_init`: a plugin's templates in `folder` are found after the theme's.

    Each generator gets its own Jinja environment (`generator.env`); its loader
    searches the theme (and THEME_TEMPLATES_OVERRIDES, first). Appending ours
    last lets any theme override a plugin template by having one of that name.
    """
    from jinja2 import ChoiceLoader, FileSystemLoader

    generator.env.loader = ChoiceLoader([generator.env.loader, FileSystemLoader(str(folder))])


def ship_static(settings: dict, folder) -> None:
    """`initialized`: copy a plugin's static files (css/, js/…) into the theme's static
    output folder. Pelican joins each THEME_STATIC_PATHS entry to the theme's folder,
    so an absolute path is used as it is."""
    paths = list(settings.get("THEME_STATIC_PATHS", ["static"]))
    if str(folder) not in paths:
        settings["THEME_STATIC_PATHS"] = [*paths, str(folder)]


@contextlib.contextmanager
def no_display_thread():
    """Around a fork: stop the refresh thread of the status spinner that the `pelican`
    command shows while it builds (`console.status("Generating...")`, a rich Live
    display on Pelican's console, kept in `console._live_stack`, whose thread is
    `_refresh_thread`), restart it after.

    A fork while another thread runs can deadlock the child on a lock that
    thread held (Python 3.12 warns); the spinner is the only thread a build
    has when fast_build forks.
    """
    from pelican.log import console

    displays = list(getattr(console, "_live_stack", []))
    # Live.stop() tells its thread to end but does not wait for it.
    threads = [display._refresh_thread for display in displays if display._refresh_thread]
    for display in displays:
        display.stop()
    for thread in threads:
        thread.join()
    try:
        yield
    finally:
        for display in displays:
            display.start()


def initialising_pelican():
    """The Pelican object whose `init_plugins()` is calling a plugin's `register()`, or None.

    `register()` gets no arguments; Pelican calls it from `init_plugins` (a
    method of the Pelican object), and only then does the settings dict still
    hold PLUGINS as written.
    """
    from pelican import Pelican

    frame = sys._getframe(1)
    while frame is not None:
        owner = frame.f_locals.get("self")
        if isinstance(owner, Pelican):
            return owner
        frame = frame.f_back
    return None
