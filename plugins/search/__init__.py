"""Static full-text search over essays and replies with Pagefind.

Modules: settings (defaults, checks), pagefind (runs the indexer on the
built site). The page is theme/templates/search.html with
theme/static/js/search.js; README.md ("Search") explains what readers get.
"""

from pathlib import Path

from pelican import signals

from . import settings
from .pagefind import build_index


def _get_generators(pelican):
    """Unusable settings join the build's problem list (content_checks stops the build)."""
    problems = settings.problems(pelican.settings)
    if problems:
        from content_checks import report_settings

        report_settings(pelican, problems)


def _finalized(pelican) -> None:
    if settings.index_enabled(pelican.settings):
        build_index(Path(pelican.output_path), pelican.settings["SEARCH_BUNDLE_DIR"],
                    pelican.settings["SEARCH_PAGES_PER_INDEX"])


def register():
    signals.initialized.connect(settings.apply_defaults)
    signals.get_generators.connect(_get_generators)
    signals.finalized.connect(_finalized)
