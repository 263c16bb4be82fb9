"""How the plugin stops a build on bad input.

Problems in reply files join the build's bad-input report (safe_input.problems,
which content_checks starts and checks) when there is one, so that one failed
build lists every problem of every kind; without it, they are raised together
here. Settings problems
(REPLIES_COMMENTS) stop the build as soon as Pelican starts.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from safe_input.errors import ContentError
from safe_input.problems import problems_of, report


def shown_path(path: Path | str) -> str:
    """A path the author recognises: relative to the working folder when inside it."""
    rel = os.path.relpath(path)
    return str(path) if rel.startswith("..") else rel


class ReaderResponseError(Exception):
    """Bad reply files or comment-provider settings; the message lists each problem."""

    def __init__(self, title: str, problems: list[str]):
        self.problems = problems
        super().__init__(title + "\n" + "\n".join(f"  - {p}" for p in problems))


@dataclass
class Problem:
    path: Path
    problem: str
    fix: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = shown_path(self.path) + (f", line {self.line}" if self.line else "")
        what = f"{self.field}: {self.problem}" if self.field else self.problem
        return f"{where}: {what}. Fix: {self.fix}."


class Problems(list):
    def add(self, path: Path, problem: str, fix: str, *, line: int | None = None,
            field: str | None = None) -> None:
        self.append(Problem(path, problem, fix, line, field))


def stop_on(problems: Problems, settings: dict) -> None:
    """Add the problems to the build's bad-input report, or raise them all now."""
    if not problems:
        return
    if problems_of(settings) is not None:
        for p in problems:
            report(settings, ContentError(str(p.path), p.problem, p.fix, line=p.line,
                                          field=p.field))
        return
    raise ReaderResponseError(
        f"{len(problems)} problem(s) in the reply archive; fix them and build again:",
        [str(p) for p in problems])


def _without_traceback(record: logging.LogRecord) -> bool:
    # The message says what is wrong and how to fix it; a traceback would bury it.
    if record.exc_info and isinstance(record.exc_info[1], ReaderResponseError):
        record.exc_info = None
    return True


def quiet_tracebacks() -> None:
    logging.getLogger("pelican").addFilter(_without_traceback)
