"""Run Pagefind over the essays' search documents while the site is written.

Once every essay is read and cross-linked (`all_generators_finalized`), the
plugin renders one small document per published essay (documents.py), in
all the build's processes, and starts Pagefind on the parts; the build
writes its pages meanwhile and collects the index on `finalized`. So
indexing, which is single-threaded Rust for most of its run, overlaps the
writing instead of following it. `pelican content -s publishconf.py` alone still gives a
complete site, and with atomic_output a failing index run fails the build and
leaves the previous site in place. The binary comes from npm's `pagefind`
package, installed in tools/pagefind/ by run.sh; nothing is fetched at build
time.

Pagefind holds a whole index in memory, about 0.3 MB per essay (3 GB for
10,000 essays). So the essays are indexed in parts of at most
SEARCH_PAGES_PER_INDEX pages, one Pagefind run each, and the search page
merges the parts that `parts.json` lists. Up to SEARCH_INDEX_PROCESSES runs
go at once (see `runs_at_once`). A page's part depends on its path
alone, so editing one essay changes only its part's files, and two builds of
the same content write identical index files.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib
import json
import math
import os
import queue
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

MANIFEST = "parts.json"
# Pagefind's ready-made interfaces; search.js talks to pagefind.js directly.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
          "pagefind-modular-ui.css", "pagefind-component-ui.js",
          "pagefind-component-ui.css", "pagefind-highlight.js")


class SearchIndexError(RuntimeError):
    pass


# Where run.sh installs Pagefind from npm, preferred when present: npm has
# releases PyPI's `pagefind[extended]` lacks (1.6.0 indexes about 13 % faster
# than 1.5.2, measured on this site's search documents; README.md "Speed").
# A pip-only install uses PyPI's binary.
NPM_FOLDER = Path(__file__).resolve().parents[2] / "tools" / "pagefind" / "node_modules"


def executable() -> Path:
    # The variable Pagefind's own launchers read, for another build of the binary.
    configured = os.environ.get("PAGEFIND_BINARY_PATH")
    if configured:
        return Path(configured)
    # npm installs only the package of this platform (@pagefind/linux-x64, ...),
    # whose binary is `pagefind_extended` (with Chinese and Japanese word splitting).
    found = sorted(path for path in NPM_FOLDER.glob("@pagefind/*/bin/pagefind*")
                   if path.suffix in ("", ".exe"))
    if found:
        return found[0]
    from_pypi = pypi_executable()
    if from_pypi is None:
        raise SearchIndexError(
            "The search index needs Pagefind: `pip install 'pagefind[extended]'` (a "
            "dependency of this site), or `npm ci --prefix tools/pagefind` for npm's newer "
            "release (bash run.sh does), or set PAGEFIND_BINARY_PATH to a Pagefind binary, "
            "or set SEARCH_INDEX = False")
    return from_pypi


def pypi_executable() -> Path | None:
    """The binary of PyPI's `pagefind[extended]` (or `pagefind[bin]`), when installed."""
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            return importlib.import_module(package).get_executable()
        except (ImportError, FileNotFoundError):
            continue
    return None


def part_count(pages: int, per_part: int) -> int:
    return max(1, math.ceil(pages / per_part))


def runs_at_once(parts: int, wanted: int | None) -> int:
    """How many parts are indexed at once: `wanted` (SEARCH_INDEX_PROCESSES), or by default
    one per core while there are no more parts than cores, else one.

    A site with more parts than cores takes longer to write than to index
    part by part alongside, so running parts at once would only add each
    run's memory (about 135 MB per 500 essays) to the peak.
    """
    if wanted is not None:
        return wanted
    cores = len(os.sched_getaffinity(0))
    return cores if parts <= cores else 1


def part_of(page: str, count: int) -> int:
    """The part a page's path puts it in: stable across builds, well spread."""
    return int(hashlib.sha256(page.encode()).hexdigest()[:8], 16) % count


# A RAM-backed folder for the search documents, which are written, read once
# and deleted: on a slow disk, creating a folder and a file per essay costs
# more than rendering it. Used when it has room for them several times over.
RAM_FOLDER = "/dev/shm"
ROOM_PER_DOCUMENT = 64 * 1024


def scratch_folder(documents: int) -> str | None:
    """Where the documents go: RAM_FOLDER when usable, else the system's temp folder."""
    try:
        if os.access(RAM_FOLDER, os.W_OK) and \
                shutil.disk_usage(RAM_FOLDER).free > documents * ROOM_PER_DOCUMENT:
            return RAM_FOLDER
    except OSError:
        pass
    return None


