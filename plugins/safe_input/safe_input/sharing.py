"""Work a plugin can have shared out among the build's processes.

A plugin that runs the build in several processes (fast_build) answers the
named signal `share_out`, sent with (settings, work=, items=, what=), with
`work(items)` done over its processes, results in order. Without one, the
work is done here, in this process.
"""

from __future__ import annotations

from blinker import signal

SHARE_OUT = signal("share_out")


def in_processes(settings: dict, work, items: list, what: str) -> list:
    """`work(items)`, shared out when a plugin offers it; `work` returns one result per item."""
    for _, results in SHARE_OUT.send(settings, work=work, items=items, what=what):
        if results is not None:
            return results
    return work(items)
