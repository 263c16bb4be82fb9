"""CommonMark: read Markdown posts with pulldown-cmark instead of Python-Markdown.

Converting Markdown was most of the time Pelican spent reading posts;
pulldown-cmark, a Rust CommonMark parser (Python package `pyromark`), does
it about a hundred times faster. README.md ("Which Markdown") lists what
that means for an author and how to go back to Python-Markdown.
"""

from pelican import signals

from .reader import use_for_markdown_files


def register():
    signals.initialized.connect(use_for_markdown_files)
