"""A build that kills itself (SIGKILL) at a chosen step of putting its output in place.

    python killed_build.py devserver|pelican CONTENT SETTINGS OUTPUT STEP

Runs the dev server's full build (what `invoke serve` runs first and after
most changes) or a plain `pelican` build. Once Pelican's `run()` has
returned, that is once every page is written and only the carry-over of
old files and the swap are left, each change to the file system (a rename,
link, new folder, copied file, changed permissions, a tree removed) is a
step; the process kills itself with SIGKILL just before step STEP, as a
closed terminal, the OOM killer or a power cut would. STEP 0 never kills.
Prints "finished" when the build ran to its end.
"""

import os
import signal
import sys

import pelican

STEPS = {"os.rename", "os.link", "os.symlink", "os.mkdir", "shutil.copyfile", "os.chmod",
         "os.utime", "shutil.rmtree"}


def main(mode: str, content: str, settings: str, output: str, step: int) -> None:
    written = False
    steps = 0
    run = pelican.Pelican.run

    def run_then_note(self):
        nonlocal written
        run(self)
        written = True

    def kill_at_step(event: str, _args) -> None:
        nonlocal steps
        if written and event in STEPS:
            steps += 1
            if steps == step:
                os.kill(os.getpid(), signal.SIGKILL)

    pelican.Pelican.run = run_then_note
    sys.addaudithook(kill_at_step)
    if mode == "devserver":
        from fast_build.devserver import DevServer

        DevServer(content, settings, output).full_build()
    else:
        try:
            pelican.main([content, "-s", settings, "-o", output])
        except SystemExit as stop:
            if stop.code:
                raise
    print("finished")


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "plugins"))
    main(*sys.argv[1:5], int(sys.argv[5]))
