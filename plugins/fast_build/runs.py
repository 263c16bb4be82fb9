"""Worker processes end with the build that started them, whatever happens
to it; and the garbage collector leaves alone what lives as long as the build."""

from __future__ import annotations

import atexit
import gc

from pelican_compat import wrap_run

from .state import state_of


def stop_workers_when_done(pelican) -> None:
    """`initialized`: wrap `run()`; a failed build stops the workers it left running."""
    wrap_run(pelican, _run)


def _run(pelican, run) -> None:
    try:
        run()
    finally:
        gc.unfreeze()  # see freeze_what_lives_on
        state = state_of(pelican.settings)
        if state is not None:
            for worker in list(state.workers):
                worker.stop()
            state.workers.clear()


def freeze_what_lives_on(*_) -> None:
    """Keep the garbage collector off what the build has made so far.

    Sent when every essay is read (`article_generator_pretaxonomy`) and when
    the plugins have added their part (`all_generators_finalized`): all of
    it lives until the build ends, yet each full collection walked it again,
    at 10,000 essays five walks of 0.2-0.45 s each, four of them in the part
    of the build that runs in one process. `_run` hands it back to the
    collector when the build ends.
    """
    gc.freeze()


def no_collection_at_exit() -> None:
    """`initialized`: stop the collector from walking the build's objects as Python exits.

    Objects are still freed, and every file is closed by then; the walk only
    looks for cycles in memory the system takes back anyway, and it took a
    quarter of a second after a 1,000-essay build.
    """
    atexit.unregister(gc.freeze)  # once, however many builds the process runs
    atexit.register(gc.freeze)
