"""What Pelican's default Markdown extensions add, done on pulldown-cmark's HTML.

Pelican configures Python-Markdown with codehilite (code blocks highlighted
by Pygments in `<div class="highlight">`), and many themes and the roles
plugin rely on headings having ids as the `toc` extension gives them. Both
are matched here, with Python-Markdown's own slugify and Pygments; any
other extension a site configures is named in one warning at build start.
"""

from __future__ import annotations

import html
import logging
import re

from markdown.extensions.toc import slugify, unique
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

logger = logging.getLogger(__name__)

# Extensions whose effect this reader reproduces (or which only matter to
# Python-Markdown itself: `meta` is read the same way, `extra`'s parts are
# pulldown-cmark options).
MATCHED = {"codehilite", "extra", "meta", "toc", "fenced_code", "tables", "footnotes",
           "def_list"}

# pulldown-cmark writes headings without attributes; an author's raw HTML
# heading with an id of its own is left alone.
_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.DOTALL)
_FENCED = re.compile(r'<pre><code class="language-([\w+#.-]+)">(.*?)</code></pre>', re.DOTALL)
_ID = re.compile(r'\bid="([^"]*)"')
_TAG = re.compile(r"<[^>]*>")


def heading_ids(text: str) -> str:
    """Every heading gets the id Python-Markdown's `toc` would give it, unique in the text."""
    ids = set(_ID.findall(text))

    def with_id(match: re.Match) -> str:
        words = html.unescape(_TAG.sub("", match[2]))
        anchor = unique(slugify(words, "-") or "section", ids)
        return f'<h{match[1]} id="{anchor}">{match[2]}</h{match[1]}>'

    return _HEADING.sub(with_id, text)


def highlighted_code(text: str, css_class: str = "highlight") -> str:
    """Fenced code with a language, highlighted by Pygments as codehilite does."""
    def coloured(match: re.Match) -> str:
        try:
            lexer = get_lexer_by_name(match[1])
        except ClassNotFound:
            return match[0]  # an unknown language stays plain code
        out = highlight(html.unescape(match[2]), lexer,
                        HtmlFormatter(cssclass=css_class, wrapcode=True))
        return out.replace("<code>", f'<code class="language-{match[1]}">', 1).rstrip("\n")

    return _FENCED.sub(coloured, text) if "<pre><code class=" in text else text


def css_class(settings: dict) -> str:
    configs = (settings.get("MARKDOWN") or {}).get("extension_configs") or {}
    return (configs.get("markdown.extensions.codehilite") or {}).get("css_class", "highlight")


def unmatched(settings: dict) -> list[str]:
    """Python-Markdown extensions in MARKDOWN that this reader does not reproduce."""
    markdown = settings.get("MARKDOWN") or {}
    names = [*(markdown.get("extension_configs") or {}), *(markdown.get("extensions") or [])]
    short = (str(name).rsplit(".", 1)[-1] for name in names)
    return sorted({name for name in short if name not in MATCHED})


def warn_about_unmatched(settings: dict) -> None:
    missing = unmatched(settings)
    if missing:
        logger.warning(
            "pulldown_cmark: MARKDOWN configures %s, which pulldown-cmark cannot reproduce: those "
            "posts render without them. To read Markdown with Python-Markdown and its "
            "extensions, remove \"pelican.plugins.pulldown_cmark\" from PLUGINS.",
            ", ".join(missing))
