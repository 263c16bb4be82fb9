"""A build that kills itself (SIGKILL) at a chosen step of putting its output in place.

    python killed_build.py devserver|pelican CONTENT SETTINGS OUTPUT STEP
    python killed_build.py update CONTENT SETTINGS OUTPUT STEP FILE OLD NEW

`devserver` runs the dev server's full build (what `invoke serve` runs
first and after most changes), `pelican` a plain `pelican` build; once
Pelican's `run()` has returned, that is once every page is written and only
the carry-over of old files and the swap are left, each change to the file
system (a rename, link, new folder, file opened for writing, changed
permissions, a tree removed) is a step. `update` runs the dev server's
first build, replaces OLD with NEW in FILE and hands the dev server that
change, as its watcher would; each change to the file system while it
deals with it is a step. The process kills itself with SIGKILL just before
step STEP, as a closed terminal, the OOM killer or a power cut would. STEP 0
never kills. Prints the steps it took and "finished" when it ran to its end.
"""

import os
import signal
import sys
from pathlib import Path

import pelican

STEPS = {"os.rename", "os.link", "os.symlink", "os.mkdir", "shutil.copyfile", "os.chmod",
         "os.utime", "shutil.rmtree", "tempfile.mkstemp"}
# SIGINT (Ctrl-C) instead with KILLED_BUILD_SIGNAL=INT.
SIGNAL = getattr(signal, "SIG" + os.environ.get("KILLED_BUILD_SIGNAL", "KILL"))
WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def is_step(event: str, args: tuple) -> bool:
    if event == "open":
        mode, flags = args[1], args[2]
        return any(c in mode for c in "wax+") if isinstance(mode, str) else bool(flags & WRITING)
    return event in STEPS


def main(mode: str, content: str, settings: str, output: str, step: int, *edit: str) -> None:
    armed = False
    steps = 0
    run = pelican.Pelican.run

    def run_then_arm(self):
        nonlocal armed
        run(self)
        armed = mode != "update"

    def kill_at_step(event: str, args: tuple) -> None:
        nonlocal steps
        if armed and is_step(event, args):
            steps += 1
            if steps == step:
                os.kill(os.getpid(), SIGNAL)

    pelican.Pelican.run = run_then_arm
    sys.addaudithook(kill_at_step)
    if mode == "pelican":
        try:
            pelican.main([content, "-s", settings, "-o", output])
        except SystemExit as stop:
            if stop.code:
                raise
    else:
        from fast_build.builder import Builder

        dev = Builder(content, settings, output)
        dev.full_build()
        if mode == "update":
            path, old, new = edit
            text = Path(path).read_text(encoding="utf-8")
            Path(path).write_text(text.replace(old, new, 1), encoding="utf-8")
            armed = True
            dev.changed({path})
    armed = False
    print(f"steps: {steps}")
    print("finished")


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "plugins"))
    main(*sys.argv[1:5], int(sys.argv[5]), *sys.argv[6:])
