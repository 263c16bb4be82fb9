"""The reader's side: what one article page costs a reader before they interact.

Builds the project's own content/ with publishconf.py (SITEURL set to a
loopback server, so every first-party URL stays local), serves it, opens the
page in Debian's Chromium through Playwright, waits for the network to go
idle without touching the page, and counts every request and its body bytes.
A request to any other host is third-party.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

from authorloop import free_port
from builds import REPO

CHROMIUM = "/usr/bin/chromium"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def build_project(output: Path, base_url: str) -> None:
    env = {**os.environ, "SITEURL": base_url, "ISSO_URL": base_url + "/isso/"}
    proc = subprocess.run(
        [sys.executable, "-m", "pelican", str(REPO / "content"), "-s", str(REPO / "publishconf.py"),
         "-o", str(output)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600,
    )
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-25:])
        raise RuntimeError(f"the project's own site did not build:\n{tail}")


def load_page(url: str, first_party: str) -> list[dict]:
    from playwright.sync_api import sync_playwright

    requests: list[dict] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update"],
        )
        try:
            page = browser.new_page()

            def record(request, failed=False):
                if request.url.startswith("data:"):
                    return
                sizes = {} if failed else request.sizes()
                requests.append({
                    "url": request.url,
                    "type": request.resource_type,
                    "bytes": sizes.get("responseBodySize", 0),
                    "third_party": urlsplit(request.url).netloc != first_party,
                    "failed": failed,
                })

            page.on("requestfinished", record)
            page.on("requestfailed", functools.partial(record, failed=True))
            page.goto(url, wait_until="networkidle")
        finally:
            browser.close()
    return requests


def run_reader_side(work: Path, page_path: str) -> dict:
    output = work / "reader-side"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    build_project(output, base)
    html = output / page_path.strip("/") / "index.html"
    if not html.is_file():
        raise RuntimeError(f"{page_path} is not in the project's build (looked for {html}).")
    handler = functools.partial(QuietHandler, directory=str(output))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        requests = load_page(base + page_path, f"127.0.0.1:{port}")
    finally:
        httpd.shutdown()
        httpd.server_close()
    raw = html.read_bytes()
    return {
        "page": page_path,
        "html_bytes": len(raw),
        "html_gzip_bytes": len(gzip.compress(raw, 9)),
        "total_bytes": sum(r["bytes"] for r in requests),
        "requests": len(requests),
        "third_party_requests": sum(r["third_party"] for r in requests),
        "failed_requests": sum(r["failed"] for r in requests),
        "loaded": requests,
    }
