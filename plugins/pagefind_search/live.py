"""Under the dev server, an edited essay's part of the index follows the page.

The dev server writes an edited essay's pages again in about a tenth of a
second, without a full build (fast_build's fast path), then sends
`finalized`. Indexing the whole site again there would take seconds per
edit; instead a background thread finds the essays whose text differs from
what the index holds, renders the documents of the parts holding them only
(a part depends on an essay's path alone, and the fast path never adds,
removes or moves an essay), runs Pagefind on each such part into a folder
beside the site and swaps it in with two renames. So the page is served at once
and a search finds the new words a second or two later; the files are the
ones a full build writes.

A full build indexes everything itself: it first stops an update under way
(`stop`), so no part from an older build lands in a newer site.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from pelican.log import console
from pelican_compat import raw_text

from .documents import parts_of, published_essays, renderer, write_part
from .pagefind import UNUSED, SearchIndexError, executable, scratch_folder, staging_folder


class Updates:
    """The dev server's index updates: one at a time, the newest edits winning."""

    def __init__(self):
        self._generation = 0  # a full build started: updates begun before it stop
        self._process: subprocess.Popen | None = None
        # The newest update's thread; each waits for the one before it to end.
        self._thread: threading.Thread | None = None
        # What the index holds: each essay's text by its path, as last indexed.
        self.indexed: dict[str, str] = {}

    def remember(self, essays: list) -> None:
        """A full build is indexing these essays as they are now."""
        self.indexed = {article.save_as: raw_text(article) for article in essays}

    def stop(self) -> None:
        """Stop an update under way and wait for its thread to end (a full build is
        starting, and forks its workers only while no other thread runs)."""
        self._generation += 1
        process = self._process
        if process is not None and process.poll() is None:
            process.kill()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        atexit.unregister(self.stop)

    def start(self, generator, per_part: int, bundle: Path) -> None:
        """After the fast path's `finalized`: bring the parts of edited essays up to date."""
        self._thread = threading.Thread(target=self._update, daemon=True, args=(
            self._thread, generator, per_part, bundle, self._generation))
        self._thread.start()
        # A dev server's builder that ends (new settings) leaves no Pagefind running.
        atexit.register(self.stop)

    def _update(self, before: threading.Thread | None, generator, per_part: int, bundle: Path,
                generation: int) -> None:
        if before is not None:
            before.join()
        essays = published_essays(generator)
        if {article.save_as for article in essays} != set(self.indexed):
            return  # not the essays last indexed: a full build is coming
        for number, part in enumerate(parts_of(essays, per_part)):
            edited = [a for a in part if raw_text(a) != self.indexed.get(a.save_as)]
            if not edited or generation != self._generation:
                continue
            started = time.perf_counter()
            texts = {article.save_as: raw_text(article) for article in part}
            try:
                if not self._index(generator, part, bundle / str(number), generation):
                    return
            except (OSError, SearchIndexError) as error:
                console.print(f"Search: could not re-index {_names(edited)}: {error}")
                return
            self.indexed.update(texts)
            console.print(f"Search: re-indexed {_names(edited)} in "
                          f"{time.perf_counter() - started:.2f} seconds.")

    def _index(self, generator, part: list, served: Path, generation: int) -> bool:
        """Index `part` into a folder beside `served` and swap it in; False if stopped."""
        work = Path(tempfile.mkdtemp(prefix="search-part-", dir=scratch_folder(len(part))))
        # Outside the served folder, like a full build's parts (pagefind.staging_folder).
        built = staging_folder(served.parent.parent, work) / served.name
        old = served.with_name(f".{served.name}.old")
        try:
            write_part(work / "site", part, iter(renderer(generator)(part)))
            shutil.rmtree(built, ignore_errors=True)
            with open(work / "pagefind.log", "wb") as log:
                self._process = subprocess.Popen(
                    [str(executable()), "--site", str(work / "site"), "--output-path", str(built),
                     "--quiet"], stdout=log, stderr=subprocess.STDOUT)
                code = self._process.wait()
            if generation != self._generation:
                return False
            if code != 0:
                raise SearchIndexError(f"Pagefind exited with {code}:\n"
                                       f"{(work / 'pagefind.log').read_text(errors='replace')}")
            for name in UNUSED:
                (built / name).unlink(missing_ok=True)
            shutil.rmtree(old, ignore_errors=True)
            os.rename(served, old)
            # A rename where staging_folder() could stay on the site's file system.
            shutil.move(built, served)
            return True
        finally:
            self._process = None
            shutil.rmtree(work, ignore_errors=True)
            shutil.rmtree(built.parent, ignore_errors=True)
            shutil.rmtree(old, ignore_errors=True)


def _names(essays: list) -> str:
    return ", ".join(f"/{article.url}" for article in essays)
