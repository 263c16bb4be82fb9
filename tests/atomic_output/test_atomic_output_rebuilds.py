"""Rebuilds on one Pelican object, as the dev server's autoreload does them:
a broken edit leaves the last good site in place (and served), and the
next good edit replaces it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from sitebuild import free_port, tree_state

POST = "Title: A post\nDate: 2024-01-10 09:00\n\n{text}\n"
BROKEN = "Date: 2024-02-01\n\nThis post has no title.\n"

# Runs Pelican's own `run()` on one Pelican object each time a line arrives on stdin.
RUNNER = """
import json, sys
from pelican import Pelican
from pelican.settings import read_settings
settings_file, content, output = sys.argv[1:]
pelican = Pelican(read_settings(settings_file, override={"PATH": content, "OUTPUT_PATH": output}))
for _ in sys.stdin:
    try:
        pelican.run()
        result = {"ok": True}
    except Exception as exc:
        result = {"ok": False, "error": type(exc).__name__, "message": str(exc)}
    print("RESULT " + json.dumps(result), flush=True)
"""


def test_repeated_runs_on_one_pelican_object(site):
    output = site.root / "output"
    settings = site.settings_file(False, {})
    runner = subprocess.Popen(
        [sys.executable, "-c", RUNNER, str(settings), str(site.content), str(output)],
        cwd=site.root, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def run() -> dict:
        runner.stdin.write("run\n")
        runner.stdin.flush()
        for line in runner.stdout:
            if line.startswith("RESULT "):
                return json.loads(line.removeprefix("RESULT "))
        raise AssertionError("the runner stopped")

    try:
        site.write("a-post.md", POST.format(text="First version."))
        assert run() == {"ok": True}
        good = tree_state(output)
        assert b"First version." in (output / "a-post/index.html").read_bytes()

        site.write("broken.md", BROKEN)
        failed = run()
        assert failed["error"] == "BuildError"
        assert "content/broken.md" in failed["message"]
        assert tree_state(output) == good

        # The same object builds again once the post is fixed: nothing of
        # the failed run is left over to fail this one.
        site.write("broken.md", "Title: Fixed\n" + BROKEN)
        site.write("a-post.md", POST.format(text="Second version."))
        assert run() == {"ok": True}
        assert b"Second version." in (output / "a-post/index.html").read_bytes()
        assert (output / "fixed/index.html").exists()
        assert not (site.root / "output.building").exists()
    finally:
        runner.stdin.close()
        runner.wait(timeout=60)


class Terminal:
    """Collects what a running command prints, as the author's terminal would show it."""

    def __init__(self, proc: subprocess.Popen):
        self.lines: list[str] = []
        threading.Thread(target=self._read, args=(proc.stdout,), daemon=True).start()

    def _read(self, stream):
        for line in stream:
            self.lines.append(line)

    @property
    def text(self) -> str:
        return " ".join("".join(self.lines).split())


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:
        return 0, ""


def wait_for(condition, what: str, timeout: float = 90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


@pytest.mark.slow
def test_dev_server_keeps_serving_the_last_good_site(site):
    port = free_port()
    site.write("a-post.md", POST.format(text="First version."))
    settings = site.settings_file(False, {})
    server = subprocess.Popen(
        [sys.executable, "-m", "pelican", str(site.content), "-s", str(settings),
         "-o", str(site.root / "output"), "--autoreload", "--listen",
         "--bind", "127.0.0.1", "--port", str(port)],
        cwd=site.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True, env={**os.environ, "COLUMNS": "120"})
    terminal = Terminal(server)
    page = f"http://127.0.0.1:{port}/a-post/"
    try:
        wait_for(lambda: "First version." in fetch(page)[1], "the first build to be served")

        site.write("broken.md", BROKEN)
        wait_for(lambda: "1 problem in 1 source file" in terminal.text, "the error in the terminal")
        assert "content/broken.md" in terminal.text
        assert 'Fix: add the line "Title: Your title"' in terminal.text
        status, body = fetch(page)
        assert status == 200 and "First version." in body

        # Pelican's autoreload builds again and again while a source is broken
        # and makes a new watcher after each good build, so an edit saved
        # during a build can go unseen (`invoke serve` keeps one watcher). The
        # fix is one save, and the next edit waits until Pelican is watching.
        site.write("broken.md", "Title: Fixed\n" + BROKEN)
        wait_for(lambda: fetch(f"http://127.0.0.1:{port}/fixed/")[0] == 200,
                 "the fixed build to be served")
        time.sleep(1)
        site.write("a-post.md", POST.format(text="Second version."))
        wait_for(lambda: "Second version." in fetch(page)[1], "the next edit to be served")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
