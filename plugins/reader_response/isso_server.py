"""Run a real Isso comment server on loopback: next to `invoke serve`, and in the tests.

    from reader_response.isso_server import local_isso
    with local_isso(Path("isso.cfg"), Path(".isso")):
        ...  # Isso answers on the [server] listen address of isso.cfg

The database (comments.db) and Isso's log (isso.log) go to the data folder.
By hand, the same is: mkdir -p .isso && .venv/bin/isso -c isso.cfg run
"""

from __future__ import annotations

import configparser
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit


class IssoStartError(RuntimeError):
    pass


def write_config(source: Path, target: Path, **overrides: dict[str, str]) -> Path:
    """Copy an Isso config with some values replaced: write_config(a, b, general={"dbpath": …})."""
    parser = configparser.ConfigParser()
    parser.read(source, encoding="utf-8")
    for section, values in overrides.items():
        for key, value in values.items():
            parser[section][key] = value
    with open(target, "w", encoding="utf-8") as out:
        parser.write(out)
    return target


def start_isso(config: Path, *, cwd: Path | None = None, log=None,
               timeout: float = 30) -> subprocess.Popen:
    """Start Isso with `config` (a relative dbpath counts from `cwd`) and wait until it listens."""
    config = Path(config).resolve()
    parser = configparser.ConfigParser()
    parser.read(config, encoding="utf-8")
    listen = urlsplit(parser.get("server", "listen"))
    host, port = listen.hostname or "127.0.0.1", listen.port or 80
    if _answers(host, port):
        raise IssoStartError(f"something already listens on {host}:{port}; stop it, or change "
                             f"[server] listen in {config} (and the url in REPLIES_COMMENTS)")
    process = subprocess.Popen([_isso_command(), "-c", str(config), "run"],
                               cwd=cwd or config.parent,
                               stdout=log or subprocess.DEVNULL, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
    while not _answers(host, port):
        if process.poll() is not None:
            raise IssoStartError(f"Isso stopped with exit code {process.returncode}; "
                                 f"run `isso -c {config} run` to see why")
        if time.monotonic() > deadline:
            stop_isso(process)
            raise IssoStartError(f"Isso did not answer on {host}:{port} within {timeout:.0f} s")
        time.sleep(0.1)
    return process


def stop_isso(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def local_isso(config: Path, data_dir: Path):
    """Isso with `config`, its database and log in `data_dir`, for as long as the block runs."""
    data_dir = Path(data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    effective = write_config(Path(config), data_dir / "isso.cfg",
                             general={"dbpath": str(data_dir / "comments.db")})
    with open(data_dir / "isso.log", "ab") as log:
        process = start_isso(effective, log=log)
        try:
            yield process
        finally:
            stop_isso(process)


def _isso_command() -> str:
    beside_python = Path(sys.executable).with_name("isso")
    found = str(beside_python) if beside_python.exists() else shutil.which("isso")
    if not found:
        raise IssoStartError("the `isso` command is missing; install the project's "
                             "dependencies (pip install isso)")
    return found


def _answers(host: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((host, port)) == 0
