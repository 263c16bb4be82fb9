"""Rules for values from outside, shared by the site's plugins.

Post metadata, reply files, a comment provider's answers and WordPress
exports are all written by someone else. Each helper here is the one place
a rule lives, so the importer, the sync, the readers and the templates
agree on it.
"""

from .paths import OutsideFolder, inside
from .text import (
    clean_title_html, line_break_in, one_line, script_json, title_text, web_url,
)

__all__ = [
    "OutsideFolder", "clean_title_html", "inside", "line_break_in", "one_line",
    "script_json", "title_text", "web_url",
]
