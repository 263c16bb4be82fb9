"""Worker processes end with the build that started them, whatever happens to it."""

from __future__ import annotations

import functools

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
