"""CommonMark: read Markdown posts with pulldown-cmark instead of Python-Markdown.

Converting Markdown was most of the time Pelican spent reading posts;
pulldown-cmark, a Rust CommonMark parser (Python package `pyromark`), does
it about a hundred times faster. The plugin's README.md lists what that
means for an author and how to go back to Python-Markdown.
"""

from pelican import signals
from pelican_compat.plugins import check_plugins_loaded


def register():
    check_plugins_loaded()
    # pyromark loads here: if it is missing, the check above names it.
    from .reader import use_for_markdown_files

    signals.initialized.connect(use_for_markdown_files)
