"""Static full-text search over essays and replies with Pagefind.

Modules: settings (defaults, checks), documents (what is indexed for each
essay), pagefind (the indexer's runs, in the background while the site is
written), live (the dev server's update of an edited essay's index part).
The page is theme/templates/search.html with theme/static/js/search.js;
docs/found.md ("Search") explains what readers get.
"""

from pathlib import Path

from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican_compat.plugins import check_plugins_loaded
from safe_input.problems import report_settings

from . import settings
from .documents import published_essays, write_documents
from .live import Updates

# Where a build keeps its index run, in its settings (the one object every
# party of a build shares): set when the essays are ready, taken on `finalized`.
RUN_KEY = "SEARCH_INDEX_RUN"


class _Runs:
    """The run of this build, and the essays, for the dev server's updates of one essay."""

    def __init__(self):
        self.run = None
        self.generator = None
        self.updates = Updates()

    def __reduce__(self):
        # Pelican's content cache pickles the settings; runs belong to one process.
        return (_Runs, ())


def _get_generators(pelican):
    """A build starts: what an earlier build of the dev server's left running (an
    index update, the run of a build that failed) ends first, threads and all,
    since this build forks as it reads. Unusable settings join the build's
    problem list (content_checks stops the build)."""
    runs = pelican.settings.get(RUN_KEY)
    if runs is not None:
        if runs.run is not None:
            runs.run.stop()
            runs.run = None
        runs.updates.stop()
    problems = settings.problems(pelican.settings)
    if problems:
        report_settings(pelican, problems)


def _start(run: "_Runs", generator) -> None:
    conf = generator.settings
    run.updates.remember(published_essays(generator))
    run.generator = generator
    run.run = write_documents(generator, conf["SEARCH_PAGES_PER_INDEX"],
                              conf["SEARCH_INDEX_PROCESSES"],
                              Path(generator.output_path) / conf["SEARCH_BUNDLE_DIR"])


def _essays_ready(generators) -> None:
    """`all_generators_finalized`: index the essays while the site is written."""
    generator = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    # With unusable settings the build stops before writing (see _get_generators).
    if generator is not None and settings.index_enabled(generator.settings) \
            and not settings.problems(generator.settings):
        _start(generator.settings.setdefault(RUN_KEY, _Runs()), generator)


def _writing(generator, content=None) -> None:
    """`article_generator_write_article`: writing has begun, in the processes fast_build
    forked already, so the index run's threads can start (in this process only)."""
    runs = generator.settings.get(RUN_KEY)
    if runs is not None and runs.run is not None:
        runs.run.begin()


def _finalized(pelican) -> None:
    runs = pelican.settings.get(RUN_KEY)
    if runs is None or runs.generator is None or not settings.index_enabled(pelican.settings):
        return
    if runs.run is None:
        # The dev server rewrote an edited essay without a full build: the
        # page is served, the index part holding it follows in the background.
        conf = pelican.settings
        runs.updates.start(runs.generator, conf["SEARCH_PAGES_PER_INDEX"],
                           Path(runs.generator.output_path) / conf["SEARCH_BUNDLE_DIR"])
        return
    run, runs.run = runs.run, None
    run.finish()


def register():
    check_plugins_loaded()
    signals.initialized.connect(settings.apply_defaults)
    signals.get_generators.connect(_get_generators)
    signals.all_generators_finalized.connect(_essays_ready)
    signals.article_generator_write_article.connect(_writing)
    signals.finalized.connect(_finalized)
