"""`invoke serve` and its local Isso: a busy port says what to change, another port keeps
replies working, and closing the terminal (SIGHUP), SIGTERM or Ctrl-C stop Isso too."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

from sitebuild import REPO, free_port

sys.path.insert(0, str(REPO / "plugins"))
from pelican.plugins.reader_response.isso_server import local_isso, port_is_busy  # noqa: E402

INVOKE = Path(sys.executable).parent / "invoke"


def post_reply(isso_port: int, origin: str):
    request = urllib.request.Request(
        f"http://127.0.0.1:{isso_port}/new?uri=/mutual-learning/", method="POST",
        data=json.dumps({"text": "Hello.", "title": "Mutual Learning"}).encode(),
        headers={"Content-Type": "application/json", "Origin": origin})
    return urllib.request.urlopen(request, timeout=10)


def test_a_busy_site_port_names_the_flag_to_change():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        proc = subprocess.run([str(INVOKE), "serve", "--port", str(port)], cwd=REPO,
                              capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    assert f"invoke serve --port {port + 1}" in proc.stderr + proc.stdout
    assert "Traceback" not in proc.stderr
    assert time.monotonic() - started < 30


def test_isso_on_another_port_accepts_replies_from_the_site_on_another_port(tmp_path):
    isso_port, site_port = free_port(), free_port()
    origin = f"http://127.0.0.1:{site_port}"
    with local_isso(REPO / "isso.cfg", tmp_path / ".isso", listen=f"http://127.0.0.1:{isso_port}/",
                    origins=[f"{origin}/"]):
        with post_reply(isso_port, origin) as response:
            assert response.status == 201
            assert response.headers["Access-Control-Allow-Origin"] == origin


def serve_isso_in_a_child(tmp_path: Path, isso_port: int) -> subprocess.Popen:
    """A process that holds the local Isso open the way `invoke serve` does."""
    script = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from pelican.plugins.reader_response.isso_server import local_isso
        with local_isso(Path({str(REPO / 'isso.cfg')!r}), Path({str(tmp_path / '.isso')!r}),
                        listen="http://127.0.0.1:{isso_port}/"):
            print("ready", flush=True)
            time.sleep(600)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                             cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO / "plugins")})
    assert child.stdout.readline().strip() == "ready"
    assert port_is_busy("127.0.0.1", isso_port)
    return child


def wait_until_free(port: int, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while port_is_busy("127.0.0.1", port):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_every_way_of_stopping_serve_stops_isso(tmp_path, stop):
    isso_port = free_port()
    child = serve_isso_in_a_child(tmp_path, isso_port)
    child.send_signal(stop)
    child.wait(timeout=20)
    assert wait_until_free(isso_port), "Isso still runs after the dev server stopped"
    assert not (tmp_path / ".isso" / "isso.pid").exists()


def test_an_isso_left_by_a_killed_run_is_stopped_at_the_next_start(tmp_path):
    isso_port = free_port()
    child = serve_isso_in_a_child(tmp_path, isso_port)
    child.kill()  # SIGKILL: no chance to stop Isso
    child.wait(timeout=20)
    assert port_is_busy("127.0.0.1", isso_port)
    with local_isso(REPO / "isso.cfg", tmp_path / ".isso", listen=f"http://127.0.0.1:{isso_port}/"):
        with post_reply(isso_port, "http://127.0.0.1:8000") as response:
            assert response.status == 201
    assert wait_until_free(isso_port)
