"""Fixtures shared by every test folder: temp sites and a static file server."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from sitebuild import Site, free_port


@pytest.fixture
def site(tmp_path):
    """An empty site in a temp folder with the project's settings, theme and plugins."""
    return Site(tmp_path / "site")


@pytest.fixture
def project_site(tmp_path):
    """A temp copy of the project's own content, built with the project's settings."""
    return Site(tmp_path / "site", copy_project_content=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def serve():
    """serve(folder) -> base URL of an HTTP server on loopback for that folder."""
    servers = []

    def start(folder) -> str:
        port = free_port()
        handler = functools.partial(_QuietHandler, directory=str(folder))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        return f"http://127.0.0.1:{port}"

    yield start
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
