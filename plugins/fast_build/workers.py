"""Forked worker processes: start one on a piece of the build, collect its result.

`share_out` is the simple case, open to other plugins: a list of independent
items (the reader-response plugin's replies to render, say) split among the
build's processes.

A worker is a fork of the build at the moment it starts, so it shares every
object the build has made so far (settings, content, templates) without
copying or pickling them. It sends back one pickled result through an
unlinked temporary file; objects that both sides already hold (the build's
settings) travel as references, not copies. A worker that fails sends its
traceback, and `Worker.result()` raises it in the build.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import signal
import sys
import tempfile
import traceback
from collections.abc import Callable

from pelican_compat import no_display_thread

from .settings import MIN_PARALLEL_FILES
from .state import state_of

logger = logging.getLogger(__name__)

SETTINGS_ID = "settings"


class WorkerError(RuntimeError):
    pass


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    for handler in logging.getLogger().handlers + logging.getLogger("pelican").handlers:
        handler.flush()


class Worker:
    def __init__(self, pid: int, channel, settings: dict):
        self.pid = pid
        self._channel = channel
        self._settings = settings

    @classmethod
    def start(cls, settings: dict, work: Callable[[], object], what: str) -> Worker:
        """Fork; the child runs `work()` and sends back what it returns, then exits."""
        channel = tempfile.TemporaryFile()
        _flush()
        with no_display_thread():
            pid = os.fork()
        if pid:
            return cls(pid, channel, settings)
        # The child: never returns into the caller's code.
        code = 1
        try:
            # What the parent made is never garbage here; keep the collector off it,
            # so that it does not touch (and so copy) every page of the parent's memory.
            gc.freeze()
            result, code = ("ok", work()), 0
        except BaseException as error:  # noqa: BLE001 - everything goes back to the parent
            result = ("error", f"{what} failed in worker process {os.getpid()}:\n"
                               + "".join(traceback.format_exception(error)))
        try:
            _dump(channel, result, settings)
        except BaseException:  # noqa: BLE001
            code = 1
        finally:
            _flush()
            os._exit(code)

    def result(self):
        """Wait for the worker to finish; its result, or WorkerError with its traceback."""
        _, status = os.waitpid(self.pid, 0)
        self._channel.seek(0)
        try:
            kind, value = _load(self._channel, self._settings)
        except (EOFError, pickle.UnpicklingError):
            raise WorkerError(f"worker process {self.pid} ended without a result "
                              f"(exit status {os.waitstatus_to_exitcode(status)})") from None
        finally:
            self._channel.close()
        if kind == "error":
            raise WorkerError(value)
        return value

    def stop(self) -> None:
        """End a worker whose result is no longer wanted (the build failed)."""
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        self._channel.close()


def share_out(settings: dict, work: Callable[[list], list], items: list, what: str) -> list:
    """`work(items)`, with the items split among the build's processes; results in order.

    `work` returns one result per item, and the results must pickle.
    """
    state = state_of(settings)
    count = state.processes if state is not None else 1
    if count < 2 or len(items) < MIN_PARALLEL_FILES:
        return work(items)
    shares = [items[i * len(items) // count:(i + 1) * len(items) // count] for i in range(count)]
    workers = []
    for share in shares[1:]:
        worker = Worker.start(settings, lambda share=share: work(share), what)
        state.workers.add(worker)
        workers.append(worker)
    results = list(work(shares[0]))
    for worker in workers:
        results += worker.result()
        state.workers.discard(worker)
    return results


def _dump(channel, value, settings: dict) -> None:
    pickler = pickle.Pickler(channel, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.persistent_id = lambda obj: SETTINGS_ID if obj is settings else None
    pickler.dump(value)
    channel.flush()


def _load(channel, settings: dict):
    unpickler = pickle.Unpickler(channel)
    unpickler.persistent_load = lambda pid: settings if pid == SETTINGS_ID else None
    return unpickler.load()
