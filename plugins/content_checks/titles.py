"""Titles are cleaned to a little inline HTML as they are read.

Pelican reads a title as HTML, so an author can write `<em>` and the theme
shows it in headings. A title can also come from an import or a paste with a
`<script>` or an `<img onerror>` in it; cleaning it here, once, for every
article and page (read from Pelican's cache or not, and before the fast_build
plugin keeps its copy), lets every template and plugin trust `title` as HTML
and take its text with `safe_input.title_text`.
"""

from __future__ import annotations

from pelican.contents import Content
from safe_input import clean_title_html


def clean_title(content) -> None:
    """`content_object_init`: only the allowed inline tags stay in the title."""
    title = getattr(content, "title", None)
    if not isinstance(content, Content) or not isinstance(title, str):
        return
    cleaned = clean_title_html(title)
    if cleaned != title:
        content.title = cleaned
        content.metadata["title"] = cleaned
