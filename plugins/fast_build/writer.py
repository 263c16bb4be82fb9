"""Pelican's writer, able to write only some outputs: each process of a
parallel build its share, or the dev server only the pages an edit changed.

Every process runs the same generator code and makes the same calls to the
writer, so they agree on what the site is; a process renders a page only if
it is its own (`owner`). For a worker's page the main process skips the
template and writes to os.devnull, but still sends `content_written` (and
makes the feed without entries for `feed_written`), so that listeners that
collect the site's pages (the sitemap, the redirects) see all of them.
Workers send neither signal: what they would collect is thrown away. So a
listener that reads the file just written (a compressing plugin, say) needs
FAST_BUILD_PROCESSES = 1.

Parallel writing covers Pelican's article and page generators (nearly every
page and feed, including what plugins write on `article_writer_finalized`);
the processes join at `page_writer_finalized`, and the rest of the build
(plugin generators, static files, `finalized`) runs in the main process.
"""

from __future__ import annotations

import io
import os
import posixpath
import tempfile
import zlib

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican_compat import OpeningWriter, forget_text
from safe_input.problems import problems_of

from .content import freeze
from .settings import MIN_PARALLEL_FILES
from .state import state_of
from .workers import Worker

# The permissions open() gives a new file, which mkstemp() does not.
_UMASK = os.umask(0)
os.umask(_UMASK)
# Generators whose whole output goes through the writer; the workers run these.
SHARED_GENERATORS = (ArticlesGenerator, PagesGenerator)


# The main process's share of the pages relative to a worker's: it also
# sends every page's signals and writes the rest of the site afterwards.
# Measured with two processes, 1,000 essays: at 0.7 the main process waited
# about 0.17 s for the worker at the end; 0.85 builds 0.05 s faster (medians
# of 8 alternating builds, with and without the search index), 1.0 slower.
MAIN_WEIGHT = 0.85


def owner(output: str, processes: int) -> int:
    """Which process writes `output` (0 is the main one): stable across runs, well spread."""
    slot = zlib.crc32(output.encode("utf-8")) / 2**32 * (MAIN_WEIGHT + processes - 1)
    return 0 if slot < MAIN_WEIGHT else min(processes - 1, 1 + int(slot - MAIN_WEIGHT))


