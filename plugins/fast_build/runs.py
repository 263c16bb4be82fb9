"""Worker processes end with the build that started them, whatever happens
to it; and the build's own process ends without a last garbage collection."""

from __future__ import annotations

import atexit
import functools
import gc

from .state import state_of


def stop_workers_when_done(pelican) -> None:
    """`initialized`: wrap `run()`; a failed build stops the workers it left running."""
    pelican.run = functools.partial(_run, pelican, pelican.run)


def _run(pelican, run) -> None:
    try:
        run()
    finally:
        state = state_of(pelican.settings)
        if state is not None:
            for worker in list(state.workers):
                worker.stop()
            state.workers.clear()


def no_collection_at_exit() -> None:
    """`initialized`: stop the collector from walking the build's objects as Python exits.

    Objects are still freed, and every file is closed by then; the walk only
    looks for cycles in memory the system takes back anyway, and it took a
    quarter of a second after a 1,000-essay build.
    """
    atexit.unregister(gc.freeze)  # once, however many builds the process runs
    atexit.register(gc.freeze)
