"""What fast_build keeps for one build, in the build's settings.

The settings dict reaches every party of a build (the Pelican object, each
generator, reader, writer and content object), so the state lives there
under STATE_KEY. A fresh `BuildState` is put there at the start of every
run, so nothing carries over from one build to the next.
"""

from __future__ import annotations

from .settings import processes

STATE_KEY = "FAST_BUILD_STATE"
# Set by the dev server: builds then record what each output was made from.
RECORD_KEY = "FAST_BUILD_RECORD"


class BuildState:
    def __init__(self, settings: dict | None = None):
        settings = settings or {}
        self.processes = processes(settings) if settings else 1
        self.generators: list = []
        # Forked worker processes still running, by pid.
        self.workers: set[int] = set()
        self.recorder = None
        # templates.fragment(): rendered partials by (template, article, SITEURL).
        self.fragments: dict = {}
        if settings.get(RECORD_KEY):
            from .recording import Recorder

            self.recorder = Recorder()

    def __reduce__(self):
        # Pelican's content cache pickles content objects with their
        # settings; a build's state belongs to that build alone.
        return (BuildState, ())


def state_of(settings: dict) -> BuildState | None:
    return settings.get(STATE_KEY)


def start_build(pelican) -> None:
    """`get_generators`: a fresh state for this run."""
    pelican.settings[STATE_KEY] = BuildState(pelican.settings)


def keep_generators(generators) -> None:
    """`all_generators_finalized`: the writer and the dev server need them."""
    state = state_of(generators[0].settings)
    if state is not None:
        state.generators = list(generators)
