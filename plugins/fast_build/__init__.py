"""Fast builds: both cores for reading and writing, URLs and templates
computed once, and a dev server (devserver.py) that re-renders only what an
edited essay changes.

Modules: settings (defaults), state (what one build keeps), workers (forked
processes), parallel_read, writer (parallel and selective writing), content
(fixed URLs, noted reads), templates (Jinja environment), recording and
incremental (the dev server's record of a build and its fast path),
devserver (`invoke serve`: HTTP and the watcher) and builder (its builds, in
a process of its own). README.md ("Speed") has the measurements.
"""

from blinker import signal
from pelican import signals
from pelican_compat.plugins import check_plugins_loaded

from . import incremental, parallel_read, settings, state, templates, workers, writer
from .runs import freeze_what_lives_on, no_collection_at_exit, stop_workers_when_done


def _initialised(pelican) -> None:
    settings.apply_defaults(pelican.settings)
    settings.processes(pelican.settings)  # a bad FAST_BUILD_PROCESSES stops the build here
    templates.tune_environment(pelican.settings)
    stop_workers_when_done(pelican)
    no_collection_at_exit()


def register():
    check_plugins_loaded()
    signals.initialized.connect(_initialised)
    signals.get_generators.connect(state.start_build)
    signals.article_generator_init.connect(parallel_read.start)
    signals.article_generator_pretaxonomy.connect(freeze_what_lives_on)
    signals.generator_init.connect(templates.add_fragment_global)
    signals.content_object_init.connect(incremental.snapshot)
    signals.all_generators_finalized.connect(state.keep_generators)
    signals.all_generators_finalized.connect(freeze_what_lives_on)
    signals.get_writer.connect(writer.writer_class)
    signals.page_writer_finalized.connect(writer.join_workers)
    # Named signals other plugins use without importing this one: `share_out`
    # answers (settings, work=, items=, what=) with work(items) done over the
    # build's processes; `article_text_changed` (refresh.py) is sent when the
    # dev server puts an edited essay's text in place.
    signal("share_out").connect(workers.share_out)
