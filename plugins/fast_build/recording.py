"""The dev server's record of a build: every call to the writer, and which
articles' text and summaries each output read while it was rendered."""

from __future__ import annotations

import contextlib
from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class Call:
    method: str  # "write_file" or "write_feed"
    args: tuple
    kwargs: dict
    outputs: list[str] = field(default_factory=list)  # paths under the output folder


class Recorder:
    def __init__(self):
        self.calls: list[Call] = []
        # output path -> {(source path, "content" or "summary")}
        self.reads: dict[str, set[tuple[str, str]]] = defaultdict(set)
        # source path -> (metadata, {static} links) as read, before any plugin
        # changed them: an edit that keeps these changed only the text.
        self.as_read: dict[str, tuple] = {}
        self._output: str | None = None

    def call(self, method: str, args: tuple, kwargs: dict) -> Call:
        call = Call(method, args, kwargs)
        self.calls.append(call)
        return call

    @contextlib.contextmanager
    def writing(self, output: str):
        """Reads noted inside this block belong to `output`."""
        outer, self._output = self._output, output
        try:
            yield
        finally:
            self._output = outer

    def note(self, source_path: str, kind: str) -> None:
        if self._output is not None:
            self.reads[self._output].add((source_path, kind))

    def merge(self, reads: dict[str, set[tuple[str, str]]]) -> None:
        """Add the reads a worker process noted for the outputs it wrote."""
        for output, found in reads.items():
            self.reads[output] |= found

    def outputs_reading(self, source_path: str, kinds: set[str]) -> set[str]:
        return {output for output, found in self.reads.items()
                if any((source_path, kind) in found for kind in kinds)}
