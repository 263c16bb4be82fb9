"""Build into a staging folder beside the output; swap it in only if the run succeeds.

`<output>.building` receives the whole build. When `run()` returns, what
Pelican would have left in the old output is carried over into it (with
DELETE_OUTPUT_DIRECTORY: the OUTPUT_RETENTION names; without: every file
the build did not rewrite), and the folders are swapped by renaming. When
`run()` raises, the staging folder is removed and the old output is left
exactly as it was, so a dev server goes on serving the last good site.

A process killed at any point leaves a complete site: the carry-over links
(or copies) files into the staging folder rather than moving them out of
the old output, so the output stays whole until the swap; killed between
the swap's two renames, the old site waits in `<output>.previous` and the
next run puts it back. The next run also removes a staging folder left behind.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil

from pelican_compat import wrap_run

logger = logging.getLogger(__name__)

STAGING_SUFFIX = ".building"
PREVIOUS_SUFFIX = ".previous"


def make_runs_atomic(pelican) -> None:
    """`initialized` receiver: wrap this Pelican object's `run()`.

    A wrapper, rather than signal receivers, because only the caller of
    `run()` learns whether the run failed, whatever part of it failed.
    """
    output = os.path.realpath(pelican.output_path)
    content = os.path.realpath(pelican.path)
    if os.path.commonpath([output, content]) == output:
        logger.warning(
            "atomic_output is off: the content folder %s is inside the output "
            "folder %s, and swapping the output would move it. Build into a "
            "folder of its own (pelican -o DIR).", content, output)
        return
    wrap_run(pelican, functools.partial(run_atomically, output=output))


def run_atomically(pelican, run, *, output: str) -> None:
    staging, previous = output + STAGING_SUFFIX, output + PREVIOUS_SUFFIX
    finish_interrupted_swap(output, previous)
    remove(staging)  # left behind by a run that was killed
    os.makedirs(staging)
    configured = pelican.output_path, pelican.settings["OUTPUT_PATH"]
    # Plugins may write through either; both point at the staging folder.
    pelican.output_path = pelican.settings["OUTPUT_PATH"] = staging
    try:
        try:
            run()
        finally:
            pelican.output_path, pelican.settings["OUTPUT_PATH"] = configured
        if os.path.isdir(output):
            keep = set(pelican.output_retention) if pelican.delete_outputdir else None
            carry_over(output, staging, keep)
            shutil.copymode(output, staging)
        swap_in(staging, output, previous)
    except BaseException:
        # Ctrl-C between the swap's two renames: the old site goes back.
        finish_interrupted_swap(output, previous)
        remove(staging)
        if os.path.isdir(output):
            logger.warning("The build did not finish; %s still holds the last good site.", output)
        raise


def carry_over(old: str, new: str, names: set[str] | None = None) -> None:
    """Give `new` whatever in `old` it lacks (only `names`, if given), recursively.

    Linked, not moved: until the swap, `old` stays a whole site. Moved out
    of it, they were lost when a run was killed before the swap (its
    staging folder is removed at the next start).
    """
    for entry in os.scandir(old):
        if names is not None and entry.name not in names:
            continue
        target = os.path.join(new, entry.name)
        if not os.path.lexists(target):
            if entry.is_symlink():
                os.symlink(os.readlink(entry.path), target)
            elif entry.is_dir():
                shutil.copytree(entry.path, target, symlinks=True, copy_function=link_or_copy)
            else:
                link_or_copy(entry.path, target)
        elif entry.is_dir(follow_symlinks=False) and os.path.isdir(target) \
                and not os.path.islink(target):
            carry_over(entry.path, target)


def link_or_copy(source: str, target: str) -> None:
    """A second name for the file (as cheap as a rename); a copy where links are refused."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def swap_in(staging: str, output: str, previous: str) -> None:
    if os.path.lexists(output):
        os.rename(output, previous)
    os.rename(staging, output)
    remove(previous)


def finish_interrupted_swap(output: str, previous: str) -> None:
    """A run killed between the two renames of `swap_in` left no output: put the old one back."""
    if os.path.lexists(previous):
        if os.path.lexists(output):
            remove(previous)
        else:
            os.rename(previous, output)


def remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.remove(path)
