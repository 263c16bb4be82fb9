"""The dev server's builder: the process that builds the site and keeps it current.

    python -m fast_build.builder CONTENT -s SETTINGS -o OUTPUT --answers FD

devserver.py starts it (with plugins/ on PYTHONPATH) and keeps the HTTP
server and the file watcher for itself. This process builds once, then reads
one JSON list of changed paths per line on its standard input and deals with
each list (`Builder.changed`); after the first build and after each list it
writes one JSON line to the file descriptor FD: the folders to watch (null
when unknown: settings that do not load).

A change to the settings file ends this process with status RESTART, and
the dev server starts a new one: the new settings, any code they import and
every plugin are loaded anew, and nothing of the old build lives on (its
threads and the processes they wait for end as the interpreter exits).

Why a process of its own: a build forks its worker processes, and a fork
while another thread runs can deadlock the child on a lock that thread held
(Python 3.12 warns). The server's threads (HTTP, the watcher's) live in the
parent, which never forks; here no thread runs when a build forks (the
search plugin ends its background index update when a build starts, and the
fast path for an edit never forks).

Ctrl-C (or SIGTERM from the dev server) ends a build under way as Ctrl-C
ends `pelican`: atomic_output puts the last good site back. The end of the
standard input (the dev server has gone) ends the process.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import logging
import os
import signal
import sys
import time

from pelican import get_instance, parse_arguments
from pelican.log import console
from pelican.log import init as init_logging
from pelican_compat.plugins import PluginsNotLoaded

from .devserver import RESTART
from .incremental import Session

logger = logging.getLogger(__name__)

# Editors' swap, backup and lock files: never a reason to rebuild.
SCRATCH_FILES = (".*", "*~", "*.swp", "*.swx", "*.tmp", "#*#")


class Builder:
    def __init__(self, content: str, settings_file: str, output: str):
        # Every build starts from an empty folder (atomic_output swaps it in;
        # OUTPUT_RETENTION names are kept), so the site served is exactly what
        # a clean build makes: the pages of a deleted post or a shortened
        # listing go too.
        # DEV_SERVER = True tells plugins their build is served live (the
        # pagefind_search plugin then indexes, and keeps an edited essay's part up to date).
        argv = [content, "-s", settings_file, "-o", output, "--delete-output-directory",
                "-e", "DEV_SERVER=true"]
        pelican, _ = get_instance(parse_arguments(argv))
        self.session = Session(pelican)

    @property
    def settings(self) -> dict:
        return self.session.pelican.settings

    def watched(self) -> list[str]:
        """The folders to watch; the dev server polls the settings file itself."""
        return [os.path.abspath(self.settings["PATH"]), os.path.abspath(self.settings["THEME"])]

    def full_build(self) -> None:
        try:
            self.session.build()
        except Exception as error:  # noqa: BLE001 - reported; the server keeps going
            logger.critical("The build failed, so the last good site is still served:\n%s", error,
                            exc_info=not getattr(error, "errors", None) and self.settings.get("DEBUG"))

    def changed(self, paths: set[str]) -> None:
        """Deal with these changed files (not the settings: see `main`): the fast path
        where it is right, else a full build."""
        paths = {os.path.abspath(path) for path in paths if not self._scratch(path)}
        if not paths:
            return None
        content = os.path.abspath(self.settings["PATH"]) + os.sep
        if all(path.startswith(content) and os.path.isfile(path) for path in paths):
            started = time.perf_counter()
            try:
                written = self.session.update(paths)
            except Exception:  # noqa: BLE001 - a full build puts everything right
                logger.warning("The quick update failed; building the whole site.", exc_info=True)
                written = None
            if written is not None:
                names = ", ".join(sorted(os.path.relpath(path, content) for path in paths))
                console.print(f"Done: updated {len(written)} files for {names} in "
                              f"{time.perf_counter() - started:.2f} seconds.")
                return None
        return self.full_build()

    def _scratch(self, path: str) -> bool:
        name = os.path.basename(path)
        return any(fnmatch.fnmatch(name, pattern)
                   for pattern in (*SCRATCH_FILES, *self.settings.get("IGNORE_FILES", ())))


def _stop(signum, frame):
    # Once: a second Ctrl-C must not cut short atomic_output putting the last good site back.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt


def _answer(answers, watched: list[str] | None) -> None:
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # the build's lines come before the server's next one
    answers.write(json.dumps({"watched": watched}) + "\n")
    answers.flush()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content")
    parser.add_argument("-s", "--settings", required=True)
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--answers", type=int, required=True, help="file descriptor to answer on")
    parser.add_argument("--restarted", action="store_true",
                        help="the settings changed: if they do not load, say so and wait")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    if not logging.getLogger().handlers:
        init_logging(level=logging.WARNING)
    answers = os.fdopen(args.answers, "w", encoding="utf-8")
    settings_file = os.path.abspath(args.settings)
    try:
        try:
            builder = Builder(args.content, args.settings, args.output)
        except Exception as error:  # noqa: BLE001 - settings that do not load, reported
            if not args.restarted:
                logger.critical("%s", error)
                raise SystemExit(1) from None
            logger.critical("The build failed, so the last good site is still served:\n%s", error)
            builder = None
        else:
            builder.full_build()
        _answer(answers, builder and builder.watched())
        for line in sys.stdin:
            paths = {os.path.abspath(path) for path in json.loads(line)}
            if builder is None or settings_file in paths:
                raise SystemExit(RESTART)
            builder.changed(paths)
            _answer(answers, builder.watched())
    except (KeyboardInterrupt, BrokenPipeError):
        pass  # the dev server is stopping; atomic_output has put the last good site back


if __name__ == "__main__":
    main()
