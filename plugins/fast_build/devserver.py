"""`invoke serve`: serve the site and keep it up to date while you write.

    serve(content, settings_file, output, port=8000)   # from tasks.py
    python plugins/fast_build CONTENT -s SETTINGS -o OUTPUT [--port 8000] [--bind 127.0.0.1]

It serves the output folder over HTTP and watches the content folder, the
theme and the settings file; the builder process (builder.py) builds the
site once and then deals with each set of changes the watcher reports. An
edit to the text of an essay or page that is already on the site goes
through the fast path (incremental.py): only the pages and feeds that show
that text are written again, in well under a second. Anything else
(metadata, a new or deleted file, replies, the theme, the settings) runs a
full build in the same warm builder while the old site goes on being served
(atomic_output swaps the new one in when it is complete). A build that
fails reports why and leaves the last good site served; the next change
builds everything again.

This process never forks (its HTTP and watcher threads make that unsafe);
the builder forks its workers with no other thread running.
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import os
import signal
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import watchfiles
from pelican.log import console
from pelican.log import init as init_logging
from safe_input.stopping import signals_end_the_block

# The builder's exit status that asks for a new builder (the settings changed).
RESTART = 3
# How long a build under way may take to put the last good site back when the server stops.
STOP_WAIT = 30


class _Handler(SimpleHTTPRequestHandler):
    """Static files; no caching, so a reload always shows the latest build; quiet."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_error(self, code, message=None, explain=None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass


def start_http(output: str, bind: str, port: int) -> ThreadingHTTPServer:
    os.makedirs(output, exist_ok=True)
    ThreadingHTTPServer.allow_reuse_address = True
    server = ThreadingHTTPServer((bind, port), functools.partial(_Handler, directory=output))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class BuilderProcess:
    """The builder (builder.py) in a process of its own, and what it last answered."""

    def __init__(self, content: str, settings_file: str, output: str):
        self.command = [sys.executable, "-m", "fast_build.builder", content, "-s", settings_file,
                        "-o", output]
        self.watched: list[str] = []
        self._start()

    def _start(self, *options: str) -> None:
        answers, answer_end = os.pipe()
        plugins = str(Path(__file__).resolve().parents[1])
        env = {**os.environ,
               "PYTHONPATH": os.pathsep.join(filter(None, (plugins, os.environ.get("PYTHONPATH"))))}
        # Started by fork and exec in one step, which is safe beside threads.
        self.process = subprocess.Popen([*self.command, "--answers", str(answer_end), *options],
                                        stdin=subprocess.PIPE, pass_fds=(answer_end,), env=env,
                                        text=True)
        os.close(answer_end)
        self._answers = os.fdopen(answers, encoding="utf-8")

    def done(self) -> None:
        """Wait until the builder has dealt with everything it was sent."""
        line = self._answers.readline()
        if not line:
            code = self.process.wait()
            self._close()
            if code == RESTART:  # the settings changed: a new builder loads them
                self._start("--restarted")
                return self.done()
            raise SystemExit(f"The builder stopped (exit status {code}); the reason is above."
                             if code else 0)
        # None: the new settings do not load; the last folders stay watched.
        self.watched = json.loads(line)["watched"] or self.watched

    def send(self, paths: set[str]) -> None:
        self.process.stdin.write(json.dumps(sorted(paths)) + "\n")
        self.process.stdin.flush()

    def stop(self) -> None:
        """End the builder; a build under way ends as with Ctrl-C, leaving the last good site."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_WAIT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._close()

    def _close(self) -> None:
        try:
            self.process.stdin.close()
        except BrokenPipeError:
            pass
        self._answers.close()


def serve(content, settings_file, output, *, port: int = 8000, bind: str = "127.0.0.1") -> None:
    """Build, serve at http://BIND:PORT and rebuild on every change until Ctrl-C or SIGTERM."""
    if not logging.getLogger().handlers:
        init_logging(level=logging.WARNING)
    settings_file = os.path.abspath(settings_file)
    # Pelican makes OUTPUT_PATH of `-o` the same way.
    output = os.path.abspath(os.path.expanduser(str(output)))
    # SIGTERM and SIGHUP stop the server as Ctrl-C does, so the builder never outlives it.
    with signals_end_the_block():
        builder = BuilderProcess(str(content), settings_file, output)
        server = None
        try:
            server = start_http(output, bind, port)
            host, real_port = server.server_address[:2]
            builder.done()
            announced = False
            # The watcher is only listening once it first yields (an empty set on
            # timeout), so the site is announced then: an edit saved right after
            # the announcement is never missed.
            for changes in _watch(builder, settings_file):
                if not announced:
                    console.print(f"Serving the site at http://{host}:{real_port}/ and "
                                  "rebuilding on every change (Ctrl-C stops).")
                    announced = True
                if changes:
                    builder.send({path for _, path in changes})
                    builder.done()
        except KeyboardInterrupt:
            pass  # Ctrl-C; the builder had it too, and puts the last good site back
        finally:
            builder.stop()  # first: a build under way stops at once
            if server is not None:
                server.shutdown()
                server.server_close()


def _watch(builder: BuilderProcess, settings_file: str):
    """Sets of changes as they come, an empty one at least every half second.

    The settings file is polled, not watched: a watch on a file ends with
    that file, and editors save by renaming a new file over it, so only the
    first edit of the settings was ever seen.
    """
    settings = _stamp(settings_file)
    while True:
        watched = builder.watched
        for changes in watchfiles.watch(*watched, raise_interrupt=False,
                                        yield_on_timeout=True, rust_timeout=500):
            if _stamp(settings_file) != settings:
                settings = _stamp(settings_file)
                changes = {*changes, (watchfiles.Change.modified, settings_file)}
            yield changes
            if builder.watched != watched:
                break  # the new settings name another content folder or theme
        else:
            return


def _stamp(path: str) -> tuple | None:
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return found.st_ino, found.st_mtime_ns, found.st_size


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content")
    parser.add_argument("-s", "--settings", required=True)
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--bind", default="127.0.0.1")
    args = parser.parse_args(argv)
    serve(args.content, args.settings, args.output, port=args.port, bind=args.bind)