def staging_folder(output: Path, work: Path) -> Path:
    """Where Pagefind writes the parts: beside the output folder when that is writable.

    There, on the site's own file system, `finish()` renames folders instead
    of copying a thousand files from RAM to disk (0.9 s at the end of a
    1,000-essay build). Not inside the output: a build that fails is removed
    by atomic_output while Pagefind may still be writing.
    """
    if os.access(output.parent, os.W_OK):
        return output.parent / f".{output.name}.search-parts"
    return work / "index"


class IndexRun:
    """The Pagefind runs of one build, for the index in `bundle`.

    Fill `sites[n]` with part n's documents, then `ready(n)` starts indexing
    it (at most `processes` parts at once) while the next part is filled;
    `finish()` waits and moves the parts into `bundle`, with `parts.json`
    listing them for the search page; `stop()` abandons the run (a failed
    build, a newer build). Nothing reaches the site before `finish()`.
    """

    def __init__(self, count: int, processes: int | None, bundle: Path, output: Path):
        self._command = str(executable())
        self.bundle = bundle
        self.work = Path(tempfile.mkdtemp(prefix="search-documents-", dir=scratch_folder(count)))
        self.sites = [self.work / str(number) for number in range(count)]
        self.staging = staging_folder(output, self.work)
        shutil.rmtree(self.staging, ignore_errors=True)
        self._parts: queue.Queue[int | None] = queue.Queue()
        self._running: list[subprocess.Popen] = []
        self._failures: list[str] = []
        self._lock = threading.Lock()
        self._stopped = False
        # Daemon threads: they only wait for Pagefind, and must not keep a
        # failed build's process alive. They start in `begin()`, once the build
        # has forked the processes it writes with: a fork while threads run
        # can deadlock the child.
        self._threads = [threading.Thread(target=self._index_parts, daemon=True)
                         for _ in range(min(runs_at_once(count, processes), count))]
        self._owner = os.getpid()
        self._begun = False
        # A build that fails before `finish()` leaves no Pagefind behind.
        atexit.register(self.stop)

    def ready(self, number: int) -> None:
        """Part `number` has all its documents."""
        self._parts.put(number)

    def begin(self) -> None:
        """Start indexing the parts that are ready (in the process that made the run)."""
        if not self._begun and os.getpid() == self._owner:
            self._begun = True
            for thread in self._threads:
                thread.start()

    def _index_parts(self) -> None:
        while (number := self._parts.get()) is not None:
            log = self.work / f"pagefind-{number}.log"
            with open(log, "wb") as out:
                with self._lock:
                    if self._stopped:
                        return
                    process = subprocess.Popen(
                        [self._command, "--site", str(self.sites[number]),
                         "--output-path", str(self.staging / str(number)), "--quiet"],
                        stdout=out, stderr=subprocess.STDOUT)
                    self._running.append(process)
                code = process.wait()
            if code != 0 and not self._stopped:
                self._failures.append(f"exit {code}:\n{log.read_text(errors='replace')}")
            shutil.rmtree(self.sites[number], ignore_errors=True)

    def _no_more_parts(self) -> None:
        for _ in self._threads:
            self._parts.put(None)

    def finish(self) -> None:
        """Wait for every run, then put the index into the site."""
        self.begin()
        self._no_more_parts()
        for thread in self._threads:
            thread.join()
        atexit.unregister(self.stop)
        try:
            if self._failures:
                raise SearchIndexError(f"Pagefind could not index the essays for {self.bundle} "
                                       f"({self._failures[0]}")
            shutil.rmtree(self.bundle, ignore_errors=True)
            self.bundle.mkdir(parents=True)
            for part in self.sites:
                built = self.staging / part.name
                for name in UNUSED:
                    (built / name).unlink(missing_ok=True)
                # A rename where staging_folder() could stay on the site's file system.
                shutil.move(built, self.bundle / part.name)
            manifest = {"parts": [f"{part.name}/" for part in self.sites]}
            (self.bundle / MANIFEST).write_text(json.dumps(manifest) + "\n", encoding="utf-8")
        finally:
            self._clean_up()

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            running = list(self._running)
        for process in running:
            if process.poll() is None:
                process.kill()
                process.wait()
        self._no_more_parts()
        if self._begun and os.getpid() == self._owner:
            for thread in self._threads:
                thread.join()
        atexit.unregister(self.stop)
        self._clean_up()

    def _clean_up(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)
        shutil.rmtree(self.staging, ignore_errors=True)
