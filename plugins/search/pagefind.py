"""Run Pagefind over the built site, so search needs no server.

It runs on `finalized`, inside the build: `pelican content -s publishconf.py`
alone gives a complete site, and with atomic_output a failing index run fails
the build and leaves the previous site in place. The binary comes from the
PyPI package `pagefind[bin]`; nothing is fetched at build time.

Pagefind holds a whole index in memory, about 0.3 MB per essay (3 GB for
10,000 essays). So the pages are indexed in parts of at most
SEARCH_PAGES_PER_INDEX pages, one Pagefind run each, and the search page
merges the parts that `parts.json` lists. A page's part depends on its path
alone, so editing one essay changes only its part's files, and two builds of
the same content write identical index files.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

MARK = b"data-pagefind-body"
MANIFEST = "parts.json"
# Pagefind's ready-made interfaces; search.js talks to pagefind.js directly.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
          "pagefind-modular-ui.css", "pagefind-component-ui.js",
          "pagefind-component-ui.css", "pagefind-highlight.js")


class SearchIndexError(RuntimeError):
    pass


def executable() -> Path:
    try:
        import pagefind_bin
    except ImportError as error:
        raise SearchIndexError(
            "The search index needs Pagefind, which is not installed: run "
            "`.venv/bin/pip install 'pagefind[bin]'` (bash run.sh does), or set "
            "SEARCH_INDEX = False") from error
    return pagefind_bin.get_executable()


def pages_to_index(output: Path, bundle_dir: str) -> list[str]:
    """The pages a template marked for search, or every page when none is marked."""
    pages = sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html")
                   if p.relative_to(output).parts[0] != bundle_dir)
    marked = [page for page in pages if MARK in (output / page).read_bytes()]
    return marked or pages


def split(pages: list[str], per_part: int) -> list[list[str]]:
    count = max(1, math.ceil(len(pages) / per_part))
    parts: list[list[str]] = [[] for _ in range(count)]
    for page in pages:
        parts[int(hashlib.sha256(page.encode()).hexdigest()[:8], 16) % count].append(page)
    return [part for part in parts if part]


def index_part(output: Path, pages: list[str], target: Path) -> None:
    """One Pagefind run over a tree of links to just these pages (same paths, same URLs)."""
    with tempfile.TemporaryDirectory() as tree:
        for page in pages:
            link = Path(tree) / page
            link.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(output / page, link)
        command = [str(executable()), "--site", tree, "--output-path", str(target), "--quiet"]
        done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SearchIndexError(f"Pagefind could not index the pages of {output} "
                               f"(exit {done.returncode}):\n{done.stdout}{done.stderr}")
    for name in UNUSED:
        (target / name).unlink(missing_ok=True)


def build_index(output: Path, bundle_dir: str, per_part: int) -> None:
    bundle = output / bundle_dir
    shutil.rmtree(bundle, ignore_errors=True)
    parts = split(pages_to_index(output, bundle_dir), per_part)
    for number, pages in enumerate(parts):
        index_part(output, pages, bundle / str(number))
    manifest = {"parts": [f"{number}/" for number in range(len(parts))]}
    bundle.mkdir(parents=True, exist_ok=True)
    (bundle / MANIFEST).write_text(json.dumps(manifest) + "\n", encoding="utf-8")
