"""Strict content checks: a broken post stops the build with one clear message.

This plugin starts the build's bad-input report and stops the build when it
holds problems. Other plugins add theirs to the same message through the
shared package, without needing this plugin:

    from safe_input.errors import ContentError
    from safe_input.problems import report
    report(generator, ContentError(path, "what is wrong", "how to fix it",
                                   line=12, field="Roles"))
"""

import logging

from pelican import signals
from pelican_compat.plugins import check_plugins_loaded
from safe_input.errors import BuildError
from safe_input.problems import start_build, stop_if_any

from .content_rules import check_content
from .site_rules import check_site
from .strict_readers import make_readers_strict
from .titles import clean_title


def _without_traceback(record: logging.LogRecord) -> bool:
    # Pelican logs the exception that ends a build with its traceback; for
    # a BuildError the message is the whole story.
    if record.exc_info and isinstance(record.exc_info[1], BuildError):
        record.exc_info = None
    return True


def _read(content) -> None:
    # One receiver, as blinker calls a signal's receivers in no fixed order:
    # the title is cleaned first, so a title of nothing but a script is missing.
    clean_title(content)
    check_content(content)


def register():
    check_plugins_loaded()
    logging.getLogger("pelican").addFilter(_without_traceback)
    signals.get_generators.connect(start_build)
    signals.readers_init.connect(make_readers_strict)
    signals.content_object_init.connect(_read)
    signals.all_generators_finalized.connect(check_site)
    # Stop before anything is written; check again after writing for
    # problems that plugins report while they write.
    signals.get_writer.connect(stop_if_any)
    signals.finalized.connect(stop_if_any)
