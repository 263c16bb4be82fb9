"""The local Isso that `invoke serve` runs: the repository's isso.cfg, data in a
git-ignored folder, open to the dev server's origin, gone when the block ends."""

from __future__ import annotations

import json
import socket
import subprocess
import urllib.request

from pelican.plugins.reader_response.isso_server import local_isso, write_config
from sitebuild import REPO


def test_local_isso_serves_the_dev_site_and_keeps_its_data_aside(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # The repository's config, moved to a free port so a running dev server is left alone.
    config = write_config(REPO / "isso.cfg", tmp_path / "isso.cfg",
                          server={"listen": f"http://127.0.0.1:{port}/"})
    data = tmp_path / ".isso"
    with local_isso(config, data) as process:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/new?uri=/mutual-learning/", method="POST",
            data=json.dumps({"text": "Hello from the dev site.", "title": "Mutual Learning"}).encode(),
            headers={"Content-Type": "application/json", "Origin": "http://127.0.0.1:8000"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.headers["Access-Control-Allow-Origin"] == "http://127.0.0.1:8000"
            assert json.load(response)["text"] == "<p>Hello from the dev site.</p>"
    assert process.poll() is not None
    assert (data / "comments.db").stat().st_size > 0
    ignored = subprocess.run(["git", "check-ignore", "-q", ".isso/comments.db"], cwd=REPO)
    assert ignored.returncode == 0
