"""Carry a new text into the article object of the last build, as a full build would.

After Pelican reads an article, plugins change it on `article_generator_finalized`
(the roles plugin links role headings and adds "More for …" blocks; the
reader-response plugin picks the essay's closing question), and Pelican then
resolves links in its summary. For an edit that changed the text and nothing
else, those steps are redone for that one article. A plugin that changes
articles on those signals and is not known here makes every edit a full
build (`unknown_article_plugins`).
"""

from __future__ import annotations

import sys

from pelican import signals
from pelican_compat import forget_rendered, raw_text, set_raw_text, set_summary, summary_of

# Receivers of the signals after reading that either leave the text alone or
# are redone below, by module. (search indexes the essays again on `finalized`.)
KNOWN_RECEIVERS = {
    "roles.build", "reader_response.response", "content_checks.site_rules",
    "fast_build.state", "fast_build.runs", "search",
}
SIGNALS_AFTER_READING = ("article_generator_finalized", "page_generator_finalized",
                         "all_generators_finalized", "article_generator_write_article",
                         "page_generator_write_page")


def unknown_article_plugins() -> list[str]:
    """Modules with receivers on the signals after reading that this module cannot redo."""
    found = []
    for name in SIGNALS_AFTER_READING:
        for receiver in getattr(signals, name).receivers_for(None):
            module = getattr(receiver, "__module__", "?")
            if module not in KNOWN_RECEIVERS:
                found.append(module)
    return found


def carry_over(generator, article, read) -> bool:
    """Put the text of `read` (the edited file, just read) into `article`.

    False when the edit turns out to change more than the article's own
    pages (its inferred roles changed); the article is then half updated
    and only a full build is right.
    """
    set_raw_text(article, raw_text(read))
    for name in generator.settings["FORMATTED_FIELDS"]:
        if name in read.metadata:
            article.metadata[name] = read.metadata[name]
            if name != "summary":
                setattr(article, name.lower(), read.metadata[name])
        else:
            article.metadata.pop(name, None)
    set_summary(article, summary_of(read))
    forget_rendered([article])
    if "roles.build" in sys.modules and hasattr(generator, "roles"):
        declared = read.metadata.get("roles") is not None
        if not sys.modules["roles.build"].relink(generator, article, declared):
            return False
    response = getattr(article, "reader_response", None)
    if "reader_response.response" in sys.modules and response is not None:
        article.reader_response = sys.modules["reader_response.response"].build(
            article, response.replies, response.count, response.mode, response.provider,
            generator.settings)
    # What Pelican does for every article after all generators are finalized.
    article.refresh_metadata_intersite_links()
    forget_rendered([article])
    return True
