"""CommonMark: read Markdown posts with cmark-gfm, GitHub's C library, instead of Python-Markdown.

Converting Markdown was most of the time Pelican spends reading posts;
cmark-gfm does it some twenty times faster. Posts are read as GitHub
Flavored Markdown with footnotes. README.md ("Writing a post") lists what
that means for an author and how to go back to Python-Markdown.
"""

from pelican import signals

from .reader import use_for_markdown_files


def register():
    signals.initialized.connect(use_for_markdown_files)
