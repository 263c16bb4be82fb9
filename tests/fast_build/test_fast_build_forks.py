"""The build forks its worker processes while no other thread runs (a fork beside a
running thread can deadlock the child; Python 3.12 warns): not Pagefind's indexing
threads, which start once the writing processes exist, nor the `pelican` command's
status spinner, which pelican_compat stops around each fork."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap

from fastsite import WIDE_LOG

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
