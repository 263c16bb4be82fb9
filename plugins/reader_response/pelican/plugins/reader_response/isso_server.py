"""Run a real Isso comment server on loopback: next to `invoke serve`, and in the tests.

    from pelican.plugins.reader_response.isso_server import local_isso
    with local_isso(Path("isso.cfg"), Path(".isso")):
        ...  # Isso answers on the [server] listen address of isso.cfg

The database (comments.db), Isso's log (isso.log) and the running server's
process id (isso.pid) go to the data folder. By hand, the same is:
mkdir -p .isso && .venv/bin/isso -c isso.cfg run
"""

from __future__ import annotations

import configparser
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from safe_input.stopping import signals_end_the_block


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


def start_isso(config: Path, *, cwd: Path | None = None, log=None, timeout: float = 30,
               busy_hint: str | None = None) -> subprocess.Popen:
    """Start Isso with `config` (a relative dbpath counts from `cwd`) and wait until it listens.

    `busy_hint` says what to change when the port is taken (default: the config's listen line).
    """
    config = Path(config).resolve()
    parser = configparser.ConfigParser()
    parser.read(config, encoding="utf-8")
    listen = urlsplit(parser.get("server", "listen"))
    host, port = listen.hostname or "127.0.0.1", listen.port or 80
    if port_is_busy(host, port):
        raise IssoStartError(f"something already listens on {host}:{port}; stop it, or "
                             + (busy_hint or f"change [server] listen in {config} "
                                             "(and the url in REPLIES_COMMENTS)"))
    process = subprocess.Popen([_isso_command(), "-c", str(config), "run"],
                               cwd=cwd or config.parent,
                               stdout=log or subprocess.DEVNULL, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
    while not port_is_busy(host, port):
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
def local_isso(config: Path, data_dir: Path, *, origins: list[str] | None = None,
               listen: str | None = None, busy_hint: str | None = None):
    """Isso with `config`, its database, log and pid in `data_dir`, for as long as the block runs.

    `origins` replaces the sites allowed to post ([general] host), `listen` the
    address Isso listens on. SIGTERM and SIGHUP (a closed terminal) end the
    block like Ctrl-C does, so Isso never outlives it; one left by a killed run
    is stopped at the next start.
    """
    data_dir = Path(data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    general = {"dbpath": str(data_dir / "comments.db")}
    if origins:
        general["host"] = "\n" + "\n".join(origins)
    overrides = {"general": general, **({"server": {"listen": listen}} if listen else {})}
    effective = write_config(Path(config), data_dir / "isso.cfg", **overrides)
    pid_file = data_dir / "isso.pid"
    _stop_leftover(pid_file, effective)
    with open(data_dir / "isso.log", "ab") as log, signals_end_the_block():
        process = start_isso(effective, log=log, busy_hint=busy_hint)
        pid_file.write_text(str(process.pid), encoding="utf-8")
        try:
            yield process
        finally:
            stop_isso(process)
            pid_file.unlink(missing_ok=True)


def _stop_leftover(pid_file: Path, config: Path) -> None:
    """Stop the Isso a killed run left behind, if that process is still ours."""
    try:
        pid = int(pid_file.read_text(encoding="utf-8"))
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (OSError, ValueError):
        pid_file.unlink(missing_ok=True)
        return
    if str(config).encode() in command:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
    pid_file.unlink(missing_ok=True)


def _isso_command() -> str:
    beside_python = Path(sys.executable).with_name("isso")
    found = str(beside_python) if beside_python.exists() else shutil.which("isso")
    if not found:
        raise IssoStartError("the `isso` command is missing; install the project's "
                             "dependencies (pip install isso)")
    return found


def port_is_busy(host: str, port: int) -> bool:
    """Something accepts connections on host:port."""
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((host, port)) == 0
