"""What the fast_build tests share: a site big enough for worker processes,
the dev server in its own process, and a byte-for-byte comparison of builds."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from sitebuild import REPO, Site

# More essays than fast_build's threshold for starting worker processes (40).
ESSAYS = 48

# An essay without `Summary:` (listings show its first words, so an edit to its
# text changes other pages), with role sections and a closing question.
UNSUMMARISED = """\
Title: Learning in Public
Date: 2024-06-01 09:00
Author: Bob
Category: Essays
Tags: learning, coaching
Slug: learning-in-public

Writing where others can read it changes what you notice.

## Learning in public and the Coach

A coach who shows their own learning invites the team to do the same.

## What managers can do

Managers can ask what the team learned this week, and mean it.

So let me ask: what did you learn in public lately?
"""


# Wide enough that Pelican's log keeps each message on one line.
WIDE_LOG = {**os.environ, "COLUMNS": "400"}


def differences(first: Path, second: Path) -> list[str]:
    """Files that are missing from one folder or differ in a single byte."""
    names = {p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file()}
    others = {p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file()}
    found = [f"only in {first.name}: {name}" for name in sorted(names - others)]
    found += [f"only in {second.name}: {name}" for name in sorted(others - names)]
    found += [f"differs: {name}" for name in sorted(names & others)
              if not filecmp.cmp(first / name, second / name, shallow=False)]
    return found





def rewrite(path: Path, old: str, new: str) -> None:
    """Save an edit the way many editors do: a new file renamed over the old one."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    save(path, text.replace(old, new, 1))


def save(path: Path, text: str) -> None:
    scratch = path.with_name(f".{path.name}.saving")
    scratch.write_text(text, encoding="utf-8")
    os.replace(scratch, path)


def slow_pagefind(folder: Path) -> tuple[Path, Path]:
    """A Pagefind that waits 5 seconds before indexing while the returned marker
    file exists: (the program for PAGEFIND_BINARY_PATH, the marker)."""
    sys.path.insert(0, str(REPO / "plugins"))
    from pagefind_search.pagefind import executable

    marker, program = folder / "slow", folder / "pagefind"
    program.write_text(f'#!/bin/sh\n[ -e "{marker}" ] && sleep 5\nexec "{executable()}" "$@"\n',
                       encoding="utf-8")
    program.chmod(0o755)
    return program, marker


class DevServer:
    """`python plugins/fast_build` (what `invoke serve` runs) on a site, in its own process."""

    def __init__(self, site: Site, port: int, env: dict | None = None):
        self.site = site
        self.output = site.root / "served"
        # Its own settings file: Site.build() rewrites the one it uses for every build.
        self.settings = site.root / "devserver_settings.py"
        self.settings.write_text(site.settings_file(False, {}).read_text(encoding="utf-8"),
                                 encoding="utf-8")
        self.base = f"http://127.0.0.1:{port}"
        self.log_path = site.root / "devserver.log"
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, str(REPO / "plugins" / "fast_build"), str(site.content),
             "-s", str(self.settings), "-o", str(self.output), "--port", str(port)],
            cwd=site.root, stdout=self._log, stderr=subprocess.STDOUT,
            env={**WIDE_LOG, **(env or {})})
        self.wait_until(lambda: "Serving the site" in self.log(), "the first build")

    def builder(self) -> int:
        """The pid of the builder process (fast_build/builder.py) the server started."""
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
        found = [int(pid) for pid in children.split()
                 if b"fast_build.builder" in Path(f"/proc/{pid}/cmdline").read_bytes()]
        assert len(found) == 1, children
        return found[0]

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def updates(self) -> int:
        """Builds and updates finished so far (each logs a line starting "Done:")."""
        return self.log().count("Done:")

    def fetch(self, path: str) -> str | None:
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError):
            return None

    def wait_until(self, condition, what: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert self.proc.poll() is None, f"the dev server exited:\n{self.log()}"
            assert time.monotonic() < deadline, f"gave up waiting for {what}:\n{self.log()}"
            time.sleep(0.05)

    def after(self, change, what: str) -> None:
        """Make a change to the content and wait until the server has dealt with it."""
        done, failed = self.updates(), self.failures()
        change()
        self.wait_until(lambda: self.updates() > done or self.failures() > failed, what)

    def failures(self) -> int:
        return self.log().count("The build failed")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()
