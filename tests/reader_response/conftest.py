"""Fixtures for the reader-response tests: a real Isso server on loopback."""

from __future__ import annotations

import json
import sys
import urllib.request
from pathlib import Path

import pytest

from sitebuild import REPO, free_port

sys.path.insert(0, str(REPO / "plugins"))

from pelican.plugins.reader_response.isso_server import start_isso, stop_isso, write_config  # noqa: E402



class IssoServer:
    """Isso with the project's isso.cfg, its own database and port; started on demand.

    The port is known before the server runs, so a site can be built against
    it first and Isso then told which origin (the served site) may use it.
    """

    def __init__(self, root: Path):
        self.root = root
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process = None

    def start(self, *origins: str) -> IssoServer:
        config = write_config(
            REPO / "isso.cfg", self.root / "isso.cfg",
            general={"dbpath": str(self.root / "comments.db"), "host": "\n" + "\n".join(origins)},
            server={"listen": self.url},
            # Tests post several replies within a second from one address.
            guard={"ratelimit": "1000", "direct-reply": "1000"},
        )
        self.log = open(self.root / "isso.log", "wb")
        self.process = start_isso(config, log=self.log)
        return self

    def post(self, thread: str, text: str, *, title: str = "A post", **fields) -> dict:
        """Write a comment the way Isso's own form does (JSON, as writes require)."""
        body = json.dumps({"text": text, "title": title, **fields}).encode()
        request = urllib.request.Request(
            f"{self.url}new?uri={thread}", data=body, method="POST",
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)

    def stop(self) -> None:
        if self.process is not None:
            stop_isso(self.process)
            self.log.close()
            self.process = None


@pytest.fixture
def isso_server(tmp_path):
    """An IssoServer (call .start(site_origin) once the site's address is known); stopped at the end."""
    root = tmp_path / "isso"
    root.mkdir()
    server = IssoServer(root)
    yield server
    server.stop()
