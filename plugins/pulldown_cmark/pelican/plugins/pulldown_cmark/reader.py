"""Pelican's Markdown reader with pulldown-cmark (through pyromark) doing the conversion.

The metadata header is still read by Python-Markdown's own `meta`
preprocessor, so "Key: value" lines, continuation lines and `---` fences
mean what they mean with Pelican's reader, and content_checks' header
checks keep applying (this class is a MarkdownReader).
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pyromark
from markdown.extensions.meta import MetaPreprocessor
from pelican.utils import pelican_open
from pelican_compat import ConvertingMarkdownReader

from .extensions import css_class, heading_ids, highlighted_code, warn_about_unmatched

# GitHub's tables, strikethrough and task lists, and the footnotes and
# definition lists of Python-Markdown's "extra". Raw HTML passes through, as
# CommonMark has it: authors embed videos and figures.
OPTIONS = (pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH
           | pyromark.Options.ENABLE_TASKLISTS | pyromark.Options.ENABLE_FOOTNOTES
           | pyromark.Options.ENABLE_DEFINITION_LIST)

# pulldown-cmark percent-encodes the braces of Pelican's link prefixes
# ({filename}, {static}, {attach}…) in a link's URL, and the bars of the
# older |filename| form; Pelican only recognises them as written.
ENCODED_LINK_PREFIX = re.compile(r'="(?:%7B(\w+)%7D|%7C(\w+)%7C)')


def to_html(text: str, code_class: str = "highlight") -> str:
    html = pyromark.html(text, options=OPTIONS)
    html = ENCODED_LINK_PREFIX.sub(_decoded_prefix, html)
    html = highlighted_code(heading_ids(html), code_class)
    # Python-Markdown ends without a newline, and templates are written for that.
    return html.rstrip("\n")


def _decoded_prefix(match: re.Match) -> str:
    return f'="{{{match[1]}}}' if match[1] else f'="|{match[2]}|'


# Pelican names each post's `reader` metadata after its reader's class, and
# themes and plugins expect "markdown".
class MarkdownReader(ConvertingMarkdownReader):
    """Markdown files, converted by pulldown-cmark."""

    def read(self, source_path):
        with pelican_open(source_path) as text:
            header = SimpleNamespace()
            body = MetaPreprocessor(header).run(text.split("\n"))
        return (to_html("\n".join(body), css_class(self.settings)),
                self.metadata(header.Meta, source_path))

    def converter(self):
        return _Converter(css_class(self.settings))


class _Converter:
    """pulldown-cmark, for the formatted fields of the header (Summary)."""

    def __init__(self, code_class: str):
        self.code_class = code_class

    def reset(self):
        return self

    def convert(self, text: str) -> str:
        return to_html(text, self.code_class)


def use_for_markdown_files(pelican) -> None:
    """`initialized`: read .md files with pulldown-cmark, unless READERS already names a reader."""
    readers = dict(pelican.settings.get("READERS", {}))
    for extension in MarkdownReader.file_extensions:
        readers.setdefault(extension, MarkdownReader)
    pelican.settings["READERS"] = readers
    if readers.get("md") is MarkdownReader:
        warn_about_unmatched(pelican.settings)
