"""Read articles in several processes, and hand the results to Pelican's readers.

Pelican reads one file after the other, and converting Markdown is most of
the reading. When the article generator is made, worker processes start on
the last part of its list of files not in Pelican's cache, while the build
reads the first part as usual. When Pelican's `Readers.read_file` reaches a
file a worker has read, it finds the worker's result where it looks for
cached data, so everything after that (metadata from paths and settings,
the content object, the signals and every plugin) is Pelican's own code.

A file that fails in a worker is read again by the build itself, so its
error is reported exactly as without workers.
"""

from __future__ import annotations

import os

from pelican_compat import answer_cached_data, discardable_metadata_removed
from pelican.utils import file_suffix

from .settings import MIN_PARALLEL_FILES
from .state import state_of
from .workers import Worker

# The build's own share of the files with two processes, measured: besides
# reading, it makes every content object and unpickles the workers'
# results, while a worker's results cost it pickling them.
OWN_SHARE = 0.5


def start(generator) -> None:
    """`article_generator_init`: start reading the last part of the files in workers."""
    state = state_of(generator.settings)
    if state is None or state.processes < 2:
        return
    readers = generator.readers
    settings = generator.settings
    paths = []
    # The order in which generate_context() will ask for them.
    for relative in generator.get_files(settings["ARTICLE_PATHS"],
                                        exclude=settings["ARTICLE_EXCLUDES"]):
        path = os.path.abspath(os.path.join(generator.path, relative))
        if file_suffix(path) in readers.readers and generator.get_cached_data(relative, None) is None \
                and readers.get_cached_data(path, None) is None:
            paths.append(path)
    if len(paths) < MIN_PARALLEL_FILES:
        return
    own = int(len(paths) * OWN_SHARE * 2 / state.processes)
    rest = paths[own:]
    count = state.processes - 1
    shares = [rest[i * len(rest) // count:(i + 1) * len(rest) // count] for i in range(count)]
    prefetched = {}
    for share in shares:
        worker = Worker.start(settings, lambda share=share: _read(readers, share), "Reading content")
        state.workers.add(worker)
        prefetched.update(dict.fromkeys(share, worker))
    _serve_from(readers, prefetched, state)


def _read(readers, paths: list[str]) -> dict:
    """In a worker: what each reader makes of each file (None where it failed)."""
    results = {}
    for path in paths:
        try:
            content, metadata = readers.readers[file_suffix(path)].read(path)
            results[path] = (content, discardable_metadata_removed(metadata))
        except Exception:  # noqa: BLE001 - the build reads it again and reports it
            results[path] = None
    return results


def _serve_from(readers, prefetched: dict, state) -> None:
    """Make `readers` find the workers' results where it looks for cached data."""
    collected = {}

    def lookup(path, default, cached_data):
        worker = prefetched.pop(path, None)
        if worker is not None:
            if worker not in collected:
                collected[worker] = worker.result()
                state.workers.discard(worker)
            data = collected[worker].pop(path)
            if data is not None:
                readers.cache_data(path, data)
                return data
        return cached_data(path, default)

    answer_cached_data(readers, lookup)
