"""SIGTERM and SIGHUP end a `signals_end_the_block()` block as Ctrl-C would: its
`finally` runs, so a process it started does not outlive it."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time

import pytest

COMMAND = textwrap.dedent("""
    import subprocess, sys
    from safe_input.stopping import signals_end_the_block
    with signals_end_the_block():
        child = subprocess.Popen(["sleep", "60"])
        try:
            print(child.pid, flush=True)  # the test signals once it has read this
            child.wait()
        finally:
            child.terminate()
            child.wait()
""")


def running(pid: int) -> bool:
    try:
        state = open(f"/proc/{pid}/stat").read().split(") ")[1][0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_stops_what_the_block_started(stop):
    command = subprocess.Popen([sys.executable, "-c", COMMAND], stdout=subprocess.PIPE, text=True)
    child = int(command.stdout.readline())
    assert running(child)
    command.send_signal(stop)
    assert command.wait(timeout=10) == 128 + stop
    deadline = time.monotonic() + 10
    while running(child):
        assert time.monotonic() < deadline, "the block's process outlived it"
        time.sleep(0.05)


def test_the_old_handlers_come_back_after_the_block():
    from safe_input.stopping import signals_end_the_block

    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)
    with signals_end_the_block():
        assert signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, before[0])
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)) == before
