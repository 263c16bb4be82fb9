"""A build killed while it puts its output in place leaves a whole site, and the next one is right.

The dev server builds into a staging folder and swaps it in (atomic_output);
the files the new site takes from the old output (OUTPUT_RETENTION names, or
with a plain build every file it did not write) are carried over between
the two. A build is killed with SIGKILL at every step of that, one run per
step (killed_build.py); after each kill the output must be a complete site,
the old or the new one (or, killed between the swap's two renames, the old
one beside it), and after a restart what a clean build makes plus what was
carried over; a Ctrl-C leaves no staging folder. The dev server's fast path for an edit writes into the served
folder itself; killed while it does, the next start makes the site right.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild import REPO, Site

HARNESS = Path(__file__).with_name("killed_build.py")
# Things the site's owner put into the output folder, kept by OUTPUT_RETENTION.
RETAINED = {"CNAME": "blog.example.org\n", "keep/notes.txt": "not made by the build\n",
            "keep/deep/data.json": "{}\n"}


def essay(number: int) -> str:
    return (f"Title: Essay {number}\nDate: 2024-0{number}-01 09:00\nCategory: Essays\n"
            f"Slug: essay-{number}\n\nThe text of essay {number}.\n")


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def build(mode: str, site: Site, settings: Path, output: Path, step: int,
          edit: list[str] = (), stop: str = "KILL") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(HARNESS), mode, str(site.content), str(settings), str(output),
         str(step), *edit],
        cwd=site.root, capture_output=True, text=True, timeout=300,
        env={**os.environ, "KILLED_BUILD_SIGNAL": stop})


@pytest.mark.parametrize("mode, stop", [("devserver", "KILL"), ("pelican", "KILL"),
                                        ("devserver", "INT")])
def test_a_build_killed_at_any_step_of_the_swap_loses_nothing(tmp_path, mode, stop):
    # A copy of the theme: the builds compared run minutes apart.
    theme = shutil.copytree(REPO / "theme", tmp_path / "theme")
    # Without the search index, which the dev server updates apart from the pages (search/live.py).
    site = Site(tmp_path / "site", THEME=str(theme), OUTPUT_RETENTION=["CNAME", "keep"],
                SEARCH_INDEX=False)
    for number in (1, 2):
        site.write(f"essay-{number}.md", essay(number))
    settings = site.settings_file(False, {})
    old = tmp_path / "old"
    assert "finished" in build(mode, site, settings, old, 0).stdout
    for name, text in RETAINED.items():
        (old / name).parent.mkdir(parents=True, exist_ok=True)
        (old / name).write_text(text, encoding="utf-8")
    old_site = files(old)

    # The new site: one essay more, one less, so pages come and go.
    (site.content / "essay-1.md").unlink()
    site.write("essay-3.md", essay(3))
    clean = site.build(output=tmp_path / "clean", CACHE_PATH=str(tmp_path / "clean-cache"))
    assert clean.ok, clean.log
    carried = {name: data for name, data in old_site.items()
               if mode == "pelican" or name.split("/")[0] in ("CNAME", "keep")}
    new_site = {**carried, **files(clean.output)}
    assert new_site != old_site

    output = tmp_path / "output"
    step = 0
    while True:
        step += 1
        shutil.rmtree(output, ignore_errors=True)
        shutil.copytree(old, output)
        killed = build(mode, site, settings, output, step, stop=stop)
        if "finished" in killed.stdout:
            break
        assert killed.returncode == -getattr(signal, "SIG" + stop), killed.stdout + killed.stderr
        if stop == "INT":
            # Ctrl-C: the build clears up after itself, whatever step it was at.
            assert output.exists() and not list(tmp_path.glob("output.*")), f"interrupted at step {step}"
        # Killed between the two renames of the swap, the old site waits beside
        # the output for the next start to put it back.
        after_kill = files(output if output.exists() else tmp_path / "output.previous")
        assert after_kill in (old_site, new_site), (
            f"killed at step {step}, the output is neither the old site nor the new one: "
            f"missing {sorted(set(old_site) - set(after_kill))}")
        restarted = build(mode, site, settings, output, 0)
        assert "finished" in restarted.stdout, restarted.stdout + restarted.stderr
        after_restart = files(output)
        assert after_restart == new_site, (
            f"killed at step {step} and restarted: missing "
            f"{sorted(set(new_site) - set(after_restart))}, extra "
            f"{sorted(set(after_restart) - set(new_site))}")
        assert not list(tmp_path.glob("output.*")), "a staging or previous folder was left"
    assert files(output) == new_site
    # Carrying over, swapping and clearing up are several steps each.
    assert step > 5


def test_a_dev_server_killed_while_it_writes_an_edit_is_repaired_at_the_next_start(tmp_path):
    theme = shutil.copytree(REPO / "theme", tmp_path / "theme")
    site = Site(tmp_path / "site", THEME=str(theme), SEARCH_INDEX=False)
    for number in (1, 2):
        site.write(f"essay-{number}.md", essay(number))
    settings = site.settings_file(False, {})
    source = site.content / "essay-2.md"
    original = source.read_text(encoding="utf-8")
    edit = [str(source), "The text of essay 2.", "An edited text of essay 2."]
    old_site = files(site.build(output=tmp_path / "old", CACHE_PATH=str(tmp_path / "c1")).output)
    source.write_text(original.replace(*edit[1:]), encoding="utf-8")
    new_site = files(site.build(output=tmp_path / "new", CACHE_PATH=str(tmp_path / "c2")).output)

    def update(step: int) -> subprocess.CompletedProcess:
        source.write_text(original, encoding="utf-8")
        shutil.rmtree(output, ignore_errors=True)
        return build("update", site, settings, output, step, edit)

    output = tmp_path / "output"
    whole = update(0)
    assert "Done: updated" in whole.stdout, whole.stdout + whole.stderr
    assert files(output) == new_site
    total = int(whole.stdout.split("steps: ")[1].split()[0])
    # Every step would take minutes. Each file is six steps (folder, temporary
    # name, open, write, permissions, rename): two files' worth at the start
    # and in the middle, and the last steps.
    middle = total // 2
    for step in sorted({*range(1, 13), *range(middle, middle + 6), total - 1, total}):
        killed = update(step)
        assert killed.returncode == -9, killed.stdout + killed.stderr
        half_written = [name for name, data in files(output).items()
                        if not name.split("/")[-1].startswith(".")
                        and data not in (old_site.get(name), new_site.get(name))]
        assert half_written == [], f"killed at step {step} of {total}"
        restarted = build("devserver", site, settings, output, 0)
        assert "finished" in restarted.stdout, restarted.stdout + restarted.stderr
        assert files(output) == new_site, f"killed at step {step} of {total} and restarted"
