"""`invoke serve`: serve the site and keep it up to date while you write.

    serve(content, settings_file, output, port=8000)   # from tasks.py
    python plugins/fast_build CONTENT -s SETTINGS -o OUTPUT [--port 8000] [--bind 127.0.0.1]

It builds the site once, serves the output folder over HTTP, and watches
the content folder, the theme and the settings file. An edit to the text of
an essay or page that is already on the site goes through the fast path
(incremental.py): only the pages and feeds that show that text are written
again, in well under a second. Anything else (metadata, a new or deleted
file, replies, the theme, the settings) runs a full build in the same
warm process while the old site goes on being served (atomic_output swaps
the new one in when it is complete). A build that fails reports why and
leaves the last good site served; the next change builds everything again.
"""

from __future__ import annotations

import argparse
import fnmatch
import functools
import logging
import os
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import watchfiles
from pelican import get_instance, parse_arguments
from pelican.log import console
from pelican.log import init as init_logging
from pelican_compat.plugins import PluginsNotLoaded

from .incremental import Session

logger = logging.getLogger(__name__)

# Editors' swap, backup and lock files: never a reason to rebuild.
SCRATCH_FILES = (".*", "*~", "*.swp", "*.swx", "*.tmp", "#*#")


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


class DevServer:
    def __init__(self, content: str, settings_file: str, output: str):
        # Every build starts from an empty folder (atomic_output swaps it in;
        # OUTPUT_RETENTION names are kept), so the site served is exactly what
        # a clean build makes: the pages of a deleted post or a shortened
        # listing go too.
        # DEV_SERVER = True tells plugins their build is served live (the
        # pagefind_search plugin then indexes, and keeps an edited essay's part up to date).
        self.argv = [content, "-s", settings_file, "-o", output, "--delete-output-directory",
                     "-e", "DEV_SERVER=true"]
        self.settings_file = os.path.abspath(settings_file)
        self.session = self._new_session()

    def _new_session(self) -> Session:
        pelican, _ = get_instance(parse_arguments(self.argv))
        return Session(pelican)

    @property
    def settings(self) -> dict:
        return self.session.pelican.settings

    def watched(self) -> list[str]:
        """The folders watched; the settings file is polled (see _watch)."""
        return [self.settings["PATH"], self.settings["THEME"]]

    def full_build(self, settings_changed: bool = False) -> None:
        try:
            if settings_changed:
                self.session = self._new_session()
            self.session.build()
        except Exception as error:  # noqa: BLE001 - reported; the server keeps going
            logger.critical("The build failed, so the last good site is still served:\n%s", error,
                            exc_info=not getattr(error, "errors", None) and self.settings.get("DEBUG"))

    def changed(self, changes: set[tuple[watchfiles.Change, str]]) -> None:
        paths = {os.path.abspath(path) for _, path in changes}
        if self.settings_file in paths:
            return self.full_build(settings_changed=True)
        paths = {path for path in paths if not self._scratch(path)}
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


def serve(content, settings_file, output, *, port: int = 8000, bind: str = "127.0.0.1",
          stop: threading.Event | None = None) -> None:
    """Build, serve at http://BIND:PORT and rebuild on every change until Ctrl-C (or `stop`)."""
    if not logging.getLogger().handlers:
        init_logging(level=logging.WARNING)
    try:
        dev = DevServer(str(content), str(settings_file), str(output))
    except PluginsNotLoaded as error:
        logger.critical("%s", error)
        raise SystemExit(1) from None
    server = start_http(str(dev.settings["OUTPUT_PATH"]), bind, port)
    host, real_port = server.server_address[:2]
    try:
        dev.full_build()
        announced = False
        # The watcher is only listening once it first yields (an empty set on
        # timeout), so the site is announced then: an edit saved right after
        # the announcement is never missed.
        for changes in _watch(dev, stop):
            if not announced:
                console.print(f"Serving the site at http://{host}:{real_port}/ and rebuilding "
                              "on every change (Ctrl-C stops).")
                announced = True
            if changes:
                dev.changed(changes)
    except KeyboardInterrupt:
        pass  # Ctrl-C during a build; atomic_output has put the last good site back
    finally:
        server.shutdown()
        server.server_close()


def _watch(dev: DevServer, stop: threading.Event | None):
    """Sets of changes as they come, an empty one at least every half second.

    The settings file is polled, not watched: a watch on a file ends with
    that file, and editors save by renaming a new file over it, so only the
    first edit of the settings was ever seen.
    """
    settings = _stamp(dev.settings_file)
    while True:
        watched = dev.watched()
        for changes in watchfiles.watch(*watched, stop_event=stop, raise_interrupt=False,
                                        yield_on_timeout=True, rust_timeout=500):
            if _stamp(dev.settings_file) != settings:
                settings = _stamp(dev.settings_file)
                changes = {*changes, (watchfiles.Change.modified, dev.settings_file)}
            yield changes
            if dev.watched() != watched:
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
