"""The build forks its worker processes while no other thread runs (a fork beside a
running thread can deadlock the child; Python 3.12 warns): not Pagefind's indexing
threads, which start once the writing processes exist, nor the `pelican` command's
status spinner, which pelican_compat stops around each fork."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap

from fastsite import WIDE_LOG, DevServer, rewrite, slow_pagefind
from sitebuild import free_port

# Runs `pelican` as its command does, noting the threads alive at every fork.
RECORDING = textwrap.dedent("""
    import os, sys, threading
    forks = []
    real = os.fork
    def fork():
        forks.append([t.name for t in threading.enumerate() if t is not threading.main_thread()])
        return real()
    os.fork = fork
    import atexit
    atexit.register(lambda: print("FORKS", repr(forks)))
    from pelican import main
    sys.argv = ["pelican", *sys.argv[1:]]
    main()
""")


def test_every_fork_of_a_full_build_happens_with_no_other_thread(big_site, tmp_path):
    settings = big_site.settings_file(False, {"SEARCH_INDEX": True, "FAST_BUILD_PROCESSES": 2,
                                              "LOAD_CONTENT_CACHE": False})
    proc = subprocess.run([sys.executable, "-c", RECORDING, str(big_site.content), "-s",
                           str(settings), "-o", str(tmp_path / "output")],
                          cwd=big_site.root, capture_output=True, text=True, env=WIDE_LOG,
                          timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    forks = ast.literal_eval(next(line for line in proc.stdout.splitlines()
                                  if line.startswith("FORKS"))[6:])
    assert len(forks) >= 3  # reading, the replies and search documents, writing
    assert forks == [[]] * len(forks), forks
    assert (tmp_path / "output" / "pagefind" / "parts.json").is_file()


# Loaded by every Python process started with it on PYTHONPATH: notes each fork
# with the parent of the process that forked and the other threads alive then.
FORK_NOTES = textwrap.dedent("""
    import json, os, threading
    real = os.fork
    def fork():
        names = [t.name for t in threading.enumerate() if t is not threading.main_thread()]
        with open(os.environ["FORK_NOTES"], "a", encoding="utf-8") as notes:
            notes.write(json.dumps([os.getppid(), names]) + "\\n")
        return real()
    os.fork = fork
""")


def test_the_dev_server_forks_only_in_its_builder_with_no_other_thread(big_site, tmp_path):
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(FORK_NOTES, encoding="utf-8")
    notes = tmp_path / "forks.jsonl"
    # Pagefind, slowed down once `slow` exists, so that the index update after
    # an edit is still at work when the next change comes.
    pagefind, slow = slow_pagefind(tmp_path)
    server = DevServer(big_site, free_port(), env={
        "PYTHONPATH": str(hooks), "FORK_NOTES": str(notes), "PAGEFIND_BINARY_PATH": str(pagefind)})
    try:
        essay = big_site.content / "learning-in-public.md"
        slow.touch()
        # A text edit takes the fast path; the search plugin then re-indexes the
        # essay's part in a thread of the builder...
        server.after(lambda: rewrite(essay, "changes what you notice", "changes what you see"),
                     "the quick update")
        # ...which a change of metadata finds at work: its full build forks to
        # read and to write.
        server.after(lambda: rewrite(essay, "Tags: learning, coaching", "Tags: learning"),
                     "the full build")
        slow.unlink()
        # New settings start a new builder.
        settings = server.settings.read_text(encoding="utf-8")
        server.after(lambda: server.settings.write_text(settings + 'SITENAME = "Renamed"\n',
                                                        encoding="utf-8"), "the new settings")
        assert "Renamed" in server.fetch("/")
    finally:
        server.stop()
    forks = [json.loads(line) for line in notes.read_text(encoding="utf-8").splitlines()]
    assert {parent for parent, _ in forks} == {server.proc.pid}, "only its builders fork"
    # Each full build forks to read, for the replies and to write.
    assert len(forks) >= 9
    assert [threads for _, threads in forks] == [[]] * len(forks)
    assert "Search: re-indexed" not in server.log()  # the full build stopped the update
