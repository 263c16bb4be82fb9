"""Run one command and report its wall time, CPU time and peak memory as JSON.

    python benchmarks/measure.py LOG -- COMMAND [ARG...]

bench.py starts this wrapper in a fresh process for every build, so the
memory it reports belongs to that build alone: `ru_maxrss` of
RUSAGE_CHILDREN is the peak resident set of the largest process the wrapper
waited for, and a psutil poll every POLL_SECONDS adds up the proportional
set sizes (PSS) of the whole process tree. That matters once a build uses
worker processes: a forked worker shares most of its memory with the build
that forked it, and PSS counts each shared page once across them, where
adding up resident sets would count it in every process. The peak reported
is the larger of the two. The command's
output goes to LOG; stdout carries only the JSON line.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import threading
import time

import psutil

POLL_SECONDS = 0.05


def tree_pss(proc: psutil.Process) -> int:
    total = 0
    for member in [proc, *proc.children(recursive=True)]:
        try:
            total += member.memory_full_info().pss
        except psutil.Error:
            pass  # a worker that ended between listing and reading
    return total


def measure(argv: list[str], log_path: str) -> dict:
    peak = 0
    with open(log_path, "wb") as log:
        started = time.perf_counter()
        child = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
        done = threading.Event()

        def poll() -> None:
            nonlocal peak
            try:
                proc = psutil.Process(child.pid)
                while not done.wait(POLL_SECONDS):
                    peak = max(peak, tree_pss(proc))
            except psutil.Error:
                pass  # the build ended before the first poll

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        returncode = child.wait()
        wall = time.perf_counter() - started
        done.set()
        poller.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    maxrss = usage.ru_maxrss * 1024  # KiB on Linux
    return {
        "returncode": returncode,
        "wall_s": round(wall, 4),
        # User + system time of the build and every process it waited for
        # (workers, Pagefind): steadier than wall time for comparing two builds.
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 4),
        "peak_rss_mib": round(max(peak, maxrss) / 2**20, 1),
        "largest_process_rss_mib": round(maxrss / 2**20, 1),
        "tree_pss_polled_mib": round(peak / 2**20, 1),
    }


def main() -> int:
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.exit("usage: measure.py LOG -- COMMAND [ARG...]")
    print(json.dumps(measure(sys.argv[3:], sys.argv[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
