"""Long-running commands (the dev server, its local Isso) stop cleanly however they are stopped.

Python turns Ctrl-C into KeyboardInterrupt, so `finally` blocks run; SIGTERM
(a service manager, `kill`) and SIGHUP (a closed terminal) end the process
at once by default, leaving its child processes running. Inside
`signals_end_the_block()` they raise SystemExit instead, so the same
`finally` blocks stop what the block started.
"""

from __future__ import annotations

import signal
from contextlib import contextmanager


@contextmanager
def signals_end_the_block():
    def end(signum, frame):
        raise SystemExit(128 + signum)

    previous = {sig: signal.signal(sig, end) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
