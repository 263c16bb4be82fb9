"""The two errors of the bad-input report, and how they read in a terminal.

A `ContentError` is one problem in one source file (or in several files
that clash). A `BuildError` gathers every problem of a build into the one
message that stops it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable


def display_path(path: str) -> str:
    """A path as the author would type it: relative to the working folder when inside it."""
    path = os.path.abspath(path)
    here = os.getcwd()
    if os.path.commonpath([path, here]) == here:
        return os.path.relpath(path, here)
    return path


class ContentError(Exception):
    """One bad-input problem: which file, where in it, what is wrong, how to fix it.

    `path` is one source path or several (for clashes between files);
    `line` (1-based) and `field` (a metadata name such as "Date") are
    optional, but give them whenever they are known.
    """

    def __init__(self, path: str | Iterable[str], problem: str, fix: str, *,
                 line: int | None = None, field: str | None = None):
        self.paths = (path,) if isinstance(path, str) else tuple(path)
        self.problem = problem
        self.fix = fix
        self.line = line
        self.field = field
        super().__init__(str(self))

    @property
    def path(self) -> str:
        return self.paths[0]

    @property
    def where(self) -> str:
        where = " and ".join(display_path(p) for p in self.paths)
        if self.line is not None:
            where += f", line {self.line}"
        return where

    def sort_key(self) -> tuple:
        return (display_path(self.path), self.line or 0, self.field or "")

    def __str__(self) -> str:
        what = f"{self.field}: {self.problem}" if self.field else self.problem
        return f"{self.where}\n    {what}\n    Fix: {self.fix}"



class BuildError(Exception):
    """Every content problem of one build, raised before anything is written."""

    def __init__(self, errors: Iterable[ContentError]):
        self.errors = sorted(errors, key=ContentError.sort_key)
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.errors)
        files = len({path for e in self.errors for path in e.paths})
        heading = (
            f"{count} problem{'s' if count != 1 else ''} in {files} source "
            f"file{'s' if files != 1 else ''} stopped the build; fix "
            f"{'them' if count != 1 else 'it'} and build again."
        )
        return "\n\n".join([heading, *map(str, self.errors)])
