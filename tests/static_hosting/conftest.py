"""Real servers for the hosting tests: nginx with the build's own snippet, and an
S3 server (moto in server mode), each on loopback."""

from __future__ import annotations

import getpass
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitebuild import free_port

NGINX = "/usr/sbin/nginx"


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    for _ in range(200):
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text(errors='replace')}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server did not listen on port {port}:\n{log.read_text(errors='replace')}")


@pytest.fixture
def nginx(tmp_path):
    """nginx(output) -> base URL of an nginx whose server block includes the build's `_nginx.conf`."""
    started = []

    def start(output: Path) -> str:
        root = tmp_path / f"nginx-{len(started)}"
        root.mkdir()
        port = free_port()
        temp_paths = "\n".join(f"  {kind}_temp_path {root / kind};"
                               for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        config = root / "nginx.conf"
        config.write_text(f"""
# Workers run as the test's own user, who can read the temp folders
# (nginx ignores this line when it is not started as root).
user {getpass.getuser()};
worker_processes 1;
pid {root / 'nginx.pid'};
events {{ worker_connections 64; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
{temp_paths}
  server {{
    listen 127.0.0.1:{port};
    root {output};
    include {output / '_nginx.conf'};
  }}
}}
""", encoding="utf-8")
        log = root / "error.log"
        process = subprocess.Popen([NGINX, "-p", str(root), "-c", str(config), "-e", str(log),
                                    "-g", "daemon off;"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        started.append(process)
        wait_for_port(port, process, log)
        return f"http://127.0.0.1:{port}"

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory):
    """The endpoint URL of an S3 server (moto), with test credentials in the environment."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("moto") / "moto.log"
    with open(log_path, "wb") as log, pytest.MonkeyPatch.context() as env:
        server = subprocess.Popen([sys.executable, "-m", "moto.server", "-p", str(port), "-H", "127.0.0.1"],
                                  stdout=log, stderr=subprocess.STDOUT)
        for key, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                           "AWS_DEFAULT_REGION": "us-east-1"}.items():
            env.setenv(key, value)
        wait_for_port(port, server, log_path)
        yield f"http://127.0.0.1:{port}"
        server.terminate()
        server.wait(timeout=30)
