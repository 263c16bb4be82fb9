"""The dev server's warm build, and its fast path for an edit to an essay's text.

`Session.build()` runs a full build (Pelican's own `run()`, with atomic
output, so the old site stays in place until the new one is complete) and
keeps its generators, content and record in memory. `Session.update(paths)`
handles edited source files that are already articles or pages of the site:

1. each file is read again through Pelican's readers (and content_checks);
2. if anything but the text changed (any metadata, a {static} link, roles
   inferred from headings) or the file does not read cleanly, it gives up
   and the caller runs a full build, which reports any error;
3. otherwise the new text goes into the existing article object, and the
   plugins' per-article steps are redone (refresh.py);
4. the outputs that read the article's text (its page, feeds with full
   content) or its summary, if that changed (listings), are rendered again
   from the recorded writer calls, each file written under a temporary name
   and renamed into place; plugin generators and `finalized` run again.

The result is the same bytes a full build of the same content writes
(tests/fast_build checks that).
"""

from __future__ import annotations

import os

from pelican import signals
from pelican.contents import Article, Page, SkipStub
from pelican.generators import (
    ArticlesGenerator,
    PagesGenerator,
    SourceFileGenerator,
    StaticGenerator,
    TemplatePagesGenerator,
)
from pelican.urlwrappers import URLWrapper
from pelican.utils import posixize_path
from pelican_compat import forget_rendered

from .refresh import carry_over, unknown_article_plugins
from .state import RECORD_KEY, state_of
from .writer import FastWriter

# Pelican's generators write only through the writer, so their outputs are
# re-rendered call by call; other generators (plugins') run again whole.
PELICAN_GENERATORS = (ArticlesGenerator, PagesGenerator, StaticGenerator,
                      TemplatePagesGenerator, SourceFileGenerator)
READ_SIGNALS = {
    ArticlesGenerator: (signals.article_generator_preread, signals.article_generator_context),
    PagesGenerator: (signals.page_generator_preread, signals.page_generator_context),
}


class Session:
    def __init__(self, pelican):
        self.pelican = pelican
        pelican.settings[RECORD_KEY] = True
        # The last full build's state, while the output is what the content
        # makes; None after a failed build, so that the next change rebuilds all.
        self.state = None

    def build(self) -> None:
        """A full build; raises what it raises, with the last good site left in place."""
        self.state = None
        # Pelican memoises text per content object, for the life of the process.
        forget_rendered()
        self.pelican.run()
        state = state_of(self.pelican.settings)
        # They were made while atomic_output pointed the build at its staging folder.
        for generator in state.generators:
            generator.output_path = self.pelican.output_path
        state.generators[0].context["OUTPUT_PATH"] = self.pelican.output_path
        self.state = state

    def update(self, paths) -> list[str] | None:
        """Apply edits to existing articles and pages; the outputs rewritten, or
        None when only a full build is right (nothing has been written then)."""
        state = self.state
        if state is None or unknown_article_plugins():
            return None
        edits = []
        for path in paths:
            edit = self._read_edit(state, path)
            if edit is None:
                return None
            edits.append(edit)
        # One edit's work is small, and the search plugin may be updating its
        # index in a thread: this update never forks (state.processes).
        state.processes = 1
        recorder = state.recorder
        # From here on the kept build is being changed: until this update has
        # written everything, only a full build is right.
        self.state = None
        affected = set()
        for generator, content, read in edits:
            summary_before = _summary(content)
            if not carry_over(generator, content, read):
                return None
            kinds = {"content"}
            if _summary(content) != summary_before or content.settings.get("RELATIVE_URLS"):
                kinds.add("summary")
            affected |= recorder.outputs_reading(content.source_path, kinds)
        self._write(state, affected)
        self.state = state
        return sorted(affected)

    def _read_edit(self, state, path):
        """(generator, content object, the file read again), if only its text changed."""
        generators = state.generators
        context = generators[0].context
        relative = posixize_path(os.path.relpath(os.path.abspath(path), self.pelican.path))
        content = context["generated_content"].get(relative)
        generator = next((g for g in generators if isinstance(g, tuple(READ_SIGNALS))
                          and isinstance(content, _content_class(g))), None)
        if generator is None:
            return None
        recorder = state.recorder
        before = recorder.as_read.get(content.source_path)
        preread, context_signal = READ_SIGNALS[type(generator)]
        try:
            read = generator.readers.read_file(
                base_path=generator.path, path=relative, content_class=_content_class(generator),
                context=generator.context, preread_signal=preread, preread_sender=generator,
                context_signal=context_signal, context_sender=generator)
        except Exception:  # noqa: BLE001 - the full build that follows reports it
            return None
        if isinstance(read, SkipStub) or not read.is_valid():
            return None
        if before is None or recorder.as_read.get(content.source_path) != before:
            return None
        return generator, content, read

    def _write(self, state, affected: set[str]) -> None:
        output = self.pelican.output_path
        settings = self.pelican.settings
        writer = _fast_path_writer(output, settings)
        writer.wanted = affected.__contains__
        for call in state.recorder.calls:
            if affected.intersection(call.outputs):
                getattr(writer, call.method)(*call.args, **call.kwargs)
        writer = _fast_path_writer(output, settings)
        for generator in state.generators:
            if not isinstance(generator, PELICAN_GENERATORS) and hasattr(generator, "generate_output"):
                generator.generate_output(writer)
        signals.finalized.send(self.pelican)


def _content_class(generator) -> type:
    return Article if isinstance(generator, ArticlesGenerator) else Page


def _fast_path_writer(output: str, settings: dict) -> FastWriter:
    writer = FastWriter(output, settings, parallel=False)
    writer.recorder = None
    writer.atomic = True
    return writer


def _summary(content) -> str:
    summary = content.get_summary(content.get_siteurl())
    forget_rendered([content])
    return summary


def snapshot(content) -> None:
    """`content_object_init`: what the dev server compares an edited file's reading with."""
    state = state_of(content.settings)
    if state is None or state.recorder is None or type(content) not in (Article, Page):
        return
    state.recorder.as_read[content.source_path] = (
        repr(sorted((name, _comparable(value)) for name, value in content.metadata.items())),
        content.get_static_links(),
    )


def _comparable(value):
    # Two tags with one slug compare equal but may be written differently.
    if isinstance(value, URLWrapper):
        return (type(value).__name__, value.name)
    if isinstance(value, (list, tuple)):
        return [_comparable(item) for item in value]
    return value
