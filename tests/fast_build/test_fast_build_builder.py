"""The dev server's builder process: it ends with the server however the server ends,
and a build it had under way leaves the last good site served."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from fastsite import DevServer, slow_pagefind
from sitebuild import free_port

pytestmark = pytest.mark.slow


def gone(pid: int, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
        except FileNotFoundError:
            return True
        if state == "Z":  # ended, and only waiting for its parent to notice
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("stop", ["SIGTERM", "SIGHUP", "Ctrl-C"])
def test_stopping_the_server_ends_its_builder(dev_server, stop):
    builder = dev_server.builder()
    if stop == "Ctrl-C":  # the terminal sends SIGINT to the server and its builder alike
        for pid in (dev_server.proc.pid, builder):
            os.kill(pid, signal.SIGINT)
    else:
        dev_server.proc.send_signal(getattr(signal, stop))
    dev_server.proc.wait(timeout=30)
    assert gone(builder), "the builder outlived the server"
    assert dev_server.fetch("/") is None  # nothing serves the port any more
    assert (dev_server.output / "index.html").is_file()


def test_a_killed_server_leaves_no_builder_running(dev_server):
    builder = dev_server.builder()
    dev_server.proc.send_signal(signal.SIGKILL)
    dev_server.proc.wait(timeout=30)
    # The builder reads its work from the server; with the server gone it ends.
    assert gone(builder), "the builder outlived the killed server"


def test_stopped_in_the_middle_of_a_full_build_the_last_good_site_stays(big_site, tmp_path):
    pagefind, slow = slow_pagefind(tmp_path)
    server = DevServer(big_site, free_port(), env={"PAGEFIND_BINARY_PATH": str(pagefind)})
    try:
        before = (server.output / "index.html").read_bytes()
        builder = server.builder()
        staging = server.output.with_name(server.output.name + ".building")
        essay = big_site.content / "learning-in-public.md"
        slow.touch()  # the full build that the new tag asks for takes 5 seconds more
        essay.write_text(essay.read_text(encoding="utf-8").replace(
            "Tags: learning, coaching", "Tags: learning"), encoding="utf-8")
        server.wait_until(staging.exists, "the full build to begin")
        server.proc.send_signal(signal.SIGTERM)
        server.proc.wait(timeout=60)
        assert gone(builder)
        assert "The build did not finish" in server.log()
        assert not staging.exists()
        assert (server.output / "index.html").read_bytes() == before
    finally:
        server.stop()
