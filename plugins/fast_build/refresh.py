"""Carry a new text into the article object of the last build, as a full build would.

After Pelican reads an article, plugins change it on `article_generator_finalized`
(the roles plugin adds "More for …" lines; the reader-response plugin picks the
essay's closing question), and Pelican then resolves links in its summary. For
an edit that changed the text and nothing else, those steps are redone for that
one article: each such plugin connects to the named signal
`article_text_changed` (below) and redoes its part. A plugin that changes
articles on those signals and does not connect makes every edit a full build
(`unknown_article_plugins`).
"""

from __future__ import annotations

from blinker import signal
from pelican import signals
from pelican_compat import forget_rendered, raw_text, set_raw_text, set_summary, summary_of

# Sent with (generator, article=, read=) once an edited article holds its new
# text (`read` is the file just read); a receiver redoes its plugin's part for
# that article and returns False when only a full build is right.
ARTICLE_TEXT_CHANGED = signal("article_text_changed")
# Receivers of the signals after reading that leave the text alone, by module.
# (search indexes the essays again on `finalized`.)
LEAVE_TEXT_ALONE = {"content_checks.site_rules", "fast_build.state", "fast_build.runs",
                    "pagefind_search"}
SIGNALS_AFTER_READING = ("article_generator_finalized", "page_generator_finalized",
                         "all_generators_finalized", "article_generator_write_article",
                         "page_generator_write_page")


def unknown_article_plugins() -> list[str]:
    """Modules with receivers on the signals after reading that this module cannot redo."""
    redoing = {getattr(receiver, "__module__", "?").split(".")[0]
               for receiver in ARTICLE_TEXT_CHANGED.receivers_for(None)}
    found = []
    for name in SIGNALS_AFTER_READING:
        for receiver in getattr(signals, name).receivers_for(None):
            module = getattr(receiver, "__module__", "?")
            if module not in LEAVE_TEXT_ALONE and module.split(".")[0] not in redoing:
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
    if any(redone is False for _, redone in
           ARTICLE_TEXT_CHANGED.send(generator, article=article, read=read)):
        return False
    # What Pelican does for every article after all generators are finalized.
    article.refresh_metadata_intersite_links()
    forget_rendered([article])
    return True
