"""The bad-input report: the problems of one build, and `report()`, which every plugin
uses to add its own, so that one failed build lists them all.

The list lives in the Pelican settings dict under PROBLEMS_KEY because that
one dict reaches every party: the Pelican object, each generator, each
reader and each content object. A fresh list is put there at the start of
every run (the dev server's autoreload calls `run()` again on the same
Pelican object), so nothing carries over from one build to the next.
"""

from __future__ import annotations

from .errors import BuildError, ContentError

PROBLEMS_KEY = "CONTENT_CHECKS_PROBLEMS"


class Problems:
    def __init__(self):
        self.errors: list[ContentError] = []

    def add(self, error: ContentError) -> None:
        self.errors.append(error)

    def paths(self) -> set[str]:
        return {path for error in self.errors for path in error.paths}

    def raise_if_any(self) -> None:
        if self.errors:
            raise BuildError(self.errors)

    def __reduce__(self):
        # Pelican's generator-level cache pickles content objects together
        # with their settings; problems belong to one build, so a cached
        # copy comes back empty.
        return (Problems, ())


def start_build(pelican) -> None:
    pelican.settings[PROBLEMS_KEY] = Problems()


def problems_of(settings) -> Problems | None:
    return settings.get(PROBLEMS_KEY)


def report(where, error: ContentError) -> None:
    """Record a bad-input problem so that the build stops with all problems listed.

    `where` is anything that carries the build's settings: the Pelican
    object, a generator, a reader, a content object, or the settings dict
    itself. Outside a build with content_checks on, the error is raised
    at once instead, so bad input never passes silently.
    """
    settings = where if isinstance(where, dict) else where.settings
    problems = problems_of(settings)
    if problems is None:
        raise error
    problems.add(error)


def report_settings(where, problems) -> None:
    """Report unusable settings: `problems` are (setting, what is wrong, how to fix it)."""
    for setting, problem, fix in problems:
        report(where, ContentError("pelicanconf.py / publishconf.py", problem, fix,
                                   field=setting))


def stop_if_any(pelican) -> None:
    problems = problems_of(pelican.settings)
    if problems is not None:
        problems.raise_if_any()
