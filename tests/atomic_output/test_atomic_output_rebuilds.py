"""The dev server's rebuilds in the project's site (`pelican --autoreload --listen`,
one Pelican object run again and again): a post content_checks refuses leaves the
last good site in place and served, and the next good edit replaces it. Repeated
runs of one Pelican object on a plain Pelican: plugins/atomic_output/tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from sitebuild import free_port

POST = "Title: A post\nDate: 2024-01-10 09:00\n\n{text}\n"
BROKEN = "Date: 2024-02-01\n\nThis post has no title.\n"


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