class FastWriter(OpeningWriter):
    def __init__(self, output_path, settings=None, parallel=True):
        super().__init__(output_path, settings)
        state = state_of(self.settings)
        self.recorder = state.recorder if state is not None else None
        # Outputs this writer writes: None for all, else a test on the output path.
        self.wanted = None
        # Write each file under a temporary name and rename it into place, so
        # that a server reading the folder never sees half a page.
        self.atomic = False
        self._workers: list[Worker] = []
        self._in_worker = False
        if parallel and state is not None and state.processes > 1 \
                and _enough_to_share(state.generators):
            self._share(state)

    # -- parallel writing ---------------------------------------------------

    def _share(self, state) -> None:
        count = state.processes
        for index in range(1, count):
            worker = Worker.start(self.settings, lambda index=index: self._write_share(state, index),
                                  "Writing the site")
            self._workers.append(worker)
            state.workers.add(worker)
        self.wanted = lambda output: owner(output, count) == 0

    def _write_share(self, state, index: int) -> dict:
        """In a worker: write this share of the shared generators' outputs."""
        self._in_worker = True
        self._workers = []
        state.workers.clear()
        self.wanted = lambda output: owner(output, state.processes) == index
        problems = problems_of(self.settings)
        before = len(problems.errors) if problems else 0
        # Listeners collect what was written (the sitemap, the redirects) for
        # the main process, which sends these signals for every page itself.
        with signals.content_written.muted(), signals.feed_written.muted():
            for generator in state.generators:
                if isinstance(generator, SHARED_GENERATORS):
                    generator.generate_output(self)
        if problems and len(problems.errors) > before:
            problems.raise_if_any()
        return dict(self.recorder.reads) if self.recorder is not None else {}

    def join(self) -> None:
        """Wait for the worker processes; from here on this process writes everything."""
        if self._in_worker:
            # Whatever is written after this point, the main process writes.
            self.wanted = lambda output: False
            return
        state = state_of(self.settings)
        workers, self._workers = self._workers, []
        try:
            for worker in workers:
                reads = worker.result()
                state.workers.discard(worker)
                if self.recorder is not None:
                    self.recorder.merge(reads)
        finally:
            self.wanted = None

    # -- choosing what to write ---------------------------------------------

    def _wants(self, output: str) -> bool:
        return self.wanted is None or self.wanted(posixpath.normpath(output))

    def write_file(self, name, template, context, *args, **kwargs):
        call = None
        if self.recorder is not None:
            call = self.recorder.call("write_file", (name, template, context, *args), kwargs)
        written = super().write_file(name, _Selective(template, self, call), context, *args, **kwargs)
        if "article" in kwargs:
            # Pelican writes the feeds, the other pages that show whole essays,
            # before the essays' pages, and keeps every text it worked out until
            # the end: each writing process held the texts of its half of the
            # essays (at 10,000 essays the peak went from 754 to 704 MiB without).
            forget_text(kwargs["article"])
        return written

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        if path is None:
            return super().write_feed(elements, context, path, *args, **kwargs)
        output = posixpath.normpath(path)
        if self.recorder is not None:
            self.recorder.call("write_feed", (elements, context, path, *args), kwargs).outputs.append(output)
        if not self._wants(output):
            if self._in_worker:
                return None
            return super().write_feed([], context, path, *args, **kwargs)
        if self.recorder is None:
            return super().write_feed(elements, context, path, *args, **kwargs)
        with self.recorder.writing(output):
            return super().write_feed(elements, context, path, *args, **kwargs)

    def open_output(self, filename, encoding, override=False):
        output = os.path.relpath(filename, self.output_path)
        if not self._wants(output):
            # Its owner keeps Pelican's check against writing a file twice.
            return open(os.devnull, "w", encoding=encoding)
        if self.atomic:
            return _AtomicFile(filename, encoding)
        return super().open_output(filename, encoding, override)


class _Selective:
    """A template that renders only the outputs its writer wants."""

    def __init__(self, template, writer: FastWriter, call):
        self._template, self._writer, self._call = template, writer, call

    def render(self, context):
        output = posixpath.normpath(context["output_file"])
        if self._call is not None:
            self._call.outputs.append(output)
        if not self._writer._wants(output):
            return ""
        if self._writer.recorder is None:
            return self._template.render(context)
        with self._writer.recorder.writing(output):
            return self._template.render(context)

    def __getattr__(self, name):
        return getattr(self._template, name)


class _AtomicFile(io.TextIOWrapper):
    """A text file written under a temporary name, renamed into place when it is complete."""

    def __init__(self, path: str, encoding: str):
        handle, self._temporary = tempfile.mkstemp(
            dir=os.path.dirname(path), prefix=f".{os.path.basename(path)}.")
        super().__init__(open(handle, "wb"), encoding=encoding)
        self._path = path

    def __exit__(self, kind, error, tb) -> None:
        self.close()
        if kind is None:
            os.chmod(self._temporary, 0o666 & ~_UMASK)
            os.replace(self._temporary, self._path)
        else:
            os.unlink(self._temporary)


def _enough_to_share(generators) -> bool:
    articles = sum(len(getattr(g, "articles", ())) + len(getattr(g, "pages", ()))
                   for g in generators if isinstance(g, SHARED_GENERATORS))
    return articles >= MIN_PARALLEL_FILES


def writer_class(pelican):
    """`get_writer`: URLs are final now; write with FastWriter."""
    state = state_of(pelican.settings)
    if state is None or not state.generators:
        return None
    freeze(state.generators[0].context)
    return FastWriter


def join_workers(generator, writer) -> None:
    """`page_writer_finalized`: the shared generators are done; collect the workers."""
    if isinstance(writer, FastWriter):
        writer.join()
