"""The author's loop: edit one essay while the dev server runs, time until it is served.

The server is started from a command template (so a faster server can be
plugged in later) on a private copy of the corpus. After its first build,
each round changes the first sentence of one essay, and the clock runs from
the moment the file is saved until an HTTP GET of that essay's page returns
the new sentence. Before the next edit the loop waits for the server to
finish its rebuild (READY_PATTERN appears once more in its log), because
Pelican only starts watching again after a build has completed.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from builds import REPO

# The dev server of `invoke serve` (plugins/fast_build/devserver.py).
SERVE_COMMAND = "{python} {repo}/plugins/fast_build {content} -s {settings} -o {output} --port {port}"
# Pelican's own autoreload server, for comparison (bench.py --serve-command pelican).
PELICAN_SERVE_COMMAND = ("{python} -m pelican {content} -s {settings} -o {output} "
                         "--autoreload --listen --bind 127.0.0.1 --port {port}")
# Both log a line starting "Done:" when a build (or a quick update) is complete.
READY_PATTERN = r"Done: "
# What Pelican's autoreload logs when a build fails: stop waiting instead of timing out.
FAILED_PATTERN = re.compile(r"Caught exception|CRITICAL")
POLL_SECONDS = 0.01
# Pelican imports a settings file under its own name: a file called
# pelicanconf.py doing `from pelicanconf import *` would import itself.
SETTINGS_NAME = "loop_settings.py"
# Pelican starts watching for changes only after a build has finished and
# logged so; an edit saved in between would go unnoticed. With 1 s, a loaded
# 2-core machine still lost an edit now and then (a 600 s time-out); 3 s did not.
SETTLE_SECONDS = 3.0
SETTLE_WITHOUT_PATTERN = 10.0


class ServerError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def edit_first_sentence(text: str, sentence: str) -> str:
    """Replace the first sentence of the body (after the metadata block) with `sentence`."""
    header, body = text.split("\n\n", 1)
    first_end = body.index(". ") + 2
    return f"{header}\n\n{sentence} {body[first_end:]}"


class DevServer:
    def __init__(self, command: str, site: Path, ready_pattern: str):
        self.port = free_port()
        self.log_path = site / "server.log"
        self.ready = re.compile(ready_pattern) if ready_pattern else None
        self.log_offset = self.builds = 0
        self.failed = False
        argv = shlex.split(command.format(
            python=sys.executable, repo=REPO, content=site / "content",
            settings=site / SETTINGS_NAME, output=site / "output", port=self.port,
        ))
        self.log = open(self.log_path, "wb")
        # Its own session, so stopping it also stops the processes it forked.
        self.proc = subprocess.Popen(
            argv, cwd=site, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"},
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def read_log(self) -> None:
        """Count finished and failed builds in the log lines written since the last call."""
        with open(self.log_path, "rb") as log:
            log.seek(self.log_offset)
            chunk = log.read()
        complete = chunk.rfind(b"\n") + 1  # a line still being written is read next time
        self.log_offset += complete
        text = chunk[:complete].decode("utf-8", "replace")
        if self.ready:
            self.builds += len(self.ready.findall(text))
        self.failed = self.failed or bool(FAILED_PATTERN.search(text))

    def builds_done(self) -> int:
        self.read_log()
        return self.builds

    def wait_built(self, count: int, timeout: float) -> None:
        """Wait for the count-th build to finish; without a pattern, give it a few seconds."""
        if self.ready is None:
            time.sleep(SETTLE_WITHOUT_PATTERN)
        else:
            self.wait(lambda: self.builds_done() >= count, timeout, "a build to finish")

    def wait(self, condition, timeout: float, what: str) -> float:
        started = time.perf_counter()
        while not condition():
            if self.proc.poll() is not None:
                raise ServerError(f"the dev server exited while waiting for {what}:\n{self.tail()}")
            self.read_log()
            if self.failed:
                raise ServerError(f"a build failed while waiting for {what}:\n{self.tail()}")
            if time.perf_counter() - started > timeout:
                raise ServerError(f"timed out after {timeout:.0f} s waiting for {what}:\n{self.tail()}")
            time.sleep(POLL_SECONDS)
        return time.perf_counter() - started

    def tail(self, lines: int = 25) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=15)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.log.close()


def run_author_loop(corpus: Path, work: Path, *, edits: int, command: str = SERVE_COMMAND,
                    ready_pattern: str = READY_PATTERN, timeout: float = 600) -> dict:
    site = work / "author-loop"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(corpus / "content", site / "content")
    (site / SETTINGS_NAME).write_text(
        f"import sys\nsys.path.insert(0, {str(REPO)!r})\nfrom pelicanconf import *\n"
        f"PATH = {str(site / 'content')!r}\nCACHE_PATH = {str(site / 'cache')!r}\n",
        encoding="utf-8",
    )
    essays = json.loads((corpus / "corpus.json").read_text(encoding="utf-8"))["files"]
    server = DevServer(command, site, ready_pattern)
    try:
        first_page = server.url(f"/{essays[0]['slug']}/")
        first_build = server.wait(lambda: fetch(first_page) is not None, timeout, "the first build")
        server.wait_built(1, timeout)
        time.sleep(SETTLE_SECONDS)
        times = []
        for round_ in range(edits):
            # Spread the edits over the corpus, the same essays on every run.
            essay = essays[(1 + round_ * 7919) % len(essays)]
            source = site / essay["path"]
            marker = f"Edited for the benchmark in round {round_ + 1} ({secrets.token_hex(4)})."
            edited = edit_first_sentence(source.read_text(encoding="utf-8"), marker)
            done = server.builds_done()
            source.write_text(edited, encoding="utf-8")
            saved = time.perf_counter()
            page = server.url(f"/{essay['slug']}/")
            server.wait(lambda: marker in (fetch(page) or ""), timeout, f"the edit of {essay['path']}")
            times.append(round(time.perf_counter() - saved, 3))
            server.wait_built(done + 1, timeout)
            time.sleep(SETTLE_SECONDS)
        return {"command": command, "first_build_s": round(first_build, 2), "edit_to_served_s": times}
    finally:
        server.stop()
